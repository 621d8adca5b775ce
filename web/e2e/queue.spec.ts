// The handler's queue (issue 21 §2): filters in one row at 1024 px, sorting by due date and
// by state through the column headers (kept in the URL, done by the server), overdue and
// near-due cases marked in words, and cards instead of a wide table at 320 px.
import type { Locator, Page } from "@playwright/test";
import { expectH1 } from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { horizontalOverflow } from "./reflow.ts";

const WORKFLOW = ["Jätetty", "Valmistelussa", "Lisätietoja pyydetty", "Päätösesitys"];

async function openQueue(page: Page) {
  await signInAs(page, demoUsers.handler);
  await expectNoAxeViolations(page);
  await page.goto("/queue");
  await expectH1(page, "Käsittelyjono");
  await expect(queueRows(page).first()).toBeVisible();
}

const queueRows = (page: Page) => page.getByTestId("queue").locator("tbody tr");

/** The due dates of the rows, in order, as ISO dates (the table shows d.m.yyyy). */
async function dueDates(page: Page): Promise<string[]> {
  const cells = await queueRows(page).locator("td:last-child").allTextContents();
  return cells.map((text) => {
    const [d, m, y] = /(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(text)!.slice(1) as [string, string, string];
    return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  });
}

async function stateRanks(page: Page): Promise<number[]> {
  const cells = await queueRows(page).locator("td:nth-child(3)").allTextContents();
  return cells.map((text) => {
    const rank = WORKFLOW.findIndex((s) => text.includes(s));
    expect(rank, text).toBeGreaterThanOrEqual(0);
    return rank;
  });
}

const isSorted = (values: (string | number)[], direction: "asc" | "desc") =>
  values.every((v, i) => i === 0 || (direction === "asc" ? values[i - 1]! <= v : values[i - 1]! >= v));

function header(page: Page, name: string): Locator {
  return page.getByTestId("queue").locator("thead th", { has: page.getByRole("button", { name }) });
}

test("the filters sit in one row at 1024 px and wrap below", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await openQueue(page);
  const filters = page.getByRole("form", { name: "Suodattimet" });
  const controls = [
    filters.getByLabel("Tila"),
    filters.getByLabel("Hakemuksen laji"),
    filters.getByLabel("Esittelijä"),
    filters.getByLabel("Määräpäivä ennen"),
    filters.getByLabel("Vain myöhässä olevat"),
  ];
  const boxes = await Promise.all(controls.map(async (c) => (await c.boundingBox())!));
  const rowTop = boxes[0]!.y;
  const rowBottom = boxes[0]!.y + boxes[0]!.height;
  for (const box of boxes) {
    // Each control overlaps the first one's line: one row, left to right.
    expect(box.y).toBeLessThan(rowBottom);
    expect(box.y + box.height).toBeGreaterThan(rowTop);
  }
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThan(boxes[i - 1]!.x);
  await expectNoAxeViolations(page);

  await page.setViewportSize({ width: 600, height: 800 });
  const narrow = await Promise.all(controls.map(async (c) => (await c.boundingBox())!));
  expect(new Set(narrow.map((b) => Math.round(b.y))).size).toBeGreaterThan(1);
  expect(await horizontalOverflow(page)).toBeNull();
});

test("sorts by due date and by state both ways, kept in the URL", async ({ page }) => {
  await openQueue(page);
  const due = header(page, "Määräpäivä");
  const state = header(page, "Tila");
  await expect(due).toHaveAttribute("aria-sort", "ascending");
  await expect(state).not.toHaveAttribute("aria-sort");
  expect(isSorted(await dueDates(page), "asc")).toBe(true);
  await expect(page.getByTestId("queue").locator("caption")).toContainText("aikaisin määräpäivä ensin");

  await due.getByRole("button").click();
  await expect(page).toHaveURL(/sort=due&dir=desc/);
  await expect(due).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByTestId("queue").locator("caption")).toContainText("myöhäisin määräpäivä ensin");
  await expect.poll(async () => isSorted(await dueDates(page), "desc")).toBe(true);

  await state.getByRole("button").click();
  await expect(page).toHaveURL(/sort=state&dir=asc/);
  await expect(state).toHaveAttribute("aria-sort", "ascending");
  await expect(due).not.toHaveAttribute("aria-sort");
  // The workflow's order (submitted first), not the alphabet's.
  await expect.poll(async () => isSorted(await stateRanks(page), "asc")).toBe(true);
  const ranks = await stateRanks(page);
  expect(new Set(ranks).size).toBeGreaterThan(2);
  await expectNoAxeViolations(page);

  // Keyboard: the header buttons are in the tab order and work with Enter.
  await state.getByRole("button").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=state&dir=desc/);
  await expect(state).toHaveAttribute("aria-sort", "descending");
  await expect.poll(async () => isSorted(await stateRanks(page), "desc")).toBe(true);

  // A shared link restores the sort together with the filters.
  await page.getByLabel("Esittelijä").selectOption("mine");
  await expect(page).toHaveURL(/assigned=mine/);
  await page.reload();
  await expect(header(page, "Tila")).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByLabel("Esittelijä")).toHaveValue("mine");
  await expect.poll(async () => isSorted(await stateRanks(page), "desc")).toBe(true);
});

test("overdue and near-due cases are marked in words", async ({ page }) => {
  await openQueue(page);
  const overdue = queueRows(page).filter({ hasText: "Myöhässä" });
  const soon = queueRows(page).filter({ hasText: /Erääntyy (tänään|huomenna|\d+ päivän kuluttua)/ });
  await expect(overdue.first()).toBeVisible();
  await expect(soon.first()).toBeVisible();
  await expect(overdue.first()).toHaveClass(/row--overdue/);
  await expect(soon.first()).toHaveClass(/row--due-soon/);
  // Every near-due case is due within the server's warning period (14 days by default).
  for (const text of await soon.locator("td:last-child").allTextContents()) {
    const days = /(\d+) päivän/.exec(text)?.[1];
    if (days) expect(Number(days)).toBeLessThanOrEqual(14);
  }
  await page.getByLabel("Vain myöhässä olevat").check();
  await expect(page).toHaveURL(/overdue=1/);
  await expect(queueRows(page).filter({ hasText: /Erääntyy/ })).toHaveCount(0);
  const rows = await queueRows(page).count();
  await expect(queueRows(page).filter({ hasText: "Myöhässä" })).toHaveCount(rows);
});

test("at 320 px the queue is a list of cards and the page does not scroll sideways", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await openQueue(page);
  expect(await horizontalOverflow(page)).toBeNull();
  const first = queueRows(page).first();
  const box = (await first.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(320);
  await expect(first.locator("td[data-label]").first()).toBeVisible();
  // Sorting stays within reach above the cards.
  await header(page, "Määräpäivä").getByRole("button").click();
  await expect(page).toHaveURL(/sort=due&dir=desc/);
  expect(await horizontalOverflow(page)).toBeNull();
  await expectNoAxeViolations(page);
});
