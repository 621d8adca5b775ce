// The proposal editor's state and its mapping to ProposalInput (handler) and DecisionInput
// (director: only what the director changed, so the rest keeps the presenter's text).
import type { DecisionInput, DecisionOutcome, FeeCategory, ProposalInput } from "../../gql/graphql.ts";

export interface ProposalDraft {
  outcome: DecisionOutcome;
  reasoning: string;
  conditions: string;
  grantedDataSourceIds: string[];
  validUntil: string;
  feeCategory: FeeCategory;
}

export interface ProposalLike {
  outcome: DecisionOutcome;
  reasoning: string;
  conditions?: string | null;
  grantedDataSourceIds: readonly string[];
  validUntil?: string | null;
  fee: { category: FeeCategory };
}

export function proposalDraftFrom(p: ProposalLike): ProposalDraft {
  return {
    outcome: p.outcome,
    reasoning: p.reasoning,
    conditions: p.conditions ?? "",
    grantedDataSourceIds: [...p.grantedDataSourceIds],
    validUntil: p.validUntil ?? "",
    feeCategory: p.fee.category,
  };
}

/**
 * A new proposal: grant everything asked for, for as long as the application asked (the
 * presenter shortens it only when there is a reason), with the fee the application's facts
 * suggest.
 */
export function newProposalDraft(
  requested: readonly string[],
  suggested: FeeCategory,
  requestedValidityEnd?: string | null,
): ProposalDraft {
  return {
    outcome: "GRANTED",
    reasoning: "",
    conditions: "",
    grantedDataSourceIds: [...requested],
    validUntil: requestedValidityEnd ?? "",
    feeCategory: suggested,
  };
}

/** A rejection grants nothing, whatever boxes were left ticked. */
export function proposalToInput(d: ProposalDraft): ProposalInput {
  return {
    outcome: d.outcome,
    reasoning: d.reasoning,
    conditions: d.conditions.trim() === "" ? null : d.conditions,
    grantedDataSourceIds: d.outcome === "REJECTED" ? [] : d.grantedDataSourceIds,
    validUntil: d.outcome === "REJECTED" || d.validUntil === "" ? null : d.validUntil,
    feeCategory: d.feeCategory,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Only the fields the director changed from the proposal. */
export function decisionInput(original: ProposalDraft, edited: ProposalDraft): DecisionInput {
  const before = proposalToInput(original);
  const after = proposalToInput(edited);
  const input: DecisionInput = {};
  if (after.outcome !== before.outcome) input.outcome = after.outcome;
  if (after.reasoning !== before.reasoning) input.reasoning = after.reasoning;
  if ((after.conditions ?? null) !== (before.conditions ?? null)) input.conditions = after.conditions ?? "";
  if (!sameSet(after.grantedDataSourceIds ?? [], before.grantedDataSourceIds ?? []))
    input.grantedDataSourceIds = after.grantedDataSourceIds;
  if ((after.validUntil ?? null) !== (before.validUntil ?? null)) input.validUntil = after.validUntil;
  if (after.feeCategory !== before.feeCategory) input.feeCategory = after.feeCategory;
  return input;
}

/** The fields the director changed from the proposal: the ones decisionInput would send. */
export function changedFields(original: ProposalDraft, edited: ProposalDraft): ReadonlySet<keyof ProposalDraft> {
  return new Set(Object.keys(decisionInput(original, edited)) as (keyof ProposalDraft)[]);
}
