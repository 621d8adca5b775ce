// The queue's filters live in the URL (shareable, survive reloads); this turns them into the
// GraphQL filter.
import type { ApplicationKind, ApplicationQueueFilter, ApplicationState } from "../../gql/graphql.ts";

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
