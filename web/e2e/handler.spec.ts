// Handler journey: queue filters and marks, taking a case, an internal remark the applicant
// never sees, a proposal refused with the problem at its field, then proposed with the fee.
import { expectFits320, expectH1, handlerTakes, signedInPage, submitDataRequest, uniqueTitle } from "./case-helpers.ts";
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
