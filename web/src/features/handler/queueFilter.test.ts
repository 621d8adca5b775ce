import { describe, expect, it } from "vitest";
import { DEFAULT_QUEUE_ORDER, queueFilterFromParams, queueOrderFromParams, toggledOrder, withOrder } from "./queueFilter.ts";

describe("queueFilterFromParams", () => {
  it("defaults to every open case", () => {
    expect(queueFilterFromParams(new URLSearchParams(), "me")).toEqual({
      states: [],
      kind: null,
      presenterId: null,
      unassigned: false,
      dueBefore: null,
      overdue: false,
    });
  });

  it("maps the URL's filters, and 'mine' to the caller's id", () => {
    const params = new URLSearchParams("state=PROPOSED&kind=DATA_REQUEST&assigned=mine&dueBefore=2026-12-31&overdue=1");
    expect(queueFilterFromParams(params, "demo-handler-1")).toEqual({
      states: ["PROPOSED"],
      kind: "DATA_REQUEST",
      presenterId: "demo-handler-1",
      unassigned: false,
      dueBefore: "2026-12-31",
      overdue: true,
    });
    expect(queueFilterFromParams(new URLSearchParams("assigned=unassigned"), "x").unassigned).toBe(true);
  });

  it("ignores values that are not filters (hand-edited URLs)", () => {
    const params = new URLSearchParams("state=DRAFT&kind=NOPE&dueBefore=tomorrow");
    expect(queueFilterFromParams(params, null)).toMatchObject({ states: [], kind: null, dueBefore: null });
  });
});

describe("the queue's sort in the URL", () => {
  it("defaults to the soonest due first", () => {
    expect(queueOrderFromParams(new URLSearchParams())).toEqual({ field: "DUE_DATE", direction: "ASC" });
    expect(queueOrderFromParams(new URLSearchParams("sort=nope&dir=desc"))).toEqual(DEFAULT_QUEUE_ORDER);
  });

  it("reads the field and the direction, ascending unless it says descending", () => {
    expect(queueOrderFromParams(new URLSearchParams("sort=state&dir=desc"))).toEqual({ field: "STATE", direction: "DESC" });
    expect(queueOrderFromParams(new URLSearchParams("sort=due&dir=desc"))).toEqual({ field: "DUE_DATE", direction: "DESC" });
    expect(queueOrderFromParams(new URLSearchParams("sort=state&dir=sideways"))).toEqual({ field: "STATE", direction: "ASC" });
  });

  it("turns the sorted column round and starts another column ascending", () => {
    expect(toggledOrder(DEFAULT_QUEUE_ORDER, "DUE_DATE")).toEqual({ field: "DUE_DATE", direction: "DESC" });
    expect(toggledOrder({ field: "DUE_DATE", direction: "DESC" }, "DUE_DATE")).toEqual(DEFAULT_QUEUE_ORDER);
    expect(toggledOrder({ field: "DUE_DATE", direction: "DESC" }, "STATE")).toEqual({ field: "STATE", direction: "ASC" });
  });

  it("writes the order beside the filters, and leaves the default out", () => {
    const filters = new URLSearchParams("state=PROPOSED&overdue=1");
    const sorted = withOrder(filters, { field: "STATE", direction: "DESC" });
    expect(sorted.toString()).toBe("state=PROPOSED&overdue=1&sort=state&dir=desc");
    expect(filters.toString()).toBe("state=PROPOSED&overdue=1");
    expect(withOrder(sorted, DEFAULT_QUEUE_ORDER).toString()).toBe("state=PROPOSED&overdue=1");
    expect(queueOrderFromParams(sorted)).toEqual({ field: "STATE", direction: "DESC" });
  });
});
