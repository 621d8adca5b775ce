import type { Page } from "@playwright/test";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";

/** A business ID no other run has: random digits with their check digit. */
function randomBusinessId(): string {
  const weights = [7, 9, 10, 5, 8, 4, 2];
  for (;;) {
    const digits = Array.from({ length: 7 }, () => Math.floor(Math.random() * 10));
    const remainder = digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
    if (remainder === 1) continue;
    return `${digits.join("")}-${remainder === 0 ? 0 : 11 - remainder}`;
  }
}

function withWrongCheckDigit(id: string): string {
  const check = Number(id.at(-1));
  return `${id.slice(0, -1)}${(check + 1) % 10}`;
}

test("a handler keeps the organisation register and sees an organisation's contact persons", async ({ page }) => {
  await signInAs(page, demoUsers.handler);
  await expectNoAxeViolations(page);
  await page.getByRole("navigation", { name: "Päävalikko" }).getByRole("link", { name: "Organisaatiot" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Organisaatiorekisteri");
  await expect(page.getByRole("rowheader", { name: "Helsingin yliopisto" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Contact persons are read one organisation at a time, on the organisation's own page.
  await page.getByRole("link", { name: "Helsingin yliopisto" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Helsingin yliopisto");
  const contacts = page.getByTestId("organisation-contact-persons");
  await expect(contacts.getByRole("article", { name: "Aino Virtanen" })).toContainText("Pääkäyttäjä");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Takaisin organisaatiorekisteriin" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Organisaatiorekisteri");

  // A wrong check digit is refused next to the business ID.
  const businessId = randomBusinessId();
  const name = `Testitutkimus ${businessId} Oy`;
  await page.locator("#field-name").fill(name);
  await page.locator("#field-businessId").fill(withWrongCheckDigit(businessId));
  await page.locator("#field-customerSince").fill("2025-01-15");
  await page.getByRole("button", { name: "Lisää organisaatio" }).click();
  await expect(page.locator("#field-businessId-error")).toBeVisible();
  await expect(page.locator(".error-summary")).toBeFocused();
  await expectNoAxeViolations(page);

  await page.locator("#field-businessId").fill(businessId);
  await page.getByRole("button", { name: "Lisää organisaatio" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${name} lisättiin rekisteriin.` })).toBeVisible();
  await expect(page.getByRole("rowheader", { name })).toBeVisible();
  await expect(page.locator("#field-businessId-error")).toHaveCount(0);
});

test("the Director reads the register but does not add to it", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await signInAs(page, demoUsers.director);
  await expectNoAxeViolations(page);
  await page.goto("/organisations");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Organisaatiorekisteri");
  await expect(page.getByRole("rowheader", { name: "Terveysanalytiikka Oy" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Lisää organisaatio" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

/** Registers a fresh organisation through the register page and opens its page. */
async function openNewOrganisation(page: Page): Promise<string> {
  const businessId = randomBusinessId();
  const name = `Muokattava ${businessId} Oy`;
  await page.goto("/organisations");
  await expectNoAxeViolations(page);
  await page.locator("#field-name").fill(name);
  await page.locator("#field-businessId").fill(businessId);
  await page.locator("#field-customerSince").fill("2024-02-01");
  await page.getByRole("button", { name: "Lisää organisaatio" }).click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expectNoAxeViolations(page);
  return name;
}

test("a handler edits an organisation, keeps its contact persons and ends the relationship", async ({ page }) => {
  await signInAs(page, demoUsers.handler);
  await expectNoAxeViolations(page);
  const name = await openNewOrganisation(page);
  const done = page.getByTestId("organisation-done");
  const details = page.getByRole("region", { name: "Perustiedot" });

  // Details: a bad business ID is refused beside its field, then the change is saved.
  await page.getByRole("button", { name: "Muokkaa perustietoja" }).click();
  await page.locator("#field-businessId").fill("1234567-8");
  await page.locator("#field-address").fill("Mannerheimintie 1, 00100 Helsinki");
  await page.getByRole("button", { name: "Tallenna perustiedot" }).click();
  await expect(page.locator("#field-businessId-error")).toBeVisible();
  await expect(page.locator(".error-summary")).toBeFocused();
  await expectNoAxeViolations(page);
  await page.locator("#field-name").fill(`${name} (uusi nimi)`);
  await page.locator("#field-businessId").fill(randomBusinessId());
  await page.getByRole("button", { name: "Tallenna perustiedot" }).click();
  await expect(done).toHaveText("Perustiedot tallennettiin.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${name} (uusi nimi)`);
  await expect(details).toContainText("Mannerheimintie 1, 00100 Helsinki");

  // A contact person: the email is checked beside its field; added, edited, removed.
  const contacts = page.getByTestId("organisation-contact-persons");
  await expect(contacts).toContainText("Ei yhteyshenkilöitä.");
  await page.getByRole("button", { name: "Lisää yhteyshenkilö" }).click();
  await page.locator("#field-contact-role").selectOption("MAIN_USER");
  await page.locator("#field-contact-name").fill("Kaarina Testinen");
  await page.locator("#field-contact-email").fill("ei-sahkoposti");
  await page.locator("#field-contact-userSubject").fill("kaarina-testinen");
  await contacts.getByRole("button", { name: "Lisää yhteyshenkilö" }).click();
  await expect(page.locator("#field-contact-email-error")).toBeVisible();
  await expect(page.locator("#field-contact-name-error")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.locator("#field-contact-email").fill("kaarina@example.fi");
  await contacts.getByRole("button", { name: "Lisää yhteyshenkilö" }).click();
  await expect(done).toHaveText("Kaarina Testinen lisättiin yhteyshenkilöksi.");
  const kaarina = contacts.getByRole("article", { name: "Kaarina Testinen" });
  await expect(kaarina).toContainText("Pääkäyttäjä");
  await expect(kaarina).toContainText("kaarina-testinen");

  await page.getByRole("button", { name: "Muokkaa: Kaarina Testinen" }).click();
  await expect(page.locator("#field-contact-name")).toHaveValue("Kaarina Testinen");
  await page.locator("#field-contact-role").selectOption("TECHNICAL");
  await page.locator("#field-contact-phone").fill("+358 40 765 4321");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Tallenna yhteyshenkilö" }).click();
  await expect(done).toHaveText("Yhteyshenkilön Kaarina Testinen tiedot tallennettiin.");
  await expect(kaarina).toContainText("Tekninen yhteyshenkilö");
  await expect(kaarina).toContainText("+358 40 765 4321");

  await page.getByRole("button", { name: "Poista: Kaarina Testinen" }).click();
  await expect(page.getByRole("button", { name: "Poista yhteyshenkilö" })).toBeFocused();
  await expect(kaarina).toContainText("Poistetaanko Kaarina Testinen (Tekninen yhteyshenkilö) yhteyshenkilöistä?");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Poista yhteyshenkilö" }).click();
  await expect(done).toHaveText("Kaarina Testinen poistettiin yhteyshenkilöistä.");
  await expect(contacts.getByRole("article")).toHaveCount(0);

  // The end of the relationship: a date, then its confirmation.
  await page.getByRole("button", { name: "Päätä asiakkuus" }).click();
  await page.getByRole("button", { name: "Vahvista asiakkuuden päättyminen" }).click();
  await expect(page.locator("#field-endedOn-error")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.locator("#field-endedOn").fill("2026-11-30");
  await page.getByRole("button", { name: "Vahvista asiakkuuden päättyminen" }).click();
  await expect(done).toHaveText("Asiakkuus merkittiin päättyneeksi 30.11.2026.");
  await expect(details).toContainText("Asiakkuus päättyi 30.11.2026");
  await expect(details).toContainText("Yhteystiedot poistetaan kymmenen vuoden kuluttua");
  await expect(page.getByRole("button", { name: "Päätä asiakkuus" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("an edit made on a page someone else has since saved shows the conflict, and works after a reload", async ({ page }) => {
  await signInAs(page, demoUsers.handler);
  await expectNoAxeViolations(page);
  await openNewOrganisation(page);
  await page.getByRole("button", { name: "Muokkaa perustietoja" }).click();

  // The same handler in another tab saves first.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await other.getByRole("button", { name: "Muokkaa perustietoja" }).click();
  await other.locator("#field-address").fill("Toisen välilehden osoite 2");
  await other.getByRole("button", { name: "Tallenna perustiedot" }).click();
  await expect(other.getByTestId("organisation-done")).toHaveText("Perustiedot tallennettiin.");
  await other.close();

  await page.locator("#field-address").fill("Ensimmäisen välilehden osoite 1");
  await page.getByRole("button", { name: "Tallenna perustiedot" }).click();
  const stale = page.getByTestId("organisation-stale");
  await expect(stale).toContainText("Joku muu muutti organisaation tietoja sillä välin. Muutostasi ei tallennettu.");
  await expectNoAxeViolations(page);
  await stale.getByRole("button", { name: "Lataa uusimmat tiedot" }).click();
  const details = page.getByRole("region", { name: "Perustiedot" });
  await expect(details).toContainText("Toisen välilehden osoite 2");

  await page.getByRole("button", { name: "Muokkaa perustietoja" }).click();
  await page.locator("#field-address").fill("Ensimmäisen välilehden osoite 1");
  await page.getByRole("button", { name: "Tallenna perustiedot" }).click();
  await expect(page.getByTestId("organisation-done")).toHaveText("Perustiedot tallennettiin.");
  await expect(details).toContainText("Ensimmäisen välilehden osoite 1");
});

test("an organisation's main user adds a contact person on My organisations", async ({ page }) => {
  await signInAs(page, demoUsers.applicantResearcher);
  await expectNoAxeViolations(page);
  await page.getByRole("navigation", { name: "Päävalikko" }).getByRole("link", { name: "Omat organisaatiot" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Omat organisaatiot");
  await expect(page.getByRole("row", { name: /Helsingin yliopisto 0313471-7 Pääkäyttäjä/ })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Terveysanalytiikka Oy" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Helsingin yliopisto" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Helsingin yliopisto");
  // Staff keep the organisation's own details; its main user its contact persons.
  await expect(page.getByRole("button", { name: "Muokkaa perustietoja" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Päätä asiakkuus" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  const contacts = page.getByTestId("organisation-contact-persons");
  await page.getByRole("button", { name: "Lisää yhteyshenkilö" }).click();
  await page.locator("#field-contact-name").fill("Teemu Tekninen");
  await page.locator("#field-contact-email").fill("teemu.tekninen@example.fi");
  await contacts.getByRole("button", { name: "Lisää yhteyshenkilö" }).click();
  await expect(page.getByTestId("organisation-done")).toHaveText("Teemu Tekninen lisättiin yhteyshenkilöksi.");
  await expect(contacts.getByRole("article", { name: "Teemu Tekninen" })).toContainText("Tekninen yhteyshenkilö");
  await expectNoAxeViolations(page);

  // Left as it was for the other journeys.
  await page.getByRole("button", { name: "Poista: Teemu Tekninen" }).click();
  await page.getByRole("button", { name: "Poista yhteyshenkilö" }).click();
  await expect(contacts.getByRole("article", { name: "Teemu Tekninen" })).toHaveCount(0);
});
