import { describe, expect, it } from "vitest";
import { amendmentToInput, emptyAmendment } from "./amendment.ts";

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
});
