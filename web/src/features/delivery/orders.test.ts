import { describe, expect, it } from "vitest";
import { dueMark, orderActions, orderFilterFromParams, orderedFrom, sortedByDueDate } from "./orders.ts";

describe("orderFilterFromParams", () => {
  it("reads a known state and the overdue flag, and ignores anything else", () => {
    expect(orderFilterFromParams(new URLSearchParams("state=RECEIVED&overdue=1"))).toEqual({ state: "RECEIVED", overdue: true });
    expect(orderFilterFromParams(new URLSearchParams("state=LOST&overdue=yes"))).toEqual({ state: null, overdue: null });
    expect(orderFilterFromParams(new URLSearchParams(""))).toEqual({ state: null, overdue: null });
  });
});

describe("sortedByDueDate", () => {
  it("puts the soonest due first, ties by diary number then register, without touching its input", () => {
    const input = [
      { dueDate: "2027-01-10", diaryNumber: "TL/2/2026", registerName: "B" },
      { dueDate: "2026-12-20", diaryNumber: "TL/9/2026", registerName: "A" },
      { dueDate: "2027-01-10", diaryNumber: "TL/2/2026", registerName: "A" },
      { dueDate: "2027-01-10", diaryNumber: "TL/1/2026", registerName: "Z" },
    ];
    const sorted = sortedByDueDate(input);
    expect(sorted.map((o) => `${o.dueDate} ${o.diaryNumber} ${o.registerName}`)).toEqual([
      "2026-12-20 TL/9/2026 A",
      "2027-01-10 TL/1/2026 Z",
      "2027-01-10 TL/2/2026 A",
      "2027-01-10 TL/2/2026 B",
    ]);
    expect(input[0].registerName).toBe("B");
  });
});

describe("dueMark", () => {
  it("says in words how late an open order is, in the singular for one day", () => {
    expect(dueMark({ state: "ORDERED", overdue: true, daysLeft: -3 })).toEqual({ tone: "overdue", key: "delivery.due.overdue", params: { days: 3 } });
    expect(dueMark({ state: "ORDERED", overdue: true, daysLeft: -1 })?.key).toBe("delivery.due.overdueOne");
    // The server's word counts even when its day count has not turned negative yet.
    expect(dueMark({ state: "ORDERED", overdue: true, daysLeft: 0 })?.params).toEqual({ days: 1 });
  });

  it("points out a due date within a week, and nothing further away", () => {
    expect(dueMark({ state: "ORDERED", overdue: false, daysLeft: 0 })?.key).toBe("delivery.due.today");
    expect(dueMark({ state: "ORDERED", overdue: false, daysLeft: 1 })?.key).toBe("delivery.due.tomorrow");
    expect(dueMark({ state: "ORDERED", overdue: false, daysLeft: 7 })).toEqual({ tone: "soon", key: "delivery.due.inDays", params: { days: 7 } });
    expect(dueMark({ state: "ORDERED", overdue: false, daysLeft: 8 })).toBeNull();
  });

  it("marks nothing once the controller's data has arrived, or the order is closed", () => {
    expect(dueMark({ state: "RECEIVED", overdue: false, daysLeft: 1 })).toBeNull();
    expect(dueMark({ state: "PREPARED", overdue: false, daysLeft: -3 })).toBeNull();
    expect(dueMark({ state: "DELIVERED", overdue: true, daysLeft: -30 })).toBeNull();
    expect(dueMark({ state: "CANCELLED", overdue: true, daysLeft: -30 })).toBeNull();
  });
});

describe("orderActions", () => {
  it("follows ORDERED → RECEIVED → PREPARED → DELIVERED, with cancel while open", () => {
    expect(orderActions({ state: "ORDERED", kind: "DATA_PERMIT" }, true)).toEqual(["receive", "cancel"]);
    expect(orderActions({ state: "RECEIVED", kind: "DATA_PERMIT" }, true)).toEqual(["prepare", "cancel"]);
    expect(orderActions({ state: "PREPARED", kind: "DATA_PERMIT" }, true)).toEqual(["deliver", "prepare", "cancel"]);
    expect(orderActions({ state: "DELIVERED", kind: "DATA_PERMIT" }, true)).toEqual([]);
    expect(orderActions({ state: "CANCELLED", kind: "DATA_PERMIT" }, true)).toEqual([]);
  });

  it("sends a data request's statistics to output checking once the data is in", () => {
    expect(orderActions({ state: "ORDERED", kind: "DATA_REQUEST" }, true)).not.toContain("submitStatistics");
    expect(orderActions({ state: "RECEIVED", kind: "DATA_REQUEST" }, true)).toContain("submitStatistics");
    expect(orderActions({ state: "PREPARED", kind: "DATA_PERMIT" }, true)).not.toContain("submitStatistics");
  });

  it("never offers to mark a data request delivered: releasing its statistics does that", () => {
    expect(orderActions({ state: "PREPARED", kind: "DATA_REQUEST" }, true)).not.toContain("deliver");
    expect(orderActions({ state: "PREPARED", kind: "DATA_REQUEST" }, true)).toContain("submitStatistics");
    expect(orderActions({ state: "PREPARED", kind: "DATA_PERMIT" }, true)).toContain("deliver");
  });

  it("offers nothing to anyone but a handler (the Director and the holder only read)", () => {
    expect(orderActions({ state: "ORDERED", kind: "DATA_PERMIT" }, false)).toEqual([]);
  });
});

it("orderedFrom names the register and its controller", () => {
  expect(orderedFrom({ registerName: "Hoitoilmoitusrekisteri", dataControllerName: "THL" })).toBe("Hoitoilmoitusrekisteri (THL)");
});
