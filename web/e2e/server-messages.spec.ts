// The Finnish UI shows the server's validation messages in Finnish: each problem the server
// finds with the application form is triggered and the page is searched for the English text
// of every message in the server's catalogue (`tietolupa messages`).
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { expectH1, nextStep } from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";

interface CatalogueEntry {
  key: string;
  fi: string;
  sv: string;
  en: string;
}

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.TIETOLUPA_BIN ?? join(repo, "target/debug/tietolupa");
const catalogue: CatalogueEntry[] = JSON.parse(execFileSync(binary, ["messages"], { encoding: "utf8" }));

/** A template's text as a pattern: parameters (`{max}`) match anything. */
function pattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(escaped.replace(/\\\{[a-z_]+\\\}/g, ".+?"));
}

// Templates that are only a parameter (a detail passed through from a dev-only endpoint)
// would match any text.
const ENGLISH = catalogue
  .filter((e) => e.en.replace(/\{[a-z_]+\}/g, "").trim().length >= 6)
  .map((e) => ({ key: e.key, pattern: pattern(e.en) }));

const fi = (key: string) => {
  const entry = catalogue.find((e) => e.key === key);
  if (!entry) throw new Error(`no message ${key} in the catalogue`);
  return entry.fi;
};

async function expectNoEnglishFromServer(page: Page) {
  const text = await page.locator("main").innerText();
  const found = ENGLISH.filter((e) => e.pattern.test(text)).map((e) => e.key);
  expect(found, `English server messages on the page:\n${text}`).toEqual([]);
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Tallenna ja jatka" }).click();
  await expect(page.locator(".error-summary")).toBeFocused();
}

test("the Finnish application form shows every server validation message in Finnish", async ({ page }) => {
  test.setTimeout(180_000);
  expect(catalogue.length).toBeGreaterThan(50);
  await signInAs(page, demoUsers.applicantResearcher);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Omat hakemukset" }).click();
  await expectH1(page, "Omat hakemukset");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Uusi hakemus" }).click();
  await expectH1(page, "Uusi hakemus");
  await expectNoAxeViolations(page);
  await page.getByLabel("Tietolupa", { exact: true }).check();
  await page.getByRole("button", { name: "Aloita hakemus" }).click();
  await expectH1(page, "Hakemuslomake");
  await expectNoAxeViolations(page);
  const summary = page.locator(".error-summary");

  // The server's checks of a draft: a too long name, a business ID whose check digit is
  // wrong (its shape passes the form's own check), an organisation without a business ID.
  await page.getByLabel("Hakijan nimi").fill("A".repeat(301));
  await page.getByLabel("Organisaatio").fill("Helsingin yliopisto");
  await page.getByLabel("Y-tunnus").fill("0313471-8");
  await page.getByLabel("Sähköposti").fill("aino.virtanen@example.fi");
  await save(page);
  await expect(summary).toContainText(`Hakijan nimi: ${fi("MaxChars").replace("{max}", "300")}`);
  await expect(summary).toContainText(`Y-tunnus: ${fi("BusinessIdCheckDigit")}`);
  await expect(page.locator("#field-businessId-error")).toHaveText(fi("BusinessIdCheckDigit"));
  await expectNoEnglishFromServer(page);
  await expectNoAxeViolations(page);

  // An email address that is not one (the form's own check, in Finnish too).
  await page.getByLabel("Hakijan nimi").fill(demoUsers.applicantResearcher.name);
  await page.getByLabel("Y-tunnus").fill("0313471-7");
  await page.getByLabel("Sähköposti").fill("ei osoite");
  await save(page);
  await expect(page.locator("#field-contactEmail-error")).toHaveText(fi("NotAnEmail"));
  await expectNoEnglishFromServer(page);
  await page.getByLabel("Sähköposti").fill("aino.virtanen@example.fi");
  await nextStep(page, "Käyttötarkoitus");

  // A title longer than a line.
  await page.getByLabel("Otsikko").fill("T".repeat(301));
  await save(page);
  await expect(summary).toContainText(`Otsikko: ${fi("MaxChars").replace("{max}", "300")}`);
  await expectNoEnglishFromServer(page);
  await expectNoAxeViolations(page);
  await page.getByLabel("Otsikko").fill("Kielitesti");
  await nextStep(page, "Aineistot");

  // Dates in the wrong order (the form checks them first; the text is Finnish either way).
  await page.getByRole("button", { name: "Lisää aineisto" }).click();
  await page.getByLabel("Rekisteri tai aineisto").selectOption({ index: 1 });
  await page.getByLabel("Muuttujat").fill("syntymävuosi");
  await page.getByLabel("Ajanjakso alkaa").fill("2020-01-01");
  await page.getByLabel("Ajanjakso päättyy").fill("2015-12-31");
  await save(page);
  await expect(page.locator("#field-dataSources-0-periodTo-error")).toBeVisible();
  await expectNoEnglishFromServer(page);
  await page.getByLabel("Ajanjakso päättyy").fill("2020-12-31");
  await nextStep(page, "Kohdejoukko ja minimointi");
  await nextStep(page, "Käsittelijät");
  await nextStep(page, "Käyttöympäristö");

  // A validity end in the past: refused on submission.
  await page.locator("#field-requestedValidityEnd").fill("2020-01-01");
  await nextStep(page, "Liitteet");
  await nextStep(page, "Tarkista ja lähetä");

  // Submission: every missing answer at once, each in Finnish.
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expect(summary).toBeFocused();
  for (const problem of [
    `Julkinen tiivistelmä: ${fi("Required")}`,
    `Käyttötarkoitus: ${fi("Required")}`,
    `Kohdejoukon määrittely: ${fi("Required")}`,
    `Käsittelijät: ${fi("ProcessorRequired")}`,
    `Käyttöympäristö: ${fi("Required")}`,
    `Haettu voimassaolo päättyy: ${fi("MustBeInFuture")}`,
    `Eettinen lausunto tarvitaan: ${fi("Required")}`,
  ]) {
    await expect(summary).toContainText(problem);
  }
  await expectNoEnglishFromServer(page);
  await expectNoAxeViolations(page);

  // More than six years ahead.
  const tooFar = new Date();
  tooFar.setFullYear(tooFar.getFullYear() + 7);
  await page.locator("#field-requestedValidityEnd").fill(tooFar.toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expect(summary).toContainText(`Haettu voimassaolo päättyy: ${fi("AtMostSixYearsAhead")}`);
  await expectNoEnglishFromServer(page);

  // The purpose a data permit cannot serve, caught by the form first, then by the server
  // when the form's check is passed: both Finnish.
  await page.locator("#field-purpose").selectOption("STEERING_AND_SUPERVISION");
  await page.getByRole("button", { name: "Jätä hakemus" }).click();
  await expect(summary).toContainText("Käyttötarkoitus");
  await expectNoEnglishFromServer(page);
  await expectNoAxeViolations(page);
});
