// The public register of decisions: search words and filters (kept in the query string, so a
// search can be shared and the back button works), results a page at a time ("show more"),
// and links to the open-data exports of exactly what is shown.
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { useSearchParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { Select, TextField, type Option } from "../../components/form/index.ts";
import { graphql } from "../../gql/index.ts";
import type { PublishedDecisionsQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import type { MessageKey } from "../../i18n/index.ts";
import { Link } from "../../router/router.tsx";
import {
  EXPORT_FORMATS,
  KINDS,
  OUTCOMES,
  PERMIT_STATUSES,
  PURPOSES,
  decisionPath,
  exportUrl,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
  toGraphQLFilter,
  type DecisionFilters,
} from "./filters.ts";
import { Highlighted, hasHit } from "./Highlighted.tsx";
import { kindKey, outcomeKey, purposeKey, statusKey } from "./labels.ts";
import { Button } from "../../components/ui/index.ts";

const PAGE_SIZE = 20;

type ChoiceFilter = "kind" | "outcome" | "purpose" | "dataController" | "status";

const RegisterOptionsDocument = graphql(`
  query RegisterOptions {
    dataControllers {
      code
      name
    }
    decisionStatistics {
      byYear {
        key
      }
    }
  }
`);

const PublishedDecisionsDocument = graphql(`
  query PublishedDecisions($filter: PublishedDecisionFilter, $first: Int!, $after: String) {
    publishedDecisions(filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        diaryNumber
        decisionNumber
        decidedOn
        kind
        outcome
        purpose
        title
        publicSummary
        holder
        permitStatus
        highlights {
          title {
            text
            hit
          }
          publicSummary {
            text
            hit
          }
        }
      }
    }
  }
`);

type Connection = PublishedDecisionsQuery["publishedDecisions"];
type Row = Connection["nodes"][number];

export default function RegisterPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  // Equal filters give an equal key: a new search starts the results (and the form) afresh.
  const key = filtersToSearch(filters).toString();

  return (
    <Page title={t("public.register.title")}>
      <p className="lead">{t("public.register.intro")}</p>
      <SearchForm key={key} initial={filters} onSearch={(next) => setParams(filtersToSearch(next))} />
      <Results key={`results?${key}`} filters={filters} />
      <ExportLinks filters={filters} />
    </Page>
  );
}

function SearchForm({ initial, onSearch }: { initial: DecisionFilters; onSearch: (f: DecisionFilters) => void }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState(initial);
  const [options] = useQuery({ query: RegisterOptionsDocument });
  const set = <K extends keyof DecisionFilters>(name: K, value: DecisionFilters[K]) =>
    setFilters((prev) => ({ ...prev, [name]: value }));

  const enumOptions = (values: readonly string[], key: (v: never) => MessageKey): Option[] =>
    values.map((value) => ({ value, label: t(key(value as never)) }));

  // Until the catalogue arrives (or if it fails) the current choice stays selectable.
  const controllers: Option[] = options.data?.dataControllers.map((c) => ({ value: c.code, label: c.name })) ?? [];
  if (filters.dataController && !controllers.some((c) => c.value === filters.dataController)) {
    controllers.push({ value: filters.dataController, label: filters.dataController });
  }
  const years = new Set(options.data?.decisionStatistics.byYear.map((g) => g.key) ?? []);
  if (filters.year !== null) years.add(String(filters.year));
  const yearOptions = [...years].sort().reverse().map((y) => ({ value: y, label: y }));

  /** A select of one text-valued filter; "" (all) is null in the filters. */
  const choice = (name: ChoiceFilter, label: MessageKey, choices: Option[]) => (
    <Select
      name={name}
      label={t(label)}
      placeholder={t("public.filter.any")}
      options={choices}
      value={filters[name] ?? ""}
      onChange={(v) => setFilters((prev) => ({ ...prev, [name]: v || null }))}
    />
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(filters);
  }

  return (
    <form role="search" aria-label={t("public.register.title")} className="register-search" onSubmit={submit}>
      <div className="register-search__words">
        <TextField
          name="q"
          type="search"
          label={t("public.search.label")}
          hint={t("public.search.hint")}
          value={filters.q}
          onChange={(v) => set("q", v)}
        />
      </div>
      <fieldset className="register-search__filters">
        <legend>{t("public.search.filters")}</legend>
        {choice("kind", "public.filter.kind", enumOptions(KINDS, kindKey))}
        {choice("outcome", "public.filter.outcome", enumOptions(OUTCOMES, outcomeKey))}
        {choice("purpose", "public.filter.purpose", enumOptions(PURPOSES, purposeKey))}
        {choice("dataController", "public.filter.dataController", controllers)}
        <Select
          name="year"
          label={t("public.filter.year")}
          placeholder={t("public.filter.any")}
          options={yearOptions}
          value={filters.year === null ? "" : String(filters.year)}
          onChange={(v) => set("year", v ? Number(v) : null)}
        />
        {choice("status", "public.filter.status", enumOptions(PERMIT_STATUSES, statusKey))}
      </fieldset>
      <div className="row">
        <Button type="submit">{t("public.search.submit")}</Button>
        {hasFilters(initial) && (
          <Link to="/register" className="button-secondary">
            {t("public.search.clear")}
          </Link>
        )}
      </div>
    </form>
  );
}

/**
 * The results so far. Each "show more" loads the page after the last cursor (keyset paging:
 * no repeats or gaps when new decisions arrive) and moves focus to its first decision.
 */
function Results({ filters }: { filters: DecisionFilters }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<Row[]>([]);
  const [pageInfo, setPageInfo] = useState<Connection["pageInfo"] | null>(null);
  // The cursor being loaded: null = the first page, undefined = nothing loading.
  const [loading, setLoading] = useState<string | null | undefined>(null);
  const [focusFrom, setFocusFrom] = useState<number | null>(null);

  function loaded(connection: Connection) {
    setFocusFrom(loading === null ? null : rows.length);
    setRows((prev) => [...prev, ...connection.nodes]);
    setPageInfo(connection.pageInfo);
    setLoading(undefined);
  }

  const firstPageLoading = pageInfo === null;
  return (
    <section aria-labelledby="register-results" className="register-results">
      <h2 id="register-results">{t("public.results.title")}</h2>
      {!firstPageLoading && rows.length > 0 && (
        <p role="status">
          {t(pageInfo.hasNextPage ? "public.results.shownMore" : "public.results.shown", { count: rows.length })}
        </p>
      )}
      {!firstPageLoading && rows.length === 0 && (
        <EmptyState>
          <p role="status">{t("public.results.none")}</p>
          <p>{t("public.results.noneHint")}</p>
        </EmptyState>
      )}
      {rows.length > 0 && (
        <ol className="decision-list">
          {rows.map((row, index) => (
            <DecisionItem key={row.diaryNumber} row={row} focus={focusFrom === index} />
          ))}
        </ol>
      )}
      {loading !== undefined && (
        <PageLoader
          key={loading ?? ""}
          filters={filters}
          after={loading}
          label={loading === null ? undefined : t("public.results.loadingMore")}
          onLoaded={loaded}
        />
      )}
      {loading === undefined && pageInfo?.hasNextPage && pageInfo.endCursor && (
        <Button type="button" variant="secondary" onClick={() => setLoading(pageInfo.endCursor)}>
          {t("public.results.more")}
        </Button>
      )}
    </section>
  );
}

function PageLoader({
  filters,
  after,
  label,
  onLoaded,
}: {
  filters: DecisionFilters;
  after: string | null;
  label?: string;
  onLoaded: (connection: Connection) => void;
}) {
  const variables = useMemo(() => ({ filter: toGraphQLFilter(filters), first: PAGE_SIZE, after }), [filters, after]);
  const [result, reexecute] = useQuery({ query: PublishedDecisionsDocument, variables });
  const connection = result.fetching ? undefined : result.data?.publishedDecisions;
  const done = useRef(false);
  useEffect(() => {
    if (connection && !done.current) {
      done.current = true;
      onLoaded(connection);
    }
  }, [connection, onLoaded]);

  if (result.error && !result.fetching) {
    return (
      <ErrorState
        error={fromCombinedError(result.error)}
        onRetry={() => reexecute({ requestPolicy: "network-only" })}
      />
    );
  }
  return <Loading label={label} />;
}

function DecisionItem({ row, focus }: { row: Row; focus: boolean }) {
  const { t, formatDate } = useI18n();
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focus) item.current?.querySelector("a")?.focus();
  }, [focus]);
  return (
    <li ref={item} className="decision-item">
      <h3 className="decision-item__title">
        <Link to={decisionPath(row.diaryNumber)}>
          <Highlighted text={row.title} segments={row.highlights?.title} />
        </Link>
      </h3>
      {hasHit(row.highlights?.publicSummary) && (
        <p className="decision-item__summary">
          <Highlighted text={row.publicSummary} segments={row.highlights?.publicSummary} />
        </p>
      )}
      <p className="decision-item__meta">
        <span>{row.decisionNumber}</span>
        <span>{formatDate(row.decidedOn)}</span>
        <span>{t(kindKey(row.kind))}</span>
        <span className={`outcome outcome--${row.outcome.toLowerCase()}`}>{t(outcomeKey(row.outcome))}</span>
        {row.permitStatus && <span>{t(statusKey(row.permitStatus))}</span>}
      </p>
      <p className="decision-item__holder">
        {row.holder}
        {row.purpose && ` · ${t(purposeKey(row.purpose))}`}
      </p>
    </li>
  );
}

function ExportLinks({ filters }: { filters: DecisionFilters }) {
  const { t } = useI18n();
  const labels = { csv: "public.export.csv", json: "public.export.json", atom: "public.export.atom" } as const;
  return (
    <section aria-labelledby="register-export" className="card">
      <h2 id="register-export">{t("public.export.title")}</h2>
      <p>{t("public.export.intro")}</p>
      <ul className="export-links">
        {EXPORT_FORMATS.map((format) => (
          <li key={format}>
            <a href={exportUrl(format, filters)}>{t(labels[format])}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
