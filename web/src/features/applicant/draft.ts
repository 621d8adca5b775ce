// The application form's state and its pure logic: steps, which field lives on which step,
// client-side checks per step, and the mapping between the form and the GraphQL input.
// The server stays the judge of completeness (submitApplication reports every problem).
import type { ApplicationInput, ApplicationKind, Purpose } from "../../gql/graphql.ts";
import { isMessageKey, type MessageKey } from "../../i18n/index.ts";
import { normaliseFieldPath } from "../../lib/validation.ts";

export interface DraftDataSource {
  dataSourceId: string;
  variables: string;
  periodFrom: string;
  periodTo: string;
}

export interface DraftProcessor {
  firstName: string;
  lastName: string;
  organisation: string;
  ndaSigned: boolean;
}

/** "" = not answered yet. */
export type YesNo = "" | "yes" | "no";

export interface Draft {
  applicantName: string;
  /** The register organisation the applicant acts for; "" = a private person (or none chosen). */
  organisationId: string;
  organisationName: string;
  businessId: string;
  contactEmail: string;
  billingReference: string;
  title: string;
  publicSummary: string;
  purpose: "" | Purpose;
  researchPlan: string;
  dataSources: DraftDataSource[];
  cohortDefinition: string;
  minimisationJustification: string;
  processors: DraftProcessor[];
  processingEnvironmentId: string;
  requestedValidityEnd: string;
  ethicsStatementNeeded: YesNo;
  ethicsReference: string;
  dpiaDone: YesNo;
  isThesis: boolean;
  applicantOutsideEea: boolean;
}

export const PURPOSES: readonly Purpose[] = [
  "SCIENTIFIC_RESEARCH",
  "STATISTICS",
  "AUTHORITY_PLANNING_AND_REPORTING",
  "EDUCATION",
  "DEVELOPMENT_AND_INNOVATION",
  "KNOWLEDGE_MANAGEMENT",
  "STEERING_AND_SUPERVISION",
];

/** Purposes that get anonymous statistics only, so they need a DATA_REQUEST (DESIGN.md §2). */
export const STATISTICS_ONLY_PURPOSES: readonly Purpose[] = [
  "DEVELOPMENT_AND_INNOVATION",
  "KNOWLEDGE_MANAGEMENT",
  "STEERING_AND_SUPERVISION",
];

export function purposeAllowed(kind: ApplicationKind, purpose: Purpose): boolean {
  return kind !== "DATA_PERMIT" || !STATISTICS_ONLY_PURPOSES.includes(purpose);
}

export const STEPS = [
  "applicant",
  "purpose",
  "dataSources",
  "cohort",
  "processors",
  "environment",
  "attachments",
  "review",
] as const;
export type Step = (typeof STEPS)[number];

/** A data request names no processors or environment; an amendment has its own step. */
export function stepsFor(kind: ApplicationKind): Step[] {
  // An amendment keeps its permit's data sources, cohort and purpose (DESIGN.md §2).
  if (kind === "AMENDMENT") return ["applicant", "purpose", "attachments", "review"];
  if (kind === "DATA_REQUEST") return STEPS.filter((s) => s !== "processors" && s !== "environment");
  return [...STEPS];
}

const FIELD_STEP: Record<string, Step> = {
  applicantName: "applicant",
  organisationId: "applicant",
  organisationName: "applicant",
  businessId: "applicant",
  contactEmail: "applicant",
  billingReference: "applicant",
  title: "purpose",
  publicSummary: "purpose",
  purpose: "purpose",
  researchPlan: "purpose",
  dataSources: "dataSources",
  cohortDefinition: "cohort",
  minimisationJustification: "cohort",
  processors: "processors",
  processingEnvironmentId: "environment",
  requestedValidityEnd: "environment",
  ethicsStatementNeeded: "environment",
  ethicsReference: "environment",
  dpiaDone: "environment",
  isThesis: "environment",
  applicantOutsideEea: "environment",
};

