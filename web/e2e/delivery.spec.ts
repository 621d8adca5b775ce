// After the permit, the data deliveries (issue 16 §1-2): a granted permit's orders appear in the
// handler's list; the handler marks one received, prepares the controller's CSV (an objector's
// row dropped, an invalid code counted by line only, the identity column replaced by the
// permit's pseudonym), downloads the prepared file, marks it delivered and cancels the other
// order with a reason. The holder sees the states on the permit page, without the runs.
// Identity codes are synthetic temporary codes (identity-codes.ts) and are never printed.
import { expectFits320, expectH1, signedInPage, uniqueTitle } from "./case-helpers.ts";
import { demoUsers, expect, expectNoAxeViolations, signInAs, test } from "./fixtures.ts";
import { gql, grantPermit } from "./grant.ts";
import { randomAdultCode, randomCode, withWrongCheck } from "./identity-codes.ts";

test("handler: a granted permit's orders, received, prepared with a small CSV, delivered; the holder sees the states", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const applicant = await signedInPage(browser, baseURL, demoUsers.applicantResearcher);
  // Not handler2: foundation.spec.ts counts that user's sessions, and a closed context does not end one.
  const handlerApi = await signedInPage(browser, baseURL, demoUsers.handler);
  const director = await signedInPage(browser, baseURL, demoUsers.director);
  const title = uniqueTitle("Toimitukset ja esikäsittely");
  const permit = await grantPermit(applicant, handlerApi, director, title, ["thl-hilmo", "kela-prescriptions"], "Aino Virtanen");
  await handlerApi.context().close();
  await director.context().close();

  // One person in the controller's file has an objection in force since long before.
  const clerk = await signedInPage(browser, baseURL, demoUsers.registryClerk);
  const objector = randomAdultCode();
  await gql(clerk, "mutation($input: RecordObjectionInput!) { recordObjection(input: $input) { created } }", {
    input: { identityCode: objector, channel: "POST", identityVerification: "NOTARISED_SIGNATURE", receivedOn: "2020-01-02", processedOn: "2020-01-03" },
  });
  await clerk.context().close();

  await signInAs(page, demoUsers.handler);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Toimitukset" }).click();
  await expectH1(page, "Aineistotoimitukset");
  const rows = page.getByTestId("delivery-orders").locator("tbody tr").filter({ hasText: permit.diaryNumber });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("Tilattu");
  await expectNoAxeViolations(page);
  await page.getByLabel("Tila").selectOption("DELIVERED");
  await expect(page).toHaveURL(/state=DELIVERED/);
  await expect(rows).toHaveCount(0);
  await page.getByLabel("Tila").selectOption("");
  await expect(rows).toHaveCount(2);

  await rows.first().getByRole("link").click();
  await expectH1(page, /^Tilaus: /);
  await expect(page.getByTestId("order-state")).toHaveText("Tilattu");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Merkitse aineisto vastaanotetuksi" }).click();
  await expect(page.getByTestId("order-state")).toHaveText("Vastaanotettu");
  await expect(page.getByRole("heading", { level: 2, name: "Esikäsittely", exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // Four rows: the objector, two people, and one code with a wrong check character.
  const kept = [randomCode(1930, 1939), randomCode(1930, 1939)];
  const csv = ["hetu;ika;kunta", `${objector};50;Espoo`, `${kept[0]};88;Turku`, `${withWrongCheck(randomCode(1930, 1939))};70;Vantaa`, `${kept[1]};90;Oulu`, ""].join("\r\n");
  await page.getByLabel("Erotin").selectOption(";");
  await page.getByLabel("Rekisterinpitäjän tiedosto (CSV)").setInputFiles({ name: "thl-hilmo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByLabel("Henkilötunnuksen sarake")).toHaveValue("hetu");
  await page.getByRole("button", { name: "Esikäsittele" }).click();
  const result = page.getByTestId("prepare-result");
  await expect(result).toBeFocused();
  await expect(result).toContainText("Esikäsittely valmis");
  const counts = Object.fromEntries(
    await result.locator("dt").evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])),
  );
  expect(counts).toEqual({ Luettu: "4", "Poistettu kiellon vuoksi": "1", Virheellisiä: "1", Kirjoitettu: "2" });
  await expect(result).toContainText("Virheellinen henkilötunnus riveillä");
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([page.waitForEvent("download"), result.getByRole("link", { name: /Lataa esikäsitelty tiedosto/ }).click()]);
  expect(download.suggestedFilename()).toBe("thl-hilmo-pseudonymised.csv");
  const prepared = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = prepared.trim().split(/\r?\n/);
  expect(lines[0]).toBe("pseudonym;ika;kunta");
  expect(lines).toHaveLength(3);
  // No identity code leaves the preparation, not even the kept ones.
  for (const code of [objector, ...kept]) expect(prepared.includes(code)).toBe(false);

  await expect(page.getByTestId("order-state")).toHaveText("Esikäsitelty");
  // The run is listed with its counts, never a code.
  const run = page.getByTestId("preparation-runs").locator("tbody tr");
  await expect(run).toHaveCount(1);
  await expect(run).toContainText("Valmis");
  await expect(run).toContainText(demoUsers.handler.name);
  await page.getByRole("button", { name: "Merkitse toimitetuksi käyttöympäristöön" }).click();
  await expect(page.getByTestId("order-state")).toHaveText("Toimitettu");
  await expect(page.getByTestId("order-history")).toContainText("Esikäsitelty → Toimitettu");
  await expectNoAxeViolations(page);
  await expectFits320(page);

  // The other order is cancelled, with its reason.
  await page.getByRole("link", { name: "Toimitukset" }).click();
  await expectH1(page, "Aineistotoimitukset");
  await page.getByTestId("delivery-orders").locator("tbody tr").filter({ hasText: permit.diaryNumber }).filter({ hasText: "Tilattu" }).getByRole("link").click();
  await expectH1(page, /^Tilaus: /);
  await page.getByRole("button", { name: "Peru tilaus" }).click();
  await page.getByRole("button", { name: "Peru tilaus" }).click();
  await expect(page.locator(".error-summary")).toContainText("Kerro, miksi tilaus perutaan.");
  await expectNoAxeViolations(page);
  await page.getByLabel("Peruutuksen syy").fill("Rekisterinpitäjä ei luovuta aineistoa tähän käyttöön.");
  await page.getByRole("button", { name: "Peru tilaus" }).click();
  await expect(page.getByTestId("order-state")).toHaveText("Peruttu");
  await expectNoAxeViolations(page);

  // The holder sees both states on the permit page, and on an order's page no runs.
  await applicant.goto(`/permits/${permit.permitId}`);
  const held = applicant.getByTestId("permit-orders").locator("tbody tr");
  await expect(held).toHaveCount(2);
  await expect(held.filter({ hasText: "Toimitettu" })).toHaveCount(1);
  await expect(held.filter({ hasText: "Peruttu" })).toHaveCount(1);
  await expectNoAxeViolations(applicant);
  await held.filter({ hasText: "Toimitettu" }).getByRole("link").click();
  await expectH1(applicant, /^Tilaus: /);
  await expect(applicant.getByTestId("order-state")).toHaveText("Toimitettu");
  await expect(applicant.getByRole("heading", { name: "Esikäsittelyajot" })).toHaveCount(0);
  await expect(applicant.getByRole("button", { name: /Merkitse|Peru/ })).toHaveCount(0);
  await expectNoAxeViolations(applicant);
  await applicant.context().close();
});
