// Shapes `decisionStatistics` groups into what the charts and their tables draw: a fixed
// order (years ascending, enums in the schema's order), each value's share of the total and
// the scale of the value axis. Pure, so the numbers are unit-tested apart from the SVG.

export interface StatisticsGroupInput {
  key: string;
  count: number;
  medianProcessingDays?: number | null;
}

export interface Datum {
  key: string;
  value: number;
  /** Share of the sum of all values, 0..1 (0 when the sum is 0). */
  share: number;
}

export interface Series {
  data: Datum[];
  total: number;
  /** Top of the value axis: a "nice" number ≥ the largest value (1, 2, 2.5 or 5 × 10ⁿ). */
  max: number;
  /** Tick values from 0 to max, inclusive. */
  ticks: number[];
}

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ that is ≥ value; 1 for 0 or less. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    if (candidate >= value - 1e-9) return candidate;
  }
  return 10 * magnitude;
}

function ticksUpTo(max: number, count = 4): number[] {
  const step = max / count;
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1000) / 1000);
}

function series(data: { key: string; value: number }[]): Series {
  const total = data.reduce((sum, d) => sum + d.value, 0);
  const max = niceCeiling(Math.max(0, ...data.map((d) => d.value)));
  return {
    data: data.map((d) => ({ ...d, share: total > 0 ? d.value / total : 0 })),
    total,
    max,
    ticks: ticksUpTo(max),
  };
}

/**
 * Groups in a given key order: keys in `order` come first in that order (missing ones with
 * value 0 when `fillMissing`), unknown keys after them, sorted. Counts by default.
 */
export function seriesFromGroups(
  groups: readonly StatisticsGroupInput[],
  options: { order?: readonly string[]; fillMissing?: boolean; value?: "count" | "medianProcessingDays" } = {},
): Series {
  const pick = (g: StatisticsGroupInput) =>
    options.value === "medianProcessingDays" ? (g.medianProcessingDays ?? null) : g.count;
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const order = options.order ?? [];
  const rows: { key: string; value: number }[] = [];
  for (const key of order) {
    const group = byKey.get(key);
    const value = group ? pick(group) : null;
    if (value !== null) rows.push({ key, value });
    else if (options.fillMissing) rows.push({ key, value: 0 });
  }
  const rest = groups.filter((g) => !order.includes(g.key)).sort((a, b) => a.key.localeCompare(b.key));
  for (const group of rest) {
    const value = pick(group);
    if (value !== null) rows.push({ key: group.key, value });
  }
  return series(rows);
}

/**
 * Years ascending, with years that had no decisions filled in as 0 so a gap shows as a gap
 * rather than two bars side by side.
 */
export function yearSeries(
  groups: readonly StatisticsGroupInput[],
  value: "count" | "medianProcessingDays" = "count",
): Series {
  const years = groups.map((g) => Number(g.key)).filter((y) => Number.isInteger(y));
  if (years.length === 0) return series([]);
  const order: string[] = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) order.push(String(y));
  return seriesFromGroups(groups, { order, fillMissing: value === "count", value });
}

/** A share as a whole percentage for labels; shares below 1 % but above 0 say "< 1 %". */
export function formatShare(
  share: number,
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string,
): string {
  if (share > 0 && share < 0.005) return `< ${formatNumber(0.01, { style: "percent" })}`;
  return formatNumber(share, { style: "percent", maximumFractionDigits: 0 });
}

/** Days with at most one decimal (medians of an even count end in .5). */
export function formatDays(
  days: number,
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string,
): string {
  return formatNumber(days, { maximumFractionDigits: 1 });
}
