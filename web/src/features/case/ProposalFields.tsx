// The proposal's fields, shared by the handler's proposal editor and the director's decision.
// Field names are the server's paths in VALIDATION errors. Given the `original` proposal (the
// director's form), each field the director changed says so in its hint, with the proposal's
// value: the hint is tied to the control, so screen readers hear it too.
import { CheckboxGroup, DateField, Select, TextArea } from "../../components/form/index.ts";
import type { DecisionOutcome, FeeCategory } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import type { CaseDetail } from "./CaseViews.tsx";
import { feeCategoriesFor, feeText } from "./format.ts";
import { changedFields, type ProposalDraft } from "./proposal.ts";

const OUTCOMES: DecisionOutcome[] = ["GRANTED", "PARTIALLY_GRANTED", "REJECTED"];

export function ProposalFields({
  application,
  value,
  onChange,
  errorsFor,
  original,
}: {
  application: CaseDetail;
  value: ProposalDraft;
  onChange: (value: ProposalDraft) => void;
  errorsFor: (path: string) => string[];
  /** The presenter's proposal, when the director edits it for the decision. */
  original?: ProposalDraft;
}) {
  const { t, language, formatDate } = useI18n();
  const set = (patch: Partial<ProposalDraft>) => onChange({ ...value, ...patch });
  const suggested = application.suggestedFee;
  const changed = original ? changedFields(original, value) : new Set<keyof ProposalDraft>();
  const sourceName = new Map(application.dataSources.map((s) => [s.dataSourceId, `${s.dataControllerName}: ${s.dataSourceName}`]));
  const changeNote = (field: keyof ProposalDraft): string => {
    const o = original!;
    const text = {
      outcome: () => t(`case.outcome.${o.outcome}`),
      reasoning: () => o.reasoning,
      conditions: () => o.conditions.trim(),
      grantedDataSourceIds: () => o.grantedDataSourceIds.map((id) => sourceName.get(id) ?? id).join(", "),
      validUntil: () => (o.validUntil ? formatDate(o.validUntil) : ""),
      feeCategory: () => t(`case.fee.${o.feeCategory}`),
    }[field]();
    return text === "" ? t("case.proposal.changedFromEmpty") : t("case.proposal.changed", { value: text });
  };
  /** The hint of a field: its own, then the mark of a change, if the director made one. */
  const hint = (field: keyof ProposalDraft, own?: string) =>
    [own, changed.has(field) ? changeNote(field) : undefined]
      .filter(Boolean)
      .join(" ") || undefined;
  const mark = (field: keyof ProposalDraft) =>
    original ? `proposal-field${changed.has(field) ? " proposal-field--changed" : ""}` : undefined;
  return (
    <>
      <div className={mark("outcome")}>
        <Select name="outcome" label={t("case.proposal.outcome")} required value={value.outcome} hint={hint("outcome")}
          options={OUTCOMES.map((o) => ({ value: o, label: t(`case.outcome.${o}`) }))} errors={errorsFor("outcome")}
          onChange={(v) => set({ outcome: v as DecisionOutcome })} />
      </div>
      <div className={mark("reasoning")}>
        <TextArea name="reasoning" label={t("case.decision.reasoning")} required value={value.reasoning} hint={hint("reasoning")}
          errors={errorsFor("reasoning")} onChange={(v) => set({ reasoning: v })} />
      </div>
      <div className={mark("conditions")}>
        <TextArea name="conditions" label={t("case.decision.conditions")} rows={3} value={value.conditions}
          hint={hint("conditions")} errors={errorsFor("conditions")} onChange={(v) => set({ conditions: v })} />
      </div>
      {value.outcome !== "REJECTED" && application.kind !== "AMENDMENT" && (
        <div className={mark("grantedDataSourceIds")}>
          <CheckboxGroup name="grantedDataSourceIds" label={t("case.proposal.granted")} value={value.grantedDataSourceIds}
            hint={hint("grantedDataSourceIds")}
            options={application.dataSources.map((s) => ({ value: s.dataSourceId, label: sourceName.get(s.dataSourceId)! }))}
            errors={errorsFor("grantedDataSourceIds")} onChange={(v) => set({ grantedDataSourceIds: v })} />
        </div>
      )}
      {value.outcome !== "REJECTED" && application.kind === "DATA_PERMIT" && (
        <div className={mark("validUntil")}>
          <DateField name="validUntil" label={t("case.proposal.validUntil")} required value={value.validUntil}
            hint={hint("validUntil")} errors={errorsFor("validUntil")} onChange={(v) => set({ validUntil: v })} />
        </div>
      )}
      <div className={mark("feeCategory")}>
        <Select name="feeCategory" label={t("case.decision.fee")} required value={value.feeCategory}
          hint={hint("feeCategory", t("case.proposal.suggestedFee", { fee: feeText(t, language, suggested) }))}
          options={feeCategoriesFor(application.kind).map((c) => ({ value: c, label: t(`case.fee.${c}`) }))}
          errors={errorsFor("feeCategory")} onChange={(v) => set({ feeCategory: v as FeeCategory })} />
      </div>
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
