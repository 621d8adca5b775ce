// Visual snapshots (issue 21 §4): the pages where handlers, the Director, applicants and the
// auditor spend their day, at 1280 px and 320 px in Finnish, against baselines committed in
// e2e/__screenshots__. A stylesheet that stops applying changes most of every page, so these
// fail where a rule-level check cannot see; the last test proves it with the original bug.
//
// The demo data's dates are relative to today, and the suite's shared server is changed by
// every other spec, so this spec starts its own server on a fresh database and masks what
// moves from day to day (dates and times, the audit log's hashes).
//
// Regenerate the baselines after an intended change: `just visual-update`.
import { existsSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { startServer, type StartedServer } from "./global-setup.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test as base } from "./fixtures.ts";
import type { DemoUser } from "./users.ts";

const WIDTHS = [1280, 320] as const;

// The spec's own server lives as long as the worker running the spec. A worker fixture
// rather than `beforeAll`: the browser context takes its `baseURL` before any hook runs.
const test = base.extend<object, { visualServer: StartedServer }>({
  visualServer: [
    async ({}, use) => {
      const server = await startServer();
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: "worker", timeout: 120_000 },
  ],
  baseURL: async ({ visualServer }, use) => {
    await use(visualServer.baseURL);
  },
});

/** A date (1.12.2026, 1.12.) or a time (14.05) wherever a page writes one outside `<time>`. */
const DATE_OR_TIME = /\b\d{1,2}\.\d{1,2}\.(\d{4})?|\b\d{1,2}[.:]\d{2}\b/;

function volatile(page: Page): Locator[] {
  return [
    page.locator("time"),
    page.locator("main").getByText(DATE_OR_TIME),
    // Hashes chain the entries' times, and ids (UUIDv7) carry a time: both differ on every run.
    page.locator(".audit-entry code").filter({ hasText: /^[0-9a-f]{64}$/ }),
    page.locator(".audit-entry dd").filter({ hasText: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/ }),
    page.getByTestId("audit-verification"),
  ];
}

/** Waits for the page's content, its fonts and its requests, then checks accessibility. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".state--loading")).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await expectNoAxeViolations(page);
}

async function snapshot(page: Page, name: string): Promise<void> {
  // Focus rings and the caret are not what these snapshots are about.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page).toHaveScreenshot(`${name}.png`, { fullPage: true, mask: volatile(page) });
}

async function open(page: Page, width: number, user: DemoUser | null, path: string): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  if (user) {
    await signInAs(page, user);
    await expectNoAxeViolations(page);
  }
  await page.goto(path);
  await settled(page);
}

/** Opens the case titled `title`: its title's link, or the first link of the row naming it. */
async function followLink(page: Page, title: string): Promise<void> {
  const main = page.getByRole("main");
  const byTitle = main.getByRole("link", { name: title, exact: true });
  // Nested rows all contain the title; the last in document order is the innermost.
  const row = main.locator("tr, li, article").filter({ hasText: title }).last();
  await ((await byTitle.count()) ? byTitle.first() : row.getByRole("link").first()).click();
  await settled(page);
}

/** The pages, each reached the way its user reaches it; cases are picked by their seeded titles. */
const PAGES: Record<string, (page: Page, width: number) => Promise<void>> = {
  register: async (page, width) => {
    await open(page, width, null, "/register");
  },
  queue: async (page, width) => {
    await open(page, width, demoUsers.handler, "/queue");
  },
  case: async (page, width) => {
    await open(page, width, demoUsers.handler, "/queue");
    await followLink(page, "Raskausdiabetes ja lapsen myöhempi terveys");
  },
  director: async (page, width) => {
    await open(page, width, demoUsers.director, "/proposals");
    await followLink(page, "Statiinien käyttö ja muistisairauksien riski");
  },
  "application-form": async (page, width) => {
    await open(page, width, demoUsers.applicantResearcher, "/applications");
    await followLink(page, "Uniapnean hoito ja liikenneonnettomuudet");
    await page.locator('main a[href$="/edit"]').first().click();
    await settled(page);
  },
  "audit-log": async (page, width) => {
    await open(page, width, demoUsers.auditor, "/audit");
    // The seeding's entries only: the sign-ins and reads of this spec come and go.
    await page.getByLabel("Tekijä").fill("system:seed");
    await page.getByRole("button", { name: "Rajaa", exact: true }).click();
    await expect(page.getByTestId("audit-page-status")).toHaveText(/^Sivu 1: \d+ merkintää\.$/);
    await settled(page);
  },
};

for (const [name, reach] of Object.entries(PAGES)) {
  for (const width of WIDTHS) {
    test(`${name} at ${width} px`, async ({ page }) => {
      await reach(page, width);
      await snapshot(page, `${name}-${width}`);
    });
  }
}

test.describe("a broken stylesheet", () => {
  // Compared against a missing or regenerated baseline, the broken page would become the
  // baseline. Skipped before the test asks for a page, so nothing is opened for nothing.
  test.beforeEach(async ({}, testInfo) => {
    const updating = testInfo.config.updateSnapshots === "all" || testInfo.config.updateSnapshots === "changed";
    const baseline = testInfo.snapshotPath("register-1280.png", { kind: "screenshot" });
    test.skip(updating || !existsSync(baseline), "only against an existing baseline, never while updating");
  });

  test("with an unclosed rule fails the snapshot", async ({ page }) => {
    await page.route("**/*.css", async (route) => {
      const response = await route.fetch();
      const css = await response.text();
      // The bug of issue 21: `.chart__table summary {` never closed, so every later rule is
      // nested inside it and no longer applies.
      const end = css.indexOf("}") + 1;
      await route.fulfill({ response, body: `${css.slice(0, end)}.chart__table summary{cursor:pointer;${css.slice(end)}` });
    });
    await PAGES.register!(page, 1280);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expect(
      expect(page).toHaveScreenshot("register-1280.png", { fullPage: true, mask: volatile(page), timeout: 3000 }),
    ).rejects.toThrow();
  });
});
