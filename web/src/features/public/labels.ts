// The register's enum values in words (message keys `public.kind.*`, `public.outcome.*`, …).
import type { ApplicationKind, DecisionOutcome, PermitStatus, Purpose } from "../../gql/graphql.ts";
import { isMessageKey, type MessageKey } from "../../i18n/index.ts";

export const kindKey = (kind: ApplicationKind): MessageKey => `public.kind.${kind}`;
export const outcomeKey = (outcome: DecisionOutcome): MessageKey => `public.outcome.${outcome}`;
export const purposeKey = (purpose: Purpose): MessageKey => `public.purpose.${purpose}`;
export const statusKey = (status: PermitStatus): MessageKey => `public.status.${status}`;

/**
 * A statistics group key (`GRANTED`, `SCIENTIFIC_RESEARCH`, …) in words; a key this version
 * of the app does not know yet is shown as it is rather than hidden.
 */
export function groupLabel(
  t: (key: MessageKey) => string,
  family: "kind" | "outcome" | "purpose",
  key: string,
): string {
  // Decisions without a purpose (amendments) are counted under UNKNOWN by the server.
  if (family === "purpose" && key === "UNKNOWN") return t("public.stats.noPurpose");
  const messageKey = `public.${family}.${key}`;
  return isMessageKey(messageKey) ? t(messageKey) : key;
}
