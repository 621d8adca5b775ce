// @vitest-environment happy-dom
// Submitting from the review step: the server's VALIDATION problems land next to their fields
// and in the error summary, which names each field by its label. Moving between steps: one
// numbered step list that marks the current step, a skip link to the first field, and the
// summary of the step left behind cleared.
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
let application: Record<string, unknown> = APPLICATION;

beforeEach(() => {
  sessionStorage.clear();
  operations.length = 0;
  application = APPLICATION;
  window.history.replaceState(null, "", "/applications/app-1/edit?step=review");
  stubBackend({
    "/graphql": async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as { operationName?: string; variables?: Record<string, unknown> };
      operations.push(body.operationName ?? "");
      switch (body.operationName) {
        case "Case":
          return jsonResponse({ data: { application } });
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

  it("saves the draft without submitting the form, and says so in a notice read out as a status", async () => {
    view = await render(
      <Route path="/applications/:id/edit">
        <ApplicationFormPage />
      </Route>,
    );
    const saveDraft = () =>
      [...view.container.querySelectorAll<HTMLButtonElement>(".actions button")].find((b) => b.textContent === "Tallenna luonnos");
    await vi.waitFor(() => expect(saveDraft()).toBeDefined());
    // Inside the form: only an explicit type="button" keeps it from submitting the application.
    expect(saveDraft()!.type).toBe("button");
    await act(async () => saveDraft()!.click());
    await vi.waitFor(() => expect(view.container.querySelector("[role=status] .fi-inline-alert")?.textContent).toBe("Luonnos tallennettu."));
    expect(operations).toContain("UpdateApplication");
    expect(operations).not.toContain("SubmitApplication");
  });

  it("numbers each step once, marks the current one and moves the mark, the summary and focus with the step", async () => {
    application = { ...APPLICATION, contactEmail: "aino@" };
    window.history.replaceState(null, "", "/applications/app-1/edit?step=applicant");
    view = await render(
      <Route path="/applications/:id/edit">
        <ApplicationFormPage />
      </Route>,
    );
    await vi.waitFor(() => expect(view.container.querySelector("#form-steps")).not.toBeNull());
    const items = () => [...view.container.querySelectorAll<HTMLLIElement>("#form-steps > li")];
    const current = () => view.container.querySelectorAll("[aria-current=step]");
    // A data request: six steps, each number once and only in the item's text.
    expect(items().map((li) => li.querySelector(".stepper__number")?.textContent)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(items().map((li) => li.querySelector(".stepper__label")?.textContent)).toEqual([
      "Hakija", "Käyttötarkoitus", "Aineistot", "Kohdejoukko ja minimointi", "Liitteet", "Tarkista ja lähetä",
    ]);
    expect(current()).toHaveLength(1);
    expect(current()[0]!.textContent).toContain("Hakija");
    // Each step's status in words: the applicant's fields are given, the purpose lacks a title.
    expect(items()[0]!.querySelector(".stepper__status")?.textContent).toBe("Täytetty");
    expect(items()[1]!.querySelector(".stepper__status")).toBeNull();
    expect(view.container.querySelector(".stepper__toggle")?.textContent).toBe("Vaihe 1/6: Hakija");

    // The skip link comes before the step list and leads to the step's first field.
    const skip = view.container.querySelector<HTMLAnchorElement>(".form-skip")!;
    expect(skip.textContent).toBe("Siirry lomakkeeseen");
    expect(skip.compareDocumentPosition(view.container.querySelector("nav.stepper")!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await act(async () => skip.click());
    expect(document.activeElement).toBe(view.container.querySelector("#field-applicantName"));

    // A wrong email: the summary, and the step marked as having errors.
    await act(async () => {
      view.container.querySelector<HTMLButtonElement>("button[type=submit]")!.click();
    });
    await vi.waitFor(() => expect(view.container.querySelector(".error-summary")).not.toBeNull());
    expect(operations).not.toContain("UpdateApplication");
    expect(items()[0]!.querySelector(".stepper__status")?.textContent).toBe("Virheitä");
    expect(items()[0]!.className).toContain("stepper__item--errors");

    // To the purpose step through the list: the summary goes, the mark and focus move.
    await act(async () => items()[1]!.querySelector("button")!.click());
    await vi.waitFor(() => expect(document.activeElement?.id).toBe("form-step-heading"));
    expect(document.activeElement?.textContent).toBe("Käyttötarkoitus");
    expect(view.container.querySelector(".error-summary")).toBeNull();
    expect(window.location.search).toBe("?step=purpose");
    expect(current()).toHaveLength(1);
    expect(current()[0]!.textContent).toContain("Käyttötarkoitus");
    // The applicant's problem is still open, so its step still says so.
    expect(items()[0]!.querySelector(".stepper__status")?.textContent).toBe("Virheitä");
    await act(async () => skip.click());
    expect(document.activeElement).toBe(view.container.querySelector("#field-title"));

    // Previous: back to the applicant, the problem shown at its field but no summary.
    await act(async () => {
      [...view.container.querySelectorAll<HTMLButtonElement>(".actions button")].find((b) => b.textContent === "Edellinen")!.click();
    });
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe("Hakija"));
    expect(view.container.querySelector(".error-summary")).toBeNull();
    expect(view.container.querySelector("#field-contactEmail")?.getAttribute("aria-invalid")).toBe("true");
  });
});
