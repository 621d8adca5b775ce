import { describe, expect, it } from "vitest";
import { changedFields, decisionInput, newProposalDraft, proposalDraftFrom, proposalToInput } from "./proposal.ts";

const proposal = proposalDraftFrom({
  outcome: "GRANTED",
  reasoning: "Täyttää vaatimukset.",
  conditions: null,
  grantedDataSourceIds: ["a", "b"],
  validUntil: "2030-01-01",
  fee: { category: "PERMIT" },
});

describe("proposal input", () => {
  it("a new proposal grants every requested source with the suggested fee", () => {
    expect(newProposalDraft(["a", "b"], "THESIS_PERMIT")).toMatchObject({
      outcome: "GRANTED",
      grantedDataSourceIds: ["a", "b"],
      feeCategory: "THESIS_PERMIT",
    });
  });

  it("a new proposal is valid as long as the application asked for", () => {
    expect(newProposalDraft(["a"], "PERMIT", "2031-12-31").validUntil).toBe("2031-12-31");
    expect(newProposalDraft(["a"], "DATA_REQUEST", null).validUntil).toBe("");
  });

  it("a rejection grants nothing and has no validity, whatever was left in the form", () => {
    expect(proposalToInput({ ...proposal, outcome: "REJECTED" })).toEqual({
      outcome: "REJECTED",
      reasoning: "Täyttää vaatimukset.",
      conditions: null,
      grantedDataSourceIds: [],
      validUntil: null,
      feeCategory: "PERMIT",
    });
  });
});

describe("decisionInput", () => {
  it("is empty when the director accepts the proposal as it is", () => {
    expect(decisionInput(proposal, { ...proposal, grantedDataSourceIds: ["b", "a"] })).toEqual({});
  });

  it("holds only the fields the director changed", () => {
    const edited = { ...proposal, outcome: "PARTIALLY_GRANTED" as const, grantedDataSourceIds: ["a"], conditions: "Vain koosteet." };
    expect(decisionInput(proposal, edited)).toEqual({
      outcome: "PARTIALLY_GRANTED",
      grantedDataSourceIds: ["a"],
      conditions: "Vain koosteet.",
    });
    expect(decisionInput(proposal, { ...proposal, feeCategory: "EXTENSIVE_PERMIT" })).toEqual({ feeCategory: "EXTENSIVE_PERMIT" });
  });
});

describe("changedFields", () => {
  it("names nothing when the director accepts the proposal, in any order of sources", () => {
    expect([...changedFields(proposal, { ...proposal, grantedDataSourceIds: ["b", "a"] })]).toEqual([]);
  });

  it("names each field the director changed, and a blank cleared to nothing only when it had text", () => {
    const edited = { ...proposal, reasoning: "Toiset perustelut.", validUntil: "2029-06-30" };
    expect([...changedFields(proposal, edited)].sort()).toEqual(["reasoning", "validUntil"]);
    expect([...changedFields(proposal, { ...proposal, conditions: "   " })]).toEqual([]);
  });
});
