// The amendment form's state and its AmendmentInput: only the chosen change types carry values.
import type { Option } from "../../components/form/index.ts";
import type { AmendmentChange, AmendmentInput, ApplicationKind, PermitStatus, Purpose } from "../../gql/graphql.ts";
import { stepOfField, stepsFor, type DraftProcessor, type Step } from "./draft.ts";

export interface AmendmentDraft {
  changes: AmendmentChange[];
  newValidUntil: string;
  addFirstName: string;
  addLastName: string;
  addOrganisation: string;
  /** Indexes of the permit's processors to remove (the checkboxes' values). */
  remove: number[];
  removeProcessors: DraftProcessor[];
  newEnvironmentId: string;
  /** Ids of the holder's other permits to combine into this one. */
  combinePermitIds: string[];
}

export function emptyAmendment(): AmendmentDraft {
  return {
    changes: [],
    newValidUntil: "",
    addFirstName: "",
    addLastName: "",
    addOrganisation: "",
    remove: [],
    removeProcessors: [],
    newEnvironmentId: "",
    combinePermitIds: [],
  };
}

/** One of the holder's applications, with the permit it was granted, if any. */
export interface HeldApplication {
  title?: string | null;
  permit?: { id: string; decisionNumber: string; purpose?: Purpose | null; status: PermitStatus; validUntil: string } | null;
}

/**
 * The permits that can be combined into `permit`: the holder's other permits for the same
 * purpose that are active today (the server refuses the rest), each labelled by its decision
 * number, title and end of validity.
 */
export function combinablePermitOptions(
  applications: readonly HeldApplication[],
  permit: { id: string; purpose?: Purpose | null },
  today: string,
  label: (p: { decisionNumber: string; title: string; validUntil: string }) => string,
): Option[] {
  const seen = new Set<string>();
  const options: Option[] = [];
  for (const a of applications) {
    const p = a.permit;
    if (!p || p.id === permit.id || seen.has(p.id)) continue;
    if (p.status !== "ACTIVE" || p.validUntil < today || p.purpose !== permit.purpose) continue;
    seen.add(p.id);
    options.push({ value: p.id, label: label({ decisionNumber: p.decisionNumber, title: a.title ?? "", validUntil: p.validUntil }) });
  }
  return options;
}

export function amendmentToInput(d: AmendmentDraft): AmendmentInput {
  const has = (c: AmendmentChange) => d.changes.includes(c);
  return {
    changes: d.changes,
    newValidUntil: has("EXTEND_VALIDITY") && d.newValidUntil !== "" ? d.newValidUntil : null,
    addProcessors: has("ADD_PROCESSORS")
      ? [{ firstName: d.addFirstName, lastName: d.addLastName, organisation: d.addOrganisation, ndaSigned: false }]
      : [],
    removeProcessors: has("REMOVE_PROCESSORS")
      ? d.removeProcessors.map((p) => ({ firstName: p.firstName, lastName: p.lastName, organisation: p.organisation, ndaSigned: p.ndaSigned }))
      : [],
    newEnvironmentId: has("CHANGE_ENVIRONMENT") && d.newEnvironmentId !== "" ? d.newEnvironmentId : null,
    combinePermitIds: has("COMBINE_PERMITS") ? d.combinePermitIds : [],
  };
}

/** An amendment as the API shows it on its application (a subset of the CaseDetail fragment). */
export interface SavedAmendment {
  changes: readonly AmendmentChange[];
  newValidUntil?: string | null;
  addProcessors: readonly DraftProcessor[];
  removeProcessors: readonly DraftProcessor[];
  newEnvironmentId?: string | null;
  combinePermitIds: readonly string[];
}

const sameProcessor = (a: DraftProcessor, b: DraftProcessor) =>
  a.firstName === b.firstName && a.lastName === b.lastName && a.organisation === b.organisation;

/**
 * The form's state for a saved amendment, so that reopening the draft shows what was entered.
 * The processors to remove are ticked where the permit still names them (the checkboxes'
 * values are indexes into `permitProcessors`); they are kept as saved either way, for the
 * server to judge. The form adds one processor at a time: the first added one is shown.
 */
export function amendmentFromApplication(saved: SavedAmendment | null | undefined, permitProcessors: readonly DraftProcessor[]): AmendmentDraft {
  if (!saved) return emptyAmendment();
  const added = saved.addProcessors[0];
  return {
    changes: [...saved.changes],
    newValidUntil: saved.newValidUntil ?? "",
    addFirstName: added?.firstName ?? "",
    addLastName: added?.lastName ?? "",
    addOrganisation: added?.organisation ?? "",
    remove: saved.removeProcessors
      .map((p) => permitProcessors.findIndex((q) => sameProcessor(p, q)))
      .filter((i) => i >= 0),
    removeProcessors: saved.removeProcessors.map((p) => ({ firstName: p.firstName, lastName: p.lastName, organisation: p.organisation, ndaSigned: p.ndaSigned })),
    newEnvironmentId: saved.newEnvironmentId ?? "",
    combinePermitIds: [...saved.combinePermitIds],
  };
}

/** The application form's step of an amendment's changes, before the steps every kind has. */
export const CHANGES_STEP = "changes";
export type FormStep = Step | typeof CHANGES_STEP;

export function formStepsFor(kind: ApplicationKind): FormStep[] {
  return kind === "AMENDMENT" ? [CHANGES_STEP, ...stepsFor(kind)] : stepsFor(kind);
}

/** The step showing a field path, the amendment's own (`amendment.newValidUntil`) included. */
export function formStepOfField(path: string): FormStep {
  return path.split(/[.[]/)[0] === "amendment" ? CHANGES_STEP : stepOfField(path);
}
