// How an audit entry reads to a person: the action's readable name, the actor by name and
// role, and the JSON details as labelled facts. The codes stay available to the page (the
// filter's values, the entry's technical facts); this module only decides the words.
import type { MessageKey } from "../../i18n/index.ts";
import { auditorMessages } from "./messages.ts";

const ACTION_PREFIX = "auditor.action.";
const DETAIL_PREFIX = "auditor.detail.";

/** Every action the server writes (crates/store/src/audit/mod.rs `AUDIT_ACTIONS`), sorted. */
export const AUDIT_ACTIONS: readonly string[] = Object.keys(auditorMessages.fi)
  .filter((k) => k.startsWith(ACTION_PREFIX))
  .map((k) => k.slice(ACTION_PREFIX.length))
  .sort();

const ACTIONS = new Set(AUDIT_ACTIONS);
const DETAIL_KEYS = new Set(
  Object.keys(auditorMessages.fi)
    .filter((k) => k.startsWith(DETAIL_PREFIX))
    .map((k) => k.slice(DETAIL_PREFIX.length)),
);
const ROLES = new Set(["PUBLIC", "APPLICANT", "HANDLER", "DIRECTOR", "REGISTRY_CLERK", "CITIZEN", "AUDITOR", "ADMIN"]);

type T = (key: MessageKey, params?: Record<string, string>) => string;

/** The action's readable name; an entry older than a renamed action keeps its code. */
export function actionName(code: string, t: T): string {
  return ACTIONS.has(code) ? t(`${ACTION_PREFIX}${code}` as MessageKey) : code;
}

export interface ActorFacts {
  actorId: string;
  actorName?: string | null;
  actorRole?: string | null;
}

/** "Hanna Käsittelijä, Käsittelijä"; the id stands in for a person the system has no name for. */
export function actorLabel(actor: ActorFacts, t: T): string {
  let who: string;
  if (actor.actorId === "public") who = t("auditor.actor.public");
  else if (actor.actorId.startsWith("system:")) who = t("auditor.actor.system", { job: actor.actorId.slice(7) });
  else who = actor.actorName ?? actor.actorId;
  if (!actor.actorRole) return who;
  const role = ROLES.has(actor.actorRole) ? t(`role.${actor.actorRole}` as MessageKey) : actor.actorRole;
  return t("auditor.actor.withRole", { actor: who, role });
}

/** One labelled fact of the details; a nested object or a list of objects nests further. */
export interface DetailFact {
  key: string;
  label: string;
  value: string | DetailFact[];
}

export interface DetailFormat {
  t: T;
  formatNumber: (value: number) => string;
  formatDate: (value: string) => string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function label(key: string, t: T): string {
  return DETAIL_KEYS.has(key) ? t(`${DETAIL_PREFIX}${key}` as MessageKey) : key;
}

function value(key: string, v: unknown, f: DetailFormat): string | DetailFact[] {
  if (v === null || v === undefined) return f.t("auditor.value.none");
  if (typeof v === "boolean") return f.t(v ? "auditor.value.true" : "auditor.value.false");
  if (typeof v === "number") return f.formatNumber(v);
  if (typeof v === "string") {
    if (key === "action") return actionName(v, f.t);
    return DATE.test(v) ? f.formatDate(v) : v;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return f.t("auditor.value.none");
    if (v.every((item) => item === null || typeof item !== "object")) {
      return v.map((item) => value(key, item, f)).join(", ");
    }
    return v.map((item, i) => ({ key: String(i + 1), label: String(i + 1), value: value(key, item, f) }));
  }
  return facts(v as Record<string, unknown>, f);
}

function facts(object: Record<string, unknown>, f: DetailFormat): DetailFact[] {
  return Object.entries(object)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([key, v]) => ({ key, label: label(key, f.t), value: value(key, v, f) }));
}

/**
 * The details' facts, empty fields left out. Details the server wrote as something else
 * than a JSON object come back as one fact holding the text, so nothing is hidden.
 */
export function detailFacts(details: string | null | undefined, f: DetailFormat): DetailFact[] {
  if (!details) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return [{ key: "details", label: f.t("auditor.entry.details"), value: details }];
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return [{ key: "details", label: f.t("auditor.entry.details"), value: value("details", parsed, f) }];
  }
  return facts(parsed as Record<string, unknown>, f);
}
