import { HTTP_ERROR, NETWORK_ERROR, type ApiError } from "../api/graphql.ts";
import { useI18n } from "../i18n/context.tsx";
import type { MessageKey } from "../i18n/index.ts";

function messageKey(error: ApiError): MessageKey {
  if (error.code === NETWORK_ERROR) return "error.network";
  if (error.code === "UNAUTHENTICATED" || (error.code === HTTP_ERROR && error.status === 401)) {
    return "error.unauthenticated";
  }
  if (error.code === "FORBIDDEN" || (error.code === HTTP_ERROR && error.status === 403)) {
    return "error.forbidden";
  }
  return "error.generic";
}

export function ErrorAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="alert">
      <p>{t(messageKey(error))}</p>
      <p className="alert__code">{t("error.code", { code: error.code })}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("error.retry")}
        </button>
      )}
    </div>
  );
}
