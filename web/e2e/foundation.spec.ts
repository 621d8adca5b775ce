import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { SESSION_COOKIE, expectCookieSession } from "./oidc.ts";

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
  // The session is an httpOnly cookie; the page keeps no token anywhere.
  await expectCookieSession(page.context());
  expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);

  await page.getByRole("button", { name: "Kirjaudu ulos" }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Kirjaudu sisään" }).first()).toBeVisible();
  expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
});

test("a cookie-authenticated request without the CSRF header is refused", async ({ page }) => {
  await signInAs(page, demoUsers.handler);
  const answers = await page.evaluate(async () => {
    const body = JSON.stringify({ query: "{ me { id authenticated } }" });
    const send = async (headers: Record<string, string>) => {
      const response = await fetch("/graphql", { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
      return { status: response.status, body: await response.json() };
    };
    return { without: await send({}), with: await send({ "X-Tietolupa-Csrf": "1" }) };
  });
  expect(answers.without.status).toBe(403);
  expect(answers.without.body.errors[0].extensions.code).toBe("CSRF");
  expect(answers.with.status).toBe(200);
  expect(answers.with.body.data.me).toEqual({ id: demoUsers.handler.sub, authenticated: true });
});

test("my sessions: a second sign-in is listed, and ending it signs the other browser out", async ({ page, browser, baseURL }) => {
  const other = await browser.newContext({ baseURL, locale: "fi-FI", timezoneId: "Europe/Helsinki" });
  const otherPage = await other.newPage();
  await signInAs(otherPage, demoUsers.handler2);
  await signInAs(page, demoUsers.handler2);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Omat istunnot" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Omat istunnot");
  const sessions = page.getByTestId("my-sessions").getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "(Tämä istunto)" })).toHaveCount(1);
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Lopeta kaikki muut istunnot" }).click();
  await expect(page.getByText("Muita istuntoja lopetettu: 1.")).toBeVisible();
  await expect(sessions).toHaveCount(1);
  await expectNoAxeViolations(page);

  // The other browser's cookie no longer signs it in; this one still is.
  await otherPage.reload();
  await expect(otherPage.getByRole("link", { name: "Kirjaudu sisään" })).toBeVisible();
  await expect(otherPage.getByTestId("signed-in-user")).toHaveCount(0);
  await other.close();
  await page.reload();
  await expect(page.getByTestId("signed-in-user")).toHaveText(demoUsers.handler2.name);
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
