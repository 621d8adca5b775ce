// Delivery orders in the web app: the list's filter (kept in the URL), its order, how a due
// date is marked (in words, not colour only) and which steps a handler may take next. The
// server decides what is overdue and refuses a step the order's state does not allow; these
// only choose what to show.
import type { ApplicationKind, DeliveryOrderFilter, DeliveryOrderState } from "../../gql/graphql.ts";
import type { MessageKey, MessageParams } from "../../i18n/index.ts";

export const ORDER_STATES: readonly DeliveryOrderState[] = ["ORDERED", "RECEIVED", "PREPARED", "DELIVERED", "CANCELLED"];

/** `?state=RECEIVED&overdue=1` as the GraphQL filter; unknown values are ignored. */
export function orderFilterFromParams(params: URLSearchParams): DeliveryOrderFilter {
  const state = params.get("state") as DeliveryOrderState | null;
  return {
    state: state && ORDER_STATES.includes(state) ? state : null,
    overdue: params.get("overdue") === "1" ? true : null,
  };
}

interface Dated {
  dueDate: string;
  diaryNumber: string;
  registerName: string;
}

/** Soonest due first; ties by diary number, then register, so the order is stable. */
export function sortedByDueDate<T extends Dated>(orders: readonly T[]): T[] {
  return [...orders].sort(
    (a, b) =>
      a.dueDate.localeCompare(b.dueDate) ||
      a.diaryNumber.localeCompare(b.diaryNumber, "fi") ||
      a.registerName.localeCompare(b.registerName, "fi"),
  );
}

export interface DueMark {
  tone: "overdue" | "soon";
  key: MessageKey;
  params?: MessageParams;
}

/** Within this many days an open order's due date is pointed out. */
export const DUE_SOON_DAYS = 7;

/**
 * The words beside an order's due date. The due date is the controller's: once the data has
 * arrived (RECEIVED and later) the order is no longer late, as the server's `overdue` says.
 */
export function dueMark(order: { state: DeliveryOrderState; overdue: boolean; daysLeft: number }): DueMark | null {
  if (order.state !== "ORDERED") return null;
  if (order.overdue) {
    const late = Math.max(1, -order.daysLeft);
    return { tone: "overdue", key: late === 1 ? "delivery.due.overdueOne" : "delivery.due.overdue", params: { days: late } };
  }
  if (order.daysLeft > DUE_SOON_DAYS) return null;
  if (order.daysLeft <= 0) return { tone: "soon", key: "delivery.due.today" };
  if (order.daysLeft === 1) return { tone: "soon", key: "delivery.due.tomorrow" };
  return { tone: "soon", key: "delivery.due.inDays", params: { days: order.daysLeft } };
}

export type OrderAction = "receive" | "prepare" | "deliver" | "cancel" | "submitStatistics";

/**
 * What a handler may do with an order in `state`: ORDERED → RECEIVED → PREPARED → DELIVERED,
 * or CANCELLED from any open state. A prepared order may be prepared again (a corrected file
 * from the controller). A data request's statistics go to output checking once the data is
 * in, and their release is the delivery: its order is never marked delivered by hand.
 */
export function orderActions(order: { state: DeliveryOrderState; kind: ApplicationKind }, isHandler: boolean): OrderAction[] {
  if (!isHandler) return [];
  const actions: OrderAction[] = [];
  switch (order.state) {
    case "ORDERED":
      actions.push("receive");
      break;
    case "RECEIVED":
      actions.push("prepare");
      break;
    case "PREPARED":
      if (order.kind !== "DATA_REQUEST") actions.push("deliver");
      actions.push("prepare");
      break;
    default:
      return [];
  }
  if (order.kind === "DATA_REQUEST" && order.state !== "ORDERED") actions.push("submitStatistics");
  actions.push("cancel");
  return actions;
}

/** "Register (controller)": one line naming what was ordered from whom. */
export function orderedFrom(order: { registerName: string; dataControllerName: string }): string {
  return `${order.registerName} (${order.dataControllerName})`;
}
