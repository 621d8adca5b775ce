// The queue's filters and sort live in the URL (shareable, survive reloads); this turns them
// into the GraphQL filter and order.
import type {
  ApplicationKind,
  ApplicationQueueFilter,
  ApplicationQueueOrder,
  ApplicationQueueSortField,
  ApplicationState,
  SortDirection,
} from "../../gql/graphql.ts";

export const QUEUE_STATES: ApplicationState[] = ["SUBMITTED", "IN_PREPARATION", "INFORMATION_REQUESTED", "PROPOSED"];
export const QUEUE_KINDS: ApplicationKind[] = ["DATA_PERMIT", "DATA_REQUEST", "AMENDMENT"];

/** `assigned`: "" everyone's, "mine", "unassigned". */
export function queueFilterFromParams(params: URLSearchParams, meId: string | null): ApplicationQueueFilter {
  const state = params.get("state") as ApplicationState | null;
  const kind = params.get("kind") as ApplicationKind | null;
  const assigned = params.get("assigned");
  const dueBefore = params.get("dueBefore");
  return {
    states: state && QUEUE_STATES.includes(state) ? [state] : [],
    kind: kind && QUEUE_KINDS.includes(kind) ? kind : null,
    presenterId: assigned === "mine" && meId ? meId : null,
    unassigned: assigned === "unassigned",
    dueBefore: dueBefore && /^\d{4}-\d{2}-\d{2}$/.test(dueBefore) ? dueBefore : null,
    overdue: params.get("overdue") === "1",
  };
}

/** The GraphQL order with its direction spelled out (the API defaults it to ascending). */
export type QueueOrder = Required<{ [K in keyof ApplicationQueueOrder]: NonNullable<ApplicationQueueOrder[K]> }>;

/** The server's default, soonest due first: left out of the URL. */
export const DEFAULT_QUEUE_ORDER: QueueOrder = { field: "DUE_DATE", direction: "ASC" };

// The URL spells the sort as `sort=due|state` and `dir=asc|desc`: short, and readable in a
// shared link.
const SORT_PARAM: Record<ApplicationQueueSortField, string> = { DUE_DATE: "due", STATE: "state" };
const DIR_PARAM: Record<SortDirection, string> = { ASC: "asc", DESC: "desc" };

export function queueOrderFromParams(params: URLSearchParams): QueueOrder {
  const field = (Object.keys(SORT_PARAM) as ApplicationQueueSortField[]).find((f) => SORT_PARAM[f] === params.get("sort"));
  if (!field) return DEFAULT_QUEUE_ORDER;
  return { field, direction: params.get("dir") === DIR_PARAM.DESC ? "DESC" : "ASC" };
}

/** The order after a click on `field`'s header: the same column turns round, another starts ascending. */
export function toggledOrder(current: QueueOrder, field: ApplicationQueueSortField): QueueOrder {
  if (current.field !== field) return { field, direction: "ASC" };
  return { field, direction: current.direction === "ASC" ? "DESC" : "ASC" };
}

/** `params` with `order` written in (the default order leaves no trace). */
export function withOrder(params: URLSearchParams, order: QueueOrder): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete("sort");
  next.delete("dir");
  if (order.field !== DEFAULT_QUEUE_ORDER.field || order.direction !== DEFAULT_QUEUE_ORDER.direction) {
    next.set("sort", SORT_PARAM[order.field]);
    next.set("dir", DIR_PARAM[order.direction]);
  }
  return next;
}
