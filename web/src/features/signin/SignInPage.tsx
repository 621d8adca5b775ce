import { useEffect, useId, useState, type FormEvent } from "react";
import { useLocation } from "wouter";
import { fetchDevUsers, requestDevToken, type DevUser } from "../../api/auth.ts";
import { asApiError, isAbort, type ApiError } from "../../api/errors.ts";
import { useSession } from "../../api/session.tsx";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";

/** Dev mode: pick a demo user and get a token from POST /dev/token. Production: see README. */
export default function SignInPage() {
  const { t } = useI18n();
  const [users, setUsers] = useState<DevUser[] | null | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    fetchDevUsers(controller.signal).then((found) => {
      if (!controller.signal.aborted) setUsers(found);
    });
    return () => controller.abort();
  }, []);

  return (
    <Page title={t("signin.title")}>
      {users === undefined && <Loading />}
      {users === null && <p>{t("signin.unavailable")}</p>}
      {users && users.length > 0 && <DevSignIn users={users} />}
      {users && users.length === 0 && <p>{t("signin.unavailable")}</p>}
    </Page>
  );
}

function DevSignIn({ users }: { users: DevUser[] }) {
  const { t } = useI18n();
  const { signIn } = useSession();
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
      signIn(await requestDevToken(user));
      navigate("/");
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
          <button type="submit" disabled={pending || !sub}>
            {pending ? t("signin.dev.pending") : t("signin.dev.submit")}
          </button>
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
