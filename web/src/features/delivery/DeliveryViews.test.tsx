// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeliveryOrderRowFragment, OutputFileDetailFragment } from "../../gql/graphql.ts";
import { render, stubBackend, type Rendered } from "../../test/render.tsx";
import { OrderTable } from "./OrderTable.tsx";
import { OutputFileReport } from "./OutputReport.tsx";

let view: Rendered;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

function order(id: string, facts: Partial<DeliveryOrderRowFragment>): DeliveryOrderRowFragment {
  return {
    id,
    version: 1,
    state: "ORDERED",
    applicationId: "a1",
    diaryNumber: `TL/${id}/2026`,
    kind: "DATA_PERMIT",
    permitId: "p1",
    dataControllerName: "THL",
    registerName: "Hoitoilmoitusrekisteri",
    extractionDate: "2026-12-01",
    dueDate: "2026-12-31",
    overdue: false,
    daysLeft: 25,
    ...facts,
  } as DeliveryOrderRowFragment;
}

describe("OrderTable", () => {
  it("links each order, says its state, and marks an overdue one in words", async () => {
    stubBackend({});
    view = await render(
      <OrderTable
        caption="Tilaukset"
        orders={[order("1", { overdue: true, daysLeft: -4, dueDate: "2026-12-02" }), order("2", { state: "DELIVERED", overdue: true, daysLeft: -4 })]}
      />,
    );
    const rows = [...view.container.querySelectorAll("tbody tr")];
    expect(rows[0].querySelector("a")?.getAttribute("href")).toBe("/deliveries/1");
    expect(rows[0].textContent).toContain("Hoitoilmoitusrekisteri (THL)");
    expect(rows[0].textContent).toContain("Tilattu");
    expect(rows[0].textContent).toContain("Myöhässä 4 päivää");
    expect(rows[0].className).toBe("row--overdue");
    // Delivered: late no more.
    expect(rows[1].textContent).toContain("Toimitettu");
    expect(rows[1].textContent).not.toContain("Myöhässä");
  });
});

const file: OutputFileDetailFragment = {
  id: "f1",
  name: "ikaryhmat.csv",
  kind: "FREQUENCY",
  sizeBytes: 2048,
  sha256: "ab".repeat(32),
  status: "FAIL",
  downloadUrl: "/api/output-requests/r1/files/f1",
  findings: [
    { row: 2, column: 1, rowLabel: "80+", columnLabel: "Lappi", rule: "MINIMUM_FREQUENCY", status: "FAIL", explanation: "3 < 10" },
  ],
};

describe("OutputFileReport", () => {
  it("names each flagged cell by its labels, the rule in words and the server's explanation", async () => {
    stubBackend({});
    view = await render(<OutputFileReport file={file} mayDownload={false} />);
    const cells = [...view.container.querySelectorAll("[data-testid=findings] tbody tr > *")].map((c) => c.textContent);
    expect(cells).toEqual(["80+ / Lappi", "Vähimmäisfrekvenssi", "Ei läpäissyt", "3 < 10"]);
    expect(view.text()).toContain("2 kB");
    expect(view.text()).toContain("ab".repeat(32));
    // Not released to this caller: no link, even though the file has one for staff.
    expect(view.container.querySelector("a")).toBeNull();
  });

  it("offers the download when the caller may have it", async () => {
    stubBackend({});
    view = await render(<OutputFileReport file={{ ...file, status: "PASS", findings: [] }} mayDownload />);
    const link = view.container.querySelector("a")!;
    expect(link.getAttribute("href")).toBe("/api/output-requests/r1/files/f1");
    expect(link.textContent).toBe("Lataa ikaryhmat.csv");
    expect(view.text()).toContain("Kaikki solut läpäisivät tarkastuksen.");
  });
});
