// The citizen's objection form: its state, the GraphQL input it becomes, and where the
// server's VALIDATION problems land.
import type { FileObjectionInput, RepresentationBasis } from "../../gql/graphql.ts";
import type { FieldProblem } from "../../lib/validation.ts";

export const REPRESENTATION_BASES: readonly RepresentationBasis[] = ["GUARDIAN_OF_MINOR", "GUARDIANSHIP", "MANDATE"];

export interface FileObjectionForm {
  filingFor: "SELF" | "REPRESENTED";
  representedIdentityCode: string;
  representationBasis: RepresentationBasis | "";
}

export const EMPTY_FILE_OBJECTION_FORM: FileObjectionForm = {
  filingFor: "SELF",
  representedIdentityCode: "",
  representationBasis: "",
};

/**
 * For oneself the input is empty (the server takes the code from the sign-in). For a
 * represented person both fields go as typed (surrounding spaces trimmed, nothing else: the
 * server is strict about case and century sign); a missing basis is left for the server to
 * report next to its field.
 */
export function toFileObjectionInput(form: FileObjectionForm): FileObjectionInput {
  if (form.filingFor === "SELF") return {};
  return {
    representedIdentityCode: form.representedIdentityCode.trim(),
    representationBasis: form.representationBasis === "" ? null : form.representationBasis,
  };
}

/**
 * The server names the represented person's code `identityCode` once it parses it (and
 * `representedIdentityCode` when it is missing); the form's field is
 * `representedIdentityCode`. Problems with the sign-in's own code (`token.hetu`) stay
 * unplaced and show in the error summary.
 */
export function placeFileObjectionProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => (p.field === "identityCode" ? { ...p, field: "representedIdentityCode" } : p));
}
