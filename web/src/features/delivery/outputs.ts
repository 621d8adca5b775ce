// Output requests in the web app: the submission form's tables and checks, the multipart body
// the server takes, the server's field names mapped back to the form's, the review's override
// reasons, and which actions a caller sees. The server runs the disclosure checks and decides
// every transition; these only prepare and show.
import type {
  CheckStatus,
  DisclosureRule,
  OutputOverrideInput,
  OutputRequestState,
  OutputTableKind,
} from "../../gql/graphql.ts";
import type { Role } from "../../api/session.tsx";
import type { FieldProblem } from "../../lib/validation.ts";

export const OUTPUT_STATES: readonly OutputRequestState[] = ["SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED", "REJECTED", "RELEASED"];
export const TABLE_KINDS: readonly OutputTableKind[] = ["FREQUENCY", "MAGNITUDE"];
export const RULES: readonly DisclosureRule[] = ["MINIMUM_FREQUENCY", "DOMINANCE", "P_PERCENT", "CLASS_DISCLOSURE", "NEGATIVE_OR_MISSING"];

/** The largest table the form sends; the server has its own limit and says so in its error. */
export const MAX_TABLE_BYTES = 10 * 1024 * 1024;

export interface TableDraft {
  /** React key: tables may be removed from the middle. */
  key: number;
  kind: OutputTableKind;
  file: File | null;
}

let nextKey = 0;
export function emptyTable(kind: OutputTableKind = "FREQUENCY"): TableDraft {
  nextKey += 1;
  return { key: nextKey, kind, file: null };
}

export interface OutputMessages {
  descriptionRequired: string;
  fileRequired: string;
  notCsv: string;
  tooLarge: string;
  tablesRequired: string;
}

/** What the browser can check before sending: a description and a CSV file per table. */
export function validateOutputForm(description: string, tables: readonly TableDraft[], m: OutputMessages, needsDescription = true): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (needsDescription && description.trim() === "") problems.push({ field: "description", message: m.descriptionRequired });
  if (tables.length === 0) problems.push({ field: "tables", message: m.tablesRequired });
  tables.forEach((t, i) => {
    const field = `tables[${i}].file`;
    if (!t.file) problems.push({ field, message: m.fileRequired });
    else if (!/\.(csv|txt)$/i.test(t.file.name) && !t.file.type.startsWith("text/")) problems.push({ field, message: m.notCsv });
    else if (t.file.size > MAX_TABLE_BYTES) problems.push({ field, message: m.tooLarge });
  });
  return problems;
}

export type OutputTarget = { permitId: string } | { deliveryOrderId: string };

/**
 * The multipart body of POST /api/output-requests (and of a resubmission, without the
 * target): the target and the description first, then for each table its `kind` just
 * before its `file`, so the server pairs them in order.
 */
export function outputFormData(target: OutputTarget | null, description: string, tables: readonly TableDraft[]): FormData {
  const form = new FormData();
  if (target && "permitId" in target) form.append("permitId", target.permitId);
  if (target && "deliveryOrderId" in target) form.append("deliveryOrderId", target.deliveryOrderId);
  form.append("description", description.trim());
  for (const t of tables) {
    if (!t.file) continue;
    form.append("kind", t.kind);
    form.append("file", t.file, t.file.name);
  }
  return form;
}

/**
 * The server names a table's problem by its part, `files[1]` (with a sub-field such as
 * `files[1].kind`, or the file's name after a colon: `files[1]:taulukko.csv`), `file[1]` or
 * `kind[1]`; the form names it `tables[1].file` or `tables[1].kind`. Other fields
 * (`description`) are the same on both sides.
 */
export function formFieldOfServerField(field: string): string {
  const m = /^(files?|kinds?|tables?)\[(\d+)\](\.kind\b)?/.exec(field);
  if (!m) return field === "files" || field === "file" ? "tables" : field;
  const isKind = m[1].startsWith("kind") || m[3] !== undefined;
  return `tables[${m[2]}].${isKind ? "kind" : "file"}`;
}

