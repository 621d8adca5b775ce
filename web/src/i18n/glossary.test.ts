import { describe, expect, it } from "vitest";
import type { MessageSet } from "./define.ts";
import { glossary, terms, type Term } from "./glossary.ts";
import { LANGUAGES } from "./index.ts";

// Every message dictionary of the app: each feature's messages.ts and the shared ones,
// whether or not it is registered in messages.ts yet.
const modules = {
  ...import.meta.glob<Record<string, unknown>>("../features/*/messages.ts", { eager: true }),
  ...import.meta.glob<Record<string, unknown>>("./common.ts", { eager: true }),
};

function isMessageSet(value: unknown): value is MessageSet<string> {
  return (
    typeof value === "object" &&
    value !== null &&
    LANGUAGES.every((l) => typeof (value as Record<string, unknown>)[l] === "object")
  );
}

const dictionaries: { name: string; set: MessageSet<string> }[] = Object.entries(modules).flatMap(
  ([file, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => isMessageSet(value))
      .map(([name, value]) => ({ name: `${file}#${name}`, set: value as MessageSet<string> })),
);

const entries: [string, Term][] = Object.entries(glossary);

describe("glossary", () => {
  it("finds the app's dictionaries", () => {
    expect(dictionaries.length).toBeGreaterThanOrEqual(10);
  });

  it("has every term in Finnish, Swedish and English", () => {
    for (const [key, term] of entries) {
      for (const language of LANGUAGES) {
        expect(term[language].trim(), `${key} ${language}`).not.toBe("");
        expect(terms[language][key as keyof typeof glossary]).toBe(term[language]);
      }
    }
  });

  it.each(LANGUAGES)("%s: no key has two different texts across the dictionaries", (language) => {
    const seen = new Map<string, { text: string; where: string }>();
    for (const { name, set } of dictionaries) {
      for (const [key, text] of Object.entries(set[language])) {
        const before = seen.get(key);
        if (before) expect(text, `${key}: ${before.where} and ${name}`).toBe(before.text);
        else seen.set(key, { text, where: name });
      }
    }
  });

  it.each(LANGUAGES)("%s: every text that names a term names it the glossary's way", (language) => {
    for (const { name, set } of dictionaries) {
      for (const [key, text] of Object.entries(set[language])) {
        for (const [termKey, term] of entries) {
          if (term.keys?.test(key)) {
            expect(text, `${name} ${key} is the term ${termKey}`).toBe(term[language]);
          }
          for (const variant of term.variants?.[language] ?? []) {
            expect(
              text.toLowerCase().includes(variant.toLowerCase()),
              `${name} ${key} says "${variant}" for ${termKey} ("${term[language]}")`,
            ).toBe(false);
          }
        }
      }
    }
  });

  it("catches a term spelled two ways", () => {
    const other = glossary.partiallyGranted.variants.fi[0];
    expect(other.toLowerCase()).not.toBe(glossary.partiallyGranted.fi.toLowerCase());
    expect(glossary.partiallyGranted.keys.test("public.outcome.PARTIALLY_GRANTED")).toBe(true);
  });
});
