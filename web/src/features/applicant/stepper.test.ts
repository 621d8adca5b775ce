// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { emptyAmendment, formStepOfField, type AmendmentDraft } from "./amendment.ts";
import { emptyDataSource, emptyDraft, emptyProcessor, type Draft } from "./draft.ts";
import { firstControlIn, mergeProblems, stepFilled, stepStatus, type StepContent } from "./stepper.ts";

const content = (draft: Partial<Draft>, more: Partial<StepContent> = {}): StepContent => ({
  kind: "DATA_PERMIT",
  draft: { ...emptyDraft(), ...draft },
  amendment: emptyAmendment(),
  attachmentCount: 0,
  ...more,
});

const amendment = (a: Partial<AmendmentDraft>): StepContent => content({}, { kind: "AMENDMENT", amendment: { ...emptyAmendment(), ...a } });

describe("stepFilled", () => {
  it("the applicant step needs a name and an email, and an organisation's name with its business ID", () => {
    expect(stepFilled("applicant", content({ applicantName: "Aino" }))).toBe(false);
    expect(stepFilled("applicant", content({ applicantName: "Aino", contactEmail: "aino@example.fi" }))).toBe(true);
    expect(stepFilled("applicant", content({ applicantName: "Aino", contactEmail: "a@b.fi", organisationName: "HY" }))).toBe(false);
    expect(
      stepFilled("applicant", content({ applicantName: "Aino", contactEmail: "a@b.fi", organisationName: "HY", businessId: "0313471-7" })),
    ).toBe(true);
    expect(stepFilled("applicant", content({ applicantName: "  ", contactEmail: "a@b.fi" }))).toBe(false);
  });

  it("the purpose step is not filled with a purpose the kind does not allow", () => {
    const purpose: Partial<Draft> = { title: "T", publicSummary: "S", researchPlan: "P", purpose: "STEERING_AND_SUPERVISION" };
    expect(stepFilled("purpose", content(purpose))).toBe(false);
    expect(stepFilled("purpose", content(purpose, { kind: "DATA_REQUEST" }))).toBe(true);
    expect(stepFilled("purpose", content({ ...purpose, purpose: "SCIENTIFIC_RESEARCH" }))).toBe(true);
    expect(stepFilled("purpose", content({ ...purpose, title: "" }, { kind: "DATA_REQUEST" }))).toBe(false);
  });

  it("list steps need a row, and every row complete", () => {
    const source = { dataSourceId: "s-1", variables: "ikä", periodFrom: "2015-01-01", periodTo: "2020-12-31" };
    expect(stepFilled("dataSources", content({ dataSources: [] }))).toBe(false);
    expect(stepFilled("dataSources", content({ dataSources: [source] }))).toBe(true);
    expect(stepFilled("dataSources", content({ dataSources: [source, emptyDataSource()] }))).toBe(false);
    const aino = { firstName: "Aino", lastName: "Virtanen", organisation: "HY", ndaSigned: false };
    expect(stepFilled("processors", content({ processors: [] }))).toBe(false);
    expect(stepFilled("processors", content({ processors: [aino] }))).toBe(true);
    expect(stepFilled("processors", content({ processors: [aino, emptyProcessor()] }))).toBe(false);
  });

  it("the environment step needs the ethics reference only when a statement is needed", () => {
    const environment: Partial<Draft> = {
      processingEnvironmentId: "env-1",
      requestedValidityEnd: "2029-12-31",
      ethicsStatementNeeded: "no",
      dpiaDone: "yes",
    };
    expect(stepFilled("environment", content(environment))).toBe(true);
    expect(stepFilled("environment", content({ ...environment, ethicsStatementNeeded: "yes" }))).toBe(false);
    expect(stepFilled("environment", content({ ...environment, ethicsStatementNeeded: "yes", ethicsReference: "TUKIJA 1/2026" }))).toBe(true);
    expect(stepFilled("environment", content({ ...environment, dpiaDone: "" }))).toBe(false);
  });

  it("attachments count once something is attached; the review step never", () => {
    expect(stepFilled("attachments", content({}))).toBe(false);
    expect(stepFilled("attachments", content({}, { attachmentCount: 1 }))).toBe(true);
    expect(stepFilled("review", content({}, { attachmentCount: 1 }))).toBe(false);
  });

  it("an amendment's changes are filled when each chosen change has its new value", () => {
    expect(stepFilled("changes", amendment({}))).toBe(false);
    expect(stepFilled("changes", amendment({ changes: ["EXTEND_VALIDITY"] }))).toBe(false);
    expect(stepFilled("changes", amendment({ changes: ["EXTEND_VALIDITY"], newValidUntil: "2030-06-30" }))).toBe(true);
    expect(
      stepFilled("changes", amendment({ changes: ["EXTEND_VALIDITY", "ADD_PROCESSORS"], newValidUntil: "2030-06-30", addFirstName: "Eero" })),
    ).toBe(false);
    expect(stepFilled("changes", amendment({ changes: ["COMBINE_PERMITS"], combinePermitIds: ["p-2"] }))).toBe(true);
  });
});

describe("stepStatus", () => {
  it("an open problem outweighs filled fields", () => {
    const filled = content({ cohortDefinition: "Kaikki", minimisationJustification: "Syntymävuosi" });
    expect(stepStatus("cohort", filled, new Set())).toBe("filled");
    expect(stepStatus("cohort", filled, new Set(["cohort"]))).toBe("errors");
    expect(stepStatus("purpose", filled, new Set(["cohort"]))).toBe("open");
  });
});

describe("mergeProblems", () => {
  const required = (field: string) => ({ field, message: "on pakollinen" });

  it("a checked step's problems are replaced; another step's stay until it is checked", () => {
    const submitted = [required("title"), required("processingEnvironmentId"), required("dpiaDone")];
    const afterEnvironment = mergeProblems(submitted, ["environment"], [], formStepOfField);
    expect(afterEnvironment).toEqual([required("title")]);
    const afterPurpose = mergeProblems(afterEnvironment, ["purpose"], [required("publicSummary")], formStepOfField);
    expect(afterPurpose).toEqual([required("publicSummary")]);
  });

  it("a problem with no field on any step is only the latest check's; a repeated one is kept once", () => {
    const previous = [{ field: "version", message: "stale" }, required("title")];
    expect(mergeProblems(previous, ["applicant"], [required("title")], formStepOfField)).toEqual([required("title")]);
  });

  it("an amendment's problems belong to its changes step", () => {
    const previous = [required("amendment.newValidUntil"), required("applicantName")];
    expect(mergeProblems(previous, ["changes"], [], formStepOfField)).toEqual([required("applicantName")]);
  });
});

describe("firstControlIn", () => {
  it("skips disabled controls and focus targets, and finds buttons when a step starts with one", () => {
    const box = document.createElement("div");
    box.innerHTML = `
      <section class="fi-inline-alert">Ohje</section>
      <div id="field-processors" tabindex="-1">virhe</div>
      <select id="disabled" disabled></select>
      <input type="hidden" name="x">
      <input id="name">
      <textarea id="later"></textarea>`;
    expect(firstControlIn(box)?.id).toBe("name");
    const empty = document.createElement("div");
    empty.innerHTML = `<p>Ei aineistoja.</p><button type="button" id="add">Lisää aineisto</button>`;
    expect(firstControlIn(empty)?.id).toBe("add");
    expect(firstControlIn(document.createElement("div"))).toBeNull();
  });
});
