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

  // Contact persons are read one organisation at a time.
  await page.getByRole("button", { name: "Näytä yhteyshenkilöt: Helsingin yliopisto" }).click();
  const contacts = page.getByTestId("organisation-contacts");
  await expect(contacts.getByRole("heading", { level: 2 })).toHaveText("Yhteyshenkilöt: Helsingin yliopisto");
  await expect(contacts.getByRole("row", { name: /Pääkäyttäjä Aino Virtanen/ })).toBeVisible();
  await expectNoAxeViolations(page);

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
