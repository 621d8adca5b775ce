// The audit log's filter form and the `AuditLogFilter` it becomes. Dates are calendar days
// in Finnish time (the app shows every time in Europe/Helsinki): "from" is the start of that
// day, "until" the start of the next, so both days are included.
import type { AuditLogFilter, AuditOutcome } from "../../gql/graphql.ts";
import type { MessageKey } from "../../i18n/index.ts";
import type { FieldProblem } from "../../lib/validation.ts";

export const OUTCOMES: readonly AuditOutcome[] = ["SUCCESS", "DENIED", "FAILURE"];

export interface AuditFilterForm {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  outcome: AuditOutcome | "";
  from: string;
  until: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterForm = {
  actorId: "",
  action: "",
  targetType: "",
  targetId: "",
  outcome: "",
  from: "",
  until: "",
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a calendar day starts in Helsinki, as an RFC 3339 UTC time. */
export function helsinkiStartOfDay(date: string, addDays = 0): string {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "Europe/Helsinki",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(guess))
      .map((p) => [p.type, Number(p.value)]),
  );
  const wallClock = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  // Helsinki is ahead of UTC, and never changes its offset at midnight.
  return new Date(guess - (wallClock - guess)).toISOString();
}

export function toAuditLogFilter(form: AuditFilterForm): AuditLogFilter {
  const filter: AuditLogFilter = {};
  const text = (v: string) => (v.trim() === "" ? undefined : v.trim());
  const actorId = text(form.actorId);
  const action = text(form.action);
  const targetType = text(form.targetType);
  const targetId = text(form.targetId);
  if (actorId) filter.actorId = actorId;
  if (action) filter.action = action;
  if (targetType) filter.targetType = targetType;
  if (targetId) filter.targetId = targetId;
  if (form.outcome !== "") filter.outcome = form.outcome;
  if (form.from !== "") filter.from = helsinkiStartOfDay(form.from);
  if (form.until !== "") filter.until = helsinkiStartOfDay(form.until, 1);
  return filter;
}

/** The server names filter fields `filter.until`; the form's fields are `until`. */
export function placeAuditProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ ...p, field: p.field.replace(/^filter\./, "") }));
}

/** Cursors of the pages seen so far, for "previous" without backward cursors. */
export interface Pages {
  cursors: readonly (string | null)[];
}

export const FIRST_PAGE: Pages = { cursors: [null] };

export function currentCursor(pages: Pages): string | null {
  return pages.cursors[pages.cursors.length - 1];
}

export function nextPage(pages: Pages, endCursor: string): Pages {
  return { cursors: [...pages.cursors, endCursor] };
}

export function previousPage(pages: Pages): Pages {
  return pages.cursors.length > 1 ? { cursors: pages.cursors.slice(0, -1) } : pages;
}

/** The server's message keys about the filter for which the app has its own text. */
const SERVER_MESSAGE_KEYS: Record<string, MessageKey> = {
  UntilBeforeFrom: "auditor.filter.untilBeforeFrom",
};

export function localiseAuditProblems(problems: readonly FieldProblem[], t: (key: MessageKey) => string): FieldProblem[] {
  return problems.map((p) => {
    const key = p.key === undefined ? undefined : SERVER_MESSAGE_KEYS[p.key];
    return key ? { ...p, message: t(key) } : p;
  });
}
