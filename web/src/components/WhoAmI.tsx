import type { MeState } from "../api/me.ts";
import { useI18n } from "../i18n/context.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";

export function WhoAmI({ state, onRetry }: { state: MeState; onRetry: () => void }) {
  const { t } = useI18n();

  if (state.status === "loading") return <p role="status">{t("me.loading")}</p>;
  if (state.status === "error") return <ErrorAlert error={state.error} onRetry={onRetry} />;

  const { me } = state;
  return (
    <>
      <p>{me.authenticated ? t("me.signedInAs", { name: me.name || me.id }) : t("me.anonymous")}</p>
      <dl className="facts">
        <dt>{t("me.id")}</dt>
        <dd>
          <code>{me.id}</code>
        </dd>
        {me.name && (
          <>
            <dt>{t("me.name")}</dt>
            <dd>{me.name}</dd>
          </>
        )}
        <dt>{t("me.roles")}</dt>
        <dd>
          <ul className="roles">
            {me.roles.map((role) => (
              <li key={role}>
                <code>{role}</code>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </>
  );
}
