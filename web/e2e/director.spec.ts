// Director journey: the proposal side by side with the application, return with a reason
// (refused without one), the deadline extended once, and a decision edited by the director.
import {
  directorOpens,
  expectFits320,
  handlerProposes,
  handlerTakes,
  signedInPage,
  submitDataRequest,
  uniqueTitle,
} from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";

test("return with reason, extend the deadline, decide with edits", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const applicant = await signedInPage(browser, baseURL, demoUsers.applicantResearcher);
  const diaryNumber = await submitDataRequest(applicant, uniqueTitle("Päättäjän muokkaus"));
  await applicant.context().close();
  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  await handlerTakes(handler, diaryNumber);
  await handlerProposes(handler, "Myönnetään sellaisenaan.");

  await signInAs(page, demoUsers.director);
  await expectNoAxeViolations(page);
  await directorOpens(page, diaryNumber);
  await expect(page.getByTestId("proposal")).toContainText("Myönnetään sellaisenaan.");
  await expect(page.getByRole("heading", { level: 2, name: "Aineistot" })).toBeVisible();
  await expectFits320(page);

  // Returning needs a reason.
  await page.getByRole("button", { name: "Palauta valmisteluun" }).click();
  await expect(page.locator(".error-summary")).toContainText("Palauttamisen syy: on pakollinen");
  await expect(page.locator("#field-return-reason")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("case-state")).toHaveText("Päätösesitys tehty");
  await expectNoAxeViolations(page);
  await page.getByLabel("Palauttamisen syy").fill("Perustelut puuttuvat ehdoista.");
  await page.getByRole("button", { name: "Palauta valmisteluun" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Valmistelussa");
  await expect(page.getByTestId("history")).toContainText("Perustelut puuttuvat ehdoista.");
  await expectNoAxeViolations(page);

  // The deadline: once, by at most three months.
  const due = await page.locator("#field-extension-dueOn").getAttribute("min");
  const later = new Date(`${due}T00:00:00Z`);
  later.setUTCDate(later.getUTCDate() + 30);
  await page.locator("#field-extension-dueOn").fill(later.toISOString().slice(0, 10));
  await page.getByLabel("Jatkamisen syy").fill("Lausunto rekisterinpitäjältä viipyy.");
  await page.getByRole("button", { name: "Jatka määräaikaa" }).click();
  await expect(page.getByText("Määräaikaa jatkettu: Lausunto rekisterinpitäjältä viipyy.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Jatka määräaikaa" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await handler.reload();
  await expect(handler.getByText("Määräaikaa jatkettu: Lausunto rekisterinpitäjältä viipyy.")).toBeVisible();
  await handlerProposes(handler, "Myönnetään ehdoin.");
  await handler.context().close();

  await page.reload();
  await expect(page.getByTestId("proposal")).toContainText("Myönnetään ehdoin.");
  await page.locator("#field-outcome").selectOption("PARTIALLY_GRANTED");
  await page.locator("#field-conditions").fill("Tulokset julkaistaan vain koosteina.");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Päätä", exact: true }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Päätetty");
  await expect(page.getByTestId("decision-outcome")).toContainText("Myönnetty osittain");
  await expect(page.getByText("Päättäjä muutti esitystä.")).toBeVisible();
  await expect(page.getByText("Tulokset julkaistaan vain koosteina.")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Päätettävät" }).click();
  await expect(page.getByRole("link", { name: diaryNumber })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The same pages in Swedish and English.
  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Förslag att besluta");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Proposals awaiting decision");
  await expect(page.getByRole("link", { name: "Awaiting decision" })).toBeVisible();
  await expectNoAxeViolations(page);
});
