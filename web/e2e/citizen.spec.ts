import { readFile } from "node:fs/promises";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { randomAdultCode, randomMinorCode, withWrongCheck } from "./identity-codes.ts";
import { tabTo, watchForMouse } from "./keyboard.ts";

// The demo citizen's code, masked as the server shows it (crates/store/src/seed/demo_users.rs).
const CITIZEN_MASKED = "010180-****";

test("citizen files an objection for themselves, sees it, withdraws it and downloads the access export", async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await signInAs(page, demoUsers.citizen);
  await expectNoAxeViolations(page);
  await page.getByRole("navigation", { name: "Päävalikko" }).getByRole("link", { name: "Omat kiellot" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Omat kiellot");
  await expect(page.getByText("Sinulla ei ole kieltoja.")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Tee kielto" }).click();
  const filed = page.getByTestId("file-result");
  await expect(filed).toHaveText(`Kielto on kirjattu (${CITIZEN_MASKED}). Se on voimassa tästä päivästä alkaen.`);
  await expect(filed).toBeFocused();
  const item = page.getByRole("article", { name: `Kielto ${CITIZEN_MASKED}` });
  await expect(item.getByText("Voimassa", { exact: true })).toBeVisible();
  await expect(item.getByText("Verkkoasiointi")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);

  // Filing again is idempotent and says so.
  await page.getByRole("button", { name: "Tee kielto" }).click();
  await expect(filed).toContainText("on jo voimassa oleva kielto");
  await expect(page.getByRole("article")).toHaveCount(1);

  await item.getByRole("button", { name: "Peru kielto" }).click();
  await expect(item.getByRole("button", { name: "Kyllä, peru kielto" })).toBeFocused();
  await expectNoAxeViolations(page);
  await item.getByRole("button", { name: "Kyllä, peru kielto" }).click();
  await expect(page.getByTestId("withdraw-result")).toHaveText(`Kielto ${CITIZEN_MASKED} on peruttu.`);
  await expect(item.getByText("Peruttu", { exact: true }).first()).toBeVisible();
  await expect(item.getByRole("button", { name: "Peru kielto" })).toHaveCount(0);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Lataa tietoni" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("objection-registry-export.json");
  const exported = JSON.parse(await readFile((await file.path())!, "utf8"));
  expect(exported.maskedIdentityCode).toBe(CITIZEN_MASKED);
  expect(exported.objections).toHaveLength(1);
  expect(exported.objections[0]).toMatchObject({ status: "WITHDRAWN", channel: "E_SERVICE" });
  const actions = exported.auditEntries.map((e: { action: string }) => e.action);
  expect(actions).toEqual(expect.arrayContaining(["objection.file", "objection.withdraw"]));
  await expect(page.getByText("Tiedosto on ladattu.")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("citizen sees the server's identity-code error next to the field, in their language", async ({ page }) => {
  await signInAs(page, demoUsers.citizenGuardian);
  await expectNoAxeViolations(page);
  await page.goto("/objections");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Omat kiellot");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My objections");
  await expectNoAxeViolations(page);

  await page.getByLabel("On whose behalf").selectOption("REPRESENTED");
  const code = page.getByLabel("Represented person's identity code");
  await code.fill(withWrongCheck(randomMinorCode()));
  // The client only hints; the server decides.
  await expect(page.locator("#field-representedIdentityCode-hint")).toContainText("The check character does not match.");
  await page.getByLabel("Basis of representation").selectOption("GUARDIAN_OF_MINOR");
  await page.getByRole("button", { name: "File the objection" }).click();

  await expect(page.locator("#field-representedIdentityCode-error")).toHaveText(
    "The check character does not match. Check the code.",
  );
  await expect(code).toHaveAttribute("aria-invalid", "true");
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link")).toHaveText(
    "Represented person's identity code: The check character does not match. Check the code.",
  );
  await expectNoAxeViolations(page);

  // An adult is not a minor: that rule's error lands on the basis, and the summary moves.
  await code.fill(randomAdultCode());
  await page.getByRole("button", { name: "File the objection" }).click();
  await expect(page.locator("#field-representationBasis-error")).toHaveText(
    "The person is not a minor, so guardianship of a minor is not a basis.",
  );
  await expect(page.locator("#field-representedIdentityCode-error")).toHaveCount(0);
  await expect(page.getByTestId("file-result")).toHaveText("");
  await expectNoAxeViolations(page);
});

test("keyboard only: a guardian files an objection for a child, fixing the server's error on the way", async ({
  page,
}) => {
  await signInAs(page, demoUsers.citizenGuardian);
  await expectNoAxeViolations(page);
  const mouseUsed = await watchForMouse(page);
  const child = randomMinorCode();

  // Into the journey from the menu.
  await tabTo(page, page.getByRole("link", { name: "Omat kiellot" }));
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", { level: 1, name: "Omat kiellot" });
  await expect(heading).toBeFocused();
  await expect(page.getByRole("heading", { level: 2, name: "Kieltosi" })).toBeVisible();
  await expectNoAxeViolations(page);

  const filingFor = page.getByLabel("Kenen puolesta kielto tehdään");
  await tabTo(page, filingFor);
  await page.keyboard.press("ArrowDown");
  await expect(filingFor).toHaveValue("REPRESENTED");
  const code = page.getByLabel("Edustettavan henkilötunnus");
  await page.keyboard.press("Tab");
  await expect(code).toBeFocused();
  await page.keyboard.type(withWrongCheck(child));
  const basis = page.getByLabel("Edustuksen peruste");
  await page.keyboard.press("Tab");
  await expect(basis).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(basis).toHaveValue("GUARDIAN_OF_MINOR");
  const submit = page.getByRole("button", { name: "Tee kielto" });
  await page.keyboard.press("Tab");
  await expect(submit).toBeFocused();
  await page.keyboard.press("Space");

  // The error summary takes focus; its link leads to the field the server named.
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(page.locator("#field-representedIdentityCode-error")).toHaveText(
    "Tarkistusmerkki ei täsmää. Tarkista tunnus.",
  );
  await expectNoAxeViolations(page);
  await page.keyboard.press("Tab");
  await expect(summary.getByRole("link")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(code).toBeFocused();
  // Shift+Tab goes back to the previous field, Tab returns.
  await page.keyboard.press("Shift+Tab");
  await expect(filingFor).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(code).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(child);
  await tabTo(page, submit);
  await page.keyboard.press("Enter");

  // The result is announced (a status region) and focused; the form forgets the code.
  const result = page.getByTestId("file-result");
  await expect(result).toHaveRole("status");
  await expect(result).toHaveText(`Kielto on kirjattu (${child.slice(0, 7)}****). Se on voimassa tästä päivästä alkaen.`);
  await expect(result).toBeFocused();
  await expect(summary).toHaveCount(0);
  await expect(filingFor).toHaveValue("SELF");
  await expect(code).toHaveCount(0);
  const item = page.getByRole("article", { name: `Kielto ${child.slice(0, 7)}****` });
  await expect(item.getByText("Edustamasi henkilö")).toBeVisible();
  await expect(item.getByText("Alaikäisen huoltaja")).toBeVisible();
  await expectNoAxeViolations(page);
  expect(await mouseUsed(), "no mouse button was pressed").toBe(false);
  expect(page.url()).not.toContain(child.slice(0, 6));
});

test("citizen's objection list shows an error with a retry when the server cannot be reached", async ({ page }) => {
  await signInAs(page, demoUsers.citizen);
  await expectNoAxeViolations(page);
  let failing = true;
  await page.route("**/graphql", async (route) => {
    if (failing && route.request().postData()?.includes("MyObjections")) await route.abort("connectionrefused");
    else await route.fallback();
  });
  await page.goto("/objections");
  const alert = page.getByRole("region", { name: "Kieltosi" }).getByRole("alert");
  await expect(alert).toContainText("Palvelimeen ei saatu yhteyttä.");
  await expectNoAxeViolations(page);
  failing = false;
  await alert.getByRole("button", { name: "Yritä uudelleen" }).click();
  await expect(alert).toHaveCount(0);
  // The list loads: empty, or with what another journey filed for this citizen.
  await expect(page.getByText("Sinulla ei ole kieltoja.").or(page.getByRole("article").first())).toBeVisible();
  await expectNoAxeViolations(page);
});
