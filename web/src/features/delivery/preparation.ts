// POST /api/delivery-orders/{id}/preparation?version=N&identityColumn=..&delimiter=..
// (crates/http, staff only): the controller's CSV in, the prepared CSV out with the same
// header and the identity column replaced by `pseudonym`, then one summary line
// `# {"rowsRead":..,"droppedAsObjectors":..,"invalid":..,"written":..,"invalidLines":[..],
// "completed":true}` as the cohort filter ends its answer. A response without a complete
// summary is never offered as a prepared file: the run did not finish.
//
// XMLHttpRequest, like the cohort filter: it reports upload progress.
import { CSRF_HEADER } from "../../api/auth.ts";
import { ApiError, BAD_RESPONSE, NETWORK_ERROR, errorFromResponseText } from "../../api/errors.ts";
import { languageHeaders } from "../../api/language.ts";
import type { FieldProblem } from "../../lib/validation.ts";

export interface PreparationSummary {
  rowsRead: number;
  droppedAsObjectors: number;
  invalid: number;
  written: number;
  /** 1-based line numbers of the rows whose identity code was not valid (the first 100). */
  invalidLines: number[];
}

export interface PreparationResult {
  summary: PreparationSummary;
  /** The prepared CSV without the summary line. */
  prepared: Blob;
}

export interface PreparationProgress {
  phase: "upload" | "download";
  loaded: number;
  total: number;
}

/** The delimiters a controller's file may use; the value is what the endpoint takes. */
export const DELIMITERS = [
  { value: ",", key: "delivery.prepare.delimiter.comma" },
  { value: ";", key: "delivery.prepare.delimiter.semicolon" },
  { value: "\t", key: "delivery.prepare.delimiter.tab" },
  { value: "|", key: "delivery.prepare.delimiter.pipe" },
] as const;

export function preparationUrl(orderId: string, version: number, identityColumn: string, delimiter: string): string {
  const params = new URLSearchParams({ version: String(version), identityColumn: identityColumn.trim(), delimiter });
  return `/api/delivery-orders/${encodeURIComponent(orderId)}/preparation?${params.toString()}`;
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** The summary line's counts, or null when the line is not a complete summary. */
export function parsePreparationSummary(line: string): PreparationSummary | null {
  if (!line.startsWith("# ")) return null;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(2));
  } catch {
    return null;
  }
  const v = value as Record<string, unknown> | null;
  if (!v || typeof v !== "object" || v.completed !== true) return null;
  const { rowsRead, droppedAsObjectors, invalid, written, invalidLines } = v;
  if (!isCount(rowsRead) || !isCount(droppedAsObjectors) || !isCount(invalid) || !isCount(written)) return null;
  if (!Array.isArray(invalidLines) || !invalidLines.every(isCount)) return null;
  return { rowsRead, droppedAsObjectors, invalid, written, invalidLines };
}

/** Splits the response into the prepared CSV and its summary; throws without a summary. */
export function parsePreparationResponse(body: string): { prepared: string; summary: PreparationSummary } {
  const trimmed = body.replace(/\r?\n$/, "");
  const cut = trimmed.lastIndexOf("\n");
  const summary = parsePreparationSummary(trimmed.slice(cut + 1));
  if (!summary) throw new ApiError(BAD_RESPONSE, "the preparation response has no summary");
  return { prepared: cut < 0 ? "" : trimmed.slice(0, cut + 1), summary };
}

/**
 * The column names of a CSV's first line, to help pick the identity column: a byte-order
 * mark dropped, quotes around a name removed. Only the header is read, never a row.
 */
export function headerColumns(firstChunk: string, delimiter: string): string[] {
  const text = firstChunk.replace(/^\uFEFF/, "");
  const end = text.search(/\r?\n/);
  const line = end < 0 ? text : text.slice(0, end);
  if (line.trim() === "") return [];
  return line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, "$1").replace(/""/g, '"'));
}

/** Names that usually hold the identity code, in lower case, for a first guess. */
const IDENTITY_NAMES = ["hetu", "henkilotunnus", "henkilötunnus", "personbeteckning", "identity_code", "ssn", "pid"];

export function guessIdentityColumn(columns: readonly string[]): string | null {
  return columns.find((c) => IDENTITY_NAMES.includes(c.toLowerCase())) ?? null;
}

/** The prepared file's name: the input's, marked as prepared. */
export function preparedFilename(inputName: string): string {
  const dot = inputName.lastIndexOf(".");
  const stem = dot > 0 ? inputName.slice(0, dot) : inputName;
  return `${stem}-pseudonymised.csv`;
}

export interface PreparationForm {
  file: File | null;
  identityColumn: string;
  /** Column names read from the file's header, when it has been read. */
  columns: readonly string[] | null;
}

/** Problems the browser can see before the upload: the same fields the server names. */
export function validatePreparation(form: PreparationForm, messages: { fileRequired: string; columnRequired: string; columnMissing: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!form.file) problems.push({ field: "file", message: messages.fileRequired });
  const column = form.identityColumn.trim();
  if (column === "") problems.push({ field: "identityColumn", message: messages.columnRequired });
  else if (form.columns && form.columns.length > 0 && !form.columns.includes(column)) {
    problems.push({ field: "identityColumn", message: messages.columnMissing });
  }
  return problems;
}


export interface RunPreparationOptions {
  orderId: string;
  version: number;
  identityColumn: string;
  delimiter: string;
  file: Blob;
  onProgress?: (progress: PreparationProgress) => void;
  signal?: AbortSignal;
}

export function runPreparation(o: RunPreparationOptions): Promise<PreparationResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", preparationUrl(o.orderId, o.version, o.identityColumn, o.delimiter));
    xhr.setRequestHeader(CSRF_HEADER, "1");
    for (const [name, value] of Object.entries(languageHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Content-Type", "text/csv; charset=utf-8");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => o.onProgress?.({ phase: "upload", loaded: e.loaded, total: e.lengthComputable ? e.total : o.file.size });
    xhr.onprogress = (e) => o.onProgress?.({ phase: "download", loaded: e.loaded, total: o.file.size });
    xhr.onerror = () => reject(new ApiError(NETWORK_ERROR, "the preparation request failed"));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    xhr.onload = () => {
      if (xhr.status !== 200) {
        reject(errorFromResponseText(xhr.status, xhr.responseText));
        return;
      }
      try {
        const { prepared, summary } = parsePreparationResponse(xhr.responseText);
        resolve({ summary, prepared: new Blob([prepared], { type: "text/csv;charset=utf-8" }) });
      } catch (error) {
        reject(error);
      }
    };
    o.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(o.file);
  });
}
