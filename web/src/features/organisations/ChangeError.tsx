import { useEffect, useRef, useState } from "react";
import type { ApiError } from "../../api/errors.ts";
import { ErrorState } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { prefixProblems } from "../case/problems.ts";
import { isStale } from "./organisationForm.ts";

/**
 * Why a change to the organisation failed. A stale version gets its own words and a button
 * that loads the organisation as it is now, since trying again with the old page cannot work.
 */
export function ChangeError({ error, onReload }: { error: ApiError | null; onReload: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  if (!isStale(error)) return <ErrorState error={error} />;
  return (
    <div role="alert" className="alert" data-testid="organisation-stale">
      <p>{t("organisations.stale")}</p>
      <button type="button" onClick={onReload}>
        {t("organisations.reload")}
      </button>
    </div>
  );
}

/** Server problems beside their fields, or the error that is about the whole change. */
export function useChangeProblems() {
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  /** `prefix`: where the form's fields live (`contact` for `contact.name`), as the server names them bare. */
  function failed(apiError: ApiError, prefix?: string) {
    const bare = validationProblems(apiError);
    const found = prefix ? prefixProblems(bare, prefix) : bare;
    setProblems(found);
    setError(found.length === 0 ? apiError : null);
  }
  function local(found: FieldProblem[]): boolean {
    setProblems(found);
    setError(null);
    return found.length > 0;
  }
  return { problems, error, failed, local };
}

/** A form opened by a button that it replaces: its first field takes the focus the button had. */
export function useFirstFieldFocus() {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>("input, select, textarea")?.focus();
  }, []);
  return form;
}
