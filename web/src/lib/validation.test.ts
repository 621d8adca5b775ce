import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { ApiError, fromCombinedError } from "../api/errors.ts";
import { fieldId, normaliseFieldPath, partitionProblems, problemsFor, validationProblems } from "./validation.ts";

/** A VALIDATION error as crates/graphql/src/error.rs sends it, received through urql. */
function validationError(fields: { field: string; message: string }[]): ApiError {
  return fromCombinedError(
    new CombinedError({
      graphQLErrors: [new GraphQLError("invalid input", { extensions: { code: "VALIDATION", fields } })],
    }),
  );
}

describe("normaliseFieldPath", () => {
  it.each([
    ["title", "title"],
    ["dataSources[1].periodTo", "dataSources[1].periodTo"],
    ["dataSources.1.periodTo", "dataSources[1].periodTo"],
    ["input.dataSources[0].variables", "dataSources[0].variables"],
    ["processors[2].firstName", "processors[2].firstName"],
    ["a[0][1].b", "a[0][1].b"],
    ["input", "input"],
  ])("%s → %s", (raw, canonical) => {
    expect(normaliseFieldPath(raw)).toBe(canonical);
  });
});

describe("fieldId", () => {
  it("is a valid, stable DOM id for every spelling of a path", () => {
    expect(fieldId("dataSources[1].periodTo")).toBe("field-dataSources-1-periodTo");
    expect(fieldId("dataSources.1.periodTo")).toBe("field-dataSources-1-periodTo");
    expect(fieldId("title")).toBe("field-title");
    expect(fieldId("processors[0].firstName")).not.toBe(fieldId("processors[1].firstName"));
  });
});

describe("validationProblems", () => {
  it("reads the field paths and messages of a VALIDATION error", () => {
    const error = validationError([
      { field: "title", message: "is required" },
      { field: "dataSources[1].periodTo", message: "must not be before periodFrom" },
    ]);
    expect(error.code).toBe("VALIDATION");
    const problems = validationProblems(error);
    expect(problems).toEqual([
      { field: "title", message: "is required" },
      { field: "dataSources[1].periodTo", message: "must not be before periodFrom" },
    ]);
    expect(problemsFor(problems, "dataSources[1].periodTo")).toEqual(["must not be before periodFrom"]);
    expect(problemsFor(problems, "dataSources[0].periodTo")).toEqual([]);
  });

  it("keeps several messages for one field", () => {
    const problems = validationProblems(
      validationError([
        { field: "purpose", message: "is required" },
        { field: "purpose", message: "is not allowed for DATA_PERMIT" },
      ]),
    );
    expect(problemsFor(problems, "purpose")).toHaveLength(2);
  });

  it("is empty for other errors and ignores malformed entries", () => {
    expect(validationProblems(new ApiError("FORBIDDEN", "no"))).toEqual([]);
    expect(validationProblems(null)).toEqual([]);
    const odd = new ApiError("VALIDATION", "invalid input", {
      errors: [
        { message: "invalid input", extensions: { code: "VALIDATION", fields: [{ field: 1 }, null, { field: "a", message: "m" }] } },
      ],
    });
    expect(validationProblems(odd)).toEqual([{ field: "a", message: "m" }]);
  });

  it("separates problems of fields the form renders from the rest", () => {
    const problems = validationProblems(
      validationError([
        { field: "dataSources", message: "at least one is required" },
        { field: "title", message: "is required" },
      ]),
    );
    const { onFields, unplaced } = partitionProblems(problems, ["title", "purpose"]);
    expect(onFields.map((p) => p.field)).toEqual(["title"]);
    expect(unplaced.map((p) => p.field)).toEqual(["dataSources"]);
  });
});
