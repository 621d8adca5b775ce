// @vitest-environment happy-dom
// "Who has handled your data": rows name the staff role and organisation and what was done,
// an application's log asks only for that application, and older entries load behind the
// cursor the server returned.
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import { AccessLogSection } from "./AccessLogSection.tsx";

const entry = (seq: number, kind: string, subjectType: string, role: string, reason: string | null) => ({
  __typename: "AccessLogEntry",
  seq,
  occurredAt: "2026-12-07T08:00:00Z",
  kind,
  action: kind === "READ" ? "objection.read" : "application.take",
  role,
  organisation: "PERMIT_AUTHORITY",
  subjectType,
  subjectId: "s-1",
  reason,
});

let view: Rendered;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

type Asked = { applicationId?: string | null; after?: string | null };

function backend(asked: Asked[], pages: Record<string, { nodes: unknown[]; next: string | null }>) {
  return stubBackend({
    "/graphql": async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as { operationName?: string; variables?: Asked };
      if (body.operationName !== "MyAccessLog") return jsonResponse({ data: { me: null } });
      asked.push(body.variables ?? {});
      const page = pages[body.variables?.after ?? "first"];
      return jsonResponse({
        data: {
          myAccessLog: {
            __typename: "AccessLogEntryConnection",
            nodes: page.nodes,
            pageInfo: { __typename: "PageInfo", hasNextPage: page.next !== null, endCursor: page.next },
          },
        },
      });
    },
  });
}

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const rows = (view: Rendered) =>
  [...view.container.querySelectorAll("tbody tr")].map((r) => [...r.querySelectorAll("td")].slice(1).map((c) => c.textContent));

describe("AccessLogSection", () => {
  it("shows each staff action by role and organisation with the stated reason, and loads older ones", async () => {
    const asked: Asked[] = [];
    backend(asked, {
      first: { nodes: [entry(9, "READ", "OBJECTION", "REGISTRY_CLERK", "Kirje, viite 12")], next: "c-9" },
      "c-9": { nodes: [entry(4, "HANDLED", "OBJECTION", "REGISTRY_CLERK", null)], next: null },
    });
    view = await render(<AccessLogSection />);
    await settle();
    expect(rows(view)).toEqual([["Luki kiellon", "Kieltorekisterin virkailija, lupaviranomainen", "Kirje, viite 12"]]);
    const more = [...view.container.querySelectorAll("button")].find((b) => b.textContent === "Näytä vanhemmat")!;
    await act(async () => more.click());
    await settle();
    expect(rows(view)).toEqual([
      ["Luki kiellon", "Kieltorekisterin virkailija, lupaviranomainen", "Kirje, viite 12"],
      ["Käsitteli kieltoa", "Kieltorekisterin virkailija, lupaviranomainen", "–"],
    ]);
    expect(asked.map((a) => a.after ?? null)).toEqual([null, "c-9"]);
    expect([...view.container.querySelectorAll("button")].some((b) => b.textContent === "Näytä vanhemmat")).toBe(false);
  });

  it("asks for one application's log and says when nobody has handled it", async () => {
    const asked: Asked[] = [];
    backend(asked, { first: { nodes: [], next: null } });
    view = await render(<AccessLogSection applicationId="a-1" />);
    await settle();
    expect(asked[0].applicationId).toBe("a-1");
    expect(view.text()).toContain("Kukaan lupaviranomaisessa ei ole vielä lukenut tai käsitellyt näitä tietoja.");
    expect(view.container.querySelector("table")).toBeNull();
  });
});
