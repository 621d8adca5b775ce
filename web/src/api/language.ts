// The UI's current language, sent as `Accept-Language` with every request the app makes, so
// the server's error and validation messages come in the language the user chose.
import type { Language } from "../i18n/index.ts";

let requestLanguage: Language | null = null;

/** Called by the I18nProvider whenever the UI's language is set. */
export function setRequestLanguage(language: Language): void {
  requestLanguage = language;
}

/** The header to send; none before the UI has chosen (the browser's own then applies). */
export function languageHeaders(): Record<string, string> {
  return requestLanguage ? { "Accept-Language": requestLanguage } : {};
}
