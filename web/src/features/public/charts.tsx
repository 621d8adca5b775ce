// Hand-written SVG charts: no chart library in the bundle. Sizes are in percent of the
// drawing's width and in pixels of its fixed height, so text keeps its real size at any width
// (down to 320 px) instead of shrinking with a scaled viewBox. The SVG is one image with a
// short summary as its name; the numbers are in the table that goes with every chart.
import { useId, type ReactNode } from "react";
import { useI18n } from "../../i18n/context.tsx";
import type { Series } from "./chartData.ts";

export interface ChartProps {
  title: string;
  /** One sentence saying what the chart shows; the image's accessible name. */
  summary: string;
  series: Series;
  /** Label of a data key, e.g. an outcome in words. */
  label: (key: string) => string;
  /** A value as shown on the chart, e.g. "187 (78 %)". */
  valueText: (value: number, share: number) => string;
  /** The table alternative (same numbers). */
  table: ReactNode;
  /** Heading id for `aria-labelledby`; also the figure's test id. */
  id: string;
}

function ChartFrame({ title, id, table, children }: Pick<ChartProps, "title" | "id" | "table"> & { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={id} className="chart card" data-testid={id}>
      <h2 id={id}>{title}</h2>
      <figure className="chart__figure">{children}</figure>
      <details className="chart__table">
        <summary>{t("public.stats.showTable")}</summary>
        {table}
      </details>
    </section>
  );
}

/** Vertical bars, e.g. decisions per year. Values on top of the bars, keys under them. */
export function ColumnChart(props: ChartProps) {
  const titleId = useId();
  const { series } = props;
  const height = 220;
  const top = 24;
  const bottom = 28;
  const plot = height - top - bottom;
  const n = Math.max(series.data.length, 1);
  const slot = 100 / n;
  const barWidth = slot * 0.6;
  const y = (value: number) => top + plot - (value / series.max) * plot;
  return (
    <ChartFrame {...props}>
      <svg className="chart__svg" width="100%" height={height} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{props.summary}</title>
        {series.ticks.map((tick) => (
          <line key={tick} className="chart__grid" x1="0" x2="100%" y1={y(tick)} y2={y(tick)} />
        ))}
        {series.data.map((d, i) => {
          const x = i * slot + (slot - barWidth) / 2;
          const barTop = y(d.value);
          return (
            <g key={d.key}>
              <rect
                className="chart__bar"
                x={`${x}%`}
                width={`${barWidth}%`}
                y={barTop}
                height={Math.max(top + plot - barTop, 0)}
              />
              <text className="chart__value" x={`${i * slot + slot / 2}%`} y={barTop - 6} textAnchor="middle">
                {props.valueText(d.value, d.share)}
              </text>
              <text className="chart__label" x={`${i * slot + slot / 2}%`} y={height - 8} textAnchor="middle">
                {props.label(d.key)}
              </text>
            </g>
          );
        })}
      </svg>
    </ChartFrame>
  );
}

/**
 * Horizontal bars with the label above each bar, e.g. shares of outcomes or purposes. The
 * labels are HTML so long ones (Finnish purposes) wrap at 320 px; the whole figure is one image
 * to assistive technology, named by the summary, with the table as its alternative.
 */
export function BarChart(props: ChartProps) {
  const { series } = props;
  return (
    <ChartFrame {...props}>
      <div className="bar-chart" role="img" aria-label={props.summary}>
        {series.data.map((d) => {
          const width = series.max > 0 ? (d.value / series.max) * 100 : 0;
          return (
            <div key={d.key} className="bar-chart__row">
              <div className="bar-chart__label">
                <span>{props.label(d.key)}</span>
                <span className="bar-chart__value">{props.valueText(d.value, d.share)}</span>
              </div>
              <svg className="chart__svg" width="100%" height="18" aria-hidden="true" focusable="false">
                <rect className="chart__track" x="0" y="0" width="100%" height="18" />
                <rect className="chart__bar" x="0" y="0" width={`${width}%`} height="18" />
              </svg>
            </div>
          );
        })}
      </div>
    </ChartFrame>
  );
}
