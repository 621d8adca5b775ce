import { describe, expect, it } from "vitest";
import { EMPTY_FILE_OBJECTION_FORM, placeFileObjectionProblems, toFileObjectionInput } from "./objectionForm.ts";

describe("toFileObjectionInput", () => {
  it("sends nothing for oneself, even if a code was typed before switching back", () => {
    expect(toFileObjectionInput(EMPTY_FILE_OBJECTION_FORM)).toEqual({});
    expect(
      toFileObjectionInput({ filingFor: "SELF", representedIdentityCode: "010615A9500", representationBasis: "MANDATE" }),
    ).toEqual({});
  });

  it("sends the represented person's code (trimmed, not otherwise changed) and the basis", () => {
    expect(
      toFileObjectionInput({
        filingFor: "REPRESENTED",
        representedIdentityCode: " 010615a9500 ",
        representationBasis: "GUARDIAN_OF_MINOR",
      }),
    ).toEqual({ representedIdentityCode: "010615a9500", representationBasis: "GUARDIAN_OF_MINOR" });
  });

  it("leaves a missing basis for the server to report", () => {
    expect(
      toFileObjectionInput({ filingFor: "REPRESENTED", representedIdentityCode: "010615A9500", representationBasis: "" }),
    ).toEqual({ representedIdentityCode: "010615A9500", representationBasis: null });
  });
});

describe("placeFileObjectionProblems", () => {
  it("puts the server's identityCode problems on the represented person's field", () => {
    expect(
      placeFileObjectionProblems([
        { field: "identityCode", message: "check character does not match" },
        { field: "representationBasis", message: "is required when filing for a represented person" },
        { field: "token.hetu", message: "the token carries no personal identity code" },
      ]),
    ).toEqual([
      { field: "representedIdentityCode", message: "check character does not match" },
      { field: "representationBasis", message: "is required when filing for a represented person" },
      { field: "token.hetu", message: "the token carries no personal identity code" },
    ]);
  });
});
