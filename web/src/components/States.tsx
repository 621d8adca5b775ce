// Loading, empty and error states shared by every journey.
import type { ReactNode } from "react";
import type { ApiError } from "../api/errors.ts";
import { useI18n } from "../i18n/context.tsx";
import { isMessageKey, type MessageKey } from "../i18n/index.ts";

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p role="status" className="state state--loading">
      {label ?? t("state.loading")}
    </p>
  );
}

export function EmptyState({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <div className="state state--empty">{children ?? <p>{t("state.empty")}</p>}</div>;
}

/** The message key explaining an error code in words (`error.FORBIDDEN`, …). */
export function errorMessageKey(code: string): MessageKey {
  const key = `error.${code}`;
  return isMessageKey(key) ? key : "error.unknown";
}

/** An error in words, with its code for support; offers a retry when given one. */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="alert">
      <p>{t(errorMessageKey(error.code))}</p>
      <p className="alert__code">{t("error.code", { code: error.code })}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("error.retry")}
        </button>
      )}
    </div>
  );
}
