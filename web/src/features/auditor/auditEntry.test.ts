import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LANGUAGES, translate, type Language, type MessageKey } from "../../i18n/index.ts";
import { AUDIT_ACTIONS, actionName, actorLabel, detailFacts, type DetailFormat } from "./auditEntry.ts";
import { auditorMessages } from "./messages.ts";

/** The server's list of the actions it writes (its own test checks the list against its code). */
function serverActions(): string[] {
  const source = readFileSync(fileURLToPath(new URL("../../../../crates/store/src/audit/mod.rs", import.meta.url)), "utf8");
  const list = /pub const AUDIT_ACTIONS: &\[&str\] = &\[([^\]]*)\];/.exec(source);
  if (!list) throw new Error("AUDIT_ACTIONS not found in crates/store/src/audit/mod.rs");
  return Array.from(list[1]!.matchAll(/"([^"]+)"/g), (m) => m[1]!);
}

const t = (language: Language) => (key: MessageKey, params?: Record<string, string>) => translate(language, key, params);

const fi: DetailFormat = {
  t: t("fi"),
  formatNumber: (n) => new Intl.NumberFormat("fi-FI").format(n),
  formatDate: (d) => `päivä ${d}`,
};

describe("audit actions", () => {
  it("names in fi, sv and en exactly the actions the server writes", () => {
    const server = serverActions();
    expect(server.length).toBeGreaterThan(50);
    expect(AUDIT_ACTIONS).toEqual([...server].sort());
  });

  it.each(LANGUAGES)("%s: every action has its own readable name, never its code", (language) => {
    const names = AUDIT_ACTIONS.map((code) => auditorMessages[language][`auditor.action.${code}` as keyof (typeof auditorMessages)["fi"]]);
    for (const [i, name] of names.entries()) {
      expect(name?.trim(), AUDIT_ACTIONS[i]).toBeTruthy();
      expect(name).not.toContain(AUDIT_ACTIONS[i]);
    }
    expect(new Set(names).size, "two actions read the same").toBe(names.length);
  });

  it("reads an action and keeps an unknown code as it is", () => {
    expect(actionName("permit.confirm_data_destruction", t("fi"))).toBe("Aineiston hävittäminen vahvistettu");
    expect(actionName("audit_log.read", t("sv"))).toBe("Granskningsloggen läst");
    expect(actionName("no.such_action", t("en"))).toBe("no.such_action");
  });
});

describe("actorLabel", () => {
  it("names a person with their role", () => {
    expect(actorLabel({ actorId: "demo-handler-1", actorName: "Hanna Käsittelijä", actorRole: "HANDLER" }, t("fi"))).toBe(
      "Hanna Käsittelijä, Käsittelijä",
    );
    expect(actorLabel({ actorId: "demo-citizen", actorName: "Kalle Kansalainen", actorRole: "CITIZEN" }, t("sv"))).toBe(
      "Kalle Kansalainen, Medborgare",
    );
  });

  it("falls back to the id, and reads public and system actors", () => {
    expect(actorLabel({ actorId: "sub-123", actorName: null, actorRole: null }, t("fi"))).toBe("sub-123");
    expect(actorLabel({ actorId: "public", actorRole: "PUBLIC" }, t("fi"))).toBe("Kirjautumaton käyttäjä, Julkinen");
    expect(actorLabel({ actorId: "system:seed", actorRole: null }, t("en"))).toBe("System (seed)");
    expect(actorLabel({ actorId: "x", actorRole: "NEW_ROLE" }, t("en"))).toBe("x, NEW_ROLE");
  });
});

describe("detailFacts", () => {
  it("lists the details with readable keys and values, leaving empty ones out", () => {
    const details = JSON.stringify({
      checked: 1234,
      intact: true,
      firstBrokenSeq: null,
      action: "objection.file",
      dueOn: "2026-12-01",
      names: ["a", "b"],
      changes: [{ field: "title" }],
      somethingNew: "x",
    });
    expect(detailFacts(details, fi)).toEqual([
      { key: "checked", label: "Tarkistettu", value: "1\u00a0234" },
      { key: "intact", label: "Eheä", value: "kyllä" },
      { key: "action", label: "Toiminto", value: "Kielto tehty" },
      { key: "dueOn", label: "Määräpäivä", value: "päivä 2026-12-01" },
      { key: "names", label: "Nimiä", value: "a, b" },
      { key: "changes", label: "Muutokset", value: [{ key: "1", label: "1", value: [{ key: "field", label: "field", value: "title" }] }] },
      { key: "somethingNew", label: "somethingNew", value: "x" },
    ]);
  });

  it("keeps details that are not a JSON object as they are", () => {
    expect(detailFacts(null, fi)).toEqual([]);
    expect(detailFacts("not json", fi)).toEqual([{ key: "details", label: "Lisätiedot", value: "not json" }]);
    expect(detailFacts("[]", fi)).toEqual([{ key: "details", label: "Lisätiedot", value: "ei mitään" }]);
  });
});
