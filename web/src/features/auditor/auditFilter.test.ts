import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/index.ts";
import {
  EMPTY_AUDIT_FILTER,
  FIRST_PAGE,
  currentCursor,
  helsinkiStartOfDay,
  localiseAuditProblems,
  nextPage,
  placeAuditProblems,
  previousPage,
  toAuditLogFilter,
} from "./auditFilter.ts";

describe("helsinkiStartOfDay", () => {
  it("is midnight in Finnish time, in winter (UTC+2) and summer (UTC+3)", () => {
    expect(helsinkiStartOfDay("2026-11-23")).toBe("2026-11-22T22:00:00.000Z");
    expect(helsinkiStartOfDay("2026-07-01")).toBe("2026-06-30T21:00:00.000Z");
  });

  it("handles the days clocks change and the turn of a month", () => {
    expect(helsinkiStartOfDay("2026-03-29")).toBe("2026-03-28T22:00:00.000Z");
    expect(helsinkiStartOfDay("2026-03-30")).toBe("2026-03-29T21:00:00.000Z");
    expect(helsinkiStartOfDay("2026-10-31", 1)).toBe("2026-10-31T22:00:00.000Z");
  });

  it("refuses what is not a date", () => {
    expect(() => helsinkiStartOfDay("23.11.2026")).toThrow(RangeError);
  });
});

describe("toAuditLogFilter", () => {
  it("leaves out empty fields", () => {
    expect(toAuditLogFilter(EMPTY_AUDIT_FILTER)).toEqual({});
    expect(toAuditLogFilter({ ...EMPTY_AUDIT_FILTER, action: "   " })).toEqual({});
  });

  it("trims texts and includes both the from and the until day", () => {
    expect(
      toAuditLogFilter({
        actorId: " demo-auditor ",
        action: "objection.file",
        targetType: "objection",
        targetId: "b0b5",
        outcome: "DENIED",
        from: "2026-11-01",
        until: "2026-11-23",
      }),
    ).toEqual({
      actorId: "demo-auditor",
      action: "objection.file",
      targetType: "objection",
      targetId: "b0b5",
      outcome: "DENIED",
      from: "2026-10-31T22:00:00.000Z",
      until: "2026-11-23T22:00:00.000Z",
    });
  });

  it("puts the server's filter.until problem on the until field, translated", () => {
    const placed = placeAuditProblems([{ field: "filter.until", message: "must not be before `from`", key: "UntilBeforeFrom" }]);
    expect(localiseAuditProblems(placed, (k) => translate("fi", k))).toEqual([
      { field: "until", message: "Päättymispäivä ei voi olla ennen alkupäivää.", key: "UntilBeforeFrom" },
    ]);
  });
});

describe("cursor pages", () => {
  it("goes forward with end cursors and back to where it was", () => {
    expect(currentCursor(FIRST_PAGE)).toBeNull();
    const second = nextPage(FIRST_PAGE, "c1");
    const third = nextPage(second, "c2");
    expect(currentCursor(third)).toBe("c2");
    expect(currentCursor(previousPage(third))).toBe("c1");
    expect(currentCursor(previousPage(previousPage(third)))).toBeNull();
    expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
  });
});
