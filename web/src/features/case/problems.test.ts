import { describe, expect, it } from "vitest";
import { fieldId, problemsFor } from "../../lib/validation.ts";
import { prefixProblems } from "./problems.ts";

describe("prefixProblems", () => {
  it("gives two forms' same-named fields distinct paths and ids", () => {
    const problems = prefixProblems([{ field: "reason", message: "is required" }], "extension");
    expect(problems).toEqual([{ field: "extension.reason", message: "is required" }]);
    expect(problemsFor(problems, "extension.reason")).toEqual(["is required"]);
    expect(problemsFor(problems, "reason")).toEqual([]);
    expect(fieldId("extension.reason")).not.toBe(fieldId("return.reason"));
  });
});
