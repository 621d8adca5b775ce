// Granting a data permit through the API, for journeys that start after the permit (the full
// grant journey through the pages is case-path.spec.ts).
import type { Page } from "@playwright/test";
import { demoUsers, expect } from "./fixtures.ts";

/** A GraphQL request with the page's session cookie; fails the test on any error. */
export async function gql<T = Record<string, any>>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await page.evaluate(
    async ({ query, variables }) => {
      const response = await fetch("/graphql", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-Tietolupa-Csrf": "1" },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    { query, variables },
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

export interface Granted {
  title: string;
  applicationId: string;
  diaryNumber: string;
  permitId: string;
  decisionNumber: string;
}

export function inYears(years: number): string {
  return `${new Date().getFullYear() + years}-06-30`;
}

/** A data permit of the page's applicant, granted by `handler` and `director` through the API. */
export async function grantPermit(applicant: Page, handler: Page, director: Page, title: string, sourceCodes: [string, string], processor: string): Promise<Granted> {
  const catalogue = await gql(applicant, "{ dataControllers { sources { id code } } processingEnvironments { id name } }");
  const sources = sourceCodes.map((code) => {
    for (const c of catalogue.dataControllers) {
      const found = c.sources.find((s: { code: string }) => s.code === code);
      if (found) return found.id as string;
    }
    throw new Error(`no data source ${code}`);
  });
  const environment = catalogue.processingEnvironments.find((e: { name: string }) => e.name === "Kapseli").id;
  const [first, last] = processor.split(" ");
  const input = {
    applicantName: demoUsers.applicantResearcher.name,
    organisationName: "Helsingin yliopisto",
    businessId: "0313471-7",
    contactEmail: "aino.virtanen@example.fi",
    title,
    publicSummary: "Rekisteritutkimus lääkkeiden käytöstä ja sairauksista.",
    purpose: "SCIENTIFIC_RESEARCH",
    researchPlan: "Rekisteritutkimus.",
    dataSources: sources.map((id) => ({ dataSourceId: id, variables: "syntymävuosi, diagnoosit", periodFrom: "2015-01-01", periodTo: "2020-12-31" })),
    cohortDefinition: "Kaikki 2015–2020 hoidetut.",
    minimisationJustification: "Syntymävuosi riittää.",
    processors: [{ firstName: first, lastName: last, organisation: "Helsingin yliopisto", ndaSigned: true }],
    processingEnvironmentId: environment,
    requestedValidityEnd: inYears(2),
    ethicsStatementNeeded: false,
    dpiaDone: true,
  };
  const created = await gql(applicant, "mutation($input: ApplicationInput!) { createApplication(kind: DATA_PERMIT, input: $input) { id version } }", { input });
  const draft = created.createApplication;
  const submitted = (await gql(applicant, "mutation($id: UUID!, $v: Int!) { submitApplication(id: $id, version: $v) { id version diaryNumber } }", { id: draft.id, v: draft.version }))
    .submitApplication;
  const taken = (await gql(handler, "mutation($id: UUID!, $v: Int!) { takeApplication(id: $id, version: $v) { id version } }", { id: submitted.id, v: submitted.version }))
    .takeApplication;
  const proposal = { outcome: "GRANTED", reasoning: "Hakemus täyttää vaatimukset.", grantedDataSourceIds: sources, validUntil: inYears(2), feeCategory: "PERMIT" };
  const proposed = (
    await gql(handler, "mutation($id: UUID!, $v: Int!, $input: ProposalInput!) { proposeDecision(id: $id, version: $v, input: $input) { id version } }", {
      id: taken.id,
      v: taken.version,
      input: proposal,
    })
  ).proposeDecision;
  const decided = (
    await gql(director, "mutation($id: UUID!, $v: Int!) { decide(id: $id, version: $v) { id permit { id decisionNumber } } }", { id: proposed.id, v: proposed.version })
  ).decide;
  return { title, applicationId: decided.id, diaryNumber: submitted.diaryNumber, permitId: decided.permit.id, decisionNumber: decided.permit.decisionNumber };
}
