// @vitest-environment happy-dom
// The amendment form sends what the holder chose: the processors ticked for removal as named on
// the permit, the new environment, and the other active permits ticked for combining (the
// permit itself and ended permits are never offered).
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Route } from "wouter";
import { jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import AmendPermitPage from "./AmendPermitPage.tsx";

const processor = (firstName: string, lastName: string) => ({
  __typename: "Processor",
  firstName,
  lastName,
  organisation: "Helsingin yliopisto",
  ndaSigned: true,
});

const PERMIT = {
  __typename: "Permit",
  id: "p-1",
  decisionNumber: "D/1/2026",
  diaryNumber: "TL/1/2026",
  purpose: "SCIENTIFIC_RESEARCH",
  status: "ACTIVE",
  validUntil: "2029-06-30",
  processors: [processor("Aino", "Virtanen"), processor("Eero", "Salo")],
  processingEnvironment: { __typename: "ProcessingEnvironment", id: "env-1", name: "Kapseli" },
};

const environment = (id: string, name: string, status: string) => ({
  __typename: "ProcessingEnvironment",
  id,
  name,
  provider: "Laskenta Oy",
  status,
  certificateValidUntil: "2099-01-01",
});

const held = (id: string, title: string, status: string) => ({
  __typename: "Application",
  id: `app-${id}`,
  title,
  permit: { __typename: "Permit", id, decisionNumber: `D/${id.slice(2)}/2026`, purpose: "SCIENTIFIC_RESEARCH", status, validUntil: "2099-01-01" },
});

let view: Rendered;
let created: Record<string, unknown> | undefined;
let refuse = false;

beforeEach(() => {
  created = undefined;
  refuse = false;
  window.history.replaceState(null, "", "/permits/p-1/amend");
  stubBackend({
    "/graphql": async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as { operationName?: string; variables?: Record<string, unknown> };
      switch (body.operationName) {
        case "PermitForAmendment":
          return jsonResponse({ data: { permit: PERMIT } });
        case "FormCatalogue":
          return jsonResponse({
            data: {
              dataControllers: [],
              processingEnvironments: [
                environment("env-1", "Kapseli", "REGISTERED"),
                environment("env-2", "Tutkimusklusteri", "REGISTERED"),
                environment("env-3", "Poistettu", "REMOVED"),
              ],
            },
          });
        case "HeldPermits":
          return jsonResponse({
            data: {
              myApplications: {
                __typename: "ApplicationConnection",
                nodes: [held("p-1", "Statiinit", "ACTIVE"), held("p-2", "Kuolinsyyt", "ACTIVE"), held("p-3", "Peruttu", "REVOKED")],
              },
            },
          });
        case "CreateApplication":
          if (refuse)
            return jsonResponse({
              errors: [
                {
                  message: "invalid",
                  extensions: { code: "VALIDATION", fields: [{ field: "amendment.newValidUntil", message: "on pakollinen" }] },
                },
              ],
            });
          created = body.variables;
          return jsonResponse({ data: { createApplication: { __typename: "Application", id: "app-9" } } });
        default:
          return jsonResponse({ data: { me: { id: "demo-applicant-researcher", name: "Aino", roles: ["APPLICANT"], authenticated: true } } });
      }
    },
  });
});

afterEach(() => view?.unmount());

function control<T extends HTMLElement>(label: string | RegExp): T {
  const found = [...view.container.querySelectorAll("label")].find((l) =>
    typeof label === "string" ? l.textContent?.trim() === label : label.test(l.textContent ?? ""),
  );
  if (!found) throw new Error(`no label ${label}`);
  return view.container.ownerDocument.getElementById(found.htmlFor) as T;
}

async function tick(label: string | RegExp) {
  await act(async () => control<HTMLInputElement>(label).click());
}

describe("AmendPermitPage", () => {
  it("sends the processors to remove, the new environment and the permits to combine", async () => {
    view = await render(
      <Route path="/permits/:id/amend">
        <AmendPermitPage />
      </Route>,
    );
    await vi.waitFor(() => expect(view.container.textContent).toContain("Lupa D/1/2026"));
    await tick("Käsittelijöiden poistaminen");
    await tick("Käyttöympäristön vaihto");
    await tick("Lupien yhdistäminen");
    await vi.waitFor(() => expect(view.container.textContent).toContain("D/2/2026"));
    // Only the other active permit is offered.
    expect(view.container.textContent).not.toContain("D/3/2026");
    expect([...view.container.querySelectorAll("label")].some((l) => l.textContent?.startsWith("D/1/2026"))).toBe(false);
    // Only usable environments are offered.
    const select = control<HTMLSelectElement>(/^Käyttöympäristö \(/);
    expect(select.tagName).toBe("SELECT");
    const offered = [...select.querySelectorAll("option")].map((o) => o.textContent);
    expect(offered).toContain("Tutkimusklusteri (Laskenta Oy)");
    expect(offered).not.toContain("Poistettu (Laskenta Oy)");

    await tick(/^Eero Salo/);
    await tick(/^D\/2\/2026/);
    await act(async () => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")!.set!;
      setValue.call(select, "env-2");
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await act(async () => {
      view.container.querySelector<HTMLButtonElement>("button[type=submit]")!.click();
    });
    await vi.waitFor(() => expect(created).toBeDefined());
    expect(created).toMatchObject({
      kind: "AMENDMENT",
      permit: "p-1",
      amendment: {
        changes: ["REMOVE_PROCESSORS", "CHANGE_ENVIRONMENT", "COMBINE_PERMITS"],
        newValidUntil: null,
        addProcessors: [],
        removeProcessors: [{ firstName: "Eero", lastName: "Salo", organisation: "Helsingin yliopisto", ndaSigned: true }],
        newEnvironmentId: "env-2",
        combinePermitIds: ["p-2"],
      },
    });
  });

  it("after a refusal the summary takes focus once, not again while the applicant corrects the form", async () => {
    refuse = true;
    view = await render(
      <Route path="/permits/:id/amend">
        <AmendPermitPage />
      </Route>,
    );
    await vi.waitFor(() => expect(view.container.textContent).toContain("Lupa D/1/2026"));
    await tick("Voimassaolon jatkaminen");
    await act(async () => {
      view.container.querySelector<HTMLButtonElement>("button[type=submit]")!.click();
    });
    await vi.waitFor(() => expect(document.activeElement).toBe(view.container.querySelector(".error-summary")));
    expect(view.container.querySelector(".error-summary")?.textContent).toContain("on pakollinen");
    // Ticking another change re-renders the page; focus stays where the applicant put it.
    const other = control<HTMLInputElement>("Käyttöympäristön vaihto");
    await act(async () => {
      other.focus();
      other.click();
    });
    expect(other.checked).toBe(true);
    expect(document.activeElement).toBe(other);
  });
});
