import { useId, useState, type FormEvent } from "react";
import { requestDevToken, type DevUser, type Session } from "../api/auth.ts";
import { isAbort, toApiError, type ApiError } from "../api/graphql.ts";
import { useI18n } from "../i18n/context.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";

export function DevSignIn({ users, onSignIn }: { users: DevUser[]; onSignIn: (session: Session) => void }) {
  const { t } = useI18n();
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
      onSignIn(await requestDevToken(user));
    } catch (e) {
      if (!isAbort(e)) setError(toApiError(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="dev-sign-in" onSubmit={submit}>
      <p>{t("dev.hint")}</p>
      <label htmlFor={selectId}>{t("dev.user")}</label>
      <div className="row">
        <select id={selectId} value={sub} onChange={(e) => setSub(e.target.value)}>
          {users.map((u) => (
            <option key={u.sub} value={u.sub}>
              {u.name} ({u.roles.join(", ")})
            </option>
          ))}
        </select>
        <button type="submit" disabled={pending || !sub}>
          {pending ? t("dev.signingIn") : t("dev.signIn")}
        </button>
      </div>
      {error && <ErrorAlert error={error} />}
    </form>
  );
}
