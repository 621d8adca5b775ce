import { describe, expect, it } from "vitest";
import {
  actFor,
  draftFromApplication,
  draftToInput,
  emptyDataSource,
  emptyDraft,
  emptyProcessor,
  fieldLabelKey,
  organisationChoices,
  rowOfField,
  purposeAllowed,
  stepOfField,
  stepsFor,
  validateStep,
  type ApplicationContent,
} from "./draft.ts";

const saved: ApplicationContent = {
  applicantName: "Aino Virtanen",
  organisationName: "Helsingin yliopisto",
  businessId: "0313471-7",
  contactEmail: "aino@example.fi",
  billingReference: null,
  title: "Rokotukset",
  publicSummary: "Tiivistelmä",
  purpose: "SCIENTIFIC_RESEARCH",
  researchPlan: "Suunnitelma",
  dataSources: [{ dataSourceId: "src-1", variables: "ikä", periodFrom: "2015-01-01", periodTo: null }],
  cohortDefinition: "Kaikki",
  minimisationJustification: "Syntymävuosi",
  processors: [{ firstName: "Aino", lastName: "Virtanen", organisation: "HY", ndaSigned: true }],
  processingEnvironment: { id: "env-1" },
  requestedValidityEnd: "2029-12-31",
  ethicsStatementNeeded: false,
  ethicsReference: null,
  dpiaDone: true,
  isThesis: false,
  applicantOutsideEea: false,
};

describe("steps", () => {
  it("a data request skips processors and environment; an amendment keeps its permit's data", () => {
    expect(stepsFor("DATA_PERMIT")).toEqual([
      "applicant", "purpose", "dataSources", "cohort", "processors", "environment", "attachments", "review",
    ]);
    expect(stepsFor("DATA_REQUEST")).toEqual(["applicant", "purpose", "dataSources", "cohort", "attachments", "review"]);
    expect(stepsFor("AMENDMENT")).toEqual(["applicant", "purpose", "attachments", "review"]);
  });

  it("finds the step of a server field path, including list items", () => {
    expect(stepOfField("title")).toBe("purpose");
    expect(stepOfField("dataSources[1].periodTo")).toBe("dataSources");
    expect(stepOfField("input.processors.0.lastName")).toBe("processors");
    expect(stepOfField("dataSources")).toBe("dataSources");
    expect(stepOfField("ethicsReference")).toBe("environment");
    expect(stepOfField("somethingElse")).toBe("review");
  });
});

describe("the kind rule", () => {
  it("a data permit may not serve statistics-only purposes; a data request may", () => {
    expect(purposeAllowed("DATA_PERMIT", "SCIENTIFIC_RESEARCH")).toBe(true);
    expect(purposeAllowed("DATA_PERMIT", "KNOWLEDGE_MANAGEMENT")).toBe(false);
    expect(purposeAllowed("DATA_REQUEST", "KNOWLEDGE_MANAGEMENT")).toBe(true);
  });

  it("flags a statistics-only purpose on the purpose step of a data permit", () => {
    const draft = { ...emptyDraft(), purpose: "STEERING_AND_SUPERVISION" as const };
    expect(validateStep("purpose", draft, "DATA_PERMIT")).toEqual([{ field: "purpose", key: "applicant.check.purposeRule" }]);
    expect(validateStep("purpose", draft, "DATA_REQUEST")).toEqual([]);
  });
});

describe("validateStep", () => {
  it("accepts an empty draft: missing values are for submission to report", () => {
    for (const step of stepsFor("DATA_PERMIT")) expect(validateStep(step, emptyDraft(), "DATA_PERMIT")).toEqual([]);
  });

  it("checks email and business ID shapes on the applicant step", () => {
    const draft = { ...emptyDraft(), contactEmail: "aino at example", businessId: "12345" };
    expect(validateStep("applicant", draft, "DATA_PERMIT").map((p) => p.field)).toEqual(["contactEmail", "businessId"]);
    const ok = { ...emptyDraft(), contactEmail: "aino@example.fi", businessId: "0313471-7" };
    expect(validateStep("applicant", ok, "DATA_PERMIT")).toEqual([]);
  });

  it("names the row of an unchosen, repeated or backwards data source", () => {
    const draft = {
      ...emptyDraft(),
      dataSources: [
        { dataSourceId: "a", variables: "x", periodFrom: "2020-01-01", periodTo: "2019-01-01" },
        { ...emptyDataSource() },
        { dataSourceId: "a", variables: "", periodFrom: "", periodTo: "" },
      ],
    };
    expect(validateStep("dataSources", draft, "DATA_PERMIT")).toEqual([
      { field: "dataSources[0].periodTo", key: "applicant.check.periodOrder" },
      { field: "dataSources[1].dataSourceId", key: "applicant.check.chooseSource" },
      { field: "dataSources[2].dataSourceId", key: "applicant.check.sourceTwice" },
    ]);
  });

  it("asks for the ethics reference when a statement is needed", () => {
    const draft = { ...emptyDraft(), ethicsStatementNeeded: "yes" as const };
    expect(validateStep("environment", draft, "DATA_PERMIT")).toEqual([
      { field: "ethicsReference", key: "applicant.check.ethicsReference" },
    ]);
  });
});

