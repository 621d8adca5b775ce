// The application form's sections, one per step. Each field is named by the path the server
// uses in VALIDATION errors, so `errorsFor(path)` puts a problem next to its field.
import type { ApplicationKind, Purpose } from "../../gql/graphql.ts";
import { CheckboxGroup, DateField, Select, TextArea, TextField, type Option } from "../../components/form/index.ts";
import { Button } from "../../components/ui/index.ts";
import { useI18n } from "../../i18n/context.tsx";
import {
  actFor,
  emptyDataSource,
  emptyProcessor,
  PURPOSES,
  purposeAllowed,
  type Draft,
  type DraftDataSource,
  type DraftProcessor,
  type OrganisationChoice,
  type Step,
} from "./draft.ts";

export interface Catalogue {
  sources: Option[];
  environments: Option[];
  /** The organisations the applicant may act for (none: the organisation is typed, as before the register). */
  organisations?: readonly OrganisationChoice[];
}

export interface SectionProps {
  kind: ApplicationKind;
  draft: Draft;
  onChange: (draft: Draft) => void;
  errorsFor: (path: string) => string[];
  catalogue: Catalogue;
}

export function ApplicantSection({ draft, onChange, errorsFor, catalogue }: SectionProps) {
  const { t } = useI18n();
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const choices = catalogue.organisations ?? [];
  // An applicant who is a contact person of registered organisations picks one (or none);
  // the register then names it, so the name and business ID are locked. Without one they are
  // typed as before the register (a private person leaves them empty).
  const picks = choices.length > 0 || draft.organisationId !== "";
  const fromRegister = draft.organisationId !== "";
  const options: Option[] = [
    { value: "", label: t("applicant.form.privatePerson") },
    ...choices.map((o) => ({ value: o.id, label: `${o.name} (${o.businessId})` })),
  ];
  // A draft saved for an organisation the applicant may no longer act for still shows it,
  // so the server's refusal has something to point at.
  if (draft.organisationId !== "" && !choices.some((o) => o.id === draft.organisationId))
    options.push({ value: draft.organisationId, label: draft.organisationName || draft.organisationId });
  return (
    <>
      <TextField name="applicantName" label={t("case.field.applicantName")} required value={draft.applicantName}
        autoComplete="name" errors={errorsFor("applicantName")} onChange={(v) => set({ applicantName: v })} />
      {picks && (
        <Select name="organisationId" label={t("applicant.form.actingFor")} hint={t("applicant.form.actingForHint")}
          options={options} value={draft.organisationId} errors={errorsFor("organisationId")}
          onChange={(v) => onChange(actFor(draft, v, choices))} />
      )}
      <TextField name="organisationName" label={t("case.field.organisationName")}
        hint={fromRegister ? t("applicant.form.fromRegister") : t("applicant.form.organisationHint")} disabled={fromRegister}
        value={draft.organisationName} autoComplete="organization" errors={errorsFor("organisationName")}
        onChange={(v) => set({ organisationName: v })} />
      <TextField name="businessId" label={t("case.field.businessId")}
        hint={fromRegister ? t("applicant.form.fromRegister") : t("applicant.form.businessIdHint")} disabled={fromRegister}
        value={draft.businessId} errors={errorsFor("businessId")} onChange={(v) => set({ businessId: v })} />
      <TextField name="contactEmail" type="email" label={t("case.field.contactEmail")} required value={draft.contactEmail}
        autoComplete="email" errors={errorsFor("contactEmail")} onChange={(v) => set({ contactEmail: v })} />
      <TextField name="billingReference" label={t("case.field.billingReference")} value={draft.billingReference}
        errors={errorsFor("billingReference")} onChange={(v) => set({ billingReference: v })} />
    </>
  );
}

