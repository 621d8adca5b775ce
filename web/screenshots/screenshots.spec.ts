// Screenshots of each main page in Finnish and English for docs/screenshots/ (run by
// `just screenshots`, which then lists them in the README with scripts/screenshots-readme.mjs).
//
// Public pages are named here. Signed-in journeys are found rather than listed, so the script
// keeps working as journeys land: for each demo user it shoots every main-menu page the
// anonymous menu does not have, plus the first page each of them links to (an application, a
// case, a form). A journey that does not exist yet simply has no menu entry and is skipped
// with a message. Files: docs/screenshots/<page>-<lang>.png, 1280×800.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test, type Page } from "@playwright/test";
import { signInAs } from "../e2e/fixtures.ts";
import { demoUsers } from "../e2e/users.ts";

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
const LANGUAGES = ["fi", "en"] as const;
type Language = (typeof LANGUAGES)[number];
const NOT_FOUND = ["Sivua ei löytynyt", "Page not found"];

/** Anonymous pages, and paths never worth a signed-in screenshot of their own. */
const PUBLIC_PREFIXES = ["/register", "/statistics", "/sign-in", "/api/", "/dev/", "/graphiql"];

const ROLES = [
  { prefix: "applicant", user: demoUsers.applicantResearcher },
  { prefix: "handler", user: demoUsers.handler },
  { prefix: "director", user: demoUsers.director },
  // The guardian: the demo's objections are hers and her child's.
  { prefix: "citizen", user: demoUsers.citizenGuardian },
  { prefix: "clerk", user: demoUsers.registryClerk },
  { prefix: "auditor", user: demoUsers.auditor },
] as const;

mkdirSync(OUT, { recursive: true });

async function useLanguage(page: Page, language: Language) {
  // The app reads the remembered language on start (localStorage, as the switcher keeps it).
  await page.addInitScript((lang) => localStorage.setItem("tietolupa.language", lang), language);
}

/** Waits until the page shows its content (no loading state left), then saves it. */
async function shoot(page: Page, name: string, language: Language): Promise<boolean> {
  const h1 = page.getByRole("heading", { level: 1 });
  try {
    await h1.waitFor({ timeout: 15_000 });
  } catch {
    // A page that is broken or still being built must not stop the other screenshots.
    console.log(`skipped ${name}-${language}: ${page.url()} showed no h1 within 15 s`);
    return false;
  }
  await page.locator(".state--loading").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => {});
  await page.waitForLoadState("networkidle");
  if (NOT_FOUND.includes(((await h1.textContent()) ?? "").trim())) {
    console.log(`skipped ${name}-${language}: ${page.url()} does not exist yet`);
    return false;
  }
  const file = join(OUT, `${name}-${language}.png`);
  await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
  console.log(`saved ${file}`);
  return true;
}

/** `/applications/0193…` → `applications-item`, `/applications/new` → `applications-new`. */
function slugOf(pathname: string): string {
  return pathname
    .split("/")
    .filter(Boolean)
    .map((s) => (/\d/.test(s) && s.length > 6) || s.includes("%") ? "item" : s.toLowerCase())
    .join("-")
    .replace(/[^a-z0-9-]+/g, "-");
}

async function menuPaths(page: Page): Promise<string[]> {
  const hrefs = await page
    .getByRole("navigation")
    .locator("a[href^='/']")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs)];
}

