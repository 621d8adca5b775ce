// Server VALIDATION errors carry `extensions.fields: [{ field, message }]`, where `field` is a
// path into the input such as `title` or `dataSources[1].periodTo` (crates/graphql/src/error.rs,
// domain FieldProblem). Form fields are named by the same paths, so each problem lands next to
// its field and the error summary can link to it.
import type { ApiError } from "../api/errors.ts";

export interface FieldProblem {
  /** Canonical path: `dataSources[1].periodTo`. */
  field: string;
  /** In the UI's language: the server writes it in the language the app asks for. */
  message: string;
  /** The server's stable message key (`Required`, `HetuCheckCharacter`), when it sent one. */
  key?: string;
}

/** `input.dataSources.1.periodTo`, `dataSources[1].periodTo` → `dataSources[1].periodTo`. */
export function normaliseFieldPath(path: string): string {
  const parts: string[] = [];
  for (const raw of path.split(".")) {
    for (const piece of raw.split(/(?=\[)/)) {
      const index = /^\[(\d+)\]$/.exec(piece);
      if (index) parts.push(`[${index[1]}]`);
      else if (/^\d+$/.test(piece)) parts.push(`[${piece}]`);
      else if (piece !== "") parts.push(piece);
    }
  }
  if (parts[0] === "input" && parts.length > 1) parts.shift();
  return parts.reduce((acc, p) => (p.startsWith("[") || acc === "" ? acc + p : `${acc}.${p}`), "");
}

/** The DOM id of the form control for a field path: `dataSources[1].periodTo` → `field-dataSources-1-periodTo`. */
export function fieldId(path: string): string {
  const slug = normaliseFieldPath(path)
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `field-${slug}`;
}

/** The field problems of a VALIDATION error; empty for any other error. */
export function validationProblems(error: ApiError | null | undefined): FieldProblem[] {
  if (!error || error.code !== "VALIDATION") return [];
  const problems: FieldProblem[] = [];
  for (const entry of error.errors) {
    if (entry.extensions?.code !== "VALIDATION") continue;
    const fields = entry.extensions.fields;
    if (!Array.isArray(fields)) continue;
    for (const f of fields as unknown[]) {
      const { field, message, key } = (f ?? {}) as { field?: unknown; message?: unknown; key?: unknown };
      if (typeof field === "string" && typeof message === "string") {
        const problem: FieldProblem = { field: normaliseFieldPath(field), message };
        if (typeof key === "string") problem.key = key;
        problems.push(problem);
      }
    }
  }
  return problems;
}

/** The messages for one field path (exact match after normalisation). */
export function problemsFor(problems: readonly FieldProblem[], path: string): string[] {
  const wanted = normaliseFieldPath(path);
  return problems.filter((p) => p.field === wanted).map((p) => p.message);
}

/**
 * Splits problems into those a rendered field shows and the rest (fields the form does not
 * render, e.g. a whole list `dataSources`), which the error summary shows as plain text.
 */
export function partitionProblems(
  problems: readonly FieldProblem[],
  renderedPaths: readonly string[],
): { onFields: FieldProblem[]; unplaced: FieldProblem[] } {
  const rendered = new Set(renderedPaths.map(normaliseFieldPath));
  return {
    onFields: problems.filter((p) => rendered.has(p.field)),
    unplaced: problems.filter((p) => !rendered.has(p.field)),
  };
}