/** The step that shows a field path (`dataSources[1].periodTo` → dataSources); unknown → review. */
export function stepOfField(path: string): Step {
  const root = normaliseFieldPath(path).split(/[.[]/)[0] ?? "";
  return FIELD_STEP[root] ?? "review";
}

export function emptyDataSource(): DraftDataSource {
  return { dataSourceId: "", variables: "", periodFrom: "", periodTo: "" };
}

export function emptyProcessor(): DraftProcessor {
  return { firstName: "", lastName: "", organisation: "", ndaSigned: false };
}

export function emptyDraft(): Draft {
  return {
    applicantName: "",
    organisationId: "",
    organisationName: "",
    businessId: "",
    contactEmail: "",
    billingReference: "",
    title: "",
    publicSummary: "",
    purpose: "",
    researchPlan: "",
    dataSources: [],
    cohortDefinition: "",
    minimisationJustification: "",
    processors: [],
    processingEnvironmentId: "",
    requestedValidityEnd: "",
    ethicsStatementNeeded: "",
    ethicsReference: "",
    dpiaDone: "",
    isThesis: false,
    applicantOutsideEea: false,
  };
}

/** What the form needs from an Application (a subset of the CaseDetail fragment). */
export interface ApplicationContent {
  applicantName?: string | null;
  organisation?: { id: string } | null;
  organisationName?: string | null;
  businessId?: string | null;
  contactEmail?: string | null;
  billingReference?: string | null;
  title?: string | null;
  publicSummary?: string | null;
  purpose?: Purpose | null;
  researchPlan?: string | null;
  dataSources: readonly { dataSourceId: string; variables: string; periodFrom?: string | null; periodTo?: string | null }[];
  cohortDefinition?: string | null;
  minimisationJustification?: string | null;
  processors: readonly DraftProcessor[];
  processingEnvironment?: { id: string } | null;
  requestedValidityEnd?: string | null;
  ethicsStatementNeeded?: boolean | null;
  ethicsReference?: string | null;
  dpiaDone?: boolean | null;
  isThesis: boolean;
  applicantOutsideEea: boolean;
}

const yesNo = (value: boolean | null | undefined): YesNo => (value == null ? "" : value ? "yes" : "no");
const fromYesNo = (value: YesNo): boolean | null => (value === "" ? null : value === "yes");
/** Blank text is "not given": the server stores null, so a saved draft reads back the same. */
const text = (value: string): string | null => (value.trim() === "" ? null : value);

export function draftFromApplication(a: ApplicationContent): Draft {
  return {
    applicantName: a.applicantName ?? "",
    organisationId: a.organisation?.id ?? "",
    organisationName: a.organisationName ?? "",
    businessId: a.businessId ?? "",
    contactEmail: a.contactEmail ?? "",
    billingReference: a.billingReference ?? "",
    title: a.title ?? "",
    publicSummary: a.publicSummary ?? "",
    purpose: a.purpose ?? "",
    researchPlan: a.researchPlan ?? "",
    dataSources: a.dataSources.map((s) => ({
      dataSourceId: s.dataSourceId,
      variables: s.variables,
      periodFrom: s.periodFrom ?? "",
      periodTo: s.periodTo ?? "",
    })),
    cohortDefinition: a.cohortDefinition ?? "",
    minimisationJustification: a.minimisationJustification ?? "",
    processors: a.processors.map((p) => ({
      firstName: p.firstName,
      lastName: p.lastName,
      organisation: p.organisation,
      ndaSigned: p.ndaSigned,
    })),
    processingEnvironmentId: a.processingEnvironment?.id ?? "",
    requestedValidityEnd: a.requestedValidityEnd ?? "",
    ethicsStatementNeeded: yesNo(a.ethicsStatementNeeded),
    ethicsReference: a.ethicsReference ?? "",
    dpiaDone: yesNo(a.dpiaDone),
    isThesis: a.isThesis,
    applicantOutsideEea: a.applicantOutsideEea,
  };
}

/**
 * The GraphQL input for a draft. Saving replaces the whole draft, so everything is sent.
 * Data-source rows with no source chosen are dropped (the input needs an id); a data request
 * sends no processors or environment, which it may not have.
 */
export function draftToInput(draft: Draft, kind: ApplicationKind): ApplicationInput {
  const permitOnly = kind !== "DATA_REQUEST";
  return {
    applicantName: text(draft.applicantName),
    organisationId: draft.organisationId === "" ? null : draft.organisationId,
    organisationName: text(draft.organisationName),
    businessId: text(draft.businessId),
    contactEmail: text(draft.contactEmail),
    billingReference: text(draft.billingReference),
    title: text(draft.title),
    publicSummary: text(draft.publicSummary),
    purpose: draft.purpose === "" ? null : draft.purpose,
    researchPlan: text(draft.researchPlan),
    dataSources: draft.dataSources
      .filter((s) => s.dataSourceId !== "")
      .map((s) => ({
        dataSourceId: s.dataSourceId,
        variables: s.variables,
        periodFrom: s.periodFrom === "" ? null : s.periodFrom,
        periodTo: s.periodTo === "" ? null : s.periodTo,
      })),
    cohortDefinition: text(draft.cohortDefinition),
    minimisationJustification: text(draft.minimisationJustification),
    processors: permitOnly ? draft.processors.map((p) => ({ ...p })) : [],
    processingEnvironmentId: permitOnly && draft.processingEnvironmentId !== "" ? draft.processingEnvironmentId : null,
    requestedValidityEnd: permitOnly && draft.requestedValidityEnd !== "" ? draft.requestedValidityEnd : null,
    ethicsStatementNeeded: permitOnly ? fromYesNo(draft.ethicsStatementNeeded) : null,
    ethicsReference: permitOnly ? text(draft.ethicsReference) : null,
    dpiaDone: permitOnly ? fromYesNo(draft.dpiaDone) : null,
    isThesis: permitOnly && draft.isThesis,
    applicantOutsideEea: draft.applicantOutsideEea,
  };
}

export interface LocalProblem {
  field: string;
  key: MessageKey;
}

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,.]+$/;
const BUSINESS_ID = /^\d{7}-\d$/;

