import { describe, expect, it } from "vitest";
import { amendmentFromApplication, amendmentToInput, combinablePermitOptions, emptyAmendment, formStepOfField, formStepsFor } from "./amendment.ts";

describe("amendmentToInput", () => {
  it("carries only the values of the chosen change types", () => {
    const input = amendmentToInput({
      ...emptyAmendment(),
      changes: ["EXTEND_VALIDITY", "ADD_PROCESSORS"],
      newValidUntil: "2030-06-30",
      addFirstName: "Eero",
      addLastName: "Ek",
      addOrganisation: "HY",
      newEnvironmentId: "env-2",
      removeProcessors: [{ firstName: "A", lastName: "B", organisation: "C", ndaSigned: true }],
    });
    expect(input).toEqual({
      changes: ["EXTEND_VALIDITY", "ADD_PROCESSORS"],
      newValidUntil: "2030-06-30",
      addProcessors: [{ firstName: "Eero", lastName: "Ek", organisation: "HY", ndaSigned: false }],
      removeProcessors: [],
      newEnvironmentId: null,
      combinePermitIds: [],
    });
  });

  it("removes the processors chosen, as named on the permit", () => {
    const aino = { firstName: "Aino", lastName: "Virtanen", organisation: "HY", ndaSigned: true };
    const input = amendmentToInput({ ...emptyAmendment(), changes: ["REMOVE_PROCESSORS"], remove: [0], removeProcessors: [aino] });
    expect(input.removeProcessors).toEqual([aino]);
    expect(input.addProcessors).toEqual([]);
    expect(input.changes).toEqual(["REMOVE_PROCESSORS"]);
  });

  it("names the new environment only when changing it, and never an empty choice", () => {
    const chosen = amendmentToInput({ ...emptyAmendment(), changes: ["CHANGE_ENVIRONMENT"], newEnvironmentId: "env-2" });
    expect(chosen.newEnvironmentId).toBe("env-2");
    const unchosen = amendmentToInput({ ...emptyAmendment(), changes: ["CHANGE_ENVIRONMENT"] });
    expect(unchosen.newEnvironmentId).toBeNull();
  });

  it("combines the chosen permits only with COMBINE_PERMITS", () => {
    const draft = { ...emptyAmendment(), combinePermitIds: ["p-2", "p-3"] };
    expect(amendmentToInput({ ...draft, changes: ["COMBINE_PERMITS"] }).combinePermitIds).toEqual(["p-2", "p-3"]);
    expect(amendmentToInput({ ...draft, changes: ["EXTEND_VALIDITY"] }).combinePermitIds).toEqual([]);
  });
});

describe("combinablePermitOptions", () => {
  const permit = (id: string, status: "ACTIVE" | "REVOKED" | "COMBINED" | "EXPIRED", validUntil = "2029-01-31") => ({
    id,
    decisionNumber: `TL-P/${id}/2026`,
    purpose: "SCIENTIFIC_RESEARCH" as const,
    status,
    validUntil,
  });
  const label = (p: { decisionNumber: string; title: string; validUntil: string }) => `${p.decisionNumber} ${p.title} ${p.validUntil}`;

  it("offers the holder's other permits for the same purpose that are active today, once each", () => {
    const applications = [
      { title: "Statins", permit: permit("1", "ACTIVE") },
      { title: "Causes of death", permit: permit("2", "ACTIVE") },
      { title: "Causes of death", permit: permit("2", "ACTIVE") },
      { title: "A draft", permit: null },
      { title: "Revoked", permit: permit("3", "REVOKED") },
      { title: "Combined", permit: permit("4", "COMBINED") },
      { title: "Expired", permit: permit("5", "EXPIRED") },
      { title: "Past its end, not yet marked", permit: permit("6", "ACTIVE", "2026-12-05") },
      { title: null, permit: permit("7", "ACTIVE", "2026-12-06") },
      { title: "Statistics", permit: { ...permit("8", "ACTIVE"), purpose: "STATISTICS" as const } },
    ];
    expect(combinablePermitOptions(applications, { id: "1", purpose: "SCIENTIFIC_RESEARCH" }, "2026-12-06", label)).toEqual([
      { value: "2", label: "TL-P/2/2026 Causes of death 2029-01-31" },
      { value: "7", label: "TL-P/7/2026  2026-12-06" },
    ]);
  });

  it("offers nothing when the holder has no other permit", () => {
    expect(combinablePermitOptions([{ title: "Statins", permit: permit("1", "ACTIVE") }], { id: "1", purpose: "SCIENTIFIC_RESEARCH" }, "2026-12-06", label)).toEqual([]);
  });
});

