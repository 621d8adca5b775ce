import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { masked, randomAdultCode, randomCode, withWrongCheck } from "./identity-codes.ts";

/** A calendar day relative to today in Finland, as the server counts days. */
function isoDay(offsetDays: number): string {
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Helsinki" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

const fi = (n: number) => new Intl.NumberFormat("fi-FI").format(n);

async function openRecordPage(page: Page) {
  await page.getByRole("navigation", { name: "Päävalikko" }).getByRole("link", { name: "Kirjaa kielto" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kirjaa kirjeellä tai käynnillä saapunut kielto");
}

/** Records a letter's objection through the form and waits for the confirmation. */
async function recordByPost(page: Page, code: string) {
  await page.getByLabel("Kieltäjän henkilötunnus").fill(code);
  await page.getByLabel("Saapumispäivä").fill(isoDay(-2));
  await page.getByRole("button", { name: "Kirjaa kielto" }).click();
  await expect(page.getByTestId("record-result")).toContainText(`Kielto kirjattu: ${masked(code)}`);
}

test("registry clerk records an objection received in person, with errors shown next to their fields", async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await signInAs(page, demoUsers.registryClerk);
  await expectNoAxeViolations(page);
  await openRecordPage(page);
  await expectNoAxeViolations(page);

  const code = page.getByLabel("Kieltäjän henkilötunnus");
  const person = randomAdultCode();

  // Nothing filled in: the form itself asks for the received date.
  await page.getByRole("button", { name: "Kirjaa kielto" }).click();
  await expect(page.locator("#field-receivedOn-error")).toHaveText("Anna saapumispäivä.");
  await expect(page.locator(".error-summary")).toBeFocused();

  // A code with a wrong check character: the server's error, translated, next to the code.
  await code.fill(withWrongCheck(person));
  await page.getByLabel("Saapumispäivä").fill(isoDay(-3));
  await page.getByLabel("Käsittelypäivä").fill(isoDay(2));
  const channel = page.getByLabel("Saapumistapa");
  await channel.selectOption("IN_PERSON");
  await expect(page.getByLabel("Tunnistustapa")).toHaveValue("ID_DOCUMENT_AT_OFFICE");
  await page.getByRole("button", { name: "Kirjaa kielto" }).click();
  await expect(page.locator("#field-identityCode-error")).toHaveText("Tarkistusmerkki ei täsmää. Tarkista tunnus.");
  await expect(page.locator("#field-receivedOn-error")).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Fixed code, but a processing date in the future.
  await code.fill(person);
  await page.getByRole("button", { name: "Kirjaa kielto" }).click();
  await expect(page.locator("#field-processedOn-error")).toHaveText("Päivämäärä ei voi olla tulevaisuudessa.");
  await expect(page.locator("#field-identityCode-error")).toHaveCount(0);

  await page.getByLabel("Käsittelypäivä").fill("");
  await page.getByRole("button", { name: "Kirjaa kielto" }).click();
  const result = page.getByTestId("record-result");
  await expect(result).toContainText(`Kielto kirjattu: ${masked(person)}`);
  await expect(result).toBeFocused();
  await expect(result).toContainText("Käynti toimistolla");
  await expect(result).toContainText("Henkilöllisyystodistus toimistolla");
  // The form forgets the code once it is recorded.
  await expect(code).toHaveValue("");
  await expect(channel).toHaveValue("POST");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);

  // Recording the same person again returns the objection in force.
  await code.fill(person);
  await page.getByLabel("Saapumispäivä").fill(isoDay(-1));
  await page.getByRole("button", { name: "Kirjaa kielto" }).click();
  await expect(result).toContainText(`Henkilöllä ${masked(person)} on jo voimassa oleva kielto`);
  await expect(result).toContainText("Käynti toimistolla");
});

test("registry clerk filters a cohort file with progress, sees the counts and downloads the kept codes", async ({
  page,
}) => {
  await signInAs(page, demoUsers.registryClerk);
  await expectNoAxeViolations(page);
  await openRecordPage(page);
  await expectNoAxeViolations(page);
  const objector = randomAdultCode();
  await recordByPost(page, objector);

  await page.getByRole("navigation", { name: "Päävalikko" }).getByRole("link", { name: "Kohortin suodatus" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Suodata kohortti kieltorekisterillä");
  await expectNoAxeViolations(page);

  // People born before 1940 never have an objection from another test (see identity-codes.ts).
  const padding = Array.from({ length: 20_000 }, () => randomCode(1900, 1939));
  const lines = [padding[0], objector, "not an identity code", ...padding.slice(1)];
  const expectedKept = padding;

  // Slow the connection so the progress bar has time to show.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 50,
    downloadThroughput: 200_000,
    uploadThroughput: 100_000,
  });

  await page.getByLabel("Henkilötunnustiedosto").setInputFiles({
    name: "cohort.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(`${lines.join("\n")}\n`),
  });
  await page.getByLabel("Lupa").fill("TL/1/2026");
  await page.getByRole("button", { name: "Suodata" }).click();
  const progress = page.getByRole("progressbar");
  await expect(progress).toBeVisible();
  await expectNoAxeViolations(page);

  const result = page.getByTestId("cohort-result");
  await expect(result.getByRole("heading", { name: "Suodatus valmis" })).toBeVisible({ timeout: 30_000 });
  await expect(progress).toHaveCount(0);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const facts = await result.locator("dl.facts").innerText();
  expect(facts.replace(/\s+/g, " ")).toBe(
    `Rivejä ${fi(lines.length)} Jäi listaan ${fi(expectedKept.length)} Poistettiin kiellon vuoksi 1 Virheellisiä rivejä 1`.replace(/\s+/g, " "),
  );
  await expect(result).toContainText("Virheelliset rivit (rivinumerot): 3");
  await expect(result).toBeFocused();
  await expectNoAxeViolations(page);

  const download = page.waitForEvent("download");
  await result.getByRole("link", { name: /^Lataa suodatettu lista/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^cohort-\d{4}-\d{2}-\d{2}\.txt$/);
  const content = await readFile((await file.path())!, "utf8");
  // Exactly the valid non-objectors, in input order; no summary line.
  expect(content === `${expectedKept.join("\n")}\n`, "downloaded list is the input without the objector").toBe(true);
});

test("a cohort filter without a file or date is stopped by the form, and a bad permit by the server", async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await signInAs(page, demoUsers.registryClerk);
  await expectNoAxeViolations(page);
  await page.goto("/registry/cohort-filter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Suodata kohortti kieltorekisterillä");
  await page.getByLabel("Poimintapäivä").fill("");
  await page.getByRole("button", { name: "Suodata" }).click();
  await expect(page.locator("#field-file-error")).toHaveText("Valitse tiedosto.");
  await expect(page.locator("#field-extractionDate-error")).toHaveText("Anna poimintapäivä.");
  await expectNoAxeViolations(page);

  await page.getByLabel("Henkilötunnustiedosto").setInputFiles({
    name: "cohort.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(`${randomCode(1900, 1939)}\n`),
  });
  await page.getByLabel("Poimintapäivä").fill(isoDay(0));
  await page.getByLabel("Lupa").fill("x".repeat(101));
  await page.getByRole("button", { name: "Suodata" }).click();
  await expect(page.locator("#field-permit-error")).toHaveText("Luvan tunnisteessa saa olla 1–100 tulostettavaa merkkiä.");
  await expect(page.locator("#field-file-error")).toHaveCount(0);
  await expect(page.getByTestId("cohort-result")).toHaveText("");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);

  // In Swedish, the same error in Swedish.
  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Filtrera en kohort mot förbudsregistret");
  await page.getByRole("button", { name: "Filtrera" }).click();
  await expect(page.locator("#field-permit-error")).toHaveText("Tillståndets beteckning ska ha 1–100 skrivbara tecken.");
  await expectNoAxeViolations(page);
});

