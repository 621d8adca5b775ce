// The Suomi.fi components' styles come from styled-components at run time. The server's CSP
// allows them only through the per-response style nonce (crates/http/src/web.rs): this checks
// in a real browser that no style is refused and that the Suomi.fi styles do apply.
import { expect, expectNoAxeViolations, test } from "./fixtures.ts";

test("Suomi.fi buttons are styled under the CSP's style nonce, with no policy violation", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  // Registered before any page script runs, so a refused <style> is caught from the start.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  const response = await page.goto("/register");
  const policy = response!.headers()["content-security-policy"];
  expect(policy).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+';/);
  expect(policy).not.toContain("unsafe-inline");

  const search = page.getByRole("button", { name: "Hae", exact: true });
  await expect(search).toBeVisible();
  await expect(search).toHaveClass(/\bfi-button\b/);
  // Suomi.fi's primary button: its gradient and its 40 px minimum height. Neither is in
  // styles.css, so they show the styled-components sheet was let in.
  const style = await search.evaluate((b) => {
    const s = getComputedStyle(b);
    return { backgroundImage: s.backgroundImage, minHeight: s.minHeight };
  });
  expect(style.backgroundImage).toContain("linear-gradient");
  expect(style.minHeight).toBe("40px");
  // The sheet styled-components made carries the response's nonce (read back as a property:
  // browsers hide the attribute's value).
  const nonces = await page.evaluate(() =>
    Array.from(document.querySelectorAll("style[data-styled]"), (s) => (s as HTMLStyleElement).nonce),
  );
  expect(nonces.length).toBeGreaterThan(0);
  expect(new Set(nonces).size).toBe(1);
  expect(policy).toContain(`'nonce-${nonces[0]}'`);

  await expectNoAxeViolations(page);
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(problems).toEqual([]);
});
