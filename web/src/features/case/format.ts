// Small pure helpers for showing case facts; unit-tested in format.test.ts.
import type { FeeCategory } from "../../gql/graphql.ts";
import { formatEuros } from "../../i18n/format.ts";
import type { Language, MessageKey, MessageParams } from "../../i18n/index.ts";

type T = (key: MessageKey, params?: MessageParams) => string;

/** "Lupa: 1 000,00 €": the fee category in words and its amount in euros. */
export function feeText(t: T, language: Language, fee: { category: FeeCategory; amountCents: number }): string {
  return t("case.fee.amount", {
    category: t(`case.fee.${fee.category}`),
    amount: formatEuros(language, fee.amountCents / 100),
  });
}

/** The fee categories that fit a kind of application (the server's `FeeCategory::fits`). */
export function feeCategoriesFor(kind: "DATA_PERMIT" | "DATA_REQUEST" | "AMENDMENT"): FeeCategory[] {
  switch (kind) {
    case "DATA_PERMIT":
      return ["PERMIT", "EXTENSIVE_PERMIT", "THESIS_PERMIT"];
    case "DATA_REQUEST":
      return ["DATA_REQUEST"];
    case "AMENDMENT":
      return ["AMENDMENT"];
  }
}

/** Whole days from `today` to `dueOn` (negative when past), both ISO dates. */
export function daysUntil(dueOn: string, today: string): number {
  const ms = Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** Today's date in Finland as `YYYY-MM-DD` (the server's calendar). */
export function todayInFinland(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Helsinki" }).format(now);
}

/** A date `months` calendar months after an ISO date, clamped to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
