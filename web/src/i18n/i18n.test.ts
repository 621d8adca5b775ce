import { describe, expect, it } from "vitest";
import { LANGUAGES, catalogues, pickLanguage, translate, type MessageKey } from "./index.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  const reference = Object.keys(catalogues.fi).sort();

  it.each(LANGUAGES)("%s has exactly the Finnish keys", (language) => {
    expect(Object.keys(catalogues[language]).sort()).toEqual(reference);
  });

  it.each(LANGUAGES)("%s has no empty messages", (language) => {
    for (const [key, text] of Object.entries(catalogues[language])) {
      expect(text.trim(), `${language}:${key}`).not.toBe("");
    }
  });

  it.each(LANGUAGES)("%s uses the same placeholders as Finnish", (language) => {
    for (const key of reference as MessageKey[]) {
      expect(placeholders(catalogues[language][key]), `${language}:${key}`).toEqual(
        placeholders(catalogues.fi[key]),
      );
    }
  });
});

describe("translate", () => {
  it("looks up per language", () => {
    expect(translate("fi", "auth.signOut")).toBe("Kirjaudu ulos");
    expect(translate("sv", "auth.signOut")).toBe("Logga ut");
    expect(translate("en", "auth.signOut")).toBe("Sign out");
  });

  it("fills in placeholders and leaves unknown ones", () => {
    expect(translate("en", "me.signedInAs", { name: "Anna" })).toBe("You are signed in as Anna.");
    expect(translate("en", "me.signedInAs")).toBe("You are signed in as {name}.");
    expect(translate("en", "error.code", { code: "FORBIDDEN", extra: 1 })).toBe("Error code: FORBIDDEN");
  });
});

describe("pickLanguage", () => {
  it("uses a valid stored choice, otherwise Finnish", () => {
    expect(pickLanguage("sv")).toBe("sv");
    expect(pickLanguage("en")).toBe("en");
    expect(pickLanguage("de")).toBe("fi");
    expect(pickLanguage(null)).toBe("fi");
  });
});