test("a handler may run the cohort filter too, but not record objections", async ({ page }) => {
  await signInAs(page, demoUsers.handler);
  await expectNoAxeViolations(page);
  const menu = page.getByRole("navigation", { name: "Päävalikko" });
  await expect(menu.getByRole("link", { name: "Kirjaa kielto" })).toHaveCount(0);
  await menu.getByRole("link", { name: "Kohortin suodatus" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Suodata kohortti kieltorekisterillä");
  await expectNoAxeViolations(page);
});

test("a cohort run that ends without its summary offers no list", async ({ page }) => {
  await signInAs(page, demoUsers.registryClerk);
  await expectNoAxeViolations(page);
  // As if the server had stopped mid-way: kept lines but no closing summary.
  await page.route("**/api/cohort-filter?*", (route) =>
    route.fulfill({ status: 200, contentType: "text/plain", body: `${randomCode(1900, 1939)}\n` }),
  );
  await page.goto("/registry/cohort-filter");
  await page.getByLabel("Henkilötunnustiedosto").setInputFiles({
    name: "cohort.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(`${randomCode(1900, 1939)}\n`),
  });
  await page.getByRole("button", { name: "Suodata" }).click();
  await expect(page.getByText("Suodatus ei valmistunut, joten listaa ei syntynyt.", { exact: false })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("Virhekoodi: BAD_RESPONSE");
  await expect(page.getByRole("link", { name: /^Lataa suodatettu lista/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
});
