import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/index.ts";
import { identityCodeProblem, localiseProblems } from "./identityCode.ts";

// Temporary codes (individual numbers 900-999) and the demo citizens' codes only; the check
// characters were worked out by hand from DESIGN.md section 5, not with the code under test.
describe("identityCodeProblem", () => {
  it("accepts valid codes of every century", () => {
    for (const code of ["010180-9004", "150275-901P", "010615A9500", "290200A9554", "200750Y970R", "311299+999E"]) {
      expect(identityCodeProblem(code), code.slice(0, 6)).toBeNull();
    }
  });

  it("says nothing about an empty field", () => {
    expect(identityCodeProblem("")).toBeNull();
  });

  it("names what is wrong", () => {
    expect(identityCodeProblem("010180-900")).toBe("length");
    expect(identityCodeProblem("010180-90044")).toBe("length");
    expect(identityCodeProblem("0101X0-9004")).toBe("digits");
    expect(identityCodeProblem("010180-9O04")).toBe("digits");
    expect(identityCodeProblem("010180G9004")).toBe("centurySign");
    expect(identityCodeProblem("010180a9004")).toBe("centurySign");
    expect(identityCodeProblem("290201A9554")).toBe("date");
    expect(identityCodeProblem("320180-9004")).toBe("date");
    expect(identityCodeProblem("011380-9004")).toBe("date");
    expect(identityCodeProblem("010180-0014")).toBe("individualNumber");
    expect(identityCodeProblem("010180-9005")).toBe("checkCharacter");
    // Lower case is not normalised: the server is strict and so is the hint.
    expect(identityCodeProblem("150275-901p")).toBe("checkCharacter");
  });
});

describe("localiseProblems", () => {
  const t = (key: Parameters<typeof translate>[1]) => translate("sv", key);

  it("translates the server's known messages and keeps the rest", () => {
    expect(
      localiseProblems(
        [
          { field: "identityCode", message: "check character does not match", key: "HetuCheckCharacter" },
          { field: "representationBasis", message: "the represented person is not a minor", key: "NotAMinor" },
          { field: "token.hetu", message: "the token carries no personal identity code", key: "NoIdentityCodeInToken" },
          { field: "identityCode", message: "something the client does not know" },
        ],
        t,
      ),
    ).toEqual([
      { field: "identityCode", message: "Kontrolltecknet stämmer inte. Kontrollera beteckningen.", key: "HetuCheckCharacter" },
      { field: "representationBasis", message: "Personen är inte minderårig, så vårdnad är ingen grund.", key: "NotAMinor" },
      {
        field: "token.hetu",
        key: "NoIdentityCodeInToken",
        message:
          "Din inloggning angav inte din personbeteckning, så förbudet kan inte lämnas på nätet. Skicka förbudet per brev eller besök kontoret.",
      },
      { field: "identityCode", message: "something the client does not know" },
    ]);
  });
});
