import type { FieldProblem } from "../../lib/validation.ts";

/**
 * Moves a form's server problems under `prefix` (`reason` → `extension.reason`) when the
 * page has two forms with a same-named field, so DOM ids and summary links stay unique.
 */
export function prefixProblems(problems: readonly FieldProblem[], prefix: string): FieldProblem[] {
  return problems.map((p) => ({ ...p, field: `${prefix}.${p.field}` }));
}