describe("amendmentFromApplication", () => {
  const aino = { firstName: "Aino", lastName: "Virtanen", organisation: "HY", ndaSigned: true };
  const eero = { firstName: "Eero", lastName: "Salo", organisation: "HY", ndaSigned: true };
  const saved = {
    __typename: "Amendment" as const,
    changes: ["EXTEND_VALIDITY", "ADD_PROCESSORS", "REMOVE_PROCESSORS", "CHANGE_ENVIRONMENT", "COMBINE_PERMITS"] as const,
    newValidUntil: "2031-06-30",
    addProcessors: [{ firstName: "Ville", lastName: "Korhonen", organisation: "TAU", ndaSigned: false }],
    removeProcessors: [eero],
    newEnvironmentId: "env-2",
    combinePermitIds: ["p-2"],
  };

  it("shows every saved change and value, the processors to remove ticked as on the permit", () => {
    expect(amendmentFromApplication(saved, [aino, eero])).toEqual({
      changes: ["EXTEND_VALIDITY", "ADD_PROCESSORS", "REMOVE_PROCESSORS", "CHANGE_ENVIRONMENT", "COMBINE_PERMITS"],
      newValidUntil: "2031-06-30",
      addFirstName: "Ville",
      addLastName: "Korhonen",
      addOrganisation: "TAU",
      remove: [1],
      removeProcessors: [eero],
      newEnvironmentId: "env-2",
      combinePermitIds: ["p-2"],
    });
  });

  it("saves back what it read", () => {
    const draft = amendmentFromApplication(saved, [aino, eero]);
    expect(amendmentToInput(draft)).toEqual({
      changes: saved.changes,
      newValidUntil: "2031-06-30",
      addProcessors: [{ firstName: "Ville", lastName: "Korhonen", organisation: "TAU", ndaSigned: false }],
      removeProcessors: [eero],
      newEnvironmentId: "env-2",
      combinePermitIds: ["p-2"],
    });
  });

  it("keeps a processor the permit no longer names for the server to judge, unticked", () => {
    const draft = amendmentFromApplication({ ...saved, changes: ["REMOVE_PROCESSORS"] }, [aino]);
    expect(draft.remove).toEqual([]);
    expect(draft.removeProcessors).toEqual([eero]);
  });

  it("starts empty without a saved amendment, and with one that leaves values out", () => {
    expect(amendmentFromApplication(null, [aino])).toEqual(emptyAmendment());
    const bare = { changes: [], newValidUntil: null, addProcessors: [], removeProcessors: [], newEnvironmentId: null, combinePermitIds: [] };
    expect(amendmentFromApplication(bare, [aino])).toEqual(emptyAmendment());
  });
});

describe("the amendment form's steps", () => {
  it("start with the changes for an amendment only", () => {
    expect(formStepsFor("AMENDMENT")).toEqual(["changes", "applicant", "purpose", "attachments", "review"]);
    expect(formStepsFor("DATA_REQUEST")).not.toContain("changes");
  });

  it("place the server's amendment problems on the changes step", () => {
    expect(formStepOfField("amendment.newValidUntil")).toBe("changes");
    expect(formStepOfField("amendment.addProcessors[0].lastName")).toBe("changes");
    expect(formStepOfField("contactEmail")).toBe("applicant");
  });
});
