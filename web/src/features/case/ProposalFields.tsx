// The proposal's fields, shared by the handler's proposal editor and the director's decision.
// Field names are the server's paths in VALIDATION errors.
import { CheckboxGroup, DateField, Select, TextArea } from "../../components/form/index.ts";
import type { DecisionOutcome, FeeCategory } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import type { CaseDetail } from "./CaseViews.tsx";
import { feeCategoriesFor, feeText } from "./format.ts";
import type { ProposalDraft } from "./proposal.ts";

const OUTCOMES: DecisionOutcome[] = ["GRANTED", "PARTIALLY_GRANTED", "REJECTED"];

export function ProposalFields({
  application,
  value,
  onChange,
  errorsFor,
}: {
  application: CaseDetail;
  value: ProposalDraft;
  onChange: (value: ProposalDraft) => void;
  errorsFor: (path: string) => string[];
}) {
  const { t, language } = useI18n();
  const set = (patch: Partial<ProposalDraft>) => onChange({ ...value, ...patch });
  const suggested = application.suggestedFee;
  return (
    <>
      <Select name="outcome" label={t("case.proposal.outcome")} required value={value.outcome}
        options={OUTCOMES.map((o) => ({ value: o, label: t(`case.outcome.${o}`) }))} errors={errorsFor("outcome")}
        onChange={(v) => set({ outcome: v as DecisionOutcome })} />
      <TextArea name="reasoning" label={t("case.decision.reasoning")} required value={value.reasoning}
        errors={errorsFor("reasoning")} onChange={(v) => set({ reasoning: v })} />
      <TextArea name="conditions" label={t("case.decision.conditions")} rows={3} value={value.conditions}
        errors={errorsFor("conditions")} onChange={(v) => set({ conditions: v })} />
      {value.outcome !== "REJECTED" && application.kind !== "AMENDMENT" && (
        <CheckboxGroup name="grantedDataSourceIds" label={t("case.proposal.granted")} value={value.grantedDataSourceIds}
          options={application.dataSources.map((s) => ({ value: s.dataSourceId, label: `${s.dataControllerName}: ${s.dataSourceName}` }))}
          errors={errorsFor("grantedDataSourceIds")} onChange={(v) => set({ grantedDataSourceIds: v })} />
      )}
      {value.outcome !== "REJECTED" && application.kind === "DATA_PERMIT" && (
        <DateField name="validUntil" label={t("case.proposal.validUntil")} required value={value.validUntil}
          errors={errorsFor("validUntil")} onChange={(v) => set({ validUntil: v })} />
      )}
      <Select name="feeCategory" label={t("case.decision.fee")} required value={value.feeCategory}
        hint={t("case.proposal.suggestedFee", { fee: feeText(t, language, suggested) })}
        options={feeCategoriesFor(application.kind).map((c) => ({ value: c, label: t(`case.fee.${c}`) }))}
        errors={errorsFor("feeCategory")} onChange={(v) => set({ feeCategory: v as FeeCategory })} />
    </>
  );
}

const PROPOSAL_LABELS = {
  outcome: "case.proposal.outcome",
  reasoning: "case.decision.reasoning",
  conditions: "case.decision.conditions",
  grantedDataSourceIds: "case.proposal.granted",
  validUntil: "case.proposal.validUntil",
  feeCategory: "case.decision.fee",
  processingEnvironment: "case.field.processingEnvironment",
} as const;

/** The visible label of a proposal field path, for the error summary. */
export function useProposalLabel(): (field: string) => string | undefined {
  const { t } = useI18n();
  return (field) => {
    const key = PROPOSAL_LABELS[field as keyof typeof PROPOSAL_LABELS];
    return key ? t(key) : undefined;
  };
}