describe("draft ↔ GraphQL input", () => {
  it("reads an application into form state and writes the same content back", () => {
    const draft = draftFromApplication(saved);
    expect(draft.ethicsStatementNeeded).toBe("no");
    expect(draft.dpiaDone).toBe("yes");
    expect(draft.billingReference).toBe("");
    expect(draft.dataSources[0]!.periodTo).toBe("");
    const input = draftToInput(draft, "DATA_PERMIT");
    expect(input).toMatchObject({
      applicantName: "Aino Virtanen",
      billingReference: null,
      purpose: "SCIENTIFIC_RESEARCH",
      dataSources: [{ dataSourceId: "src-1", variables: "ikä", periodFrom: "2015-01-01", periodTo: null }],
      processors: [{ firstName: "Aino", lastName: "Virtanen", organisation: "HY", ndaSigned: true }],
      processingEnvironmentId: "env-1",
      requestedValidityEnd: "2029-12-31",
      ethicsStatementNeeded: false,
      dpiaDone: true,
    });
  });

  it("sends blank text and unanswered questions as null, and drops rows with no source", () => {
    const draft = { ...emptyDraft(), title: "   ", dataSources: [emptyDataSource()], processors: [emptyProcessor()] };
    const input = draftToInput(draft, "DATA_PERMIT");
    expect(input.title).toBeNull();
    expect(input.purpose).toBeNull();
    expect(input.dataSources).toEqual([]);
    expect(input.ethicsStatementNeeded).toBeNull();
    expect(input.processors).toHaveLength(1);
  });

  it("a data request sends no processors, environment or permit-only answers", () => {
    const input = draftToInput(draftFromApplication(saved), "DATA_REQUEST");
    expect(input.processors).toEqual([]);
    expect(input.processingEnvironmentId).toBeNull();
    expect(input.requestedValidityEnd).toBeNull();
    expect(input.dpiaDone).toBeNull();
    expect(input.dataSources).toHaveLength(1);
  });
});

describe("error summary labels", () => {
  it("names each server field path by its visible label and row", () => {
    expect(fieldLabelKey("processingEnvironmentId")).toBe("case.field.processingEnvironment");
    expect(fieldLabelKey("processors")).toBe("case.section.processors");
    expect(fieldLabelKey("input.processors.1.lastName")).toBe("applicant.form.lastName");
    expect(fieldLabelKey("title")).toBe("case.field.title");
    expect(fieldLabelKey("nonsense")).toBeNull();
    expect(rowOfField("dataSources[1].periodTo")).toBe(2);
    expect(rowOfField("title")).toBeNull();
  });
});

describe("acting for an organisation", () => {
  const university = { id: "org-hy", name: "Helsingin yliopisto", businessId: "0313471-7" };
  const company = { id: "org-ta", name: "Terveysanalytiikka Oy", businessId: "3141593-8" };

  it("offers the organisations whose customer relationship has not ended by today", () => {
    const listed = [
      { ...university, relationshipEndedOn: null },
      { ...company, relationshipEndedOn: "2026-12-07" },
      { id: "org-old", name: "Entinen ry", businessId: "1618033-3", relationshipEndedOn: "2026-12-06" },
    ];
    expect(organisationChoices(listed, "2026-12-06")).toEqual([university, company]);
  });

  it("takes the name and business ID from the register; leaving it clears them", () => {
    const typed = { ...emptyDraft(), organisationName: "HY (typo)", businessId: "1234567-8" };
    const acting = actFor(typed, "org-hy", [university, company]);
    expect(acting).toMatchObject({ organisationId: "org-hy", organisationName: "Helsingin yliopisto", businessId: "0313471-7" });
    expect(draftToInput(acting, "DATA_PERMIT").organisationId).toBe("org-hy");
    const privately = actFor(acting, "", [university, company]);
    expect(privately).toMatchObject({ organisationId: "", organisationName: "", businessId: "" });
    expect(draftToInput(privately, "DATA_PERMIT").organisationId).toBeNull();
    // An organisation outside the register is still typed, and choosing none keeps it.
    expect(actFor(typed, "", [university])).toBe(typed);
  });

  it("reads the organisation back from a saved application and names its field", () => {
    expect(draftFromApplication({ ...saved, organisation: { id: "org-hy" } }).organisationId).toBe("org-hy");
    expect(draftFromApplication(saved).organisationId).toBe("");
    expect(stepOfField("input.organisationId")).toBe("applicant");
    expect(fieldLabelKey("organisationId")).toBe("applicant.form.actingFor");
  });
});
