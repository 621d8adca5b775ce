import { useEffect, useRef, useState } from "react";
import { fetchDevUsers, loadSession, saveSession, type DevUser, type Session } from "./api/auth.ts";
import { useMe } from "./api/me.ts";
import { DevSignIn } from "./components/DevSignIn.tsx";
import { LanguageSwitcher } from "./components/LanguageSwitcher.tsx";
import { WhoAmI } from "./components/WhoAmI.tsx";
import { useI18n } from "./i18n/context.tsx";

export function App() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [meState, retryMe] = useMe(session?.token ?? null);
  const [devUsers, setDevUsers] = useState<DevUser[] | null>(null);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchDevUsers(controller.signal).then((users) => {
      if (!controller.signal.aborted) setDevUsers(users);
    });
    return () => controller.abort();
  }, []);

  function signIn(next: Session) {
    saveSession(next);
    setSession(next);
  }

  function signOut() {
    saveSession(null);
    setSession(null);
    // The button disappears; keep keyboard focus somewhere sensible.
    mainRef.current?.focus();
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipLink")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <p className="brand">{t("app.title")}</p>
          <div className="site-header__tools">
            <LanguageSwitcher />
            {session && (
              <button type="button" onClick={signOut}>
                {t("auth.signOut")}
              </button>
            )}
          </div>
        </div>
      </header>
      <nav className="site-nav" aria-label={t("nav.label")}>
        <ul>
          <li>
            <a href="/" aria-current="page">
              {t("nav.home")}
            </a>
          </li>
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <h1>{t("app.title")}</h1>
        <p className="lead">{t("app.tagline")}</p>
        <p>{t("home.intro")}</p>

        <section aria-labelledby="me-heading" className="card">
          <h2 id="me-heading">{t("me.heading")}</h2>
          <WhoAmI state={meState} onRetry={retryMe} />
        </section>

        {devUsers && devUsers.length > 0 && (
          <section aria-labelledby="dev-heading" className="card card--dev">
            <h2 id="dev-heading">{t("dev.heading")}</h2>
            <DevSignIn users={devUsers} onSignIn={signIn} />
          </section>
        )}
      </main>
      <footer className="site-footer">
        <p>{t("footer.text")}</p>
      </footer>
    </>
  );
}
