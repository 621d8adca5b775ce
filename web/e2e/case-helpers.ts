// Shared steps of the case journeys (applicant → handler → director), each in its own signed-in
// browser context. Every page shown is checked with axe.
import type { Browser, Page } from "@playwright/test";
import { demoUsers, expect, expectNoAxeViolations, signInAs } from "./fixtures.ts";
import type { DemoUser } from "./users.ts";

/** A second signed-in user in a separate browser context (own session cookie). */
export async function signedInPage(browser: Browser, baseURL: string | undefined, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "fi-FI", timezoneId: "Europe/Helsinki" });
  const page = await context.newPage();
  await signInAs(page, user);
  await expectNoAxeViolations(page);
  return page;
}

export async function expectH1(page: Page, text: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text);
}

export function uniqueTitle(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}`;
}

export async function nextStep(page: Page, heading: string) {
  await page.getByRole("button", { name: "Tallenna ja jatka" }).click();
  await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  await expectNoAxeViolations(page);
}

/**
 * The applicant starts an application of `kind` from "Omat hakemukset" and fills the steps
 * shared by every kind up to the data sources; leaves the browser on the cohort step.
 */
export async function startApplication(page: Page, kind: "Tietolupa" | "Tietopyyntö", title: string, purpose: string) {
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Omat hakemukset" }).click();
  await expectH1(page, "Omat hakemukset");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Uusi hakemus" }).click();
  await expectH1(page, "Uusi hakemus");
  await expectNoAxeViolations(page);
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByRole("button", { name: "Aloita hakemus" }).click();
  await expectH1(page, "Hakemuslomake");
  await expect(page.getByRole("heading", { level: 2, name: "Hakija" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Hakijan nimi").fill(demoUsers.applicantResearcher.name);
  const actingFor = page.getByLabel("Kenen puolesta haet");
  if ((await actingFor.count()) > 0) {
    // The researcher applies for her university: the register names it and locks the fields.
    await actingFor.selectOption({ label: "Helsingin yliopisto (0313471-7)" });
    await expect(page.getByLabel("Organisaatio")).toHaveValue("Helsingin yliopisto");
    await expect(page.getByLabel("Organisaatio")).toBeDisabled();
    await expect(page.getByLabel("Y-tunnus")).toHaveValue("0313471-7");
  } else {
    // A user signed in through a provider is a contact person of no registered organisation:
    // the form asks for the organisation's name and business ID instead.
    await page.getByLabel("Organisaatio").fill("Helsingin yliopisto");
    await page.getByLabel("Y-tunnus").fill("0313471-7");
  }
  await page.getByLabel("Sähköposti").fill("aino.virtanen@example.fi");
  await nextStep(page, "Käyttötarkoitus");

  await page.getByLabel("Otsikko").fill(title);
  await page.getByLabel("Julkinen tiivistelmä").fill("Tutkimme rokotusten vaikutusta sairaalahoitoon.");
  await page.getByLabel("Käyttötarkoitus", { exact: false }).selectOption(purpose);
  await page.getByLabel("Tutkimus- tai hyödyntämissuunnitelma").fill("Rekisteritutkimus, kohortti 2015–2020.");
  await nextStep(page, "Aineistot");

  await page.getByRole("button", { name: "Lisää aineisto" }).click();
  await page.getByLabel("Rekisteri tai aineisto").selectOption({ index: 1 });
  await page.getByLabel("Muuttujat").fill("syntymävuosi, sukupuoli, diagnoosit");
  await page.getByLabel("Ajanjakso alkaa").fill("2015-01-01");
  await page.getByLabel("Ajanjakso päättyy").fill("2020-12-31");
  await nextStep(page, "Kohdejoukko ja minimointi");

  await page.getByLabel("Kohdejoukon määrittely").fill("Kaikki 2015–2020 syntyneet.");
  await page.getByLabel("Tietojen minimoinnin perustelu").fill("Syntymävuosi riittää, ei syntymäaikaa.");
}

/** The handler finds the case in the queue by its diary number and takes it. */
export async function handlerTakes(page: Page, diaryNumber: string) {
  await page.getByRole("link", { name: "Käsittelyjono" }).click();
  await expectH1(page, "Käsittelyjono");
  await expect(page.getByRole("link", { name: diaryNumber })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: diaryNumber }).click();
  await expectH1(page, /^Asia: /);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Ota asia esiteltäväksi" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Päätösesitys" })).toBeVisible();
  await expect(page.getByTestId("case-header")).toContainText(demoUsers.handler.name);
  await expectNoAxeViolations(page);
}

export async function handlerProposes(page: Page, reasoning: string) {
  await page.getByLabel("Perustelut").fill(reasoning);
  await page.getByRole("button", { name: "Tee päätösesitys" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Päätösesitys tehty");
  await expect(page.getByTestId("proposal")).toContainText(reasoning);
  await expectNoAxeViolations(page);
}

export async function directorOpens(page: Page, diaryNumber: string) {
  await page.getByRole("link", { name: "Päätettävät" }).click();
  await expectH1(page, "Päätettävät esitykset");
  await expect(page.getByRole("link", { name: diaryNumber })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: diaryNumber }).click();
  await expectH1(page, /^Päätös: /);
  await expectNoAxeViolations(page);
}

/** The applicant's status page shows the diary number; returns it. */
export async function diaryNumberOf(page: Page): Promise<string> {
  const header = page.getByTestId("case-header");
  await expect(header).toContainText(/TL\/\d+\/\d{4}/);
  const text = (await header.textContent()) ?? "";
  return /TL\/\d+\/\d{4}/.exec(text)![0];
}

/** The applicant (already signed in, on any page) submits a data request; returns its diary number. */
export async function submitDataRequest(page: Page, title: string, purpose = "STATISTICS"): Promise<string> {
  await startApplication(page, "Tietopyyntö", title, purpose);
  await nextStep(page, "Liitteet");
  await nextStep(page, "Tarkista ja lähetä");
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expectH1(page, title);
  await expect(page.getByTestId("case-state")).toHaveText("Jätetty");
  const diaryNumber = await diaryNumberOf(page);
  await expectNoAxeViolations(page);
  return diaryNumber;
}

/** The applicant submits a complete data permit with one processor; returns its diary number. */
export async function submitDataPermit(page: Page, title: string): Promise<string> {
  await startApplication(page, "Tietolupa", title, "SCIENTIFIC_RESEARCH");
  await nextStep(page, "Käsittelijät");
  await page.getByRole("button", { name: "Lisää käsittelijä" }).click();
  await page.getByLabel("Etunimi").fill("Aino");
  await page.getByLabel("Sukunimi").fill("Virtanen");
  await page.locator("#field-processors-0-organisation").fill("Helsingin yliopisto");
  await nextStep(page, "Käyttöympäristö");
  await page.locator("#field-processingEnvironmentId").selectOption({ index: 1 });
  await page.locator("#field-requestedValidityEnd").fill(`${new Date().getFullYear() + 2}-12-31`);
  await page.locator("#field-ethicsStatementNeeded").selectOption("no");
  await page.locator("#field-dpiaDone").selectOption("yes");
  await nextStep(page, "Liitteet");
  await nextStep(page, "Tarkista ja lähetä");
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expectH1(page, title);
  await expect(page.getByTestId("case-state")).toHaveText("Jätetty");
  const diaryNumber = await diaryNumberOf(page);
  await expectNoAxeViolations(page);
  return diaryNumber;
}

/** The page fits a 320 px wide screen without horizontal scrolling (WCAG 1.4.10). */
export async function expectFits320(page: Page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
  if (size) await page.setViewportSize(size);
}
