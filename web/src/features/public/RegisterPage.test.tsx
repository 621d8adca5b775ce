// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { byText, click, jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import { useI18n } from "../../i18n/context.tsx";
import RegisterPage from "./RegisterPage.tsx";
import StatisticsPage from "./StatisticsPage.tsx";

let view: Rendered;

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => view?.unmount());

function decision(n: number) {
  return {
    diaryNumber: `TL/${n}/2026`,
    decisionNumber: `D/${n}/2026`,
    decidedOn: "2026-11-20",
    kind: "DATA_REQUEST",
    outcome: "GRANTED",
    purpose: "STATISTICS",
    title: `Decision ${n}`,
    holder: "University of Turku",
    permitStatus: null,
  };
}

interface Request {
  operationName?: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Answers the register's queries; pages of two decisions, three decisions in all. */
function registerBackend(requests: Request[]) {
  return stubBackend({
    "/graphql": (_url, init) => {
      const body = JSON.parse(String(init?.body)) as Request;
      requests.push(body);
      if (body.query.includes("query RegisterOptions")) {
        return jsonResponse({
          data: {
            dataControllers: [{ code: "thl", name: "THL" }],
            decisionStatistics: { byYear: [{ key: "2025" }, { key: "2026" }] },
          },
        });
      }
      const after = body.variables.after;
      return jsonResponse({
        data: {
          publishedDecisions: after
            ? { pageInfo: { hasNextPage: false, endCursor: "c3" }, nodes: [decision(3)] }
            : { pageInfo: { hasNextPage: true, endCursor: "c2" }, nodes: [decision(1), decision(2)] },
        },
      });
    },
  });
}

describe("RegisterPage", () => {
  it("marks the words a search matched in titles, and shows a summary only where it matched", async () => {
    window.history.replaceState(null, "", "/register?q=asthma");
    const hit = (text: string) => ({ text, hit: true });
    const miss = (text: string) => ({ text, hit: false });
    stubBackend({
      "/graphql": (_url, init) => {
        const body = JSON.parse(String(init?.body)) as Request;
        if (body.query.includes("query RegisterOptions")) {
          return jsonResponse({ data: { dataControllers: [], decisionStatistics: { byYear: [] } } });
        }
        return jsonResponse({
          data: {
            publishedDecisions: {
              pageInfo: { hasNextPage: false, endCursor: "c2" },
              nodes: [
                {
                  ...decision(1),
                  title: "Asthma in children",
                  publicSummary: "Inhaled steroids.",
                  highlights: { title: [hit("Asthma"), miss(" in children")], publicSummary: [miss("Inhaled steroids.")] },
                },
                {
                  ...decision(2),
                  title: "Allergies in day care",
                  publicSummary: "Asthma and eczema.",
                  highlights: { title: [miss("Allergies in day care")], publicSummary: [hit("Asthma"), miss(" and eczema.")] },
                },
              ],
            },
          },
        });
      },
    });
    view = await render(<RegisterPage />);
    await vi.waitFor(() => expect(view.container.querySelectorAll("ol.decision-list > li")).toHaveLength(2));
    const [first, second] = [...view.container.querySelectorAll("ol.decision-list > li")];
    expect([...first.querySelectorAll("h3 mark")].map((m) => m.textContent)).toEqual(["Asthma"]);
    expect(first.querySelector("h3")!.textContent).toBe("Asthma in children");
    expect(first.querySelector(".decision-item__summary")).toBeNull();
    expect(second.querySelector("h3 mark")).toBeNull();
    expect(second.querySelector(".decision-item__summary mark")!.textContent).toBe("Asthma");
  });

  it("queries with the filters of the URL, shows more after the cursor, and links the exports", async () => {
    window.history.replaceState(null, "", "/register?kind=DATA_REQUEST&year=2026&q=cancer");
    const requests: Request[] = [];
    registerBackend(requests);
    view = await render(<RegisterPage />);

    await vi.waitFor(() => expect(view.container.querySelectorAll("ol.decision-list > li")).toHaveLength(2));
    const list = requests.filter((r) => r.query.includes("query PublishedDecisions"));
    expect(list[0].variables).toEqual({
      filter: { text: "cancer", kind: "DATA_REQUEST", year: 2026 },
      first: 20,
      after: null,
    });
    expect(view.text()).toContain("Näytetään 2 päätöstä. Lisää on saatavilla.");
    expect((view.container.querySelector("#field-kind") as HTMLSelectElement).value).toBe("DATA_REQUEST");
    expect((view.container.querySelector("#field-q") as HTMLInputElement).value).toBe("cancer");
    expect(byText<HTMLAnchorElement>(view.container, "a", "CSV-tiedosto").getAttribute("href")).toBe(
      "/api/decisions.csv?q=cancer&kind=DATA_REQUEST&year=2026",
    );
    expect(byText<HTMLAnchorElement>(view.container, "a", "Decision 1").getAttribute("href")).toBe(
      "/register/TL%2F1%2F2026",
    );

    await click(byText(view.container, "button", "Näytä lisää päätöksiä"));
    await vi.waitFor(() => expect(view.container.querySelectorAll("ol.decision-list > li")).toHaveLength(3));
    const more = requests.filter((r) => r.query.includes("query PublishedDecisions"));
    expect(more.at(-1)!.variables.after).toBe("c2");
    expect(view.text()).toContain("Näytetään 3 päätöstä.");
    expect(view.text()).not.toContain("Näytä lisää päätöksiä");
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe("Decision 3"));
  });

  it("puts the chosen filters into the URL on search", async () => {
    window.history.replaceState(null, "", "/register");
    registerBackend([]);
    view = await render(<RegisterPage />);
    await vi.waitFor(() => expect(view.container.querySelectorAll("ol.decision-list > li")).toHaveLength(2));

    const outcome = view.container.querySelector("#field-outcome") as HTMLSelectElement;
    await act(async () => {
      outcome.value = "REJECTED";
      outcome.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await click(byText(view.container, "button", "Hae"));
    expect(window.location.pathname + window.location.search).toBe("/register?outcome=REJECTED");
  });

  it("shows the error in words with a retry when the register cannot be read", async () => {
    window.history.replaceState(null, "", "/register");
    stubBackend({
      "/graphql": () => jsonResponse({ errors: [{ message: "boom", extensions: { code: "INTERNAL" } }] }),
    });
    view = await render(<RegisterPage />);
    await vi.waitFor(() => expect(view.container.querySelector('[role="alert"]')).not.toBeNull());
    expect(view.container.querySelector('[role="alert"]')!.textContent).toContain("Palvelussa tapahtui virhe.");
    byText(view.container, "button", "Yritä uudelleen");
  });
});

describe("StatisticsPage", () => {
  it("draws a bar per year and fills the table alternative with the same numbers", async () => {
    window.history.replaceState(null, "", "/statistics");
    stubBackend({
      "/graphql": () =>
        jsonResponse({
          data: {
            decisionStatistics: {
              total: 10,
              medianProcessingDays: 74.5,
              byYear: [
                { key: "2024", count: 4, medianProcessingDays: 70 },
                { key: "2026", count: 6, medianProcessingDays: 80.5 },
              ],
              byKind: [{ key: "DATA_PERMIT", count: 10, medianProcessingDays: 74.5 }],
              byOutcome: [
                { key: "GRANTED", count: 9, medianProcessingDays: 74 },
                { key: "REJECTED", count: 1, medianProcessingDays: 90 },
              ],
              byPurpose: [{ key: "UNKNOWN", count: 10, medianProcessingDays: 74.5 }],
            },
          },
        }),
    });
    view = await render(<StatisticsPage />);
    await vi.waitFor(() => expect(view.text()).toContain("Päätökset vuosittain"));

    expect(view.text()).toContain("74,5 päivää");
    const perYear = view.container.querySelector('[data-testid="chart-per-year"]')!;
    expect(perYear.querySelectorAll("rect.chart__bar")).toHaveLength(3); // 2024, 2025 (0), 2026
    expect(perYear.querySelector("svg title")!.textContent).toBe("Pylväskaavio: päätösten määrä vuosina 2024–2026.");
    const rows = [...perYear.querySelectorAll("tbody tr")].map((tr) =>
      [...tr.children].map((cell) => cell.textContent),
    );
    expect(rows).toEqual([
      ["2024", "4", "40\u00a0%", "70"],
      ["2025", "0", "0\u00a0%", "–"],
      ["2026", "6", "60\u00a0%", "80,5"],
    ]);
    const outcomes = view.container.querySelector('[data-testid="chart-outcomes"]')!;
    expect(outcomes.querySelector('[role="img"]')!.textContent).toContain("Hylätty1 (10\u00a0%)");
    expect(view.container.querySelector('[data-testid="chart-purposes"]')!.textContent).toContain(
      "Ei käyttötarkoitusta",
    );
  });

  it("names the data controllers in the UI's language, asking again when it changes", async () => {
    window.history.replaceState(null, "", "/register");
    const thl: Record<string, string> = {
      fi: "Terveyden ja hyvinvoinnin laitos (THL)",
      sv: "Institutet för hälsa och välfärd (THL)",
    };
    stubBackend({
      "/graphql": (_url, init) => {
        const body = JSON.parse(String(init?.body)) as Request;
        const language = new Headers(init?.headers).get("Accept-Language") ?? "fi";
        if (body.query.includes("query RegisterOptions")) {
          return jsonResponse({
            data: { dataControllers: [{ code: "thl", name: thl[language] }], decisionStatistics: { byYear: [] } },
          });
        }
        return jsonResponse({ data: { publishedDecisions: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } });
      },
    });
    function Swedish() {
      const { setLanguage } = useI18n();
      return (
        <button type="button" onClick={() => setLanguage("sv")}>
          sv
        </button>
      );
    }
    view = await render(
      <>
        <Swedish />
        <RegisterPage />
      </>,
    );
    const option = () => view.container.querySelector('#field-dataController option[value="thl"]')?.textContent;
    await vi.waitFor(() => expect(option()).toBe(thl.fi));
    await click(byText(view.container, "button", "sv"));
    await vi.waitFor(() => expect(option()).toBe(thl.sv));
  });
});
