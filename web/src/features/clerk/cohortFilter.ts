// POST /api/cohort-filter (crates/http/src/cohort_filter.rs): the list of identity codes in,
// the kept codes out in input order, then one summary line
// `# {"lines":..,"kept":..,"removed":..,"invalid":..,"invalidLines":[..],"completed":true}`.
// A run the server could not finish ends the response with an error and no summary, so a
// response without one is never offered as a result.
//
// XMLHttpRequest rather than fetch: it reports upload progress, and fetch cannot stream a
// request body over HTTP/1.1.
import { CSRF_HEADER } from "../../api/auth.ts";
import { languageHeaders } from "../../api/language.ts";
import { ApiError, BAD_RESPONSE, NETWORK_ERROR, errorFromResponseText } from "../../api/errors.ts";
import type { MessageKey } from "../../i18n/index.ts";
import type { FieldProblem } from "../../lib/validation.ts";
import { translateProblems } from "../citizen/identityCode.ts";

export interface CohortReport {
  lines: number;
  kept: number;
  removed: number;
  invalid: number;
  /** 1-based numbers of the lines that were not valid identity codes. */
  invalidLines: number[];
}

export interface CohortResult {
  report: CohortReport;
  /** The kept codes, one per line, without the summary line. */
  kept: Blob;
}

export interface CohortProgress {
  phase: "upload" | "download";
  loaded: number;
  /** Known for the upload; for the response, the upload's size (the output is never longer). */
  total: number;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** The summary line's report, or null when the line is not a complete, well-formed summary. */
export function parseSummaryLine(line: string): CohortReport | null {
  if (!line.startsWith("# ")) return null;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(2));
  } catch {
    return null;
  }
  const v = value as Partial<Record<keyof CohortReport | "completed", unknown>> | null;
  if (!v || v.completed !== true) return null;
  if (!isCount(v.lines) || !isCount(v.kept) || !isCount(v.removed) || !isCount(v.invalid)) return null;
  if (!Array.isArray(v.invalidLines) || !v.invalidLines.every(isCount)) return null;
  return { lines: v.lines, kept: v.kept, removed: v.removed, invalid: v.invalid, invalidLines: v.invalidLines };
}

/** Splits the response body into the kept lines and the report; throws when it has no summary. */
export function parseCohortResponse(body: string): { kept: string; report: CohortReport } {
  const trimmed = body.endsWith("\n") ? body.slice(0, -1) : body;
  const cut = trimmed.lastIndexOf("\n");
  const last = trimmed.slice(cut + 1);
  const report = parseSummaryLine(last);
  if (!report) throw new ApiError(BAD_RESPONSE, "the cohort filter response has no summary");
  return { kept: cut < 0 ? "" : trimmed.slice(0, cut + 1), report };
}

/**
 * The invalid line numbers for display: the first `max`, and how many more there are.
 * The server never says what those lines contained, only where they are.
 */
export function summariseInvalidLines(lines: readonly number[], max = 20): { shown: number[]; more: number } {
  return { shown: lines.slice(0, max), more: Math.max(0, lines.length - max) };
}

/** The query string; the file never goes in the URL, only the date and the permit. */
export function cohortFilterUrl(extractionDate: string, permit: string): string {
  const params = new URLSearchParams({ extractionDate });
  if (permit.trim() !== "") params.set("permit", permit.trim());
  return `/api/cohort-filter?${params.toString()}`;
}


export interface RunOptions {
  file: Blob;
  extractionDate: string;
  permit: string;
  onProgress?: (progress: CohortProgress) => void;
  signal?: AbortSignal;
}

export function runCohortFilter({ file, extractionDate, permit, onProgress, signal }: RunOptions): Promise<CohortResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", cohortFilterUrl(extractionDate, permit));
    // Same origin, so the session cookie goes along; the server also wants the CSRF header.
    xhr.setRequestHeader(CSRF_HEADER, "1");
    for (const [name, value] of Object.entries(languageHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Content-Type", "text/plain; charset=utf-8");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) =>
      onProgress?.({ phase: "upload", loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onprogress = (e) => onProgress?.({ phase: "download", loaded: e.loaded, total: file.size });
    xhr.onerror = () => reject(new ApiError(NETWORK_ERROR, "the cohort filter request failed"));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    xhr.onload = () => {
      if (xhr.status !== 200) {
        reject(errorFromResponseText(xhr.status, xhr.responseText));
        return;
      }
      try {
        const { kept, report } = parseCohortResponse(xhr.responseText);
        resolve({ report, kept: new Blob([kept], { type: "text/plain;charset=utf-8" }) });
      } catch (error) {
        reject(error);
      }
    };
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** 0-100, for the progress bar; the response phase is measured against the upload's size. */
export function progressPercent(progress: CohortProgress): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.round((progress.loaded / progress.total) * 100));
}

/** The endpoint's VALIDATION message keys (crates/http/src/cohort_filter.rs) with the app's own text. */
const SERVER_MESSAGE_KEYS: Record<string, MessageKey> = {
  DateRequired: "clerk.cohort.dateRequired",
  NotADate: "clerk.cohort.dateInvalid",
  PrintableCharacters: "clerk.cohort.permitInvalid",
};

export function localiseCohortProblems(problems: readonly FieldProblem[], t: (key: MessageKey) => string): FieldProblem[] {
  return translateProblems(problems, SERVER_MESSAGE_KEYS, t);
}
