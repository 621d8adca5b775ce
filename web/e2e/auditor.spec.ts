import type { Page } from "@playwright/test";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";

/** Makes `count` audited reads (`audit_log.read`) with the signed-in auditor's session cookie. */
async function readLogTimes(page: Page, count: number) {
  const statuses = await page.evaluate(async (n) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const response = await fetch("/graphql", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-Tietolupa-Csrf": "1" },
        body: JSON.stringify({ query: "{ auditLog(first: 1) { nodes { id } } }" }),
      });
      out.push(response.status);
    }
    return out;
  }, count);
  expect(statuses.every((s) => s === 200)).toBe(true);
}

test("auditor pages through the log, filters it, and verifies the chain", async ({ page }) => {
  // Sixty reads, then pages of fifty entries, each checked by axe: longer than one journey.
  test.slow();
  await page.setViewportSize({ width: 320, height: 800 });
  await signInAs(page, demoUsers.auditor);
  await expectNoAxeViolations(page);
  await readLogTimes(page, 60);

  await page.getByRole("navigation", { name: "Päävalikko" }).getByRole("link", { name: "Lokitapahtumat" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lokitapahtumat");
  const status = page.getByTestId("audit-page-status");
  await expect(status).toHaveText("Sivu 1: 50 merkintää.");
  const entries = page.getByRole("list", { name: "Hakutulokset, uusin ensin" }).getByRole("listitem");
  await expect(entries).toHaveCount(50);
  const pager = page.getByRole("navigation", { name: "Sivutus" });
  await expect(pager).toContainText("Sivu 1");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);

  // Actions and actors read as words, the codes stay at hand; no raw JSON anywhere.
  await expect(entries.first().getByRole("heading")).toHaveText(/^Merkintä [\d\s]+: Lokitapahtumia luettu$/);
  await expect(entries.first()).toContainText("Kaisa Lehtonen, Tarkastaja");
  await expect(entries.first()).toContainText(demoUsers.auditor.sub);
  await expect(entries.first().locator("code").first()).toHaveText("audit_log.read");
  await expect(page.locator("main")).not.toContainText('{"');

  // Newest first, and the next page continues below the first page's last entry; focus goes
  // to the results' heading, where reading the new page starts.
  const seqOf = async (i: number) => Number((await entries.nth(i).getByRole("heading").innerText()).match(/Merkintä ([\d\s]+):/)![1].replace(/\s/g, ""));
  const firstPageLast = await seqOf(49);
  expect(await seqOf(0)).toBeGreaterThan(firstPageLast);
  await pager.getByRole("button", { name: "Seuraava sivu" }).click();
  await expect(page.getByRole("heading", { name: "Hakutulokset, uusin ensin" })).toBeFocused();
  await expect(status).toHaveText(/^Sivu 2: \d+ merkintää\.$/);
  await expect(pager).toContainText("Sivu 2");
  expect(await seqOf(0)).toBeLessThan(firstPageLast);
  await pager.getByRole("button", { name: "Edellinen sivu" }).click();
  await expect(page.getByRole("heading", { name: "Hakutulokset, uusin ensin" })).toBeFocused();
  await expect(status).toHaveText("Sivu 1: 50 merkintää.");

  // Filter by a readable action name: every entry shown is one.
  await page.getByLabel("Toiminto").selectOption({ label: "Lokitapahtumia luettu" });
  await page.getByLabel("Lopputulos").selectOption("SUCCESS");
  await page.getByRole("button", { name: "Rajaa", exact: true }).click();
  await expect(status).toHaveText("Sivu 1: 50 merkintää.");
  await expect(entries.getByRole("heading")).toHaveText(Array(50).fill(/: Lokitapahtumia luettu$/));
  await expectNoAxeViolations(page);
  // The filtered read is itself on record, its filter in the details as a labelled list.
  await pager.getByRole("button", { name: "Seuraava sivu" }).click();
  await expect(status).toHaveText(/^Sivu 2: \d+ merkintää\.$/);
  await pager.getByRole("button", { name: "Edellinen sivu" }).click();
  await expect(status).toHaveText("Sivu 1: 50 merkintää.");
  const details = entries.locator("dl.audit-details").first();
  await expect(details.locator("dt")).toHaveText(["Toiminto"]);
  await expect(details.locator("dd")).toHaveText(["Lokitapahtumia luettu"]);

  // A filter nothing matches: the empty state.
  await page.getByLabel("Tekijä").fill("no-such-actor");
  await page.getByRole("button", { name: "Rajaa", exact: true }).click();
  await expect(page.getByText("Ehtoja vastaavia merkintöjä ei ole.")).toBeVisible();
  await expect(status).toHaveText("Sivu 1: 0 merkintää.");
  await expectNoAxeViolations(page);

  // An end day before the start day: the server's error next to the end day.
  await page.getByRole("button", { name: "Tyhjennä rajaukset" }).click();
  await page.getByLabel("Alkaen (päivä)").fill("2026-11-20");
  await page.getByLabel("Päättyen (päivä)").fill("2026-11-10");
  await page.getByRole("button", { name: "Rajaa", exact: true }).click();
  await expect(page.locator("#field-until-error")).toHaveText("Päättymispäivä ei voi olla ennen alkupäivää.");
  await expect(page.locator(".error-summary")).toBeFocused();
  await expectNoAxeViolations(page);

  // Verification of the whole chain.
  await page.getByRole("button", { name: "Tarkista ketju" }).click();
  const verification = page.getByTestId("audit-verification");
  await expect(verification).toContainText(/Ketju on eheä: [\d\s]+ merkintää tarkistettu\./);
  const checked = Number((await verification.innerText()).match(/eheä: ([\d\s]+) merkintää/)![1].replace(/\s/g, ""));
  expect(checked).toBeGreaterThanOrEqual(60);
  await expect(verification.locator("code")).toHaveText(/^[0-9a-f]{64}$/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
});

test("the audit log is for auditors only", async ({ page }) => {
  await signInAs(page, demoUsers.citizen);
  await expectNoAxeViolations(page);
  await expect(page.getByRole("link", { name: "Lokitapahtumat" })).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByRole("alert")).toContainText("Sinulla ei ole oikeutta tähän toimintoon.");
  await expectNoAxeViolations(page);
});
