// The minimal end-to-end path across three signed-in users in separate browser contexts:
// the applicant submits a data request, the handler takes it and proposes a decision, the
// director decides, and the applicant sees the decision.
import { directorOpens, handlerProposes, handlerTakes, signedInPage, submitDataRequest, uniqueTitle } from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";

test("applicant submits, handler proposes, director decides, applicant sees the decision", async ({ page, browser, baseURL }) => {
  // Three users and a dozen pages, each checked with axe, on two shared cores.
  test.setTimeout(240_000);
  const title = uniqueTitle("Rokotukset ja sairaalahoito");
  await signInAs(page, demoUsers.applicantResearcher);
  const diaryNumber = await submitDataRequest(page, title);
  await expect(page.getByTestId("deadline-due")).toContainText("Päätös viimeistään");

  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  await handlerTakes(handler, diaryNumber);
  await handlerProposes(handler, "Tietopyyntö täyttää lain vaatimukset.");
  await handler.context().close();

  const director = await signedInPage(browser, baseURL, demoUsers.director);
  await directorOpens(director, diaryNumber);
  await expect(director.getByTestId("proposal")).toContainText("Tietopyyntö täyttää lain vaatimukset.");
  // Nothing to scroll for: the Decide button of the action bar is in the first screen.
  await expect(director.getByRole("button", { name: "Päätä", exact: true })).toBeInViewport({ ratio: 1 });
  await director.getByRole("button", { name: "Päätä", exact: true }).click();
  await expect(director.getByTestId("case-state")).toHaveText("Päätetty");
  await expect(director.getByTestId("decision-outcome")).toContainText("Myönnetty");
  await expectNoAxeViolations(director);
  await director.context().close();

  await page.reload();
  await expect(page.getByTestId("case-state")).toHaveText("Päätetty");
  await expect(page.getByTestId("decision-outcome")).toContainText("Myönnetty");
  await expect(page.getByTestId("history")).toContainText("Päätösesitys tehty → Päätetty");
  await expectNoAxeViolations(page);
});
