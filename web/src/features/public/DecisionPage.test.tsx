// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Route } from "wouter";
import { byText, jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import DecisionPage from "./DecisionPage.tsx";

let view: Rendered;

beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, "", "/register/TL%2F5%2F2025");
});
afterEach(() => view?.unmount());

const PERMIT = {
  diaryNumber: "TL/5/2025",
  decisionNumber: "D/7/2025",
  decidedOn: "2025-03-04",
  kind: "DATA_PERMIT",
  outcome: "PARTIALLY_GRANTED",
  purpose: "SCIENTIFIC_RESEARCH",
  title: "Asthma in children",
  publicSummary: "A study of asthma medication in children.",
  holder: "University of Turku",
  dataControllers: ["THL", "Kela"],
  registers: [
    { dataController: "THL", dataControllerCode: "thl", register: "Care Register" },
    { dataController: "THL", dataControllerCode: "thl", register: "Medical Birth Register" },
    { dataController: "Kela", dataControllerCode: "kela", register: "Reimbursed medicines" },
  ],
  processingEnvironment: "Kapseli",
  validFrom: "2025-03-04",
  validUntil: "2027-12-31",
  permitStatus: "ACTIVE",
  amendsDiaryNumber: null,
  combinedIntoDiaryNumber: null,
  amendments: [
    { diaryNumber: "TL/40/2026", decisionNumber: "D/12/2026", decidedOn: "2026-02-01", outcome: "GRANTED" },
  ],
};

async function show(answer: unknown) {
  const fetchMock = stubBackend({ "/graphql": () => jsonResponse(answer) });
  view = await render(
    <Route path="/register/:diaryNumber">
      <DecisionPage />
    </Route>,
  );
  return fetchMock;
}

describe("DecisionPage", () => {
  it("shows every public field, registers under their controller, and the amendment history", async () => {
    const fetchMock = await show({ data: { publishedDecision: PERMIT } });
    await vi.waitFor(() => expect(view.container.querySelector("h1")!.textContent).toBe("Asthma in children"));
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body)).variables).toEqual({ diaryNumber: "TL/5/2025" });

    const facts = [...view.container.querySelectorAll("dl.facts dt")].map((dt) => [
      dt.textContent,
      dt.nextElementSibling!.textContent,
    ]);
    expect(facts).toEqual([
      ["Diaarinumero", "TL/5/2025"],
      ["Päätösnumero", "D/7/2025"],
      ["Päätöspäivä", "4.3.2025"],
      ["Hakemuksen laji", "Tietolupa"],
      ["Päätös", "Myönnetty osittain"],
      ["Käyttötarkoitus", "Tieteellinen tutkimus"],
      ["Luvan haltija", "University of Turku"],
      ["Käyttöympäristö", "Kapseli"],
      ["Voimassa", "4.3.2025 – 31.12.2027"],
      ["Luvan tila nyt", "Voimassa"],
    ]);
    expect(view.text()).toContain("A study of asthma medication in children.");

    const thl = byText<HTMLAnchorElement>(view.container, ".controller-list > li > a", "THL");
    expect(thl.getAttribute("href")).toBe("/register?dataController=thl");
    expect([...thl.parentElement!.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "Care Register",
      "Medical Birth Register",
    ]);

    const rows = [...view.container.querySelectorAll("#decision-amendments ~ * tbody tr")].map((tr) =>
      [...tr.children].map((td) => td.textContent),
    );
    expect(rows).toEqual([["D/12/2026", "1.2.2026", "Myönnetty"]]);
    expect(byText(view.container, "a", "D/12/2026").getAttribute("href")).toBe("/register/TL%2F40%2F2026");
  });

  it("links an amendment to the permit it amends and shows no history of its own", async () => {
    await show({
      data: {
        publishedDecision: {
          ...PERMIT,
          kind: "AMENDMENT",
          purpose: null,
          amendsDiaryNumber: "TL/1/2024",
          amendments: [],
        },
      },
    });
    await vi.waitFor(() => expect(view.container.querySelector("dl.facts")).not.toBeNull());
    expect(byText(view.container, "a", "TL/1/2024").getAttribute("href")).toBe("/register/TL%2F1%2F2024");
    expect(view.text()).toContain("Muuttaa lupaa");
    expect(view.text()).not.toContain("Muutoshistoria");
  });

  it("links a combined permit to the permit it continues under", async () => {
    await show({
      data: { publishedDecision: { ...PERMIT, permitStatus: "COMBINED", combinedIntoDiaryNumber: "TL/3/2025", amendments: [] } },
    });
    await vi.waitFor(() => expect(view.container.querySelector("dl.facts")).not.toBeNull());
    const facts = [...view.container.querySelectorAll("dl.facts dt")].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]);
    expect(facts.slice(-2)).toEqual([
      ["Luvan tila nyt", "Yhdistetty toiseen lupaan"],
      ["Yhdistetty lupaan", "TL/3/2025"],
    ]);
    expect(byText(view.container, "a", "TL/3/2025").getAttribute("href")).toBe("/register/TL%2F3%2F2025");
  });

  it("says when a permit has not been amended", async () => {
    await show({ data: { publishedDecision: { ...PERMIT, amendments: [] } } });
    await vi.waitFor(() => expect(view.text()).toContain("Lupaan ei ole tehty muutoksia."));
  });

  it("shows NOT_FOUND in words for an unknown diary number", async () => {
    await show({ data: null, errors: [{ message: "decision not found", extensions: { code: "NOT_FOUND" } }] });
    await vi.waitFor(() => expect(view.container.querySelector('[role="alert"]')).not.toBeNull());
    expect(view.container.querySelector('[role="alert"]')!.textContent).toContain("Haettua tietoa ei löytynyt.");
    expect(view.container.querySelector("h1")!.textContent).toBe("Päätös TL/5/2025");
  });
});
