import { describe, expect, it } from "vitest";
import {
  EMPTY_FILTERS,
  decisionPath,
  exportUrl,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
  registerPath,
  toGraphQLFilter,
  type DecisionFilters,
} from "./filters.ts";

const FULL: DecisionFilters = {
  q: "statin dementia",
  kind: "DATA_PERMIT",
  outcome: "PARTIALLY_GRANTED",
  purpose: "SCIENTIFIC_RESEARCH",
  dataController: "county-pirkanmaa",
  year: 2025,
  status: "EXPIRED",
};

describe("filters in the URL", () => {
  it("round-trips every filter through the query string", () => {
    const search = filtersToSearch(FULL);
    expect(search.toString()).toBe(
      "q=statin+dementia&kind=DATA_PERMIT&outcome=PARTIALLY_GRANTED&purpose=SCIENTIFIC_RESEARCH" +
        "&dataController=county-pirkanmaa&year=2025&status=EXPIRED",
    );
    expect(filtersFromSearch(new URLSearchParams(search.toString()))).toEqual(FULL);
  });

  it("leaves empty filters out, so no filters is the bare path", () => {
    expect(filtersToSearch(EMPTY_FILTERS).toString()).toBe("");
    expect(registerPath(EMPTY_FILTERS)).toBe("/register");
    expect(registerPath({ ...EMPTY_FILTERS, year: 2024 })).toBe("/register?year=2024");
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, status: "ACTIVE" })).toBe(true);
  });

  it("writes parameters in one order whatever order the link had", () => {
    const a = filtersFromSearch(new URLSearchParams("year=2025&kind=DATA_REQUEST"));
    const b = filtersFromSearch(new URLSearchParams("kind=DATA_REQUEST&year=2025"));
    expect(filtersToSearch(a).toString()).toBe("kind=DATA_REQUEST&year=2025");
    expect(filtersToSearch(b).toString()).toBe(filtersToSearch(a).toString());
  });

  it("drops values the server would refuse instead of failing the page", () => {
    const parsed = filtersFromSearch(
      new URLSearchParams(
        "kind=PERMIT&outcome=granted&purpose=FUN&dataController=THL%20x&year=25&status=&q=%20%20two%20%20words%20",
      ),
    );
    expect(parsed).toEqual({ ...EMPTY_FILTERS, q: "two words" });
    expect(filtersFromSearch(new URLSearchParams("year=20250")).year).toBeNull();
    expect(filtersFromSearch(new URLSearchParams("year=abcd")).year).toBeNull();
  });

  it("ignores parameters it does not know (e.g. a tracking tag)", () => {
    expect(filtersFromSearch(new URLSearchParams("utm_source=x&kind=AMENDMENT"))).toEqual({
      ...EMPTY_FILTERS,
      kind: "AMENDMENT",
    });
  });

  it("encodes search words with special characters safely", () => {
    const filters = { ...EMPTY_FILTERS, q: "100% a&b" };
    const path = registerPath(filters);
    expect(path).toBe("/register?q=100%25+a%26b");
    expect(filtersFromSearch(new URL(path, "http://x").searchParams).q).toBe("100% a&b");
  });
});

describe("GraphQL filter", () => {
  it("maps q to text and status to permitStatus, omitting empty filters", () => {
    expect(toGraphQLFilter(FULL)).toEqual({
      text: "statin dementia",
      kind: "DATA_PERMIT",
      outcome: "PARTIALLY_GRANTED",
      purpose: "SCIENTIFIC_RESEARCH",
      dataController: "county-pirkanmaa",
      year: 2025,
      permitStatus: "EXPIRED",
    });
    expect(toGraphQLFilter(EMPTY_FILTERS)).toEqual({});
  });
});

describe("export links", () => {
  it("carry the current filters with the export's parameter names", () => {
    const filters = { ...EMPTY_FILTERS, q: "diabetes", outcome: "REJECTED" as const, year: 2024 };
    expect(exportUrl("csv", filters)).toBe("/api/decisions.csv?q=diabetes&outcome=REJECTED&year=2024");
    expect(exportUrl("json", filters)).toBe("/api/decisions.json?q=diabetes&outcome=REJECTED&year=2024");
    expect(exportUrl("atom", EMPTY_FILTERS)).toBe("/api/decisions.atom");
  });
});

describe("decision path", () => {
  it("encodes the slashes of the diary number so it is one path segment", () => {
    expect(decisionPath("TL/12/2026")).toBe("/register/TL%2F12%2F2026");
  });
});
