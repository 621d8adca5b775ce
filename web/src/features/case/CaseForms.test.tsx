// @vitest-environment happy-dom
import { act, useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import type { CaseDetail } from "./CaseViews.tsx";
import { proposalDraftFrom, type ProposalDraft } from "./proposal.ts";
import { ProposalFields } from "./ProposalFields.tsx";
import { RemarkForm } from "./RemarkForm.tsx";

let view: Rendered;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

async function setValue(element: HTMLTextAreaElement | HTMLSelectElement, value: string) {
  await act(async () => {
    const proto = element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLTextAreaElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(element, value);
    element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

describe("RemarkForm", () => {
  it("goes back to an internal remark after a remark to the applicant is sent", async () => {
    const sent: unknown[] = [];
    stubBackend({
      "/graphql": (_url, init) => {
        const body = JSON.parse(String(init?.body));
        sent.push(body.variables);
        return jsonResponse({ data: { addRemark: { id: "a1", __typename: "Application" } } });
      },
    });
    view = await render(<RemarkForm applicationId="a1" />);
    const c = view.container;
    const visibility = c.querySelector<HTMLSelectElement>("#field-visibility")!;
    expect(visibility.value).toBe("INTERNAL");
    await setValue(visibility, "TO_APPLICANT");
    await setValue(c.querySelector<HTMLTextAreaElement>("#field-body")!, "Liitteestä puuttuu sivu 2.");
    await act(async () => c.querySelector("form")!.requestSubmit());

    await vi.waitFor(() => expect(c.querySelector<HTMLTextAreaElement>("#field-body")!.value).toBe(""));
    expect(sent).toEqual([{ applicationId: "a1", visibility: "TO_APPLICANT", body: "Liitteestä puuttuu sivu 2." }]);
    expect(c.querySelector<HTMLSelectElement>("#field-visibility")!.value).toBe("INTERNAL");
  });
});

const application = {
  kind: "DATA_PERMIT",
  dataSources: [
    { dataSourceId: "s1", dataControllerName: "THL", dataSourceName: "Hoitoilmoitusrekisteri" },
    { dataSourceId: "s2", dataControllerName: "Kela", dataSourceName: "Lääkeostot" },
  ],
  suggestedFee: { category: "PERMIT", amountCents: 100_000 },
} as unknown as CaseDetail;

const proposal = proposalDraftFrom({
  outcome: "GRANTED",
  reasoning: "Täyttää vaatimukset.",
  conditions: null,
  grantedDataSourceIds: ["s1", "s2"],
  validUntil: "2030-12-31",
  fee: { category: "PERMIT" },
});

function DirectorFields() {
  const [draft, setDraft] = useState<ProposalDraft>(proposal);
  return <ProposalFields application={application} value={draft} onChange={setDraft} original={proposal} errorsFor={() => []} />;
}

describe("ProposalFields against the proposal", () => {
  it("marks only the changed fields, with the proposal's value, in the hint the control is described by", async () => {
    stubBackend({});
    view = await render(<DirectorFields />);
    const c = view.container;
    expect(c.querySelectorAll(".proposal-field--changed")).toHaveLength(0);
    expect(c.querySelector("#field-outcome")!.getAttribute("aria-describedby")).toBeNull();

    await setValue(c.querySelector<HTMLSelectElement>("#field-outcome")!, "PARTIALLY_GRANTED");
    await setValue(c.querySelector<HTMLTextAreaElement>("#field-conditions")!, "Vain koosteet.");

    expect(c.querySelectorAll(".proposal-field--changed")).toHaveLength(2);
    expect(c.querySelector("#field-outcome-hint")!.textContent).toBe("Muutettu esityksestä. Esityksessä: Myönnetty");
    expect(c.querySelector("#field-outcome")!.getAttribute("aria-describedby")).toBe("field-outcome-hint");
    expect(c.querySelector("#field-conditions-hint")!.textContent).toBe("Muutettu esityksestä. Esityksessä kohta oli tyhjä.");
    // The fee keeps its own hint and gains no mark while unchanged.
    expect(c.querySelector("#field-feeCategory-hint")!.textContent).not.toContain("Muutettu");

    // Back to the proposal's outcome: no longer marked.
    await setValue(c.querySelector<HTMLSelectElement>("#field-outcome")!, "GRANTED");
    expect(c.querySelector("#field-outcome-hint")).toBeNull();
    expect(c.querySelectorAll(".proposal-field--changed")).toHaveLength(1);
  });
});
