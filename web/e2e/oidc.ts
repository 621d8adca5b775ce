// Signing in and out through the real OpenID provider (tests/servers/oidc-provider.mjs, started
// by the global setup): the app's sign-in page, the provider's own login form, and back.
import type { BrowserContext, Page } from "@playwright/test";
import { expect, expectNoAxeViolations } from "./fixtures.ts";

/** The provider's users (tests/servers/README.md) and the app's provider each signs in with. */
export const providerUsers = {
  handler: { username: "handler", provider: "staff", name: "Sanna Laine", role: "Käsittelijä" },
  director: { username: "director", provider: "staff", name: "Päivi Heikkinen", role: "Päättäjä" },
  auditor: { username: "auditor", provider: "staff", name: "Kaisa Lehtonen", role: "Tarkastaja" },
  clerk: { username: "clerk", provider: "staff", name: "Riitta Koskinen", role: "Kieltorekisterin virkailija" },
  applicant: { username: "applicant", provider: "applicant", name: "Aino Virtanen", role: "Hakija" },
  citizen: { username: "citizen", provider: "citizen", name: "Matti Meikäläinen", role: "Kansalainen" },
} as const;

export type ProviderUser = (typeof providerUsers)[keyof typeof providerUsers];

/** The session cookie's name in dev mode (`__Host-tietolupa_session` in production). */
export const SESSION_COOKIE = "tietolupa_session";

/** Goes from the app's sign-in page to the provider's login form. */
export async function openProviderLogin(page: Page, provider: string): Promise<void> {
  await page.goto("/sign-in");
  const link = page.locator(`a[data-provider="${provider}"]`);
  await expect(link).toBeVisible();
  await expectNoAxeViolations(page);
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Test identity provider: sign in");
  await expectNoAxeViolations(page);
}

/** Fills the provider's own login form (username, password `demo`) and submits it. */
export async function submitProviderLogin(page: Page, username: string): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signs in as `user` through the provider's login form and waits until the app shows the
 * user; the session is an httpOnly cookie and nothing is kept in the page's storage.
 */
export async function signInThroughProvider(page: Page, user: ProviderUser): Promise<void> {
  await openProviderLogin(page, user.provider);
  await submitProviderLogin(page, user.username);
  await expect(page.getByTestId("signed-in-user")).toHaveText(user.name);
  await expect(page.getByText(`Roolit: Julkinen, ${user.role}`)).toBeVisible();
  await expectNoAxeViolations(page);
  await expectCookieSession(page.context());
  expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
}

/** The browser holds the session only as an httpOnly, SameSite=Lax cookie. */
export async function expectCookieSession(context: BrowserContext): Promise<void> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "the session cookie").toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe("Lax");
  expect(cookie!.path).toBe("/");
}

/**
 * Signs out of the app; the app sends the browser to the provider's end-session page, which
 * asks whether to sign out there too ("Sign out"), then comes back to the app's home page.
 */
export async function signOutThroughProvider(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Kirjaudu ulos" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign out of the test identity provider");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("link", { name: "Kirjaudu sisään" })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
}
