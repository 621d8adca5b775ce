// @vitest-environment happy-dom
// Submitting from the review step: the server's VALIDATION problems land next to their fields
// and in the error summary, which names each field by its label.
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Route } from "wouter";
import { jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import ApplicationFormPage from "./ApplicationFormPage.tsx";

const APPLICATION = {
  __typename: "Application",
  id: "app-1",
  kind: "DATA_REQUEST",
  state: "DRAFT",
  version: 1,
  diaryNumber: null,
  applicantName: "Aino Virtanen",
  contactEmail: "aino@example.fi",
  title: null,
  purpose: "STATISTICS",
  dataSources: [],
  processors: [],
  isThesis: false,
  applicantOutsideEea: false,
  attachments: [],
};

let view: Rendered;
const operations: string[] = [];

beforeEach(() => {
  sessionStorage.clear();
  operations.length = 0;
  window.history.replaceState(null, "", "/applications/app-1/edit?step=review");
  stubBackend({
    "/graphql": async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as { operationName?: string; variables?: Record<string, unknown> };
      operations.push(body.operationName ?? "");
      switch (body.operationName) {
        case "Case":
          return jsonResponse({ data: { application: APPLICATION } });
        case "FormCatalogue":
          return jsonResponse({ data: { dataControllers: [], processingEnvironments: [] } });
        case "UpdateApplication":
          return jsonResponse({ data: { updateApplication: { ...APPLICATION, version: 2 } } });
        case "SubmitApplication":
          expect(body.variables?.version).toBe(2);
          return jsonResponse({
            errors: [
              {
                message: "invalid",
                extensions: {
                  code: "VALIDATION",
                  fields: [
                    { field: "input.title", message: "is required" },
                    { field: "dataSources", message: "at least one data source is required" },
                  ],
                },
              },
            ],
          });
        default:
          return jsonResponse({ data: { me: { id: "public", name: null, roles: ["PUBLIC"], authenticated: false } } });
      }
    },
  });
});

afterEach(() => view?.unmount());

describe("ApplicationFormPage", () => {
  it("saves, submits with the new version, and shows every server problem at its field", async () => {
    view = await render(
      <Route path="/applications/:id/edit">
        <ApplicationFormPage />
      </Route>,
    );
    await vi.waitFor(() => expect(view.container.querySelector("button[type=submit]")?.textContent).toBe("Jätä hakemus"));
    await act(async () => {
      view.container.querySelector<HTMLButtonElement>("button[type=submit]")!.click();
    });
    await vi.waitFor(() => expect(view.container.querySelector(".error-summary")).not.toBeNull());

    expect(operations.filter((o) => o === "UpdateApplication" || o === "SubmitApplication")).toEqual([
      "UpdateApplication",
      "SubmitApplication",
    ]);
    const title = view.container.querySelector("#field-title")!;
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(view.container.querySelector("#field-title-error")?.textContent).toBe("is required");
    expect(view.container.querySelector("#field-dataSources")?.textContent).toBe("at least one data source is required");
    const summary = [...view.container.querySelectorAll(".error-summary a")].map((a) => a.textContent);
    expect(summary).toEqual(["Otsikko: is required", "Aineistot: at least one data source is required"]);
    expect(document.activeElement).toBe(view.container.querySelector(".error-summary"));
  });
});
