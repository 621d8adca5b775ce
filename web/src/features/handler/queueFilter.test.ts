import { describe, expect, it } from "vitest";
import { queueFilterFromParams } from "./queueFilter.ts";

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
