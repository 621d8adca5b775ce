// Director journey: the proposal side by side with the application and the decide/return bar
// in view wherever the director reads, return with a reason (refused without one), the
// deadline extended once, a remark whose visibility goes back to internal, and a decision
// edited by the director with each changed field marked against the proposal.
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

  // At 1280 × 800: the summary on the first screen, the application left of the proposal, and
  // Decide and Return in view at the top, the middle and the foot of the page.
  await page.setViewportSize({ width: 1280, height: 800 });
  const summary = page.getByTestId("case-summary");
  await expect(summary).toContainText("Päätösesitys tehty");
  await expect(summary).toContainText("Päätös viimeistään");
  await expect(summary).toContainText(demoUsers.applicantResearcher.name);
  await expect(summary.getByRole("link", { name: "Päätä tai palauta valmisteluun" })).toBeVisible();
  const summaryBox = (await summary.boundingBox())!;
  expect(summaryBox.y + summaryBox.height).toBeLessThanOrEqual(800);
  const applicationBox = (await page.getByRole("heading", { level: 2, name: "Aineistot" }).boundingBox())!;
  const proposalBox = (await page.getByTestId("proposal").boundingBox())!;
  expect(proposalBox.x).toBeGreaterThanOrEqual(applicationBox.x + applicationBox.width);
  const decide = page.getByRole("button", { name: "Päätä", exact: true });
  const returnButton = page.getByRole("button", { name: "Palauta valmisteluun" });
  await expect(decide).toBeInViewport({ ratio: 1 });
  await expect(returnButton).toBeInViewport({ ratio: 1 });
  await page.getByRole("heading", { level: 2, name: "Liitteet" }).scrollIntoViewIfNeeded();
  await expect(decide).toBeInViewport({ ratio: 1 });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(decide).toBeInViewport({ ratio: 1 });
  await expect(returnButton).toBeInViewport({ ratio: 1 });
  await expectNoAxeViolations(page);
  await expectFits320(page);

  // A remark to the applicant; the next one starts as internal again.
  await page.getByLabel("Näkyvyys").selectOption("TO_APPLICANT");
  await page.locator("#field-body").fill("Esitys on päätettävänä.");
  await page.getByRole("button", { name: "Tallenna huomautus" }).click();
  await expect(page.getByTestId("remarks")).toContainText("Esitys on päätettävänä.");
  await expect(page.getByTestId("remarks")).toContainText("Hakijalle");
  await expect(page.getByLabel("Näkyvyys")).toHaveValue("INTERNAL");
  await expect(page.locator("#field-body")).toHaveValue("");

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
  await expect(page.getByTestId("next-action")).toHaveText("Esittelijä valmistelee päätösesitystä");
  await expect(page.getByTestId("decision-actions")).toHaveCount(0);
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
  await expect(page.locator(".proposal-field--changed")).toHaveCount(0);
  await page.locator("#field-outcome").selectOption("PARTIALLY_GRANTED");
  await page.locator("#field-conditions").fill("Tulokset julkaistaan vain koosteina.");
  // Each edit is marked against the proposal, in the hint the field is described by.
  await expect(page.locator(".proposal-field--changed")).toHaveCount(2);
  await expect(page.locator("#field-outcome-hint")).toHaveText("Muutettu esityksestä. Esityksessä: Myönnetty");
  await expect(page.locator("#field-outcome")).toHaveAttribute("aria-describedby", /field-outcome-hint/);
  await expect(page.locator("#field-conditions-hint")).toHaveText("Muutettu esityksestä. Esityksessä kohta oli tyhjä.");
  await expect(page.locator("#field-reasoning-hint")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Päätä", exact: true }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Päätetty");
  await expect(page.getByTestId("decision-outcome")).toContainText("Myönnetty osittain");
  await expect(page.getByText("Päättäjä muutti esitystä.")).toBeVisible();
  await expect(page.getByText("Tulokset julkaistaan vain koosteina.")).toBeVisible();
  await expect(page.getByTestId("next-action").getByRole("link", { name: "Katso päätös" })).toBeVisible();
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
