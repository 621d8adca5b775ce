import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";

test("the home page renders in Finnish with no axe violations", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tietolupa");
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");
  for (const landmark of ["banner", "navigation", "main", "contentinfo"] as const) {
    await expect(page.getByRole(landmark)).toHaveCount(1);
  }
  await expectNoAxeViolations(page);
});

test("dev sign-in as a handler shows the user and role, and signing out ends the session", async ({ page }) => {
  await signInAs(page, demoUsers.handler);
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(
    `Olet kirjautunut käyttäjänä ${demoUsers.handler.name}.`,
  );
  await expect(page.getByText("Roolit: Julkinen, Käsittelijä")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Kirjaudu ulos" }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Kirjaudu sisään" }).first()).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem("tietolupa.session"))).toBeNull();
});

test("the layout fits a 320 px wide screen without horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/sign-in");
  await expect(page.locator("form.dev-sign-in select")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
});

test("the language switch changes texts and html lang, and is remembered after a reload", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText("Tervetuloa Tietolupa-asianhallintaan.")).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByText("Welcome to Tietolupa case management.")).toBeVisible();
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByText("Welcome to Tietolupa case management.")).toBeVisible();
  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("link", { name: "Logga in" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("keyboard: the skip link leads to the content, and navigation focuses the new page's h1", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Siirry pääsisältöön" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Kirjaudu sisään" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Kirjaudu sisään" })).toBeFocused();
  await expect(page).toHaveTitle("Kirjaudu sisään – Tietolupa");
  await expectNoAxeViolations(page);
});
