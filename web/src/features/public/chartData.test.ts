import { describe, expect, it } from "vitest";
import { formatNumber } from "../../i18n/format.ts";
import { formatDays, formatShare, niceCeiling, seriesFromGroups, yearSeries } from "./chartData.ts";
import { OUTCOMES } from "./filters.ts";

const fi = (value: number, options?: Intl.NumberFormatOptions) => formatNumber("fi", value, options);
const en = (value: number, options?: Intl.NumberFormatOptions) => formatNumber("en", value, options);

describe("niceCeiling", () => {
  it("rounds up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect(niceCeiling(80)).toBe(100);
    expect(niceCeiling(187)).toBe(200);
    expect(niceCeiling(201)).toBe(250);
    expect(niceCeiling(251)).toBe(500);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(100)).toBe(100);
    expect(niceCeiling(0.3)).toBe(0.5);
    expect(niceCeiling(0)).toBe(1);
  });
});

describe("seriesFromGroups", () => {
  it("orders groups as the schema does, with shares of the total and unknown keys last", () => {
    const s = seriesFromGroups(
      [
        { key: "REJECTED", count: 34 },
        { key: "NEW_OUTCOME", count: 1 },
        { key: "GRANTED", count: 187 },
        { key: "PARTIALLY_GRANTED", count: 19 },
      ],
      { order: OUTCOMES },
    );
    expect(s.data.map((d) => d.key)).toEqual(["GRANTED", "PARTIALLY_GRANTED", "REJECTED", "NEW_OUTCOME"]);
    expect(s.total).toBe(241);
    expect(s.data[0].share).toBeCloseTo(187 / 241);
    expect(s.data.reduce((sum, d) => sum + d.share, 0)).toBeCloseTo(1);
    expect(s.max).toBe(200);
    expect(s.ticks).toEqual([0, 50, 100, 150, 200]);
  });

  it("gives zero shares, not NaN, when there is nothing", () => {
    const s = seriesFromGroups([{ key: "GRANTED", count: 0 }], { order: OUTCOMES, fillMissing: true });
    expect(s.data.map((d) => [d.key, d.value, d.share])).toEqual([
      ["GRANTED", 0, 0],
      ["PARTIALLY_GRANTED", 0, 0],
      ["REJECTED", 0, 0],
    ]);
    expect(s.max).toBe(1);
  });

  it("can chart medians, skipping groups without one", () => {
    const s = seriesFromGroups(
      [
        { key: "GRANTED", count: 3, medianProcessingDays: 74 },
        { key: "REJECTED", count: 1, medianProcessingDays: null },
      ],
      { order: OUTCOMES, value: "medianProcessingDays" },
    );
    expect(s.data.map((d) => [d.key, d.value])).toEqual([["GRANTED", 74]]);
  });
});

describe("yearSeries", () => {
  it("sorts years ascending and fills a year without decisions with 0", () => {
    const s = yearSeries([
      { key: "2026", count: 72 },
      { key: "2023", count: 8 },
      { key: "2025", count: 80 },
    ]);
    expect(s.data.map((d) => [d.key, d.value])).toEqual([
      ["2023", 8],
      ["2024", 0],
      ["2025", 80],
      ["2026", 72],
    ]);
    expect(s.total).toBe(160);
    expect(s.max).toBe(100);
  });

  it("does not invent medians for missing years", () => {
    const s = yearSeries(
      [
        { key: "2023", count: 8, medianProcessingDays: 82.5 },
        { key: "2025", count: 80, medianProcessingDays: 74.5 },
      ],
      "medianProcessingDays",
    );
    expect(s.data.map((d) => [d.key, d.value])).toEqual([
      ["2023", 82.5],
      ["2025", 74.5],
    ]);
  });

  it("is empty for no groups", () => {
    expect(yearSeries([]).data).toEqual([]);
  });
});

describe("formatting", () => {
  it("shows shares as whole percentages in the user's language", () => {
    expect(formatShare(187 / 240, fi)).toBe("78\u00a0%");
    expect(formatShare(187 / 240, en)).toBe("78%");
    expect(formatShare(0, en)).toBe("0%");
    expect(formatShare(1, fi)).toBe("100\u00a0%");
  });

  it("never rounds a small but real share down to 0 %", () => {
    expect(formatShare(1 / 400, en)).toBe("< 1%");
  });

  it("shows days with at most one decimal, with the language's decimal mark", () => {
    expect(formatDays(74.5, fi)).toBe("74,5");
    expect(formatDays(74.5, en)).toBe("74.5");
    expect(formatDays(73, fi)).toBe("73");
    expect(formatDays(1234, fi)).toBe("1\u00a0234");
  });
});