export function PurposeSection({ kind, draft, onChange, errorsFor }: SectionProps) {
  const { t } = useI18n();
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const options = PURPOSES.map((p: Purpose) => ({
    value: p,
    label: purposeAllowed(kind, p) ? t(`case.purpose.${p}`) : t("applicant.form.purposeStatisticsOnly", { purpose: t(`case.purpose.${p}`) }),
  }));
  return (
    <>
      <TextField name="title" label={t("case.field.title")} hint={t("applicant.form.publicHint")} required value={draft.title}
        errors={errorsFor("title")} onChange={(v) => set({ title: v })} />
      <TextArea name="publicSummary" label={t("case.field.publicSummary")} hint={t("applicant.form.publicHint")} required
        value={draft.publicSummary} errors={errorsFor("publicSummary")} onChange={(v) => set({ publicSummary: v })} />
      <Select name="purpose" label={t("case.field.purpose")} required hint={t("applicant.form.purposeRule")}
        placeholder={t("applicant.form.choose")} options={options} value={draft.purpose} errors={errorsFor("purpose")}
        onChange={(v) => set({ purpose: v as Draft["purpose"] })} />
      <TextArea name="researchPlan" label={t("case.field.researchPlan")} hint={t("applicant.form.confidentialHint")} required
        rows={8} value={draft.researchPlan} errors={errorsFor("researchPlan")} onChange={(v) => set({ researchPlan: v })} />
    </>
  );
}

