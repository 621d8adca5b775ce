// The layout guard for forms (issue 15 §4): on every page with a form, at 320 px and at
// 1280 px, each radio button and checkbox sits left of its label on the same line and is no
// bigger than a control should be, and no form element runs past the viewport's right edge.
// It measures the rendered boxes, so it fails whatever CSS change breaks the layout again.
import type { Page } from "@playwright/test";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { horizontalOverflow } from "./reflow.ts";
import type { DemoUser } from "./users.ts";

const WIDTHS = [320, 1280] as const;
/** A radio or checkbox larger than this is the "large circle above its label" bug. */
const MAX_CONTROL_PX = 24;

interface Layout {
  /** Radios and checkboxes measured. */
  choices: number;
  problems: string[];
}

/** Measures every visible form control in `main`; returns what is out of place. */
async function measure(page: Page): Promise<Layout> {
  const layout = await page.evaluate((maxControl) => {
    const problems: string[] = [];
    const viewport = document.documentElement.clientWidth;
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
    };
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.getAttribute("type") ? `[type=${e.getAttribute("type")}]` : ""}` +
      ` "${(e.textContent ?? "").trim().slice(0, 40)}"`;
    // Inside a horizontal scroll container (a wide table) running past the edge is intended.
    const scrolls = (e: Element) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        const overflow = getComputedStyle(p).overflowX;
        if (overflow === "auto" || overflow === "scroll") return true;
      }
      return false;
    };

    const choices = Array.from(document.querySelectorAll<HTMLInputElement>("main input[type=radio], main input[type=checkbox]")).filter(visible);
    for (const input of choices) {
      const label = input.labels?.[0];
      if (!label) {
        problems.push(`${name(input)} has no label`);
        continue;
      }
      const i = input.getBoundingClientRect();
      const l = label.getBoundingClientRect();
      const what = `${input.type} "${(label.textContent ?? "").trim().slice(0, 40)}"`;
      if (i.width > maxControl || i.height > maxControl) {
        problems.push(`${what} is ${Math.round(i.width)}×${Math.round(i.height)} px (max ${maxControl})`);
      }
      if (i.right > l.left + 0.5) {
        problems.push(`${what}: the control (right ${Math.round(i.right)}) is not left of its label (left ${Math.round(l.left)})`);
      }
      if (!(i.top < l.bottom && l.top < i.bottom)) {
        problems.push(`${what}: the control (${Math.round(i.top)}–${Math.round(i.bottom)}) is not on its label's line (${Math.round(l.top)}–${Math.round(l.bottom)})`);
      }
    }

    for (const e of Array.from(document.querySelectorAll("main form, main fieldset, main legend, main label, main input, main select, main textarea, main button"))) {
      if (!visible(e) || scrolls(e)) continue;
      const r = e.getBoundingClientRect();
      if (r.right > viewport + 0.5 || r.left < -0.5) {
        problems.push(`${name(e)} overflows the ${viewport} px viewport (${Math.round(r.left)}–${Math.round(r.right)})`);
      }
    }
    return { choices: choices.length, problems };
  }, MAX_CONTROL_PX);
  const overflow = await horizontalOverflow(page);
  if (overflow) layout.problems.push(overflow);
  return layout;
}

/** Waits for the page's content, checks accessibility and the layout; returns the choices measured. */
async function expectFormsLookRight(page: Page, where: string): Promise<number> {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.locator(".state--loading").first().waitFor({ state: "detached" }).catch(() => {});
  await expect(page.locator("main form, main fieldset").first()).toBeVisible();
  await expectNoAxeViolations(page);
  const layout = await measure(page);
  expect(layout.problems, `${where} at ${page.viewportSize()?.width} px`).toEqual([]);
  return layout.choices;
}

async function signedIn(page: Page, width: number, user: DemoUser) {
  await page.setViewportSize({ width, height: 900 });
  await signInAs(page, user);
  await expectNoAxeViolations(page);
}

