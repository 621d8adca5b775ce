// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import ObjectionsPage from "./ObjectionsPage.tsx";

let view: Rendered;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

async function setValue(element: HTMLInputElement | HTMLSelectElement, value: string) {
  await act(async () => {
    const proto = element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(element, value);
    element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

const EMPTY_LIST = { data: { myObjections: { nodes: [], pageInfo: { hasNextPage: false } } } };
const EMPTY_ACCESS_LOG = { data: { myAccessLog: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } };

/** A backend whose fileObjection first rejects the code, then accepts it. */
function backend() {
  const filed: unknown[] = [];
  stubBackend({
    "/graphql": (_url, init) => {
      const body = JSON.parse(String(init?.body));
      if (body.operationName === "MyObjections") return jsonResponse(EMPTY_LIST);
      // The page's access-log section asks too; nobody has read anything yet.
      if (body.operationName === "MyAccessLog") return jsonResponse(EMPTY_ACCESS_LOG);
      filed.push(body.variables.input);
      if (filed.length === 1) {
        return jsonResponse({
          data: null,
          errors: [
            {
              message: "invalid input",
              extensions: {
                code: "VALIDATION",
                fields: [{ field: "identityCode", message: "check character does not match", key: "HetuCheckCharacter" }],
              },
            },
          ],
        });
      }
      return jsonResponse({
        data: {
          fileObjection: {
            created: true,
            objection: {
              id: "o1",
              maskedIdentityCode: "010615A****",
              status: "IN_FORCE",
              processedOn: "2026-11-23",
              filedForRepresentedPerson: true,
              __typename: "Objection",
            },
            __typename: "ObjectionPayload",
          },
        },
      });
    },
  });
  return filed;
}

describe("ObjectionsPage", () => {
  it("shows the server's code error on the represented person's field, then clears the form once filed", async () => {
    const filed = backend();
    view = await render(<ObjectionsPage />);
    const c = view.container;
    await vi.waitFor(() => expect(view.text()).toContain("Sinulla ei ole kieltoja."));

    await setValue(c.querySelector<HTMLSelectElement>("#field-filingFor")!, "REPRESENTED");
    await setValue(c.querySelector<HTMLInputElement>("#field-representedIdentityCode")!, "010615A9501");
    // The client-side hint already doubts the check character.
    expect(c.querySelector("#field-representedIdentityCode-hint")?.textContent).toContain("Tarkistusmerkki ei täsmää.");
    await setValue(c.querySelector<HTMLSelectElement>("#field-representationBasis")!, "GUARDIAN_OF_MINOR");
    await act(async () => c.querySelector("form")!.requestSubmit());

    await vi.waitFor(() =>
      expect(c.querySelector("#field-representedIdentityCode-error")?.textContent).toBe(
        "Tarkistusmerkki ei täsmää. Tarkista tunnus.",
      ),
    );
    expect(document.activeElement).toBe(c.querySelector(".error-summary"));
    expect(filed[0]).toEqual({ representedIdentityCode: "010615A9501", representationBasis: "GUARDIAN_OF_MINOR" });

    await setValue(c.querySelector<HTMLInputElement>("#field-representedIdentityCode")!, "010615A9500");
    await act(async () => c.querySelector("form")!.requestSubmit());
    await vi.waitFor(() =>
      expect(c.querySelector('[data-testid="file-result"]')?.textContent).toBe(
        "Kielto on kirjattu (010615A****). Se on voimassa tästä päivästä alkaen.",
      ),
    );
    expect(document.activeElement).toBe(c.querySelector('[data-testid="file-result"]'));
    expect(c.querySelector(".error-summary")).toBeNull();
    expect(c.querySelector<HTMLSelectElement>("#field-filingFor")!.value).toBe("SELF");
    expect(c.querySelector("#field-representedIdentityCode")).toBeNull();
    // Nothing was kept where it could leak.
    expect(window.location.href).not.toContain("010615");
    expect(JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })).not.toContain("010615");
  });
});
