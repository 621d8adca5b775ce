// Landmarks (header, nav, main, footer), the skip link and the role-aware main menu.
import type { ReactNode } from "react";
import { useLocation } from "wouter";
import { isExternal, safeReturnPath } from "../api/auth.ts";
import { hasAnyRole, useMe, useSession } from "../api/session.tsx";
import { useI18n } from "../i18n/context.tsx";
import type { RouteDef } from "../routes.tsx";
import { Link } from "../router/router.tsx";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";

export function Layout({ routes, children }: { routes: readonly RouteDef[]; children: ReactNode }) {
  const { t } = useI18n();
  const { signOut } = useSession();
  const [, navigate] = useLocation();
  const meState = useMe();
  const me = meState.status === "ready" ? meState.me : null;
  const menu = routes.filter((r) => r.nav && hasAnyRole(me, r.roles));

  async function handleSignOut() {
    const redirect = await signOut();
    // RP-initiated logout: the provider ends its own session and sends the browser back.
    if (isExternal(redirect)) window.location.assign(redirect);
    else navigate(safeReturnPath(redirect));
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipLink")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            {t("app.title")}
          </Link>
          <div className="site-header__tools">
            <LanguageSwitcher />
            {me?.authenticated ? (
              <div className="user-menu" role="group" aria-label={t("auth.userMenu")}>
                <p className="site-header__user" data-testid="signed-in-user">
                  {me.name ?? me.id}
                </p>
                <Link to="/sessions">{t("auth.mySessions")}</Link>
                <button type="button" onClick={handleSignOut}>
                  {t("auth.signOut")}
                </button>
              </div>
            ) : (
              <Link to="/sign-in" className="button-link">
                {t("nav.signIn")}
              </Link>
            )}
          </div>
        </div>
      </header>
      <nav className="site-nav" aria-label={t("nav.label")}>
        <ul>
          {menu.map((r) => (
            <li key={r.path}>
              <Link to={r.path}>{t(r.nav!)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.text")}</p>
      </footer>
    </>
  );
}
