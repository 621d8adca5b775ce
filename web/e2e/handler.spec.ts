// Handler journey: queue filters and marks, taking a case, the case's summary on the first
// screen and its section links, an internal remark the applicant never sees, a proposal
// refused with the problem at its field, then proposed with the fee; and a data permit's
// proposal valid for as long as the application asked.
import {
  expectFits320,
  expectH1,
  handlerTakes,
  signedInPage,
  submitDataPermit,
  submitDataRequest,
  uniqueTitle,
} from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";

test("queue filters, take, internal remark, proposal errors and fee", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const applicant = await signedInPage(browser, baseURL, demoUsers.applicantResearcher);
  const title = uniqueTitle("Jonon suodattimet");
  const diaryNumber = await submitDataRequest(applicant, title);

  await signInAs(page, demoUsers.handler);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Käsittelyjono" }).click();
  await expectH1(page, "Käsittelyjono");
  const row = page.getByTestId("queue").getByRole("row").filter({ hasText: diaryNumber });
  await expect(row).toContainText("Jätetty");
  await expect(row).toContainText("Ei vielä esittelijää");
  await expectNoAxeViolations(page);

  await page.getByLabel("Esittelijä").selectOption("unassigned");
  await expect(page).toHaveURL(/assigned=unassigned/);
  await expect(row).toBeVisible();
  await page.getByLabel("Hakemuksen laji").selectOption("DATA_PERMIT");
  await expect(page).toHaveURL(/kind=DATA_PERMIT/);
  await expect(page.getByRole("link", { name: diaryNumber })).toHaveCount(0);
  await page.getByLabel("Hakemuksen laji").selectOption("");
  await page.getByLabel("Vain myöhässä olevat").check();
  await expect(page).toHaveURL(/overdue=1/);
  await expect(page.getByRole("link", { name: diaryNumber })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByLabel("Vain myöhässä olevat").uncheck();
  await page.getByLabel("Esittelijä").selectOption("");

  await handlerTakes(page, diaryNumber);
  await page.getByRole("link", { name: "Käsittelyjono" }).click();
  await page.getByLabel("Esittelijä").selectOption("mine");
  await expect(page.getByTestId("queue").getByRole("row").filter({ hasText: diaryNumber })).toContainText(demoUsers.handler.name);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: diaryNumber }).click();
  await expectH1(page, /^Asia: /);

  // The first screen at 1280 × 800: state, deadline with the days left, applicant, next action.
  await page.setViewportSize({ width: 1280, height: 800 });
  const caseSummary = page.getByTestId("case-summary");
  await expect(caseSummary).toContainText("Valmistelussa");
  await expect(caseSummary).toContainText("Päätös viimeistään");
  await expect(page.getByTestId("summary-days")).toHaveText(/^\d+ päivää jäljellä$/);
  await expect(caseSummary).toContainText(`${demoUsers.applicantResearcher.name}, Helsingin yliopisto`);
  const next = page.getByTestId("next-action").getByRole("link", { name: "Valmistele päätösesitys" });
  await expect(next).toBeVisible();
  const box = (await caseSummary.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(800);
  await expect(caseSummary).toBeInViewport({ ratio: 1 });
  await expectNoAxeViolations(page);

  // The section links jump to their sections; the next action to the proposal editor.
  const sections = page.getByRole("navigation", { name: "Asian osiot" });
  await sections.getByRole("link", { name: "Käsittelyhistoria" }).click();
  await expect(page.locator("#section-history")).toBeFocused();
  await expect(page.getByRole("heading", { level: 2, name: "Käsittelyhistoria" })).toBeInViewport();
  await expectH1(page, /^Asia: /);
  await sections.getByRole("link", { name: "Huomautukset" }).click();
  await expect(page.locator("#section-remarks")).toBeFocused();
  await expect(page.getByRole("heading", { level: 2, name: "Huomautukset" })).toBeInViewport();
  await page.evaluate(() => window.scrollTo(0, 0));
  await next.click();
  await expect(page.getByRole("heading", { level: 2, name: "Päätösesitys" })).toBeInViewport();
  await expect(page.getByRole("heading", { level: 2, name: "Päätösesitys" })).toBeFocused();

  await page.getByLabel("Näkyvyys").selectOption("INTERNAL");
  await page.locator("#field-body").fill("Tarkista rekisterinpitäjän kanta.");
  await page.getByRole("button", { name: "Tallenna huomautus" }).click();
  await expect(page.getByTestId("remarks")).toContainText("Tarkista rekisterinpitäjän kanta.");
  await expect(page.getByTestId("remarks")).toContainText("Sisäinen");

  await expect(page.locator("#field-feeCategory-hint")).toHaveText(/Tietopyyntö: 1\s000,00\s€/);
  await page.getByRole("button", { name: "Tee päätösesitys" }).click();
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Perustelut: on pakollinen");
  await expect(page.locator("#field-reasoning")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);
  await page.locator("#field-reasoning").fill("Aineisto on anonyymia tilastoa.");
  await page.getByRole("button", { name: "Tee päätösesitys" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Päätösesitys tehty");
  await expect(page.getByTestId("proposal")).toContainText(/Tietopyyntö: 1\s000,00\s€/);
  await expectNoAxeViolations(page);
  await expectFits320(page);

  // The applicant sees neither the internal remark nor the pending proposal.
  await applicant.reload();
  await expect(applicant.getByTestId("case-state")).toHaveText("Päätösesitys tehty");
  await expect(applicant.getByText("Ei huomautuksia.")).toBeVisible();
  await expect(applicant.getByText("Tarkista rekisterinpitäjän kanta.")).toHaveCount(0);
  await expect(applicant.getByTestId("proposal")).toHaveCount(0);
  await expectNoAxeViolations(applicant);
  await applicant.context().close();
});

test("a data permit's proposal is prefilled to be valid as long as the application asked", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const applicant = await signedInPage(browser, baseURL, demoUsers.applicantResearcher);
  const diaryNumber = await submitDataPermit(applicant, uniqueTitle("Voimassaolo hakemuksen mukaan"));
  await applicant.context().close();

  await signInAs(page, demoUsers.handler);
  await expectNoAxeViolations(page);
  await handlerTakes(page, diaryNumber);
  const requested = `${new Date().getFullYear() + 2}-12-31`;
  await expect(page.locator("#field-validUntil")).toHaveValue(requested);
  await page.getByLabel("Perustelut").fill("Käyttötarkoitus ja aineistot vastaavat toisiaan.");
  await page.getByRole("button", { name: "Tee päätösesitys" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Päätösesitys tehty");
  await expect(page.getByTestId("proposal")).toContainText(`31.12.${new Date().getFullYear() + 2}`);
  await expectNoAxeViolations(page);
});
