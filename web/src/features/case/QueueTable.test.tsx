// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { click, render, stubBackend, type Rendered } from "../../test/render.tsx";
import { QueueTable, type QueueItem, type QueueSort } from "./QueueTable.tsx";

let view: Rendered;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

function item(id: string, deadline: Partial<NonNullable<QueueItem["deadline"]>>): QueueItem {
  return {
    id,
    kind: "DATA_PERMIT",
    state: "IN_PREPARATION",
    diaryNumber: `TL/${id}/2026`,
    title: `Case ${id}`,
    applicantName: "Aino Applicant",
    organisationName: null,
    submittedAt: "2026-11-01T10:00:00Z",
    presenter: null,
    deadline: { dueOn: "2026-12-20", paused: false, overdue: false, dueSoon: false, daysLeft: 14, ...deadline },
    proposal: null,
  } as QueueItem;
}

const items = [
  item("1", { overdue: true, daysLeft: -2, dueOn: "2026-12-04" }),
  item("2", { dueSoon: true, daysLeft: 3, dueOn: "2026-12-09" }),
  item("3", { daysLeft: 60, dueOn: "2027-02-04" }),
];

const rows = () => [...view.container.querySelectorAll("tbody tr")];

describe("QueueTable", () => {
  it("marks overdue and near-due rows in words", async () => {
    stubBackend({});
    view = await render(<QueueTable items={items} caption="Queue" linkTo={(id) => `/cases/${id}`} />);
    const [overdue, soon, later] = rows();
    expect(overdue!.className).toBe("row--overdue");
    expect(overdue!.textContent).toContain("Myöhässä");
    expect(soon!.className).toBe("row--due-soon");
    expect(soon!.textContent).toContain("Erääntyy 3 päivän kuluttua");
    expect(later!.className).toBe("");
    expect(later!.textContent).not.toMatch(/Myöhässä|Erääntyy/);
  });

  it("has plain headers without a sort (the Director's list)", async () => {
    stubBackend({});
    view = await render(<QueueTable items={items} caption="Queue" linkTo={(id) => `/proposals/${id}`} />);
    expect(view.container.querySelectorAll("thead button")).toHaveLength(0);
    expect(view.container.querySelectorAll("th[aria-sort]")).toHaveLength(0);
  });

  it("sorts by state and due date through header buttons, with aria-sort on the sorted th", async () => {
    stubBackend({});
    const onSort = vi.fn();
    const sort: QueueSort = { order: { field: "DUE_DATE", direction: "DESC" }, onSort };
    view = await render(<QueueTable items={items} caption="Queue" linkTo={(id) => `/cases/${id}`} sort={sort} />);
    const buttons = [...view.container.querySelectorAll<HTMLButtonElement>("thead th button")];
    expect(buttons.map((b) => b.textContent)).toEqual(["Tila↕", "Määräpäivä▼"]);
    const sorted = [...view.container.querySelectorAll("th[aria-sort]")];
    expect(sorted.map((th) => [th.textContent, th.getAttribute("aria-sort")])).toEqual([["Määräpäivä▼", "descending"]]);
    await click(buttons[0]!);
    await click(buttons[1]!);
    expect(onSort.mock.calls).toEqual([["STATE"], ["DUE_DATE"]]);
  });
});
