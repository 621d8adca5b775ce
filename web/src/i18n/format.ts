// Dates, times and numbers in the user's language, Finnish conventions (Finnish time zone).
import type { Language } from "./index.ts";

/** Locales for Intl: Swedish and English as used in Finland (day.month.year in fi and sv). */
export const LOCALES: Record<Language, string> = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };

export const TIME_ZONE = "Europe/Helsinki";

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A GraphQL `Date` ("2026-11-23") or `DateTime` as a date: fi-FI 23.11.2026.
 * Date-only values are calendar dates and never shift with the time zone.
 */
export function formatDate(language: Language, value: string | Date): string {
  if (typeof value === "string") {
    const m = DATE_ONLY.exec(value);
    if (m) {
      const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return dateFormat(language, "UTC").format(utc);
    }
  }
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return dateFormat(language, TIME_ZONE).format(date);
}

/** A `DateTime` with the time of day in Finnish time: fi-FI 23.11.2026 klo 14.05. */
export function formatDateTime(language: Language, value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: TIME_ZONE,
    day: "numeric",
    month: "numeric",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

export function formatNumber(language: Language, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALES[language], options).format(value);
}

/** Euros, e.g. fi-FI "1 200,00 €". */
export function formatEuros(language: Language, value: number): string {
  return formatNumber(language, value, { style: "currency", currency: "EUR" });
}

function dateFormat(language: Language, timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    day: "numeric",
    month: "numeric",
    year: "numeric",
  });
}
