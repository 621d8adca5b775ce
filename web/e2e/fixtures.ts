// Import `test` and `expect` from here, never from @playwright/test: the `page` fixture
// checks accessibility so no journey can forget it.
//
// - `expectNoAxeViolations(page)` runs axe-core (WCAG 2.0/2.1 A and AA) on the page as it is
//   now and fails on any violation. Call it once the page shows its content.
// - After each test, every path the page visited must have been checked at least once, and the
//   page the test ends on is checked again; otherwise the test fails naming the paths.
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import type { DemoUser } from "./users.ts";

export { expect };
export { demoUsers } from "./users.ts";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const checked = new WeakMap<Page, Set<string>>();

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
  checked.get(page)?.add(pathOf(page.url()));
}

export const test = base.extend({
  page: async ({ page }, use, testInfo) => {
    const visited = new Set<string>();
    checked.set(page, new Set());
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith("http")) visited.add(pathOf(frame.url()));
    });
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus || page.isClosed()) return;
    await expectNoAxeViolations(page);
    const missed = [...visited].filter((p) => !checked.get(page)!.has(p));
    expect(missed, "pages visited without expectNoAxeViolations(page)").toEqual([]);
  },
});

/**
 * Signs in through the dev sign-in page as a demo user (see ./users.ts) and waits until the
 * header shows the user's name. Leaves the browser on the home page.
 */
export async function signInAs(page: Page, user: DemoUser): Promise<void> {
  await page.goto("/sign-in");
  const picker = page.locator("form.dev-sign-in select");
  await picker.selectOption(user.sub);
  await expectNoAxeViolations(page);
  await page.locator("form.dev-sign-in button[type=submit]").click();
  await expect(page.getByTestId("signed-in-user")).toHaveText(user.name);
  await expect(page).toHaveURL(/\/$/);
}
