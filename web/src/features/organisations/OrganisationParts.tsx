// Pieces the organisation pages share: the organisation's own fields, facts, a form's
// buttons, and how a failed change is shown.
import { Fragment, useEffect, useRef, useState } from "react";
import type { ApiError } from "../../api/errors.ts";
import { DateField, ErrorSummary, TextField } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { prefixProblems } from "../case/problems.ts";
import { isStale, type OrganisationFields } from "./organisationForm.ts";
import { Button } from "../../components/ui/index.ts";

/** The organisation's name, business ID, address and start date, with their problems. */
export function OrganisationInputs({ form, onChange, problems }: {
  form: OrganisationFields;
  onChange: (form: OrganisationFields) => void;
  problems: readonly FieldProblem[];
}) {
  const { t } = useI18n();
  const labels: Record<keyof OrganisationFields, string> = {
    name: t("organisations.name"),
    businessId: t("organisations.businessId"),
    address: t("organisations.address"),
    customerSince: t("organisations.customerSince"),
  };
  const set = (name: keyof OrganisationFields) => (value: string) => onChange({ ...form, [name]: value });
  return (
    <>
      <ErrorSummary problems={problems} labelFor={(f) => labels[f as keyof OrganisationFields]} />
      <TextField name="name" label={labels.name} value={form.name} required onChange={set("name")} errors={problemsFor(problems, "name")} />
      <TextField name="businessId" label={labels.businessId} hint={t("organisations.businessIdHint")} value={form.businessId}
        required autoComplete="off" onChange={set("businessId")} errors={problemsFor(problems, "businessId")} />
      <TextField name="address" label={labels.address} value={form.address} autoComplete="off"
        onChange={set("address")} errors={problemsFor(problems, "address")} />
      <DateField name="customerSince" label={labels.customerSince} value={form.customerSince} required
        onChange={set("customerSince")} errors={problemsFor(problems, "customerSince")} />
    </>
  );
}

/** Terms and their values, as the page shows a thing's details. */
export function Facts({ facts }: { facts: readonly (readonly [string, string])[] }) {
  return (
    <dl className="facts">
      {facts.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** A change form's submit button and the cancel that closes it. */
export function FormActions({ submit, pending, danger, onCancel }: { submit: string; pending: boolean; danger?: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <Button type="submit" variant={danger ? "danger" : "primary"} disabled={pending}>
        {submit}
      </Button>
      <Button type="button" variant="secondary" onClick={onCancel}>
        {t("organisations.cancel")}
      </Button>
    </div>
  );
}

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
      <Button type="button" onClick={onReload}>
        {t("organisations.reload")}
      </Button>
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
