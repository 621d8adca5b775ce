// Sign-in through the real OpenID provider's own login form, for every role, each followed by
// one short journey and a sign-out that also ends the provider's session (RP-initiated logout).
// The cases the journeys need are made by demo users through the dev picker.
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import {
  directorOpens,
  expectH1,
  handlerProposes,
  handlerTakes,
  signedInPage,
  submitDataRequest,
  uniqueTitle,
} from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, test } from "./fixtures.ts";
import { masked, randomAdultCode } from "./identity-codes.ts";
import {
  SESSION_COOKIE,
  openProviderLogin,
  providerUsers,
  signInThroughProvider,
  signOutThroughProvider,
  submitProviderLogin,
} from "./oidc.ts";

function yesterdayInFinland(): string {
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Helsinki" }).format(new Date());
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

const menu = (page: Page) => page.getByRole("navigation", { name: "Päävalikko" });

test("applicant: signs in at the provider, submits a data request, signs out", async ({ page }) => {
  test.setTimeout(180_000);
  await signInThroughProvider(page, providerUsers.applicant);
  const diaryNumber = await submitDataRequest(page, uniqueTitle("Tunnistautunut hakija"));
  expect(diaryNumber).toMatch(/^TL\/\d+\/\d{4}$/);
  await signOutThroughProvider(page);
});

test("handler: signs in at the provider, takes a submitted case, signs out", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const applicant = await signedInPage(browser, baseURL, demoUsers.applicantResearcher);
  const diaryNumber = await submitDataRequest(applicant, uniqueTitle("Käsittelijän tunnistus"));
  await applicant.context().close();

  await signInThroughProvider(page, providerUsers.handler);
  await handlerTakes(page, diaryNumber);
  await signOutThroughProvider(page);
});

test("director: signs in at the provider, returns a proposal for preparation, signs out", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const applicant = await signedInPage(browser, baseURL, demoUsers.applicantResearcher);
  const diaryNumber = await submitDataRequest(applicant, uniqueTitle("Päättäjän tunnistus"));
  await applicant.context().close();
  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  await handlerTakes(handler, diaryNumber);
  await handlerProposes(handler, "Myönnetään.");
  await handler.context().close();

  await signInThroughProvider(page, providerUsers.director);
  await directorOpens(page, diaryNumber);
  await page.getByLabel("Palauttamisen syy").fill("Tarkenna ehdot.");
  await page.getByRole("button", { name: "Palauta valmisteluun" }).click();
  await expect(page.getByTestId("case-state")).toHaveText("Valmistelussa");
  await expectNoAxeViolations(page);
  await signOutThroughProvider(page);
});

test("auditor: signs in at the provider, reads the audit log, signs out", async ({ page }) => {
  await signInThroughProvider(page, providerUsers.auditor);
  await menu(page).getByRole("link", { name: "Lokitapahtumat" }).click();
  await expectH1(page, "Lokitapahtumat");
  await expect(page.getByTestId("audit-page-status")).toHaveText(/^Sivu 1: \d+ merkintää\.$/);
  await expectNoAxeViolations(page);
  await signOutThroughProvider(page);
});

test("registry clerk: signs in at the provider, records a letter's objection, signs out", async ({ page }) => {
  await signInThroughProvider(page, providerUsers.clerk);
  await menu(page).getByRole("link", { name: "Kirjaa kielto" }).click();
  await expectH1(page, "Kirjaa kirjeellä tai käynnillä saapunut kielto");
  await expectNoAxeViolations(page);
  const code = randomAdultCode();
  await page.getByLabel("Kieltäjän henkilötunnus").fill(code);
  await page.getByLabel("Saapumispäivä").fill(yesterdayInFinland());
  await page.getByRole("button", { name: "Kirjaa kielto" }).click();
  await expect(page.getByTestId("record-result")).toContainText(`Kielto kirjattu: ${masked(code)}`);
  await expectNoAxeViolations(page);
  await signOutThroughProvider(page);
});

test("citizen: signs in at the provider with an identity code, downloads their data, signs out", async ({ page }) => {
  await signInThroughProvider(page, providerUsers.citizen);
  await menu(page).getByRole("link", { name: "Omat kiellot" }).click();
  await expectH1(page, "Omat kiellot");
  await expectNoAxeViolations(page);
  // The identity code came from the provider's claim into the session (sealed, never shown
  // whole): the access export names it masked.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Lataa tietoni" }).click();
  const exported = JSON.parse(await readFile((await (await download).path())!, "utf8"));
  expect(exported.maskedIdentityCode).toBe("010180-****");
  expect(await page.content()).not.toContain("010180-9004");
  await signOutThroughProvider(page);
});

test("a citizen whose identity code fails validation gets an error page and no session", async ({ page }) => {
  await openProviderLogin(page, "citizen");
  await submitProviderLogin(page, "badcitizen");
  await expect(page).toHaveURL(/\/auth\/callback/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");
  expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
  expect(await page.content()).not.toContain("010180-9005");
  await expectNoAxeViolations(page);
});