/** The first in-app link in the page's content that leads somewhere not yet seen. */
async function firstDeeperLink(page: Page, seen: Set<string>): Promise<string | null> {
  const hrefs = await page
    .locator("main a[href^='/']")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const path = (href: string) => href.split(/[?#]/)[0];
  return (
    hrefs.find((h) => {
      const p = path(h);
      return p !== "/" && !seen.has(p) && !PUBLIC_PREFIXES.some((prefix) => p.startsWith(prefix));
    }) ?? null
  );
}

/**
 * Cases of the living demo (crates/store/src/seed/demo_cases.rs), by title: the pages the issue
 * asks to see with work on them.
 */
const DEMO = {
  inPreparation: "Raskausdiabetes ja lapsen myöhempi terveys",
  proposed: "Statiinien käyttö ja muistisairauksien riski",
  waitingForInformation: "Antibioottien käyttö ja lasten astma",
  untouchedDraft: "Uniapnean hoito ja liikenneonnettomuudet",
};

/** Opens the queue-table row's case whose title is `title`. */
async function openRow(page: Page, title: string) {
  await page.locator("main tbody tr", { hasText: title }).getByRole("link").first().click();
  await page.getByRole("heading", { level: 1 }).waitFor();
}

for (const language of LANGUAGES) {
  test(`demo case in preparation (${language})`, async ({ page }) => {
    await useLanguage(page, language);
    await signInAs(page, demoUsers.handler);
    await page.goto("/queue");
    await page.locator("main tbody tr").first().waitFor();
    await shoot(page, "handler-queue", language);
    await openRow(page, DEMO.inPreparation);
    await page.locator("#case-remarks, .remark").first().waitFor().catch(() => {});
    await shoot(page, "handler-case-in-preparation", language);
  });

  test(`demo proposal side by side (${language})`, async ({ page }) => {
    await useLanguage(page, language);
    await signInAs(page, demoUsers.director);
    await page.goto("/proposals");
    await page.locator("main tbody tr").first().waitFor();
    await shoot(page, "director-proposals", language);
    await openRow(page, DEMO.proposed);
    await page.locator(".decision-workspace").first().waitFor();
    await shoot(page, "director-side-by-side", language);
  });

  test(`demo information request (${language})`, async ({ page }) => {
    await useLanguage(page, language);
    await signInAs(page, demoUsers.applicantResearcher);
    await page.goto("/applications");
    await page.getByRole("link", { name: DEMO.waitingForInformation }).click();
    const request = page.locator("#case-irs");
    await request.waitFor();
    await request.scrollIntoViewIfNeeded();
    await shoot(page, "applicant-information-request", language);
  });

  test(`demo application form (${language})`, async ({ page }) => {
    await useLanguage(page, language);
    await signInAs(page, demoUsers.applicantResearcher);
    await page.goto("/applications");
    await page.getByRole("link", { name: DEMO.untouchedDraft }).click();
    await page.locator('main a[href$="/edit"]').first().click();
    await page.locator("nav.stepper").waitFor();
    await shoot(page, "applicant-application-form", language);
  });

  test(`public pages (${language})`, async ({ page }) => {
    await useLanguage(page, language);
    await page.goto("/");
    await shoot(page, "home", language);
    await page.goto("/register");
    await page.locator("ol.decision-list > li").first().waitFor();
    await shoot(page, "public-register", language);
    await page.locator("ol.decision-list > li a").first().click();
    await page.locator("dl.facts").waitFor();
    await shoot(page, "public-decision", language);
    await page.goto("/statistics");
    await page.getByTestId("chart-per-year").waitFor();
    await shoot(page, "public-statistics", language);
  });

  for (const { prefix, user } of ROLES) {
    test(`${prefix} pages (${language})`, async ({ page }) => {
      await page.goto("/");
      const anonymous = new Set(await menuPaths(page));
      await useLanguage(page, language);
      await signInAs(page, user);
      const own = (await menuPaths(page)).filter((p) => !anonymous.has(p));
      if (own.length === 0) {
        console.log(`skipped ${prefix} (${language}): ${user.name} has no pages in the menu yet`);
        return;
      }
      const seen = new Set(["/", ...anonymous, ...own]);
      for (const path of own) {
        await page.goto(path);
        await shoot(page, `${prefix}-${slugOf(path)}`, language);
        const deeper = await firstDeeperLink(page, seen);
        if (!deeper) continue;
        seen.add(deeper.split(/[?#]/)[0]);
        await page.goto(deeper);
        await shoot(page, `${prefix}-${slugOf(deeper.split(/[?#]/)[0])}`, language);
      }
    });
  }
}
