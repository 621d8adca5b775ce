// Client-side hints for Finnish personal identity codes (DESIGN.md section 5). Only a hint:
// the server decides (it also knows whether temporary codes are accepted), and its
// VALIDATION error is what the form shows next to the field. Codes never leave the form
// state: not in URLs, logs or storage.
import type { MessageKey } from "../../i18n/index.ts";
import type { FieldProblem } from "../../lib/validation.ts";

const CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";
const CENTURY: Record<string, number> = {
  "+": 1800,
  "-": 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

export type IdentityCodeProblem = "length" | "digits" | "centurySign" | "date" | "individualNumber" | "checkCharacter";

/** What looks wrong with a code as typed, or null when it looks valid (or is empty). */
export function identityCodeProblem(code: string): IdentityCodeProblem | null {
  if (code === "") return null;
  if (code.length !== 11) return "length";
  const digits = code.slice(0, 6) + code.slice(7, 10);
  if (!/^\d{9}$/.test(digits)) return "digits";
  const century = CENTURY[code[6]];
  if (century === undefined) return "centurySign";
  const day = Number(code.slice(0, 2));
  const month = Number(code.slice(2, 4));
  const year = century + Number(code.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return "date";
  }
  if (Number(code.slice(7, 10)) < 2) return "individualNumber";
  if (CHECK_CHARACTERS[Number(digits) % 31] !== code[10]) return "checkCharacter";
  return null;
}

export const IDENTITY_CODE_PROBLEM_KEYS: Record<IdentityCodeProblem, MessageKey> = {
  length: "citizen.identityCode.length",
  digits: "citizen.identityCode.digits",
  centurySign: "citizen.identityCode.centurySign",
  date: "citizen.identityCode.date",
  individualNumber: "citizen.identityCode.individualNumber",
  checkCharacter: "citizen.identityCode.checkCharacter",
};

/**
 * The server's VALIDATION message keys (domain `HetuError`, `ObjectionRuleError`) for which
 * the app has a fuller text; any other message is shown as the server wrote it (in the UI's
 * language).
 */
const SERVER_MESSAGE_KEYS: Record<string, MessageKey> = {
  HetuNotAscii: "citizen.identityCode.digits",
  HetuLength: "citizen.identityCode.length",
  HetuNotDigits: "citizen.identityCode.digits",
  HetuCenturySign: "citizen.identityCode.centurySign",
  HetuDate: "citizen.identityCode.date",
  HetuIndividualNumber: "citizen.identityCode.individualNumber",
  HetuTemporary: "citizen.identityCode.temporary",
  HetuCheckCharacter: "citizen.identityCode.checkCharacter",
  NotAMinor: "citizen.rule.notAMinor",
  RepresentingSelf: "citizen.rule.representingSelf",
  MustNotBeInFuture: "citizen.rule.futureDate",
  ReceivedAfterProcessed: "citizen.rule.receivedAfterProcessed",
  VerificationMismatch: "citizen.rule.verificationMismatch",
  RepresentationBasisRequired: "citizen.rule.basisRequired",
  RepresentedCodeRequired: "citizen.rule.identityCodeRequired",
  RepresentationBasisWithRepresentative: "citizen.rule.basisRequired",
  NoIdentityCodeInToken: "citizen.rule.noOwnIdentityCode",
};

/** Replaces the server's messages whose key `keys` has a fuller text for. */
export function translateProblems(
  problems: readonly FieldProblem[],
  keys: Readonly<Record<string, MessageKey>>,
  t: (key: MessageKey) => string,
): FieldProblem[] {
  return problems.map((p) => {
    const key = p.key === undefined ? undefined : keys[p.key];
    return key ? { ...p, message: t(key) } : p;
  });
}

/** Translates the objection registry's messages where a translation exists. */
export function localiseProblems(problems: readonly FieldProblem[], t: (key: MessageKey) => string): FieldProblem[] {
  return translateProblems(problems, SERVER_MESSAGE_KEYS, t);
}
