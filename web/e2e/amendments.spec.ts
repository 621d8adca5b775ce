// Amendment journeys: the holder combines two of their permits into one in the UI; after the
// Director's decision the merged permit points to the surviving one, whose page lists the terms
// it had before, and the public register says where the merged permit went. A saved amendment
// draft opened again shows the changes and values entered, and saves an edit. The permits are
// granted through the API first (the full grant journey is case-path.spec.ts).
import { expectH1, signedInPage, uniqueTitle } from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { gql, grantPermit, inYears } from "./grant.ts";

test("the holder combines two permits into one: the merged permit points to the surviving one, in the app and in the register", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  await signInAs(page, demoUsers.applicantResearcher);
  await expectNoAxeViolations(page);
  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  const director = await signedInPage(browser, baseURL, demoUsers.director);
  const surviving = await grantPermit(page, handler, director, uniqueTitle("Statiinit ja muistisairaudet"), ["thl-hilmo", "kela-prescriptions"], "Aino Virtanen");
  const merged = await grantPermit(page, handler, director, uniqueTitle("Kuolinsyyt statiinien käyttäjillä"), ["dvv-population", "sf-causes-of-death"], "Ville Korhonen");

  // From the application to its permit, and from there to the amendment form.
  await page.goto(`/applications/${surviving.applicationId}`);
  await expectH1(page, surviving.title);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Näytä lupa ja sen aiemmat versiot" }).click();
  await expectH1(page, `Lupa ${surviving.decisionNumber}`);
  await expect(page.getByText("Lupaa ei ole muutettu.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Hae muutosta lupaan" }).click();
  await expectH1(page, "Muutoshakemus");
  await page.getByLabel("Lupien yhdistäminen").check();
  // Only the holder's other active permit is offered, never the permit itself.
  const group = page.getByRole("group", { name: /Yhdistettävät luvat/ });
  await expect(group.getByRole("checkbox")).not.toHaveCount(0);
  await expect(group.getByLabel(new RegExp(surviving.decisionNumber))).toHaveCount(0);
  await group.getByLabel(new RegExp(merged.decisionNumber)).check();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Luo muutoshakemus" }).click();
  await expectH1(page, "Hakemuslomake");
  await expectNoAxeViolations(page);
  await page.getByRole("navigation", { name: "Lomakkeen vaiheet" }).getByRole("button", { name: /Tarkista ja lähetä/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Tarkista ja lähetä" })).toBeVisible();
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Jätetty");
  const changes = page.getByRole("region", { name: "Haetut muutokset" });
  await expect(changes.getByText("Lupien yhdistäminen")).toBeVisible();
  await expect(changes.getByRole("link", { name: merged.decisionNumber })).toBeVisible();
  await expectNoAxeViolations(page);

  // The handler proposes and the Director grants it.
  const amendmentId = /\/applications\/([^/]+)$/.exec(new URL(page.url()).pathname)![1]!;
  const submitted = (await gql(handler, "query($id: UUID!) { application(id: $id) { version } }", { id: amendmentId })).application;
  const taken = (await gql(handler, "mutation($id: UUID!, $v: Int!) { takeApplication(id: $id, version: $v) { version } }", { id: amendmentId, v: submitted.version }))
    .takeApplication;
  const proposed = (
    await gql(handler, "mutation($id: UUID!, $v: Int!, $input: ProposalInput!) { proposeDecision(id: $id, version: $v, input: $input) { version } }", {
      id: amendmentId,
      v: taken.version,
      input: { outcome: "GRANTED", reasoning: "Yksi lupa on helpompi valvoa.", feeCategory: "AMENDMENT" },
    })
  ).proposeDecision;
  await gql(director, "mutation($id: UUID!, $v: Int!) { decide(id: $id, version: $v) { id } }", { id: amendmentId, v: proposed.version });
  await handler.context().close();
  await director.context().close();

  // The merged permit is combined, and links to the one it continues under.
  await page.goto(`/permits/${merged.permitId}`);
  await expectH1(page, `Lupa ${merged.decisionNumber}`);
  await expect(page.getByText("Yhdistetty toiseen lupaan")).toBeVisible();
  await expect(page.getByRole("link", { name: "Hae muutosta lupaan" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Lupa, johon tämä lupa yhdistettiin" }).click();
  await expectH1(page, `Lupa ${surviving.decisionNumber}`);
  // The surviving permit holds both permits' processors; its earlier terms are a version.
  await expect(page.getByText("Ville Korhonen, Helsingin yliopisto")).toBeVisible();
  const versions = page.getByRole("region", { name: "Aiemmat versiot" });
  await expect(versions.getByRole("row")).toHaveCount(2);
  await expect(versions.getByRole("row").nth(1)).toContainText("Aino Virtanen");
  await expect(versions.getByRole("row").nth(1)).not.toContainText("Ville Korhonen");
  await expectNoAxeViolations(page);
  // The holder downloads the surviving permit's signed credential, issued by the amendment.
  const credential = page.getByRole("link", { name: "Lataa allekirjoitettu lupa" });
  const download = await page.request.get((await credential.getAttribute("href")) ?? "");
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/permit+jwt");
  expect((await download.text()).split(".")).toHaveLength(3);

  // The public register names the decision the merged permit continues under.
  await page.goto(`/register/${encodeURIComponent(merged.diaryNumber)}`);
  await expect(page.getByText("Yhdistetty toiseen lupaan")).toBeVisible();
  await expect(page.getByText("Yhdistetty lupaan")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: surviving.diaryNumber }).click();
  await expectH1(page, surviving.title);
  // The surviving decision now names the merged permit's registers too.
  await expect(page.getByText("Tilastokeskus").first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a saved amendment draft opened again shows its changes and values, and saves an edit", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  await signInAs(page, demoUsers.applicantResearcher);
  await expectNoAxeViolations(page);
  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  const director = await signedInPage(browser, baseURL, demoUsers.director);
  const permit = await grantPermit(page, handler, director, uniqueTitle("Astman hoito ja työkyky"), ["thl-hilmo", "kela-prescriptions"], "Aino Virtanen");
  await handler.context().close();
  await director.context().close();
  const environments = await gql(page, "{ processingEnvironments { id name } }");
  const sdDesktop = environments.processingEnvironments.find((e: { name: string }) => e.name === "SD Desktop").id as string;

  await page.goto(`/permits/${permit.permitId}/amend`);
  await expectH1(page, "Muutoshakemus");
  await page.getByLabel("Voimassaolon jatkaminen").check();
  await page.getByLabel("Uusi voimassaolon päättymispäivä").fill(inYears(4));
  await page.getByLabel("Käsittelijöiden lisääminen").check();
  await page.getByLabel("Etunimi").fill("Ville");
  await page.getByLabel("Sukunimi").fill("Korhonen");
  await page.locator("#field-amendment-addProcessors-0-organisation").fill("Tampereen yliopisto");
  await page.getByLabel("Käsittelijöiden poistaminen").check();
  await page.getByLabel("Aino Virtanen, Helsingin yliopisto").check();
  await page.getByLabel("Käyttöympäristön vaihto").check();
  await page.locator("#field-amendment-newEnvironmentId").selectOption(sdDesktop);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Luo muutoshakemus" }).click();
  await expectH1(page, "Hakemuslomake");
  const amendmentId = /\/applications\/([^/]+)\/edit$/.exec(new URL(page.url()).pathname)![1]!;

  // Away and back: the draft opens on its changes, as entered.
  await page.goto(`/applications/${amendmentId}`);
  await expectH1(page, permit.title);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Jatka luonnosta" }).click();
  await expectH1(page, "Hakemuslomake");
  await expect(page.getByRole("heading", { level: 2, name: "Haettavat muutokset" })).toBeVisible();
  for (const change of ["Voimassaolon jatkaminen", "Käsittelijöiden lisääminen", "Käsittelijöiden poistaminen", "Käyttöympäristön vaihto"]) {
    await expect(page.getByLabel(change)).toBeChecked();
  }
  await expect(page.getByLabel("Lupien yhdistäminen")).not.toBeChecked();
  await expect(page.getByLabel("Uusi voimassaolon päättymispäivä")).toHaveValue(inYears(4));
  await expect(page.getByLabel("Etunimi")).toHaveValue("Ville");
  await expect(page.getByLabel("Sukunimi")).toHaveValue("Korhonen");
  await expect(page.locator("#field-amendment-addProcessors-0-organisation")).toHaveValue("Tampereen yliopisto");
  await expect(page.getByLabel("Aino Virtanen, Helsingin yliopisto")).toBeChecked();
  await expect(page.locator("#field-amendment-newEnvironmentId")).toHaveValue(sdDesktop);
  await expectNoAxeViolations(page);

  // An edit is saved with the draft and read back.
  await page.getByLabel("Uusi voimassaolon päättymispäivä").fill(inYears(5));
  await page.getByLabel("Käyttöympäristön vaihto").uncheck();
  await page.getByRole("button", { name: "Tallenna luonnos" }).click();
  await expect(page.getByText("Luonnos tallennettu.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Uusi voimassaolon päättymispäivä")).toHaveValue(inYears(5));
  await expect(page.getByLabel("Käyttöympäristön vaihto")).not.toBeChecked();
  await expect(page.getByLabel("Voimassaolon jatkaminen")).toBeChecked();
  const saved = (await gql(page, "query($id: UUID!) { application(id: $id) { amendment { changes newValidUntil newEnvironmentId } } }", { id: amendmentId })).application;
  expect(saved.amendment).toEqual({ changes: ["EXTEND_VALIDITY", "ADD_PROCESSORS", "REMOVE_PROCESSORS"], newValidUntil: inYears(5), newEnvironmentId: null });

  // The amendment's own step leads the one numbered step list, marked as the current one.
  const steps = page.getByRole("navigation", { name: "Lomakkeen vaiheet" });
  const stepNames = ["Haettavat muutokset", "Hakija", "Käyttötarkoitus", "Liitteet", "Tarkista ja lähetä"];
  await expect(steps.locator(".stepper__label")).toHaveText(stepNames);
  await expect(steps.locator(".stepper__number")).toHaveText(["1", "2", "3", "4", "5"]);
  const current = steps.locator("[aria-current=step]");
  await expect(current).toHaveCount(1);
  await expect(current).toContainText("Haettavat muutokset");
  await expect(current).toContainText("Täytetty");
  await page.getByRole("heading", { level: 1 }).focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Siirry lomakkeeseen" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Voimassaolon jatkaminen")).toBeFocused();

  // A validity that does not extend the permit: the summary on the review step, the changes
  // step marked; going to that step clears the summary and leaves the problem at its field.
  await steps.getByRole("button", { name: /Tarkista ja lähetä/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Tarkista ja lähetä" })).toBeFocused();
  await expect(current).toContainText("Tarkista ja lähetä");
  await page.getByLabel("Uusi voimassaolon päättymispäivä").fill(`${new Date().getFullYear()}-01-01`);
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(steps.getByRole("button", { name: /Haettavat muutokset/ })).toContainText("Virheitä");
  await expectNoAxeViolations(page);
  await steps.getByRole("button", { name: /Haettavat muutokset/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Haettavat muutokset" })).toBeFocused();
  await expect(summary).toHaveCount(0);
  await expect(current).toContainText("Haettavat muutokset");
  await expect(page.locator("#field-amendment-newValidUntil")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);
});