export function formProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ ...p, field: formFieldOfServerField(p.field) }));
}

interface FindingLike {
  row: number;
  column: number;
  rule: DisclosureRule;
  status: CheckStatus;
}

interface FileLike {
  id: string;
  findings: readonly FindingLike[];
}

/** A flagged cell's identity in the review form: file, row, column and rule. */
export function findingKey(fileId: string, f: { row: number; column: number; rule: DisclosureRule }): string {
  return `${fileId}:${f.row}:${f.column}:${f.rule}`;
}

/** The FAIL findings of the current submission: each needs an override reason to approve. */
export function failingFindings<F extends FileLike>(files: readonly F[]): { file: F; finding: F["findings"][number] }[] {
  return files.flatMap((file) => file.findings.filter((f) => f.status === "FAIL").map((finding) => ({ file, finding })));
}

/**
 * The overrides to send with an approval, one per FAIL finding, each with its reason; the
 * keys of the findings still without a reason come back as `missing`.
 */
export function overridesFor(files: readonly FileLike[], reasons: Readonly<Record<string, string>>): { overrides: OutputOverrideInput[]; missing: string[] } {
  const overrides: OutputOverrideInput[] = [];
  const missing: string[] = [];
  for (const { file, finding } of failingFindings(files)) {
    const key = findingKey(file.id, finding);
    const reason = (reasons[key] ?? "").trim();
    if (reason === "") missing.push(key);
    else overrides.push({ fileId: file.id, row: finding.row, column: finding.column, rule: finding.rule, reason });
  }
  return { overrides, missing };
}

/** The index of the override a server field names (`overrides[1]`, `overrides[1].reason`), or null. */
export function overrideIndex(field: string): number | null {
  const m = /^overrides\[(\d+)\]/.exec(field);
  return m ? Number(m[1]) : null;
}

/** The worst of some statuses: FAIL over REVIEW over PASS. */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.includes("FAIL")) return "FAIL";
  if (statuses.includes("REVIEW")) return "REVIEW";
  return "PASS";
}

export type OutputAction = "startReview" | "approve" | "requestChanges" | "reject" | "confirm" | "release" | "resubmit";

export interface OutputFacts {
  state: OutputRequestState;
  awaitingSecondApproval: boolean;
  reviewerName?: string | null;
}

/**
 * What the caller may do now. Staff review (HANDLER, DIRECTOR); an approval that overrode a
 * FAIL waits for a Director who was not its reviewer; the holder resubmits after changes were
 * asked for. The server checks each again.
 */
export function outputActions(request: OutputFacts, roles: readonly Role[], myName: string | null): OutputAction[] {
  const staff = roles.includes("HANDLER") || roles.includes("DIRECTOR");
  const actions: OutputAction[] = [];
  if (staff) {
    if (request.state === "SUBMITTED") actions.push("startReview");
    if (request.state === "IN_REVIEW" && !request.awaitingSecondApproval) actions.push("approve", "requestChanges", "reject");
    if (request.awaitingSecondApproval && roles.includes("DIRECTOR") && request.reviewerName !== myName) actions.push("confirm");
    if (request.state === "APPROVED" && !request.awaitingSecondApproval) actions.push("release");
  }
  if (request.state === "CHANGES_REQUESTED" && roles.includes("APPLICANT")) actions.push("resubmit");
  return actions;
}

/** Whether a decision has been made that the holder should read (with its reason). */
export function isDecided(state: OutputRequestState): boolean {
  return state === "APPROVED" || state === "CHANGES_REQUESTED" || state === "REJECTED" || state === "RELEASED";
}

/** "12,3 kB": a file's size for people. */
export function sizeText(bytes: number, formatNumber: (n: number, o?: Intl.NumberFormatOptions) => string): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, { maximumFractionDigits: 1 })} kB`;
  return `${formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`;
}
