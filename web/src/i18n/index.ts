import { en } from "./en.ts";
import { fi, type Messages } from "./fi.ts";
import { sv } from "./sv.ts";

export type { Messages };
export type MessageKey = keyof Messages;

export const LANGUAGES = ["fi", "sv", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "fi";

export const catalogues: Record<Language, Messages> = { fi, sv, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Looks up a message and fills in `{placeholder}`s; unknown placeholders are left as is. */
export function translate(
  language: Language,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const template = catalogues[language][key] ?? catalogues[DEFAULT_LANGUAGE][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** The remembered choice if valid, otherwise Finnish. */
export function pickLanguage(stored: string | null): Language {
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}
