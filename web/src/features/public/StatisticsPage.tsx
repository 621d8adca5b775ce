// Statistics of the public register: totals, decisions per year, shares by outcome, purpose
// and kind, and median processing times; every chart with a table of the same numbers.
// Loaded lazily with its route, so the charts cost the first page nothing.
import { useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { graphql } from "../../gql/index.ts";
import type { DecisionStatisticsQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";
import { BarChart, ColumnChart } from "./charts.tsx";
import { formatDays, formatShare, seriesFromGroups, yearSeries, type Series } from "./chartData.ts";
import { EMPTY_FILTERS, KINDS, OUTCOMES, PURPOSES, registerPath, type DecisionFilters } from "./filters.ts";
import { groupLabel } from "./labels.ts";

const DecisionStatisticsDocument = graphql(`
  query DecisionStatistics {
    decisionStatistics {
      total
      medianProcessingDays
      byYear {
        key
        count
        medianProcessingDays
      }
      byKind {
        key
        count
        medianProcessingDays
      }
      byOutcome {
        key
        count
        medianProcessingDays
      }
      byPurpose {
        key
        count
        medianProcessingDays
      }
    }
  }
`);

type Statistics = DecisionStatisticsQuery["decisionStatistics"];
type Group = Statistics["byYear"][number];

export default function StatisticsPage() {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: DecisionStatisticsDocument });
  const stats = result.data?.decisionStatistics;
  return (
    <Page title={t("public.stats.title")}>
      <p className="lead">{t("public.stats.intro")}</p>
      {result.fetching && !stats && <Loading />}
      {result.error && (
        <ErrorState
          error={fromCombinedError(result.error)}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      )}
      {stats && stats.total === 0 && <EmptyState />}
      {stats && stats.total > 0 && <StatisticsCharts stats={stats} />}
    </Page>
  );
}

function StatisticsCharts({ stats }: { stats: Statistics }) {
  const { t, formatNumber } = useI18n();
  const days = (value: number) => formatDays(value, formatNumber);
  const countShare = (value: number, share: number) =>
    t("public.stats.countShare", { count: formatNumber(value), share: formatShare(share, formatNumber) });

  const perYear = yearSeries(stats.byYear);
  const medianPerYear = yearSeries(stats.byYear, "medianProcessingDays");
  const years = perYear.data.map((d) => d.key);
  const yearRange = { from: years[0] ?? "", to: years[years.length - 1] ?? "" };

  const shares = [
    {
      id: "chart-outcomes",
      family: "outcome",
      groups: stats.byOutcome,
      order: OUTCOMES,
      title: "public.stats.outcomes",
      summary: "public.stats.outcomesSummary",
    },
    {
      id: "chart-purposes",
      family: "purpose",
      groups: stats.byPurpose,
      order: PURPOSES,
      title: "public.stats.purposes",
      summary: "public.stats.purposesSummary",
    },
    {
      id: "chart-kinds",
      family: "kind",
      groups: stats.byKind,
      order: KINDS,
      title: "public.stats.kinds",
      summary: "public.stats.kindsSummary",
    },
  ] as const;

  return (
    <>
      <dl className="stat-figures">
        <div>
          <dt>{t("public.stats.total")}</dt>
          <dd data-testid="stats-total">{formatNumber(stats.total)}</dd>
        </div>
        {stats.medianProcessingDays != null && (
          <div>
            <dt>{t("public.stats.median")}</dt>
            <dd>{t("public.stats.days", { days: days(stats.medianProcessingDays) })}</dd>
            <dd className="stat-figures__hint">{t("public.stats.medianHint")}</dd>
          </div>
        )}
      </dl>

      <div className="chart-grid">
        <ColumnChart
          id="chart-per-year"
          title={t("public.stats.perYear")}
          summary={t("public.stats.perYearSummary", yearRange)}
          series={perYear}
          label={(key) => key}
          valueText={(value) => formatNumber(value)}
          table={<GroupTable series={perYear} groups={stats.byYear} family="year" />}
        />
        {shares.map((chart) => {
          const series = seriesFromGroups(chart.groups, { order: chart.order });
          return (
            <BarChart
              key={chart.id}
              id={chart.id}
              title={t(chart.title)}
              summary={t(chart.summary)}
              series={series}
              label={(key) => groupLabel(t, chart.family, key)}
              valueText={countShare}
              table={<GroupTable series={series} groups={chart.groups} family={chart.family} />}
            />
          );
        })}
        {medianPerYear.data.length > 0 && (
          <ColumnChart
            id="chart-median-per-year"
            title={t("public.stats.medianPerYear")}
            summary={t("public.stats.medianPerYearSummary", yearRange)}
            series={medianPerYear}
            label={(key) => key}
            valueText={(value) => days(value)}
            table={<GroupTable series={perYear} groups={stats.byYear} family="year" />}
          />
        )}
      </div>
    </>
  );
}

const FAMILY_VALUES = { kind: KINDS, outcome: OUTCOMES, purpose: PURPOSES } as const;

/** The register filtered to one group, so every row of a table leads to its decisions. */
function groupFilters(family: "year" | "kind" | "outcome" | "purpose", key: string): DecisionFilters | null {
  if (family === "year") return /^\d{4}$/.test(key) ? { ...EMPTY_FILTERS, year: Number(key) } : null;
  return (FAMILY_VALUES[family] as readonly string[]).includes(key) ? { ...EMPTY_FILTERS, [family]: key } : null;
}

function GroupTable({
  series,
  groups,
  family,
}: {
  series: Series;
  groups: readonly Group[];
  family: "year" | "kind" | "outcome" | "purpose";
}) {
  const { t, formatNumber } = useI18n();
  const medians = new Map(groups.map((g) => [g.key, g.medianProcessingDays]));
  const none = t("public.decision.none");
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t(family === "year" ? "public.stats.colYear" : "public.stats.colGroup")}</th>
            <th scope="col">{t("public.stats.colCount")}</th>
            <th scope="col">{t("public.stats.colShare")}</th>
            <th scope="col">{t("public.stats.colMedian")}</th>
          </tr>
        </thead>
        <tbody>
          {series.data.map((d) => {
            const filters = groupFilters(family, d.key);
            const name = family === "year" ? d.key : groupLabel(t, family, d.key);
            const median = medians.get(d.key);
            return (
              <tr key={d.key}>
                <th scope="row">{filters && d.value > 0 ? <Link to={registerPath(filters)}>{name}</Link> : name}</th>
                <td>{formatNumber(d.value)}</td>
                <td>{formatShare(d.share, formatNumber)}</td>
                <td>{median != null ? formatDays(median, formatNumber) : none}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