for (const width of WIDTHS) {
  test.describe(`forms at ${width} px`, () => {
    test("the public register's search", async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/register");
      await expectFormsLookRight(page, "/register");
    });

    test("the applicant's new application and every step of the application form", async ({ page }) => {
      await signedIn(page, width, demoUsers.applicantResearcher);
      await page.goto("/applications/new");
      // The page of the original bug: two radios, each with a hint.
      expect(await expectFormsLookRight(page, "/applications/new")).toBe(2);
      await page.getByLabel("Tietolupa", { exact: true }).check();
      await page.getByRole("button", { name: "Aloita hakemus" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hakemuslomake");
      await expectFormsLookRight(page, "application form, first step");
      // The review step shows every section at once; a row of each list brings its checkboxes.
      const review = new URL(page.url());
      review.searchParams.set("step", "review");
      await page.goto(review.pathname + review.search);
      for (const add of ["Lisää aineisto", "Lisää käsittelijä"]) {
        const button = page.getByRole("button", { name: add });
        if (await button.count()) await button.first().click();
      }
      expect(await expectFormsLookRight(page, "application form, review step")).toBeGreaterThan(0);
    });

    // The living demo's cases (crates/store/src/seed/demo_cases.rs) give every case form a page.
    test("the applicant's information-request answer and amendment forms", async ({ page }) => {
      await signedIn(page, width, demoUsers.applicantResearcher);
      await page.goto("/applications");
      await expectNoAxeViolations(page);
      await page.getByRole("link", { name: "Antibioottien käyttö ja lasten astma" }).click();
      await expect(page.locator("#case-irs")).toBeVisible();
      await expectFormsLookRight(page, "information-request answer");
      await page.goto("/applications");
      await page.getByRole("link", { name: "Eteisvärinän antikoagulaatiohoito ja aivoinfarktit" }).click();
      await expectNoAxeViolations(page);
      await page.locator(`a[href$="/amend"]`).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Muutoshakemus");
      expect(await expectFormsLookRight(page, "amendment")).toBeGreaterThan(0);
    });

    test("the handler's and the Director's case forms", async ({ page }) => {
      await signedIn(page, width, demoUsers.handler);
      await page.goto("/queue");
      await expectNoAxeViolations(page);
      await page.locator("main tbody tr", { hasText: "Raskausdiabetes ja lapsen myöhempi terveys" }).getByRole("link").click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Asia: /);
      expect(await expectFormsLookRight(page, "case in preparation")).toBeGreaterThan(0);
      await page.context().clearCookies();
      await signedIn(page, width, demoUsers.director);
      await page.goto("/proposals");
      await expectNoAxeViolations(page);
      await page.locator("main tbody tr", { hasText: "Statiinien käyttö ja muistisairauksien riski" }).getByRole("link").click();
      await expect(page.locator(".decision-workspace")).toBeVisible();
      expect(await expectFormsLookRight(page, "the Director's decision")).toBeGreaterThan(0);
    });

    test("the handler's queue filters and the cohort filter", async ({ page }) => {
      await signedIn(page, width, demoUsers.handler);
      await page.goto("/queue");
      expect(await expectFormsLookRight(page, "/queue")).toBeGreaterThan(0);
      await page.goto("/registry/cohort-filter");
      await expectFormsLookRight(page, "/registry/cohort-filter");
    });

    test("the citizen's objection forms", async ({ page }) => {
      await signedIn(page, width, demoUsers.citizenGuardian);
      await page.goto("/objections");
      await expectFormsLookRight(page, "/objections");
    });

    test("the registry clerk's objection entry", async ({ page }) => {
      await signedIn(page, width, demoUsers.registryClerk);
      await page.goto("/registry/objections/new");
      await expectFormsLookRight(page, "/registry/objections/new");
    });

    test("the organisation register and an organisation's forms", async ({ page }) => {
      await signedIn(page, width, demoUsers.handler);
      await page.goto("/organisations");
      await expectFormsLookRight(page, "/organisations");
      await page.getByRole("link", { name: "Helsingin yliopisto" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Helsingin yliopisto");
      // One form is open at a time: each in turn.
      for (const open of ["Muokkaa perustietoja", "Lisää yhteyshenkilö", "Muokkaa: Aino Virtanen", "Päätä asiakkuus"]) {
        await page.getByRole("button", { name: open }).click();
        await expectFormsLookRight(page, `organisation page, ${open}`);
      }
    });

    test("the main user's contact persons on My organisations", async ({ page }) => {
      await signedIn(page, width, demoUsers.applicantResearcher);
      await page.goto("/my-organisations");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Omat organisaatiot");
      await expectNoAxeViolations(page);
      await page.getByRole("link", { name: "Helsingin yliopisto" }).click();
      await page.getByRole("button", { name: "Lisää yhteyshenkilö" }).click();
      await expectFormsLookRight(page, "organisation page, the main user's new contact person");
    });

    test("the auditor's audit log filters", async ({ page }) => {
      await signedIn(page, width, demoUsers.auditor);
      await page.goto("/audit");
      await expectFormsLookRight(page, "/audit");
    });
  });
}
