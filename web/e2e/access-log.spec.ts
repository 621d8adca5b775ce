// Each person's own access log (issue 20 §3): a citizen sees which staff roles read their
// objection and why, an applicant which staff roles read or handled their application; staff
// are shown by role and organisation, never by name, in fi, sv and en.
import type { Page } from "@playwright/test";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { expectH1, handlerTakes, signedInPage, submitDataRequest, uniqueTitle } from "./case-helpers.ts";

/** A bearer token from the development issuer (dev mode), for a step with no page of its own. */
async function devToken(page: Page, sub: string): Promise<string> {
  const response = await page.request.post("/dev/token", { data: { sub } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { token: string }).token;
}

async function graphql(page: Page, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await page.request.post("/graphql", {
    headers: { Authorization: `Bearer ${token}` },
    data: { query, variables },
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

test("a citizen sees that a registry clerk read their objection, with the stated reason, in three languages", async ({
  page,
}) => {
  await signInAs(page, demoUsers.citizenGuardian);
  await expectNoAxeViolations(page);
  await page.goto("/objections");
  await expectH1(page, "Omat kiellot");
  // The guardian's own objection (others file only for represented children).
  await page.getByRole("button", { name: "Tee kielto" }).click();
  await expect(page.getByTestId("file-result")).toContainText("Kielto");
  const log = page.getByTestId("access-log");
  await expect(log.getByRole("heading", { level: 2, name: "Kuka on käsitellyt tietojasi" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The clerk reads it through the API with a reason, as a clerk's tool would.
  const own = await graphql(
    page,
    await devToken(page, demoUsers.citizenGuardian.sub),
    "{ myObjections(first: 100) { nodes { id filedForRepresentedPerson } } }",
  );
  const objection = (own.myObjections as { nodes: { id: string; filedForRepresentedPerson: boolean }[] }).nodes.find(
    (o) => !o.filedForRepresentedPerson,
  )!;
  const reason = `Kirje henkilöltä, viite ${Date.now().toString(36)}`;
  await graphql(
    page,
    await devToken(page, demoUsers.registryClerk.sub),
    "query($id: UUID!, $reason: String!) { objection(id: $id, reason: $reason) { id } }",
    { id: objection.id, reason },
  );

  await page.reload();
  const row = log.getByRole("row").filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Luki kiellon");
  await expect(row).toContainText("Kieltorekisterin virkailija, lupaviranomainen");
  await expect(log).not.toContainText(demoUsers.registryClerk.name);
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(log.getByRole("heading", { level: 2 })).toHaveText("Vem har behandlat dina uppgifter");
  await expect(row).toContainText("Läste förbudet");
  await expect(row).toContainText("tillståndsmyndigheten");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(row).toContainText("Read the objection");
  await expect(row).toContainText("the permit authority");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Suomi" }).click();
});

test("an applicant sees which staff role took their application, never the handler's name", async ({ page, browser, baseURL }) => {
  await signInAs(page, demoUsers.applicantResearcher);
  const title = uniqueTitle("Pääsyloki");
  const diaryNumber = await submitDataRequest(page, title);
  const log = page.getByTestId("access-log");
  await expect(log).toContainText("Kukaan lupaviranomaisessa ei ole vielä lukenut tai käsitellyt näitä tietoja.");

  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  await handlerTakes(handler, diaryNumber);
  await handler.context().close();

  await page.reload();
  await expectH1(page, title);
  const taken = log.getByRole("row").filter({ hasText: "Käsitteli hakemusta" });
  await expect(taken.first()).toContainText("Käsittelijä, lupaviranomainen");
  await expect(log).not.toContainText(demoUsers.handler.name);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(log.getByRole("heading", { level: 2 })).toHaveText("Who has handled your data");
  await expect(log.getByRole("row").filter({ hasText: "Handled the application" }).first()).toContainText(
    "Handler, the permit authority",
  );
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Suomi" }).click();
});
