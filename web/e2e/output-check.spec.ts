// Output checking (issue 16 §3): the holder submits a table with a cell under the minimum
// frequency and sees the report name that cell; the handler asks for changes; the holder sends
// a new version (the first kept); the handler approves it overriding the FAIL with a reason;
// the approval waits for a Director, who confirms it (four eyes); after release the holder
// downloads the file with its SHA-256, and never before.
import type { Page } from "@playwright/test";
import { expectFits320, expectH1, signedInPage, uniqueTitle } from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { grantPermit } from "./grant.ts";

const FIRST = "ikäryhmä,Uusimaa,Lappi\n0-39,120,45\n40-79,230,3\n80+,60,12\n";
const SECOND = "ikäryhmä,Uusimaa,Lappi\n0-39,120,45\n40+,290,5\n";

async function attachTable(page: Page, index: number, name: string, body: string) {
  await page.locator(`#field-tables-${index}-file`).setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(body) });
}

async function openRequest(page: Page, id: string) {
  await page.goto(`/outputs/${id}`);
  await expectH1(page, /^Tarkastuspyyntö /);
}

test("holder submits, changes asked, resubmits; handler overrides a FAIL; Director confirms; holder downloads after release", async ({ page, browser, baseURL }) => {
  test.setTimeout(360_000);
  const handler = await signedInPage(browser, baseURL, demoUsers.handler);
  const director = await signedInPage(browser, baseURL, demoUsers.director);
  await signInAs(page, demoUsers.applicantResearcher);
  await expectNoAxeViolations(page);
  const permit = await grantPermit(page, handler, director, uniqueTitle("Tulosten tarkastus"), ["thl-hilmo", "kela-prescriptions"], "Aino Virtanen");

  // The holder: from the permit to the form; an empty form names its fields.
  await page.goto(`/permits/${permit.permitId}`);
  await expect(page.getByRole("heading", { level: 2, name: "Tulosten tarkastus" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Pyydä tulosten tarkastusta" }).click();
  await expectH1(page, "Tulosten tarkastuspyyntö");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Lähetä tarkastettavaksi" }).click();
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Kuvaus: Kuvaa tulokset.");
  await expect(summary).toContainText("Taulukko 1, Tiedosto: Valitse taulukon tiedosto.");
  await expectNoAxeViolations(page);

  await page.getByLabel("Kuvaus").fill("Hoitojaksot ikäryhmittäin ja maakunnittain.");
  await attachTable(page, 0, "hoitojaksot.csv", FIRST);
  await page.getByRole("button", { name: "Lähetä tarkastettavaksi" }).click();
  await expectH1(page, /^Tarkastuspyyntö TL\/\d+\/\d{4}, versio 1$/);
  const requestId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByTestId("output-state")).toHaveText("Jätetty");
  await expect(page.getByTestId("output-status")).toHaveText("Ei läpäissyt");
  const finding = page.getByTestId("findings").locator("tbody tr").filter({ hasText: "40-79 / Lappi" });
  await expect(finding).toContainText("Vähimmäisfrekvenssi");
  await expect(finding).toContainText("Ei läpäissyt");
  await expect(page.getByRole("link", { name: /^Lataa / })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The handler finds it in the queue, starts the review and asks for changes.
  await handler.getByRole("link", { name: "Tulosten tarkastus" }).click();
  await expectH1(handler, "Tulosten tarkastus");
  await expect(handler.getByTestId("output-requests")).toContainText(permit.diaryNumber);
  await expectNoAxeViolations(handler);
  await handler.getByRole("link", { name: `${permit.diaryNumber}, versio 1` }).click();
  await expectH1(handler, /^Tarkastuspyyntö /);
  await handler.getByRole("button", { name: "Aloita tarkastus" }).click();
  await expect(handler.getByTestId("output-state")).toHaveText("Tarkastettavana");
  await expectNoAxeViolations(handler);
  await handler.getByLabel("Pyydä muutoksia").check();
  await handler.getByLabel("Perustelu luvan haltijalle").fill("Yhdistä 40-79- ja 80+-ikäryhmät.");
  await handler.getByRole("button", { name: "Pyydä muutoksia" }).click();
  await expect(handler.getByTestId("output-state")).toHaveText("Muutoksia pyydetty");

  // The holder reads the reason and sends a second version; the first is kept.
  await page.reload();
  await expect(page.getByTestId("output-state")).toHaveText("Muutoksia pyydetty");
  await expect(page.getByTestId("decision-reason")).toContainText("Yhdistä 40-79- ja 80+-ikäryhmät.");
  await expectNoAxeViolations(page);
  await attachTable(page, 0, "hoitojaksot-v2.csv", SECOND);
  await page.getByRole("button", { name: "Lähetä uusi versio" }).click();
  await expectH1(page, /, versio 2$/);
  await expect(page.getByTestId("output-state")).toHaveText("Jätetty");
  await expect(page.getByRole("heading", { level: 2, name: "Aiemmat versiot" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The handler approves, overriding the one FAIL with a reason; it waits for a Director.
  await handler.reload();
  await handler.getByRole("button", { name: "Aloita tarkastus" }).click();
  await expect(handler.getByTestId("output-state")).toHaveText("Tarkastettavana");
  await handler.getByRole("button", { name: "Hyväksy tulokset" }).click();
  await expect(handler.locator(".error-summary")).toContainText("Perustele, miksi solun saa luovuttaa.");
  await expectNoAxeViolations(handler);
  await handler.getByLabel(/^Ohituksen perustelu: hoitojaksot-v2\.csv, 40\+ \/ Lappi/).fill("Luku on julkaistu jo THL:n tilastossa.");
  await handler.getByRole("button", { name: "Hyväksy tulokset" }).click();
  await expect(handler.getByText("Hyväksyntä ohitti tarkastussäännön, joten se odottaa johtajan vahvistusta.")).toBeVisible();
  await expect(handler.getByRole("button", { name: "Luovuta tiedostot" })).toHaveCount(0);
  await expectNoAxeViolations(handler);

  // The Director confirms (not the reviewer: the second pair of eyes).
  await openRequest(director, requestId);
  await expect(director.getByTestId("overrides")).toContainText("Luku on julkaistu jo THL:n tilastossa.");
  await expectNoAxeViolations(director);
  await director.getByRole("button", { name: "Vahvista hyväksyntä" }).click();
  await expect(director.getByTestId("output-state")).toHaveText("Hyväksytty");
  await expect(director.getByRole("button", { name: "Vahvista hyväksyntä" })).toHaveCount(0);
  await expectNoAxeViolations(director);

  // Not yet released: the holder still has no link.
  await page.reload();
  await expect(page.getByTestId("output-state")).toHaveText("Hyväksytty");
  await expect(page.getByRole("link", { name: /^Lataa / })).toHaveCount(0);

  await handler.reload();
  await handler.getByRole("button", { name: "Luovuta tiedostot" }).click();
  await expect(handler.getByTestId("output-state")).toHaveText("Luovutettu");
  await expectNoAxeViolations(handler);

  await page.reload();
  await expect(page.getByTestId("output-state")).toHaveText("Luovutettu");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Lataa hoitojaksot-v2.csv" }).click()]);
  const body = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(body).toBe(SECOND);
  await expectNoAxeViolations(page);
  await expectFits320(page);
  await handler.context().close();
  await director.context().close();
});
