// How a queue row's deadline is marked: in words, so that the mark does not rest on colour.
// The server decides what is overdue and what is due soon (its deadline warning period,
// the same window in which presenters are warned by mail); this only picks the words.
import type { MessageKey, MessageParams } from "../../i18n/index.ts";

export interface DeadlineFacts {
  overdue: boolean;
  dueSoon: boolean;
  daysLeft: number;
}

export interface DeadlineMark {
  tone: "overdue" | "soon";
  key: MessageKey;
  params?: MessageParams;
}

export function deadlineMark(deadline: DeadlineFacts | null | undefined): DeadlineMark | null {
  if (!deadline) return null;
  if (deadline.overdue) return { tone: "overdue", key: "case.deadline.overdue" };
  if (!deadline.dueSoon) return null;
  if (deadline.daysLeft <= 0) return { tone: "soon", key: "case.queue.dueToday" };
  if (deadline.daysLeft === 1) return { tone: "soon", key: "case.queue.dueTomorrow" };
  return { tone: "soon", key: "case.queue.dueInDays", params: { days: deadline.daysLeft } };
}
