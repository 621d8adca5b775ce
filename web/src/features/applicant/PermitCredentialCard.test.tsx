// @vitest-environment happy-dom
// The signed permit on the permit page: its holder gets the download link; staff get the history
// of every credential issued, and only staff ask the server for it.
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import { PermitCredentialCard } from "./PermitCredentialCard.tsx";

const CURRENT = { __typename: "PermitCredential", id: "c-2", kid: "permit-1", issuedAt: "2026-12-07T08:00:00Z" };
const issued = (id: string, event: string, amendmentVersion: number) => ({
  __typename: "PermitCredential",
  id,
  event,
  issuedAt: "2026-12-07T08:00:00Z",
  kid: "permit-1",
  amendmentVersion,
});

let view: Rendered;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

function backend(asked: string[]) {
  return stubBackend({
    "/graphql": async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as { operationName?: string };
      asked.push(body.operationName ?? "");
      switch (body.operationName) {
        case "PermitCredential":
          return jsonResponse({ data: { permit: { __typename: "Permit", id: "p-1", credential: CURRENT } } });
        case "PermitCredentialHistory":
          return jsonResponse({
            data: { permit: { __typename: "Permit", id: "p-1", credentialHistory: [issued("c-1", "GRANT", 0), issued("c-2", "AMENDMENT", 1)] } },
          });
        default:
          return jsonResponse({ data: { me: null } });
      }
    },
  });
}

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe("PermitCredentialCard", () => {
  it("offers the holder the download, and never asks for the history", async () => {
    const asked: string[] = [];
    backend(asked);
    view = await render(<PermitCredentialCard permitId="p-1" isHolder isStaff={false} />);
    await settle();
    const link = [...view.container.querySelectorAll("a")].find((a) => a.textContent === "Lataa allekirjoitettu lupa");
    expect(link?.getAttribute("href")).toBe("/api/permits/p-1/credential");
    expect(view.text()).toContain("permit-1");
    expect(view.container.querySelector("[data-testid=credential-history]")).toBeNull();
    expect(asked).not.toContain("PermitCredentialHistory");
  });

  it("shows staff every credential issued, with its reason and key, and no download", async () => {
    const asked: string[] = [];
    backend(asked);
    view = await render(<PermitCredentialCard permitId="p-1" isHolder={false} isStaff />);
    await settle();
    const rows = [...view.container.querySelectorAll("[data-testid=credential-history] tbody tr")];
    expect(rows.map((r) => r.querySelector("td")?.textContent)).toEqual(["Lupa myönnetty", "Lupaa muutettu"]);
    expect(rows[1].textContent).toContain("permit-1");
    expect([...view.container.querySelectorAll("a")].some((a) => a.textContent === "Lataa allekirjoitettu lupa")).toBe(false);
  });
});
