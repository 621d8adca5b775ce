import { describe, expect, it } from "vitest";
import { defineMessages } from "./define.ts";
import { formatDate, formatDateTime, formatEuros } from "./format.ts";
import { LANGUAGES, catalogues, isMessageKey, pickLanguage, translate, type MessageKey } from "./index.ts";
import { messageSets } from "./messages.ts";

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

  it("no two message sets define the same key (features would overwrite each other)", () => {
    const seen = new Map<string, number>();
    messageSets.forEach((set, index) => {
      for (const key of Object.keys(set.fi)) {
        expect(seen.has(key), `${key} in sets ${seen.get(key)} and ${index}`).toBe(false);
        seen.set(key, index);
      }
    });
  });

  it("TypeScript rejects a language that misses or adds a key", () => {
    // These lines are checked by `tsc -b` (npm run typecheck): each @ts-expect-error must
    // see an error, or the type check fails.
    const missing = defineMessages({
      fi: { "x.a": "a", "x.b": "b" },
      // @ts-expect-error sv lacks "x.b"
      sv: { "x.a": "a" },
      en: { "x.a": "a", "x.b": "b" },
    });
    const extra = defineMessages({
      fi: { "x.a": "a" },
      sv: { "x.a": "a" },
      // @ts-expect-error en has a key Finnish does not
      en: { "x.a": "a", "x.typo": "b" },
    });
    // @ts-expect-error t() only takes known keys
    translate("fi", "no.such.key");
    expect(Object.keys(missing.sv)).toEqual(["x.a"]);
    expect(Object.keys(extra.en)).toEqual(["x.a", "x.typo"]);
  });
});

describe("translate", () => {
  it("looks up per language", () => {
    expect(translate("fi", "auth.signOut")).toBe("Kirjaudu ulos");
    expect(translate("sv", "auth.signOut")).toBe("Logga ut");
    expect(translate("en", "auth.signOut")).toBe("Sign out");
    expect(translate("en", "signin.title")).toBe("Sign in");
  });

  it("fills in placeholders and leaves unknown ones", () => {
    expect(translate("en", "me.signedInAs", { name: "Anna" })).toBe("You are signed in as Anna.");
    expect(translate("en", "me.signedInAs")).toBe("You are signed in as {name}.");
    expect(translate("en", "error.code", { code: "FORBIDDEN", extra: 1 })).toBe("Error code: FORBIDDEN");
  });

  it("knows which run-time strings are keys", () => {
    expect(isMessageKey("error.CONFLICT")).toBe(true);
    expect(isMessageKey("error.NO_SUCH_CODE")).toBe(false);
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

describe("formatting", () => {
  it("writes dates the Finnish way in Finnish and Swedish", () => {
    expect(formatDate("fi", "2026-11-23")).toBe("23.11.2026");
    expect(formatDate("sv", "2026-11-23")).toBe("23.11.2026");
    expect(formatDate("en", "2026-11-23")).toBe("23/11/2026");
    expect(formatDate("fi", "2026-01-05")).toBe("5.1.2026");
  });

  it("never shifts a calendar date, and puts instants in Finnish time", () => {
    // 23:30 UTC on 23 Nov is already 24 Nov in Helsinki (UTC+2).
    expect(formatDate("fi", "2026-11-23T23:30:00Z")).toBe("24.11.2026");
    // Summer time: UTC+3.
    expect(formatDateTime("fi", "2026-06-30T21:15:00Z")).toBe("1.7.2026 klo 00.15");
    expect(formatDateTime("en", "2026-11-23T12:05:00Z")).toBe("23/11/2026, 14:05");
  });

  it("returns unparseable input unchanged rather than 'Invalid Date'", () => {
    expect(formatDate("fi", "not a date")).toBe("not a date");
    expect(formatDateTime("fi", "")).toBe("");
  });

  it("formats euros per language", () => {
    expect(formatEuros("fi", 1200)).toBe("1\u00a0200,00\u00a0€");
    expect(formatEuros("en", 1200)).toBe("€1,200.00");
  });
});
