// The public register of decisions and its statistics, without signing in, against the dev
// server's 240 seeded decisions.
import { expect, expectNoAxeViolations, test } from "./fixtures.ts";

const results = (page: import("@playwright/test").Page) => page.locator("ol.decision-list > li");

test("register: search words, filters in the URL, show more, and a shared link restores the search", async ({
  page,
}) => {
  await page.goto("/");
  await expectNoAxeViolations(page);
  await page.getByRole("navigation").getByRole("link", { name: "Päätösrekisteri" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Päätösrekisteri");
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(results(page)).toHaveCount(20);
  await expect(page.getByRole("status")).toHaveText("Näytetään 20 päätöstä. Lisää on saatavilla.");
  await expectNoAxeViolations(page);

  // Show more: the next 20, no repeats, focus on the first new decision.
  const firstTwenty = await results(page).locator("h3").allTextContents();
  await page.getByRole("button", { name: "Näytä lisää päätöksiä" }).click();
  await expect(results(page)).toHaveCount(40);
  await expect(results(page).nth(20).getByRole("link")).toBeFocused();
  const forty = await results(page).locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  expect(new Set(forty).size).toBe(40);
  expect((await results(page).locator("h3").allTextContents()).slice(0, 20)).toEqual(firstTwenty);

  // Filters: rejected data requests; the URL carries them with the export's parameter names.
  await page.getByLabel("Hakemuksen laji").selectOption("DATA_PERMIT");
  await page.getByLabel("Päätös", { exact: true }).selectOption("REJECTED");
  await page.getByRole("button", { name: "Hae" }).click();
  await expect(page).toHaveURL(/\/register\?kind=DATA_PERMIT&outcome=REJECTED$/);
  await expect(results(page).first()).toBeVisible();
  const rejected = await results(page).count();
  expect(rejected).toBeGreaterThan(0);
  for (const meta of await results(page).locator(".decision-item__meta").allTextContents()) {
    expect(meta).toContain("Hylätty");
    expect(meta).toContain("Tietolupa");
  }
  await expectNoAxeViolations(page);

  // A search word narrows further; every hit has the word in its title or summary.
  const word = "dementia";
  await page.getByLabel("Hakusanat").fill(word);
  await page.getByRole("button", { name: "Hae" }).click();
  await expect(page).toHaveURL(/q=dementia/);
  await expect(page.getByRole("status")).toContainText("Näytetään");
  const hits = await results(page).count();
  expect(hits).toBeGreaterThan(0);
  expect(hits).toBeLessThan(rejected);
  // The seeded titles name their topic, so here the word is in every title.
  for (const title of await results(page).locator("h3").allTextContents()) expect(title.toLowerCase()).toContain(word);
  // The matched word is marked in each result, and the marks keep the page accessible.
  await expect(results(page).first().locator("h3 mark").first()).toHaveText(/dementia/i);
  await expectNoAxeViolations(page);

  // The link restores form and results in a new page.
  const shared = page.url();
  const other = await page.context().newPage();
  await other.goto(shared);
  await expect(other.getByLabel("Hakusanat")).toHaveValue(word);
  await expect(other.getByLabel("Päätös", { exact: true })).toHaveValue("REJECTED");
  await expect(results(other)).toHaveCount(hits);
  await other.close();

  // A search that matches nothing says so, and the clear link starts over.
  await page.getByLabel("Hakusanat").fill("zzzyyyxxx-nothing");
  await page.getByRole("button", { name: "Hae" }).click();
  await expect(page.getByText("Hakuehtoja vastaavia päätöksiä ei löytynyt.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Tyhjennä haku" }).click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(results(page)).toHaveCount(20);
  await expect(page.getByLabel("Hakusanat")).toHaveValue("");
});

test("decision page: every public field, links back to the register filtered by controller", async ({ page }) => {
  await page.goto("/register?kind=DATA_PERMIT&outcome=GRANTED");
  await expect(results(page).first()).toBeVisible();
  const first = results(page).first();
  const title = (await first.locator("h3").textContent())!;
  const decisionNumber = (await first.locator(".decision-item__meta span").first().textContent())!;
  await expectNoAxeViolations(page);
  await first.getByRole("link").click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page).toHaveURL(/\/register\/TL%2F\d+%2F\d{4}$/);
  const facts = page.locator("dl.facts");
  await expect(facts).toContainText(decisionNumber);
  for (const label of [
    "Diaarinumero",
    "Päätösnumero",
    "Päätöspäivä",
    "Hakemuksen laji",
    "Käyttötarkoitus",
    "Luvan haltija",
    "Käyttöympäristö",
    "Voimassa",
    "Luvan tila nyt",
  ]) {
    await expect(facts.locator("dt", { hasText: label }).first()).toBeVisible();
  }
  await expect(facts).toContainText("Myönnetty");
  await expect(facts).toContainText(/\d{1,2}\.\d{1,2}\.\d{4} – \d{1,2}\.\d{1,2}\.\d{4}/);
  await expect(page.getByRole("heading", { name: "Muutoshistoria" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Myönnetyt aineistot" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The decision document's public version, named by the diary number.
  const diary = decodeURIComponent(page.url().split("/register/")[1]!);
  const document = page.getByRole("link", { name: "Päätös (PDF)" });
  const pdf = await page.request.get((await document.getAttribute("href"))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["content-disposition"]).toBe(`attachment; filename="${diary.replaceAll("/", "-")}.pdf"`);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // The data controller link lists that controller's decisions, this one among them.
  const controller = page.locator(".controller-list > li > a").first();
  await controller.click();
  await expect(page).toHaveURL(/\/register\?dataController=[a-z0-9-]+$/);
  await expect(page.getByLabel("Rekisterinpitäjä")).not.toHaveValue("");
  await expect(results(page).first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("decision page: an unknown diary number shows the not-found error", async ({ page }) => {
  await page.goto(`/register/${encodeURIComponent("TL/99999/2026")}`);
  await expect(page.getByRole("alert")).toContainText("Haettua tietoa ei löytynyt.");
  await expect(page.getByRole("alert")).toContainText("NOT_FOUND");
  await expectNoAxeViolations(page);
});

test("statistics: totals, charts with table alternatives that add up", async ({ page }) => {
  await page.goto("/statistics");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Päätöstilastot");
  // 240 seeded decisions, plus whatever other tests of the run have decided meanwhile.
  await expect(page.getByTestId("stats-total")).toHaveText(/^\d+$/);
  const total = Number((await page.getByTestId("stats-total").textContent())!);
  expect(total).toBeGreaterThanOrEqual(240);
  await expect(page.getByText("Käsittelyajan mediaani", { exact: true })).toBeVisible();
  for (const name of ["Päätökset vuosittain", "Päätösten jakauma", "Käyttötarkoitusten jakauma"]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  // Every chart is one image named by its summary.
  await expect(page.getByRole("img", { name: /Pylväskaavio: päätösten määrä vuosina \d{4}–\d{4}\./ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Palkkikaavio: päätösten osuudet lopputuloksen mukaan." })).toBeVisible();
  await expectNoAxeViolations(page);

  // The per-year table adds up to the total; the outcome shares to 100 % (± rounding).
  const perYear = page.getByTestId("chart-per-year");
  await perYear.getByText("Näytä taulukkona").click();
  const counts = await perYear.locator("tbody td:nth-child(2)").allTextContents();
  expect(counts.length).toBeGreaterThan(0);
  expect(counts.reduce((sum, c) => sum + Number(c.replace(/\s/g, "")), 0)).toBe(total);
  const outcomes = page.getByTestId("chart-outcomes");
  await outcomes.getByText("Näytä taulukkona").click();
  const shares = await outcomes.locator("tbody td:nth-child(3)").allTextContents();
  const percent = shares.reduce((sum, s) => sum + Number(s.replace(/[^\d]/g, "")), 0);
  expect(percent).toBeGreaterThanOrEqual(99);
  expect(percent).toBeLessThanOrEqual(101);
  await expectNoAxeViolations(page);

  // A year in the table leads to that year's decisions.
  const year = (await perYear.locator("tbody th a").first().textContent())!;
  await perYear.locator("tbody th a").first().click();
  await expect(page).toHaveURL(new RegExp(`/register\\?year=${year}$`));
  await expect(page.getByLabel("Päätösvuosi")).toHaveValue(year);
  await expect(results(page).first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("exports: CSV, JSON and Atom links carry the filters and answer with the right content", async ({
  page,
  request,
}) => {
  await page.goto("/register?kind=DATA_REQUEST");
  await expect(results(page)).toHaveCount(20);
  // Load every page of the filtered list to compare with the export's count.
  const more = page.getByRole("button", { name: "Näytä lisää päätöksiä" });
  while (await more.isVisible()) {
    const before = await results(page).count();
    await more.click();
    await expect(results(page)).not.toHaveCount(before);
  }
  const shown = await results(page).count();
  await expectNoAxeViolations(page);

  const hrefs = {
    csv: await page.getByRole("link", { name: "CSV-tiedosto" }).getAttribute("href"),
    json: await page.getByRole("link", { name: "JSON-tiedosto" }).getAttribute("href"),
    atom: await page.getByRole("link", { name: "Atom-syöte (50 uusinta)" }).getAttribute("href"),
  };
  expect(hrefs).toEqual({
    csv: "/api/decisions.csv?kind=DATA_REQUEST",
    json: "/api/decisions.json?kind=DATA_REQUEST",
    atom: "/api/decisions.atom?kind=DATA_REQUEST",
  });

  const json = await request.get(hrefs.json!);
  expect(json.status()).toBe(200);
  expect(json.headers()["content-type"]).toMatch(/^application\/json/);
  const body = (await json.json()) as { count: number; decisions: { kind: string }[] };
  expect(body.count).toBe(shown);
  expect(body.decisions.every((d) => d.kind === "DATA_REQUEST")).toBe(true);

  const csv = await request.get(hrefs.csv!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  const lines = (await csv.text()).split("\r\n").filter((l) => l !== "");
  expect(lines[0]).toMatch(/^diary_number,decision_number,decided_on,kind,outcome/);
  expect(lines.length - 1).toBe(shown);

  const atom = await request.get(hrefs.atom!);
  expect(atom.status()).toBe(200);
  expect(atom.headers()["content-type"]).toMatch(/^application\/atom\+xml/);
  const feed = await atom.text();
  expect(feed).toContain("<feed");
  expect((feed.match(/<entry>/g) ?? []).length).toBe(Math.min(shown, 50));
});

test("language switch on the register: fi → sv → en, texts and html lang change, kept after reload", async ({
  page,
}) => {
  await page.goto("/register");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Päätösrekisteri");
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");
  await expect(results(page)).toHaveCount(20);
  // The data catalogue names controllers by their official names in the UI's language, and
  // a language switch asks again rather than showing the names cached in the previous one.
  const thl = page.getByLabel("Rekisterinpitäjä").locator("option[value=thl]");
  await expect(thl).toHaveText("Terveyden ja hyvinvoinnin laitos (THL)");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Beslutsregister");
  await expect(page.getByLabel("Sökord")).toBeVisible();
  await expect(page).toHaveTitle("Beslutsregister – Tietolupa");
  await expect(page.getByLabel("Personuppgiftsansvarig").locator("option[value=thl]")).toHaveText(
    "Institutet för hälsa och välfärd (THL)",
  );
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register of decisions");
  await expect(page.getByLabel("Data controller").locator("option[value=thl]")).toHaveText(
    "Finnish Institute for Health and Welfare (THL)",
  );
  await expect(page.getByRole("button", { name: "Show more decisions" })).toBeVisible();
  // Dates follow the language: en-GB 22/11/2026.
  await expect(results(page).first().locator(".decision-item__meta")).toContainText(/\d{2}\/\d{2}\/\d{4}/);

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register of decisions");
  await expect(results(page)).toHaveCount(20);
  await expectNoAxeViolations(page);
});

test("320 px wide: register, decision and statistics need no horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ["/register", "/statistics"]) {
    await page.goto(path);
    await expect(page.locator(path === "/register" ? "ol.decision-list > li" : "[data-testid=chart-purposes]").first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page);
  }
  await page.goto("/register");
  await results(page).first().getByRole("link").click();
  await expect(page.locator("dl.facts")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
});

test("register: purpose and permit status filters narrow the list to matching decisions", async ({ page }) => {
  await page.goto("/register");
  await expect(results(page)).toHaveCount(20);
  await expectNoAxeViolations(page);
  await page.getByLabel("Käyttötarkoitus").selectOption("EDUCATION");
  await page.getByLabel("Luvan tila").selectOption("REVOKED");
  await page.getByRole("button", { name: "Hae" }).click();
  await expect(page).toHaveURL(/\/register\?purpose=EDUCATION&status=REVOKED$/);
  await expect(page.getByRole("status")).toContainText("Näytetään");
  const n = await results(page).count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(20);
  for (const item of await results(page).all()) {
    await expect(item.locator(".decision-item__meta")).toContainText("Peruttu");
    await expect(item.locator(".decision-item__holder")).toContainText("Opetus");
  }
  await expectNoAxeViolations(page);
});
