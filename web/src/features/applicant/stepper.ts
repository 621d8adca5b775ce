// What the application form's step list says about each step, which problems the form keeps
// while the applicant moves between steps, and where the skip link leads. Apart from that last
// DOM query these are pure, so the rules are tested without rendering the form.
import type { AmendmentChange, ApplicationKind } from "../../gql/graphql.ts";
import type { FieldProblem } from "../../lib/validation.ts";
import { CHANGES_STEP, type AmendmentDraft, type FormStep } from "./amendment.ts";
import { purposeAllowed, type Draft } from "./draft.ts";

/** "filled": every field submission requires is given; "errors": a problem is still open. */
export type StepStatus = "errors" | "filled" | "open";

export interface StepContent {
  kind: ApplicationKind;
  draft: Draft;
  amendment: AmendmentDraft;
  attachmentCount: number;
}

const given = (value: string) => value.trim() !== "";

const AMENDMENT_VALUES: Record<AmendmentChange, (a: AmendmentDraft) => boolean> = {
  EXTEND_VALIDITY: (a) => a.newValidUntil !== "",
  ADD_PROCESSORS: (a) => given(a.addFirstName) && given(a.addLastName) && given(a.addOrganisation),
  REMOVE_PROCESSORS: (a) => a.removeProcessors.length > 0,
  CHANGE_ENVIRONMENT: (a) => a.newEnvironmentId !== "",
  COMBINE_PERMITS: (a) => a.combinePermitIds.length > 0,
};

/**
 * Whether a step has everything submission asks of it (the rules of the server's
 * validate_for_submission, crates/domain/src/application/content.rs), so the step list can
 * say which steps are done. A guide only: the server still judges the submission.
 * Attachments are optional, so that step counts as filled once something is attached;
 * the review step is never "filled" (it is where the application is sent).
 */
export function stepFilled(step: FormStep, { kind, draft, amendment, attachmentCount }: StepContent): boolean {
  switch (step) {
    case CHANGES_STEP:
      return amendment.changes.length > 0 && amendment.changes.every((c) => AMENDMENT_VALUES[c](amendment));
    case "applicant":
      return (
        given(draft.applicantName) &&
        given(draft.contactEmail) &&
        given(draft.organisationName) === given(draft.businessId)
      );
    case "purpose":
      return (
        given(draft.title) &&
        given(draft.publicSummary) &&
        given(draft.researchPlan) &&
        draft.purpose !== "" &&
        purposeAllowed(kind, draft.purpose)
      );
    case "dataSources":
      return (
        draft.dataSources.length > 0 &&
        draft.dataSources.every((s) => s.dataSourceId !== "" && given(s.variables) && s.periodFrom !== "" && s.periodTo !== "")
      );
    case "cohort":
      return given(draft.cohortDefinition) && given(draft.minimisationJustification);
    case "processors":
      return (
        draft.processors.length > 0 &&
        draft.processors.every((p) => given(p.firstName) && given(p.lastName) && given(p.organisation))
      );
    case "environment":
      return (
        draft.processingEnvironmentId !== "" &&
        draft.requestedValidityEnd !== "" &&
        draft.ethicsStatementNeeded !== "" &&
        (draft.ethicsStatementNeeded === "no" || given(draft.ethicsReference)) &&
        draft.dpiaDone !== ""
      );
    case "attachments":
      return attachmentCount > 0;
    case "review":
      return false;
  }
}

/** An open problem outweighs filled fields: a filled step can still have a wrong value. */
export function stepStatus(step: FormStep, content: StepContent, problemSteps: ReadonlySet<FormStep>): StepStatus {
  if (problemSteps.has(step)) return "errors";
  return stepFilled(step, content) ? "filled" : "open";
}

/**
 * The problems to keep after checking `checked` steps found `fresh` ones: those of the
 * checked steps are replaced, those of other steps stay (a problem the server found on
 * submission is still there after another step is saved), and a problem with no field on
 * any step (`stepOf` gives "review") belongs to the latest check only.
 */
export function mergeProblems(
  previous: readonly FieldProblem[],
  checked: readonly FormStep[],
  fresh: readonly FieldProblem[],
  stepOf: (field: string) => FormStep,
): FieldProblem[] {
  const replaced = new Set<FormStep>([...checked, "review"]);
  const same = (a: FieldProblem, b: FieldProblem) => a.field === b.field && a.message === b.message;
  const kept = previous.filter((p) => !replaced.has(stepOf(p.field)) && !fresh.some((f) => same(f, p)));
  return [...kept, ...fresh];
}

/**
 * The first control of a step a keyboard user would fill: where the skip link before the
 * step list leads. Disabled and hidden controls and focus targets (tabindex -1) are skipped.
 */
export function firstControlIn(container: ParentNode): HTMLElement | null {
  const candidates = container.querySelectorAll<HTMLElement>(
    "input:not([type=hidden]), select, textarea, button, [tabindex]:not([tabindex='-1'])",
  );
  for (const element of candidates) {
    if ((element as HTMLInputElement).disabled) continue;
    if (element.closest("[hidden], [inert]")) continue;
    if (element.getAttribute("tabindex") === "-1") continue;
    return element;
  }
  return null;
}
