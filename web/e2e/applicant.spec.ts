// Applicant journeys: the full data-permit form with drafts, the kind rule, an attachment and
// every submission problem shown next to its field; answering an information request;
// withdrawing; the retention warning of a draft left untouched for months.
import {
  directorOpens,
  expectFits320,
  expectH1,
  handlerProposes,
  handlerTakes,
  nextStep,
  signedInPage,
  startApplication,
  submitDataPermit,
  submitDataRequest,
  uniqueTitle,
} from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { providerUsers, signInThroughProvider } from "./oidc.ts";

test("data permit: kind rule, saved draft, attachment, every submission problem at its field, then submit", async ({ page }) => {
  test.setTimeout(240_000);
  const title = uniqueTitle("Syöpäseulonnat");
  await signInAs(page, demoUsers.applicantResearcher);
  await startApplication(page, "Tietolupa", title, "SCIENTIFIC_RESEARCH");
  // One numbered list of the steps: the numbers are the items' text, the list draws none.
  const steps = page.getByRole("navigation", { name: "Lomakkeen vaiheet" });
  const stepNames = ["Hakija", "Käyttötarkoitus", "Aineistot", "Kohdejoukko ja minimointi", "Käsittelijät", "Käyttöympäristö", "Liitteet", "Tarkista ja lähetä"];
  await expect(steps.locator(".stepper__label")).toHaveText(stepNames);
  await expect(steps.locator(".stepper__number")).toHaveText(stepNames.map((_, i) => String(i + 1)));
  expect(await steps.locator("ol").evaluate((ol) => getComputedStyle(ol).listStyleType)).toBe("none");
  const current = steps.locator("[aria-current=step]");
  await expect(current).toHaveCount(1);
  await expect(current).toContainText("Kohdejoukko ja minimointi");
  // At 1280 px the steps are one row; the steps filled so far say so in words.
  const rows = await steps.locator("li").evaluateAll((items) => new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size);
  expect(rows).toBe(1);
  for (const done of ["Hakija", "Käyttötarkoitus", "Aineistot"]) {
    await expect(steps.getByRole("button", { name: new RegExp(done) })).toContainText("Täytetty");
  }

  // Keyboard: the skip link right after the page's heading passes the eight steps.
  await page.getByRole("heading", { level: 1 }).focus();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Siirry lomakkeeseen" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Kohdejoukon määrittely")).toBeFocused();

  // Back to the purpose step: a statistics-only purpose breaks the kind rule, explained there.
  await steps.getByRole("button", { name: /Käyttötarkoitus/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Käyttötarkoitus" })).toBeFocused();
  await expect(current).toContainText("Käyttötarkoitus");
  await expect(page.getByText(/Tietolupa myönnetään vain tieteelliseen tutkimukseen/)).toBeVisible();
  await page.locator("#field-purpose").selectOption("STEERING_AND_SUPERVISION");
  await page.getByRole("button", { name: "Tallenna ja jatka" }).click();
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Käyttötarkoitus: tämä tarkoitus sallii vain anonyymit tilastot");
  await expect(page.locator("#field-purpose")).toHaveAttribute("aria-invalid", "true");
  await expect(current).toContainText("Virheitä");
  await expectNoAxeViolations(page);
  // Another step: the summary goes, focus moves to the step's heading, the list's mark with
  // it; the purpose step keeps saying it has errors until they are corrected.
  await steps.getByRole("button", { name: /Hakija/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Hakija" })).toBeFocused();
  await expect(summary).toHaveCount(0);
  await expect(current).toContainText("Hakija");
  await expect(steps.getByRole("button", { name: /Käyttötarkoitus/ })).toContainText("Virheitä");
  await expectNoAxeViolations(page);
  // Next from the bottom of the page: the form's top comes into view with the new step.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.getByRole("button", { name: "Tallenna ja jatka" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Käyttötarkoitus" })).toBeFocused();
  await expect(summary).toHaveCount(0);
  await expect(page.locator("#field-purpose")).toHaveAttribute("aria-invalid", "true");
  const stepsTop = await steps.evaluate((nav) => nav.getBoundingClientRect().top);
  expect(stepsTop).toBeGreaterThanOrEqual(0);
  expect(stepsTop).toBeLessThan(page.viewportSize()!.height);
  await page.locator("#field-purpose").selectOption("SCIENTIFIC_RESEARCH");
  await nextStep(page, "Aineistot");
  await expect(steps.getByRole("button", { name: /Käyttötarkoitus/ })).toContainText("Täytetty");
  await nextStep(page, "Kohdejoukko ja minimointi");
  await page.getByLabel("Kohdejoukon määrittely").fill("Seulontoihin kutsutut 2015–2020.");
  await page.getByLabel("Tietojen minimoinnin perustelu").fill("Syntymävuosi riittää.");
  await nextStep(page, "Käsittelijät");
  await nextStep(page, "Käyttöympäristö");
  await nextStep(page, "Liitteet");

  await page.getByLabel("Liitteen laji").selectOption("RESEARCH_PLAN");
  await page.getByLabel("Tiedosto").setInputFiles({
    name: "tutkimussuunnitelma.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("Tutkimussuunnitelma: rekisteritutkimus."),
  });
  await page.getByRole("button", { name: "Lähetä liite" }).click();
  await expect(page.getByRole("link", { name: "tutkimussuunnitelma.txt" })).toBeVisible();
  await expectNoAxeViolations(page);
  await nextStep(page, "Tarkista ja lähetä");

  // The draft is on the server: a reload shows what was saved.
  await page.reload();
  await expect(page.getByLabel("Otsikko")).toHaveValue(title);
  await expect(page.getByLabel("Muuttujat")).toHaveValue("syntymävuosi, sukupuoli, diagnoosit");
  await expectNoAxeViolations(page);

  await expectFits320(page);
  // At 320 px the steps fold behind a button that names the current one.
  await page.setViewportSize({ width: 320, height: 640 });
  const toggle = steps.getByRole("button", { name: "Vaihe 8/8: Tarkista ja lähetä" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(steps.locator("ol")).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(steps.locator("ol")).toBeVisible();
  await expect(steps.locator("[aria-current=step]")).toContainText("Tarkista ja lähetä");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(toggle).toBeHidden();
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expect(summary).toBeFocused();
  for (const problem of [
    "Käsittelijät",
    "Käyttöympäristö: on pakollinen",
    "Haettu voimassaolo päättyy: on pakollinen",
    "Eettinen lausunto tarvitaan: on pakollinen",
    "Vaikutustenarviointi tehty: on pakollinen",
  ]) {
    await expect(summary).toContainText(problem);
  }
  await expect(page.locator("#field-processingEnvironmentId")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-processingEnvironmentId-error")).toHaveText("on pakollinen");
  await expectNoAxeViolations(page);
  for (const wrong of ["Käsittelijät", "Käyttöympäristö"]) {
    await expect(steps.getByRole("button", { name: new RegExp(wrong) })).toContainText("Virheitä");
  }
  await summary.getByRole("link", { name: /^Käyttöympäristö/ }).click();
  await expect(page.locator("#field-processingEnvironmentId")).toBeFocused();

  await page.getByRole("button", { name: "Lisää käsittelijä" }).click();
  await page.locator("#field-processors-0-firstName").fill("Aino");
  await page.locator("#field-processors-0-lastName").fill("Virtanen");
  await page.locator("#field-processors-0-organisation").fill("Helsingin yliopisto");
  await page.locator("#field-processingEnvironmentId").selectOption({ index: 1 });
  await page.locator("#field-requestedValidityEnd").fill(`${new Date().getFullYear() + 2}-12-31`);
  await page.locator("#field-ethicsStatementNeeded").selectOption("no");
  await page.locator("#field-dpiaDone").selectOption("yes");
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expectH1(page, title);
  await expect(page.getByTestId("case-state")).toHaveText("Jätetty");
  await expect(page.getByRole("link", { name: "tutkimussuunnitelma.txt" })).toBeVisible();
  await expectNoAxeViolations(page);
  await expectFits320(page);

  await page.getByRole("link", { name: "Omat hakemukset" }).click();
  await expect(page.getByTestId("my-applications")).toContainText(title);
  await expectNoAxeViolations(page);
});

test("information request round trip, a remark to the applicant, then withdrawal", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const title = uniqueTitle("Lisätietokierros");
  await signInAs(page, demoUsers.applicantResearcher);
  const diaryNumber = await submitDataRequest(page, title, "KNOWLEDGE_MANAGEMENT");

  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  await handlerTakes(handler, diaryNumber);
  await handler.getByLabel("Kysymykset").fill("Mitkä muuttujat ovat välttämättömiä?\nKuka julkaisee tulokset?");
  await handler.getByRole("button", { name: "Lähetä lisätietopyyntö" }).click();
  await expect(handler.getByTestId("case-state")).toHaveText("Lisätietoja pyydetty");
  await expect(handler.getByText("Määräaika ei kulu lisätietopyynnön aikana")).toBeVisible();
  await handler.getByLabel("Näkyvyys").selectOption("TO_APPLICANT");
  await handler.getByLabel("Huomautus", { exact: false }).last().fill("Vastaathan kahden viikon kuluessa.");
  await handler.getByRole("button", { name: "Tallenna huomautus" }).click();
  await expect(handler.getByTestId("remarks")).toContainText("Vastaathan kahden viikon kuluessa.");
  await expectNoAxeViolations(handler);

  await page.reload();
  await expect(page.getByTestId("case-state")).toHaveText("Lisätietoja pyydetty");
  await expect(page.getByTestId("remarks")).toContainText("Vastaathan kahden viikon kuluessa.");
  await expect(page.getByRole("heading", { level: 3, name: "Vastaa lisätietopyyntöön 1" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("1. Mitkä muuttujat ovat välttämättömiä?").fill("Vain syntymävuosi ja diagnoosi.");
  await page.getByLabel("2. Kuka julkaisee tulokset?").fill("Tutkimusryhmä.");
  await page.getByRole("button", { name: "Lähetä vastaukset" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Valmistelussa");
  await expect(page.getByText("Vain syntymävuosi ja diagnoosi.")).toBeVisible();
  await expectNoAxeViolations(page);

  await handler.reload();
  await expect(handler.getByTestId("case-state")).toHaveText("Valmistelussa");
  await expect(handler.getByText("Tutkimusryhmä.")).toBeVisible();
  await handler.getByRole("button", { name: "Merkitse käsitellyksi: pyyntö 1, kohta 1" }).click();
  await expect(handler.getByText("(Käsitelty)")).toHaveCount(1);
  await expect(handler.getByRole("button", { name: "Merkitse käsitellyksi: pyyntö 1, kohta 1" })).toHaveCount(0);
  await expectNoAxeViolations(handler);
  await handler.context().close();

  await page.getByRole("button", { name: "Peru hakemus…" }).click();
  await page.getByLabel("Syy (vapaaehtoinen)").fill("Aineisto saatiin muualta.");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Vahvista peruminen" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Peruttu");
  await expect(page.getByRole("button", { name: "Peru hakemus…" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

// The demo applicants have the seeded demo cases; the provider's applicant is an account of
// its own. Its only application comes from sign-in.spec.ts, which runs after this file (one
// worker, files in order); run alone, or before that spec, this test holds too.
test("my applications shows the empty state to an applicant with none, at 320 px", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await signInThroughProvider(page, providerUsers.applicant);
  await page.getByRole("link", { name: "Omat hakemukset" }).click();
  await expectH1(page, "Omat hakemukset");
  await expect(page.getByText("Sinulla ei ole vielä hakemuksia.")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
});

test("a granted data permit can be amended: the amendment is created, completed and submitted", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const title = uniqueTitle("Lupa muutettavaksi");
  await signInAs(page, demoUsers.applicantResearcher);
  const diaryNumber = await submitDataPermit(page, title);

  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  await handlerTakes(handler, diaryNumber);
  await handler.locator("#field-validUntil").fill(`${new Date().getFullYear() + 2}-06-30`);
  await handlerProposes(handler, "Lupa myönnetään.");
  await handler.context().close();
  const director = await signedInPage(browser, baseURL, demoUsers.director);
  await directorOpens(director, diaryNumber);
  await director.getByRole("button", { name: "Päätä", exact: true }).click();
  await expect(director.getByTestId("case-state")).toHaveText("Päätetty");
  await expectNoAxeViolations(director);
  await director.context().close();

  await page.reload();
  await expect(page.getByTestId("decision-outcome")).toContainText("Myönnetty");
  // The applicant's own full decision document, through their session.
  const document = page.getByRole("link", { name: "Päätös (PDF)" });
  const pdf = await page.request.get((await document.getAttribute("href"))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["content-disposition"]).toBe(`attachment; filename="${diaryNumber.replaceAll("/", "-")}.pdf"`);
  await page.getByRole("link", { name: "Hae muutosta lupaan" }).click();
  await expectH1(page, "Muutoshakemus");
  await expectNoAxeViolations(page);
  await page.getByLabel("Voimassaolon jatkaminen").check();
  await page.getByLabel("Uusi voimassaolon päättymispäivä").fill(`${new Date().getFullYear() + 3}-06-30`);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Luo muutoshakemus" }).click();
  await expectH1(page, "Hakemuslomake");
  await expect(page.getByText(/^Muutoshakemus/)).toBeVisible();
  // The amendment's draft opens on the changes applied for; the applicant comes next.
  await expect(page.getByLabel("Voimassaolon jatkaminen")).toBeChecked();
  await page.getByRole("button", { name: "Tallenna ja jatka" }).click();
  await expect(page.getByLabel("Hakijan nimi")).toHaveValue(demoUsers.applicantResearcher.name);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /Tarkista ja lähetä/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Tarkista ja lähetä" })).toBeVisible();
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Jätetty");
  await expect(page.getByTestId("case-header")).toContainText("Muutoshakemus");
  await expect(page.getByRole("heading", { level: 2, name: "Haetut muutokset" })).toBeVisible();
  await expect(page.getByText("Voimassaolon jatkaminen")).toBeVisible();
  await expectNoAxeViolations(page);
});

// The demo's draft untouched for 5½ months is in the last 30 days before its deletion.
test("a draft untouched for months warns of its deletion in the list and the form, until saved", async ({ page }) => {
  const title = "Uniapnean hoito ja liikenneonnettomuudet";
  await signInAs(page, demoUsers.applicantResearcher);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Omat hakemukset" }).click();
  await expectH1(page, "Omat hakemukset");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title }) });
  const warning = /^Tämä luonnos poistetaan \d{1,2}\.\d{1,2}\.\d{4}, ellet muokkaa sitä\.$/;
  await expect(card.getByTestId("draft-deletion")).toHaveText(warning);
  // Only the old draft warns.
  await expect(page.getByTestId("draft-deletion")).toHaveCount(1);
  await expectNoAxeViolations(page);

  await card.getByRole("link", { name: title }).click();
  await expectH1(page, title);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Jatka luonnosta" }).click();
  await expectH1(page, "Hakemuslomake");
  await expect(page.getByTestId("draft-deletion")).toHaveText(warning);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Tallenna luonnos" }).click();
  await expect(page.getByText("Luonnos tallennettu.")).toBeVisible();
  await expect(page.getByTestId("draft-deletion")).toHaveCount(0);

  await page.getByRole("link", { name: "Omat hakemukset" }).click();
  await expect(card.getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByTestId("draft-deletion")).toHaveCount(0);
});
