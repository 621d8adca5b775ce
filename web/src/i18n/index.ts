import type { KeysOf } from "./define.ts";
import { messageSets } from "./messages.ts";

export const LANGUAGES = ["fi", "sv", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "fi";

/** Every message key of the app; `t()` accepts nothing else. */
export type MessageKey = KeysOf<(typeof messageSets)[number]>;
export type Messages = Record<MessageKey, string>;

function merge(language: Language): Messages {
  const merged: Record<string, string> = {};
  for (const set of messageSets) Object.assign(merged, set[language]);
  return merged as Messages;
}

export const catalogues: Record<Language, Messages> = { fi: merge("fi"), sv: merge("sv"), en: merge("en") };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export type MessageParams = Record<string, string | number>;

/** Looks up a message and fills in `{placeholder}`s; unknown placeholders are left as is. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[language][key] ?? catalogues[DEFAULT_LANGUAGE][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** Whether `key` is a message key (for keys built at run time, e.g. from a server code). */
export function isMessageKey(key: string): key is MessageKey {
  return key in catalogues[DEFAULT_LANGUAGE];
}

/** The remembered choice if valid, otherwise Finnish. */
export function pickLanguage(stored: string | null): Language {
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}
