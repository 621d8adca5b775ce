import { useEffect, useId, useState, type FormEvent } from "react";
import { useLocation, useSearchParams } from "wouter";
import {
  fetchDevUsers,
  fetchProviders,
  loginUrl,
  safeReturnPath,
  startDevSession,
  type DevUser,
  type SignInProvider,
} from "../../api/auth.ts";
import { asApiError, isAbort, type ApiError } from "../../api/errors.ts";
import { useSession } from "../../api/session.tsx";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { Button } from "../../components/ui/index.ts";

type Loaded<T> = T[] | null | undefined;

/**
 * The configured sign-in providers (GET /auth/providers) as links: the server runs the
 * OpenID Connect flow and comes back to `?return=`. In dev mode also the demo-user picker,
 * which starts a session with POST /dev/session.
 */
export default function SignInPage() {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  const returnPath = safeReturnPath(searchParams.get("return"));
  const [providers, setProviders] = useState<Loaded<SignInProvider>>(undefined);
  const [users, setUsers] = useState<Loaded<DevUser>>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    fetchProviders(controller.signal).then((found) => {
      if (!controller.signal.aborted) setProviders(found);
    });
    fetchDevUsers(controller.signal).then((found) => {
      if (!controller.signal.aborted) setUsers(found);
    });
    return () => controller.abort();
  }, []);

  const loading = providers === undefined || users === undefined;
  const none = !loading && !providers?.length && !users?.length;
  return (
    <Page title={t("signin.title")}>
      {loading && <Loading />}
      {providers && providers.length > 0 && <Providers providers={providers} returnPath={returnPath} />}
      {users && users.length > 0 && <DevSignIn users={users} returnPath={returnPath} />}
      {none && <p>{t("signin.unavailable")}</p>}
    </Page>
  );
}

const KIND_ORDER = ["STAFF", "APPLICANT", "CITIZEN"] as const;

function Providers({ providers, returnPath }: { providers: SignInProvider[]; returnPath: string }) {
  const { t, language } = useI18n();
  const sorted = [...providers].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return (
    <section className="card" aria-labelledby="providers-heading">
      <h2 id="providers-heading">{t("signin.providers.heading")}</h2>
      <p>{t("signin.providers.hint")}</p>
      <ul className="plain-list sign-in-providers" data-testid="sign-in-providers">
        {sorted.map((p) => (
          <li key={p.id}>
            {/* A plain link: the sign-in leaves the app for the provider's own pages. */}
            <a className="button" href={loginUrl(p.id, returnPath)} data-provider={p.id}>
              {p.name[language]}
            </a>{" "}
            <span className="sign-in-providers__kind">{t(`signin.kind.${p.kind}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DevSignIn({ users, returnPath }: { users: DevUser[]; returnPath: string }) {
  const { t } = useI18n();
  const { sessionChanged } = useSession();
  const [, navigate] = useLocation();
  const selectId = useId();
  const [sub, setSub] = useState(users[0]?.sub ?? "");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const user = users.find((u) => u.sub === sub);
    if (!user || pending) return;
    setPending(true);
    setError(null);
    try {
      await startDevSession(user);
      sessionChanged();
      navigate(returnPath);
    } catch (e) {
      if (!isAbort(e)) setError(asApiError(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card card--dev" aria-labelledby="dev-heading">
      <h2 id="dev-heading">{t("signin.dev.heading")}</h2>
      <form className="dev-sign-in" onSubmit={submit}>
        <p>{t("signin.dev.hint")}</p>
        <label htmlFor={selectId}>{t("signin.dev.user")}</label>
        <div className="row">
          <select id={selectId} value={sub} onChange={(e) => setSub(e.target.value)}>
            {users.map((u) => (
              <option key={u.sub} value={u.sub}>
                {u.name} ({u.roles.map((r) => roleLabel(t, r)).join(", ")})
              </option>
            ))}
          </select>
          <Button type="submit" disabled={pending || !sub}>
            {pending ? t("signin.dev.pending") : t("signin.dev.submit")}
          </Button>
        </div>
        {error && <ErrorState error={error} />}
      </form>
    </section>
  );
}

function roleLabel(t: ReturnType<typeof useI18n>["t"], role: string): string {
  switch (role) {
    case "PUBLIC":
    case "APPLICANT":
    case "HANDLER":
    case "DIRECTOR":
    case "REGISTRY_CLERK":
    case "CITIZEN":
    case "AUDITOR":
    case "ADMIN":
      return t(`role.${role}`);
    default:
      return role;
  }
}