/**
 * Checks that can be made before saving a step: shapes and the kind rule. Missing values are
 * not problems here (a draft may be incomplete); submission reports them.
 */
export function validateStep(step: Step, draft: Draft, kind: ApplicationKind): LocalProblem[] {
  const problems: LocalProblem[] = [];
  const add = (field: string, key: MessageKey) => problems.push({ field, key });
  switch (step) {
    case "applicant":
      if (draft.contactEmail.trim() !== "" && !EMAIL.test(draft.contactEmail.trim()))
        add("contactEmail", "applicant.check.email");
      if (draft.businessId.trim() !== "" && !BUSINESS_ID.test(draft.businessId.trim()))
        add("businessId", "applicant.check.businessId");
      break;
    case "purpose":
      if (draft.purpose !== "" && !purposeAllowed(kind, draft.purpose)) add("purpose", "applicant.check.purposeRule");
      break;
    case "dataSources": {
      const seen = new Set<string>();
      draft.dataSources.forEach((s, i) => {
        if (s.dataSourceId === "") add(`dataSources[${i}].dataSourceId`, "applicant.check.chooseSource");
        else if (seen.has(s.dataSourceId)) add(`dataSources[${i}].dataSourceId`, "applicant.check.sourceTwice");
        seen.add(s.dataSourceId);
        if (s.periodFrom !== "" && s.periodTo !== "" && s.periodTo < s.periodFrom)
          add(`dataSources[${i}].periodTo`, "applicant.check.periodOrder");
      });
      break;
    }
    case "environment":
      if (draft.ethicsStatementNeeded === "yes" && draft.ethicsReference.trim() === "")
        add("ethicsReference", "applicant.check.ethicsReference");
      break;
    default:
      break;
  }
  return problems;
}

const LABEL_KEYS: Record<string, MessageKey> = {
  organisationId: "applicant.form.actingFor",
  processingEnvironmentId: "case.field.processingEnvironment",
  processors: "case.section.processors",
  dataSources: "case.section.dataSources",
  dataSourceId: "applicant.form.source",
  variables: "case.field.variables",
  periodFrom: "applicant.form.periodFrom",
  periodTo: "applicant.form.periodTo",
  firstName: "applicant.form.firstName",
  lastName: "applicant.form.lastName",
  organisation: "case.field.organisationName",
};

/**
 * The message key of a field path's visible label, for the error summary
 * (`processors[0].lastName` → the last-name label); null when the form has no such field.
 */
export function fieldLabelKey(path: string): MessageKey | null {
  const leaf = normaliseFieldPath(path).replace(/\[\d+\]/g, "").split(".").pop() ?? "";
  if (LABEL_KEYS[leaf]) return LABEL_KEYS[leaf];
  const key = `case.field.${leaf}`;
  return isMessageKey(key) ? key : null;
}

/** The 1-based row of a list item's field path (`dataSources[1].periodTo` → 2), if any. */
export function rowOfField(path: string): number | null {
  const index = /\[(\d+)\]/.exec(normaliseFieldPath(path));
  return index ? Number(index[1]) + 1 : null;
}

/** An organisation the applicant may act for, as the form offers it. */
export interface OrganisationChoice {
  id: string;
  name: string;
  businessId: string;
}

/**
 * The applicant's organisations they may still act for: those whose customer relationship has
 * not ended by `today` (ISO date; the end date is the first day without it).
 */
export function organisationChoices(
  organisations: readonly (OrganisationChoice & { relationshipEndedOn?: string | null })[],
  today: string,
): OrganisationChoice[] {
  return organisations
    .filter((o) => o.relationshipEndedOn == null || today < o.relationshipEndedOn)
    .map(({ id, name, businessId }) => ({ id, name, businessId }));
}

/**
 * The draft acting for `organisationId` ("" = none from the register): the register's name and
 * business ID replace what was typed; leaving a registered organisation clears them, so a
 * private person names none (and another organisation is typed anew).
 */
export function actFor(draft: Draft, organisationId: string, choices: readonly OrganisationChoice[]): Draft {
  const chosen = choices.find((o) => o.id === organisationId);
  if (chosen) return { ...draft, organisationId, organisationName: chosen.name, businessId: chosen.businessId };
  if (draft.organisationId === "") return draft;
  return { ...draft, organisationId: "", organisationName: "", businessId: "" };
}
