// The changes an amendment applies for and their new values: on the page that starts an
// amendment, and as the first step of the application form when its draft is opened again.
// Field names are the server's problem paths (`amendment.newValidUntil`), so each problem
// sits next to its field and the error summary links to it.
import { useQuery } from "urql";
import { CheckboxGroup, DateField, Select, TextField } from "../../components/form/index.ts";
import type { AmendmentChange, Purpose } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { combinablePermitOptions, type AmendmentDraft } from "./amendment.ts";
import { todayInFinland } from "../case/format.ts";
import type { DraftProcessor } from "./draft.ts";
import { usableEnvironmentOptions } from "./environments.ts";
import { FormCatalogueQuery, HeldPermitsQuery } from "./operations.ts";

const CHANGES: AmendmentChange[] = ["EXTEND_VALIDITY", "ADD_PROCESSORS", "REMOVE_PROCESSORS", "CHANGE_ENVIRONMENT", "COMBINE_PERMITS"];

/** What the fields need of the permit being amended. */
export interface AmendedPermit {
  id: string;
  purpose?: Purpose | null;
  processors: readonly DraftProcessor[];
}

export function AmendmentFields({
  permit,
  draft,
  onChange,
  errorsFor,
}: {
  permit: AmendedPermit;
  draft: AmendmentDraft;
  onChange: (next: AmendmentDraft) => void;
  errorsFor: (path: string) => string[];
}) {
  const { t, formatDate } = useI18n();
  const [catalogue] = useQuery({ query: FormCatalogueQuery });
  const [held] = useQuery({ query: HeldPermitsQuery });
  const set = (patch: Partial<AmendmentDraft>) => onChange({ ...draft, ...patch });
  const combinable = combinablePermitOptions(held.data?.myApplications.nodes ?? [], permit, todayInFinland(), (p) =>
    t("applicant.amend.combineOption", { number: p.decisionNumber, title: p.title, date: formatDate(p.validUntil) }),
  );
  const has = (c: AmendmentChange) => draft.changes.includes(c);
  return (
    <>
      <CheckboxGroup name="amendment.changes" label={t("applicant.amend.changes")} required value={draft.changes}
        options={CHANGES.map((c) => ({ value: c, label: t(`case.change.${c}`) }))} errors={errorsFor("amendment.changes")}
        onChange={(v) => set({ changes: v as AmendmentChange[] })} />
      {has("EXTEND_VALIDITY") && (
        <DateField name="amendment.newValidUntil" label={t("applicant.amend.newValidUntil")} required value={draft.newValidUntil}
          errors={errorsFor("amendment.newValidUntil")} onChange={(v) => set({ newValidUntil: v })} />
      )}
      {has("ADD_PROCESSORS") && (
        <fieldset className="card">
          <legend>{t("case.change.ADD_PROCESSORS")}</legend>
          <TextField name="amendment.addProcessors[0].firstName" label={t("applicant.form.firstName")} required
            value={draft.addFirstName} errors={errorsFor("amendment.addProcessors[0].firstName")} onChange={(v) => set({ addFirstName: v })} />
          <TextField name="amendment.addProcessors[0].lastName" label={t("applicant.form.lastName")} required
            value={draft.addLastName} errors={errorsFor("amendment.addProcessors[0].lastName")} onChange={(v) => set({ addLastName: v })} />
          <TextField name="amendment.addProcessors[0].organisation" label={t("case.field.organisationName")} required
            value={draft.addOrganisation} errors={errorsFor("amendment.addProcessors[0].organisation")}
            onChange={(v) => set({ addOrganisation: v })} />
        </fieldset>
      )}
      {has("REMOVE_PROCESSORS") && (
        <CheckboxGroup name="amendment.removeProcessors" label={t("case.change.REMOVE_PROCESSORS")} value={draft.remove.map(String)}
          options={permit.processors.map((p, i) => ({ value: String(i), label: `${p.firstName} ${p.lastName}, ${p.organisation}` }))}
          errors={errorsFor("amendment.removeProcessors")}
          onChange={(v) => set({ remove: v.map(Number), removeProcessors: v.map((i) => permit.processors[Number(i)]!) })} />
      )}
      {has("CHANGE_ENVIRONMENT") && (
        <Select name="amendment.newEnvironmentId" label={t("case.field.processingEnvironment")} required placeholder={t("applicant.form.choose")}
          value={draft.newEnvironmentId} errors={errorsFor("amendment.newEnvironmentId")}
          options={usableEnvironmentOptions(catalogue.data?.processingEnvironments ?? [], todayInFinland())}
          onChange={(v) => set({ newEnvironmentId: v })} />
      )}
      {has("COMBINE_PERMITS") &&
        (combinable.length > 0 ? (
          <CheckboxGroup name="amendment.combinePermitIds" label={t("applicant.amend.combinePermits")}
            hint={t("applicant.amend.combineHint")} required value={draft.combinePermitIds} options={combinable}
            errors={errorsFor("amendment.combinePermitIds")} onChange={(v) => set({ combinePermitIds: v })} />
        ) : (
          !held.fetching && <p role="status">{t("applicant.amend.combineNone")}</p>
        ))}
    </>
  );
}
