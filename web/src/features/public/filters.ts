// The register's search and filters as a value, and its one spelling in the URL. The query
// string uses exactly the parameter names of the open-data exports (docs/open-data.md), so a
// shared link and the export of "what I see" are the same few parameters.
import type { ApplicationKind, DecisionOutcome, PermitStatus, PublishedDecisionFilter, Purpose } from "../../gql/graphql.ts";

export const KINDS = ["DATA_PERMIT", "DATA_REQUEST", "AMENDMENT"] as const satisfies readonly ApplicationKind[];
export const OUTCOMES = ["GRANTED", "PARTIALLY_GRANTED", "REJECTED"] as const satisfies readonly DecisionOutcome[];
export const PURPOSES = [
  "SCIENTIFIC_RESEARCH",
  "STATISTICS",
  "AUTHORITY_PLANNING_AND_REPORTING",
  "EDUCATION",
  "DEVELOPMENT_AND_INNOVATION",
  "KNOWLEDGE_MANAGEMENT",
  "STEERING_AND_SUPERVISION",
] as const satisfies readonly Purpose[];
export const PERMIT_STATUSES = [
  "ACTIVE",
  "EXPIRED",
  "REVOKED",
  "DATA_DESTROYED",
  "COMBINED",
] as const satisfies readonly PermitStatus[];

export interface DecisionFilters {
  /** Words that must all occur in the title or public summary. */
  q: string;
  kind: ApplicationKind | null;
  outcome: DecisionOutcome | null;
  purpose: Purpose | null;
  /** A data controller's catalogue code, e.g. `thl`. */
  dataController: string | null;
  year: number | null;
  status: PermitStatus | null;
}

export const EMPTY_FILTERS: DecisionFilters = {
  q: "",
  kind: null,
  outcome: null,
  purpose: null,
  dataController: null,
  year: null,
  status: null,
};

/** The order of parameters in URLs, so equal filters always give equal links. */
const PARAMS = ["q", "kind", "outcome", "purpose", "dataController", "year", "status"] as const;

const CONTROLLER_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const YEAR = /^\d{4}$/;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | null {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : null;
}

/**
 * Reads filters from a query string. Values the server would refuse (an unknown kind, a year
 * that is not four digits, …) are dropped rather than turned into an error page: a hand-edited
 * or outdated link still shows the register, filtered by what it says correctly.
 */
export function filtersFromSearch(params: URLSearchParams): DecisionFilters {
  const year = params.get("year")?.trim() ?? "";
  const controller = params.get("dataController")?.trim() ?? "";
  return {
    q: (params.get("q") ?? "").trim().replace(/\s+/g, " "),
    kind: oneOf(KINDS, params.get("kind")),
    outcome: oneOf(OUTCOMES, params.get("outcome")),
    purpose: oneOf(PURPOSES, params.get("purpose")),
    dataController: CONTROLLER_CODE.test(controller) ? controller : null,
    year: YEAR.test(year) ? Number(year) : null,
    status: oneOf(PERMIT_STATUSES, params.get("status")),
  };
}

/** The query string for filters; empty filters are left out. */
export function filtersToSearch(filters: DecisionFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of PARAMS) {
    const value = filters[name];
    if (value === null || value === "") continue;
    params.set(name, String(value).trim());
  }
  return params;
}

/** The register page's address for filters, e.g. `/register?kind=DATA_REQUEST&year=2025`. */
export function registerPath(filters: DecisionFilters): string {
  const query = filtersToSearch(filters).toString();
  return query ? `/register?${query}` : "/register";
}

/** The GraphQL `PublishedDecisionFilter` for filters (the API calls the text `text`). */
export function toGraphQLFilter(filters: DecisionFilters): PublishedDecisionFilter {
  const filter: PublishedDecisionFilter = {};
  if (filters.q) filter.text = filters.q;
  if (filters.kind) filter.kind = filters.kind;
  if (filters.outcome) filter.outcome = filters.outcome;
  if (filters.purpose) filter.purpose = filters.purpose;
  if (filters.dataController) filter.dataController = filters.dataController;
  if (filters.year !== null) filter.year = filters.year;
  if (filters.status) filter.permitStatus = filters.status;
  return filter;
}

export const EXPORT_FORMATS = ["csv", "json", "atom"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The open-data export of every decision matching filters: `/api/decisions.csv?…`. */
export function exportUrl(format: ExportFormat, filters: DecisionFilters): string {
  const query = filtersToSearch(filters).toString();
  return `/api/decisions.${format}${query ? `?${query}` : ""}`;
}

/** Whether any filter or search word is set. */
export function hasFilters(filters: DecisionFilters): boolean {
  return filtersToSearch(filters).toString() !== "";
}

/** Decision pages live at `/register/<diary number>`; the slashes are encoded. */
export function decisionPath(diaryNumber: string): string {
  return `/register/${encodeURIComponent(diaryNumber)}`;
}