export function DataSourcesSection({ draft, onChange, errorsFor, catalogue }: SectionProps) {
  const { t } = useI18n();
  const update = (i: number, patch: Partial<DraftDataSource>) =>
    onChange({ ...draft, dataSources: draft.dataSources.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const listErrors = errorsFor("dataSources");
  return (
    <>
      {listErrors.length > 0 && (
        <div id="field-dataSources" tabIndex={-1} className="field__error">
          {listErrors.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      )}
      {draft.dataSources.map((s, i) => (
        <fieldset key={i} className="card">
          <legend>{t("applicant.form.sourceN", { n: i + 1 })}</legend>
          <Select name={`dataSources[${i}].dataSourceId`} label={t("applicant.form.source")} required
            placeholder={t("applicant.form.choose")} options={catalogue.sources} value={s.dataSourceId}
            errors={errorsFor(`dataSources[${i}].dataSourceId`)} onChange={(v) => update(i, { dataSourceId: v })} />
          <TextArea name={`dataSources[${i}].variables`} label={t("case.field.variables")} required rows={3}
            value={s.variables} errors={errorsFor(`dataSources[${i}].variables`)} onChange={(v) => update(i, { variables: v })} />
          <DateField name={`dataSources[${i}].periodFrom`} label={t("applicant.form.periodFrom")} required value={s.periodFrom}
            errors={errorsFor(`dataSources[${i}].periodFrom`)} onChange={(v) => update(i, { periodFrom: v })} />
          <DateField name={`dataSources[${i}].periodTo`} label={t("applicant.form.periodTo")} required value={s.periodTo}
            errors={errorsFor(`dataSources[${i}].periodTo`)} onChange={(v) => update(i, { periodTo: v })} />
          <Button type="button" variant="secondary"
            onClick={() => onChange({ ...draft, dataSources: draft.dataSources.filter((_, j) => j !== i) })}>
            {t("applicant.form.removeSource", { n: i + 1 })}
          </Button>
        </fieldset>
      ))}
      <Button type="button" onClick={() => onChange({ ...draft, dataSources: [...draft.dataSources, emptyDataSource()] })}>
        {t("applicant.form.addSource")}
      </Button>
    </>
  );
}

export function CohortSection({ draft, onChange, errorsFor }: SectionProps) {
  const { t } = useI18n();
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <TextArea name="cohortDefinition" label={t("case.field.cohortDefinition")} required value={draft.cohortDefinition}
        errors={errorsFor("cohortDefinition")} onChange={(v) => set({ cohortDefinition: v })} />
      <TextArea name="minimisationJustification" label={t("case.field.minimisationJustification")} required
        hint={t("applicant.form.minimisationHint")} value={draft.minimisationJustification}
        errors={errorsFor("minimisationJustification")} onChange={(v) => set({ minimisationJustification: v })} />
    </>
  );
}

export function ProcessorsSection({ draft, onChange, errorsFor }: SectionProps) {
  const { t } = useI18n();
  const update = (i: number, patch: Partial<DraftProcessor>) =>
    onChange({ ...draft, processors: draft.processors.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const listErrors = errorsFor("processors");
  return (
    <>
      {listErrors.length > 0 && (
        <div id="field-processors" tabIndex={-1} className="field__error">
          {listErrors.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      )}
      {draft.processors.map((p, i) => (
        <fieldset key={i} className="card">
          <legend>{t("applicant.form.processorN", { n: i + 1 })}</legend>
          <TextField name={`processors[${i}].firstName`} label={t("applicant.form.firstName")} required value={p.firstName}
            errors={errorsFor(`processors[${i}].firstName`)} onChange={(v) => update(i, { firstName: v })} />
          <TextField name={`processors[${i}].lastName`} label={t("applicant.form.lastName")} required value={p.lastName}
            errors={errorsFor(`processors[${i}].lastName`)} onChange={(v) => update(i, { lastName: v })} />
          <TextField name={`processors[${i}].organisation`} label={t("case.field.organisationName")} required
            value={p.organisation} errors={errorsFor(`processors[${i}].organisation`)}
            onChange={(v) => update(i, { organisation: v })} />
          <CheckboxGroup name={`processors[${i}].ndaSigned`} label={t("case.field.nda")}
            options={[{ value: "yes", label: t("applicant.form.ndaSigned") }]} value={p.ndaSigned ? ["yes"] : []}
            onChange={(v) => update(i, { ndaSigned: v.includes("yes") })} />
          <Button type="button" variant="secondary"
            onClick={() => onChange({ ...draft, processors: draft.processors.filter((_, j) => j !== i) })}>
            {t("applicant.form.removeProcessor", { n: i + 1 })}
          </Button>
        </fieldset>
      ))}
      <Button type="button" onClick={() => onChange({ ...draft, processors: [...draft.processors, emptyProcessor()] })}>
        {t("applicant.form.addProcessor")}
      </Button>
    </>
  );
}

export function EnvironmentSection({ draft, onChange, errorsFor, catalogue }: SectionProps) {
  const { t } = useI18n();
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  const yesNo = [
    { value: "yes", label: t("case.yes") },
    { value: "no", label: t("case.no") },
  ];
  const flags = [
    { value: "isThesis", label: t("case.field.isThesis") },
    { value: "applicantOutsideEea", label: t("case.field.applicantOutsideEea") },
  ];
  return (
    <>
      <Select name="processingEnvironmentId" label={t("case.field.processingEnvironment")} required
        hint={t("applicant.form.environmentHint")} placeholder={t("applicant.form.choose")} options={catalogue.environments}
        value={draft.processingEnvironmentId} errors={errorsFor("processingEnvironmentId")}
        onChange={(v) => set({ processingEnvironmentId: v })} />
      <DateField name="requestedValidityEnd" label={t("case.field.requestedValidityEnd")} required
        hint={t("applicant.form.validityHint")} value={draft.requestedValidityEnd} errors={errorsFor("requestedValidityEnd")}
        onChange={(v) => set({ requestedValidityEnd: v })} />
      <Select name="ethicsStatementNeeded" label={t("case.field.ethicsStatementNeeded")} required
        placeholder={t("applicant.form.choose")} options={yesNo} value={draft.ethicsStatementNeeded}
        errors={errorsFor("ethicsStatementNeeded")} onChange={(v) => set({ ethicsStatementNeeded: v as Draft["ethicsStatementNeeded"] })} />
      {draft.ethicsStatementNeeded === "yes" && (
        <TextField name="ethicsReference" label={t("case.field.ethicsReference")} required value={draft.ethicsReference}
          errors={errorsFor("ethicsReference")} onChange={(v) => set({ ethicsReference: v })} />
      )}
      <Select name="dpiaDone" label={t("case.field.dpiaDone")} required placeholder={t("applicant.form.choose")}
        options={yesNo} value={draft.dpiaDone} errors={errorsFor("dpiaDone")}
        onChange={(v) => set({ dpiaDone: v as Draft["dpiaDone"] })} />
      <CheckboxGroup name="flags" label={t("applicant.form.feeFacts")} hint={t("applicant.form.feeFactsHint")} options={flags}
        value={flags.filter((f) => draft[f.value as "isThesis" | "applicantOutsideEea"]).map((f) => f.value)}
        onChange={(v) => set({ isThesis: v.includes("isThesis"), applicantOutsideEea: v.includes("applicantOutsideEea") })} />
    </>
  );
}

export const SECTIONS: Partial<Record<Step, (props: SectionProps) => React.JSX.Element>> = {
  applicant: ApplicantSection,
  purpose: PurposeSection,
  dataSources: DataSourcesSection,
  cohort: CohortSection,
  processors: ProcessorsSection,
  environment: EnvironmentSection,
};
