// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { byText, click, jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import OrganisationPage from "./OrganisationPage.tsx";

let view: Rendered;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

function contact(id: string, role: string, name: string, userSubject: string | null) {
  return { id, role, name, email: `${id}@example.fi`, phone: null, userSubject, __typename: "ContactPerson" };
}

function organisation(overrides: Record<string, unknown> = {}) {
  return {
    id: "org-1",
    name: "Helsingin yliopisto",
    businessId: "0313471-7",
    address: null,
    customerSince: "2019-09-02",
    relationshipEndedOn: null,
    contactDataPurgedOn: null,
    version: 3,
    contactPersons: [contact("c1", "MAIN_USER", "Aino Virtanen", "demo-main"), contact("c2", "TECHNICAL", "Teemu Tekninen", "demo-tech")],
    __typename: "Organisation",
    ...overrides,
  };
}

/** A backend for one caller and one organisation; `answer` overrides a mutation's reply. */
function backend(subject: string, roles: string[], shown: ReturnType<typeof organisation>, answer: Record<string, () => Response> = {}) {
  const calls: { operation: string; variables: Record<string, unknown> }[] = [];
  stubBackend({
    "/graphql": (_url, init) => {
      const body = JSON.parse(String(init?.body));
      calls.push({ operation: body.operationName, variables: body.variables });
      if (answer[body.operationName]) return answer[body.operationName]();
      switch (body.operationName) {
        case "Me":
          return jsonResponse({ data: { me: { id: subject, name: subject, roles: ["PUBLIC", ...roles], authenticated: true, __typename: "Me" } } });
        case "OrganisationDetail":
          return jsonResponse({ data: { organisation: shown } });
        default:
          return jsonResponse({ errors: [{ message: "unexpected", extensions: { code: "INTERNAL" } }] });
      }
    },
  });
  return calls;
}

const buttons = () => [...view.container.querySelectorAll("button")].map((b) => b.textContent);

async function type(input: HTMLInputElement, value: string) {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

async function submit(form: HTMLFormElement) {
  await act(async () => {
    form.requestSubmit();
  });
}

describe("OrganisationPage", () => {
  it("shows a contact person who is not the main user the contacts read-only", async () => {
    backend("demo-tech", ["APPLICANT"], organisation());
    view = await render(<OrganisationPage />);
    await vi.waitFor(() => expect(view.text()).toContain("Teemu Tekninen"));
    expect(view.text()).toContain("Yhteyshenkilöitä hallinnoi organisaation pääkäyttäjä.");
    // An applicant's own reads are not audited as staff reads are, so the page does not say so.
    expect(view.text()).not.toContain("kirjataan lokiin");
    expect(buttons()).toEqual([]);
  });

  it("lets the main user manage the contacts but not the organisation's details", async () => {
    backend("demo-main", ["APPLICANT"], organisation());
    view = await render(<OrganisationPage />);
    await vi.waitFor(() => expect(view.text()).toContain("Aino Virtanen"));
    expect(buttons()).toEqual([
      "Muokkaa: Aino Virtanen",
      "Poista: Aino Virtanen",
      "Muokkaa: Teemu Tekninen",
      "Poista: Teemu Tekninen",
      "Lisää yhteyshenkilö",
    ]);
    // Removing oneself is warned of.
    await click(byText(view.container, "button", "Poista: Aino Virtanen"));
    expect(view.text()).toContain("Tämä yhteyshenkilö olet sinä");
  });

  it("offers nothing to change once the contact data was purged", async () => {
    backend("demo-handler", ["HANDLER"], organisation({ relationshipEndedOn: "2014-12-31", contactDataPurgedOn: "2025-01-01", contactPersons: [] }));
    view = await render(<OrganisationPage />);
    await vi.waitFor(() => expect(view.text()).toContain("Asiakkuus päättyi 31.12.2014"));
    expect(view.text()).toContain("Yhteyshenkilöiden tiedot poistettiin 1.1.2025");
    expect(buttons()).toEqual([]);
  });

  it("says a stale edit was not saved and loads the organisation again", async () => {
    const calls = backend("demo-handler", ["HANDLER"], organisation(), {
      UpdateOrganisation: () => jsonResponse({ errors: [{ message: "stale", extensions: { code: "CONFLICT" } }] }),
    });
    view = await render(<OrganisationPage />);
    await vi.waitFor(() => expect(view.text()).toContain("Helsingin yliopisto"));
    await click(byText(view.container, "button", "Muokkaa perustietoja"));
    expect(document.activeElement?.id).toBe("field-name");
    await submit(view.container.querySelector("form")!);
    await vi.waitFor(() => expect(view.text()).toContain("Joku muu muutti organisaation tietoja sillä välin."));
    expect(calls.find((c) => c.operation === "UpdateOrganisation")?.variables).toMatchObject({ id: "org-1", version: 3 });

    const reads = calls.filter((c) => c.operation === "OrganisationDetail").length;
    await click(byText(view.container, "button", "Lataa uusimmat tiedot"));
    await vi.waitFor(() => expect(calls.filter((c) => c.operation === "OrganisationDetail").length).toBe(reads + 1));
    expect(view.container.querySelector("form")).toBeNull();
  });

  it("returns focus to the button that opened a form once it closes", async () => {
    backend("demo-handler", ["HANDLER"], organisation());
    view = await render(<OrganisationPage />);
    await vi.waitFor(() => expect(view.text()).toContain("Teemu Tekninen"));
    await click(byText(view.container, "button", "Muokkaa: Teemu Tekninen"));
    expect(document.activeElement?.id).toBe("field-contact-role");
    await click(byText(view.container, "button", "Peruuta"));
    expect(document.activeElement?.textContent).toBe("Muokkaa: Teemu Tekninen");
  });

  it("puts the server's problems with a contact person beside the contact form's fields", async () => {
    const calls = backend("demo-handler", ["HANDLER"], organisation(), {
      AddContactPerson: () =>
        jsonResponse({
          errors: [{ message: "invalid", extensions: { code: "VALIDATION", fields: [{ field: "input.email", message: "Ei sähköpostiosoite" }] } }],
        }),
    });
    view = await render(<OrganisationPage />);
    await vi.waitFor(() => expect(view.text()).toContain("Aino Virtanen"));
    await click(byText(view.container, "button", "Lisää yhteyshenkilö"));
    await type(view.container.querySelector<HTMLInputElement>("#field-contact-name")!, "Eeva");
    await type(view.container.querySelector<HTMLInputElement>("#field-contact-email")!, " eeva ");
    await submit(view.container.querySelector("form")!);
    await vi.waitFor(() => expect(view.container.querySelector("#field-contact-email-error")?.textContent).toBe("Ei sähköpostiosoite"));
    expect(view.container.querySelector("#field-contact-email")?.getAttribute("aria-invalid")).toBe("true");
    // The server names the field bare; the page keeps it under `contact.`, apart from the details form.
    expect(view.container.querySelector("#field-email-error")).toBeNull();
    expect(calls.find((c) => c.operation === "AddContactPerson")?.variables).toEqual({
      organisationId: "org-1",
      version: 3,
      input: { role: "TECHNICAL", name: "Eeva", email: "eeva", phone: null, userSubject: null },
    });
  });
});
