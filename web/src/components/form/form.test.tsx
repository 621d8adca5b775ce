// @vitest-environment happy-dom
import { act, useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { byText, click, render, type Rendered } from "../../test/render.tsx";
import type { FieldProblem } from "../../lib/validation.ts";
import { CheckboxGroup, DateField, ErrorSummary, FileField, Select, TextArea, TextField } from "./index.ts";

let view: Rendered;
afterEach(() => view?.unmount());

const noop = () => {};

describe("form fields", () => {
  it("label every control and tie hint and errors to it", async () => {
    view = await render(
      <>
        <TextField name="title" label="Title" value="" onChange={noop} hint="Short" errors={["is required"]} required />
        <TextArea name="summary" label="Summary" value="" onChange={noop} />
        <Select name="kind" label="Kind" value="" onChange={noop} options={[{ value: "A", label: "a" }]} placeholder="—" />
        <DateField name="dataSources[1].periodTo" label="To" value="2026-11-23" onChange={noop} errors={["too early"]} />
        <FileField name="attachment" label="File" file={null} onChange={noop} />
      </>,
    );
    const c = view.container;
    for (const [id, label] of [
      ["field-title", "Title (pakollinen)"],
      ["field-summary", "Summary"],
      ["field-kind", "Kind"],
      ["field-dataSources-1-periodTo", "To"],
      ["field-attachment", "File"],
    ]) {
      const control = c.querySelector(`#${id}`);
      expect(control, id).not.toBeNull();
      expect(c.querySelector(`label[for="${id}"]`)?.textContent).toBe(label);
    }
    const title = c.querySelector("#field-title")!;
    expect(title.getAttribute("aria-describedby")).toBe("field-title-hint field-title-error");
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(c.querySelector("#field-title-error")?.textContent).toBe("is required");
    expect(c.querySelector("#field-summary")!.hasAttribute("aria-describedby")).toBe(false);
    expect(c.querySelector("#field-summary")!.hasAttribute("aria-invalid")).toBe(false);
    expect(c.querySelector("#field-dataSources-1-periodTo")!.getAttribute("aria-describedby")).toBe(
      "field-dataSources-1-periodTo-error",
    );
  });

  it("CheckboxGroup is a fieldset with a legend and reports the checked values", async () => {
    let last: string[] = [];
    function Harness() {
      const [value, setValue] = useState<string[]>(["A"]);
      return (
        <CheckboxGroup
          name="purposes"
          label="Purposes"
          value={value}
          onChange={(v) => {
            last = v;
            setValue(v);
          }}
          options={[
            { value: "A", label: "Research" },
            { value: "B", label: "Statistics" },
          ]}
          errors={["pick one"]}
        />
      );
    }
    view = await render(<Harness />);
    const c = view.container;
    expect(c.querySelector("fieldset legend")?.textContent).toBe("Purposes");
    expect(c.querySelector("fieldset")!.getAttribute("aria-describedby")).toBe("field-purposes-error");
    expect(c.querySelector("#field-purposes")).not.toBeNull();
    await click(c.querySelector<HTMLInputElement>('label[for="field-purposes-1"]')!);
    expect(last.sort()).toEqual(["A", "B"]);
    await click(c.querySelector<HTMLInputElement>("#field-purposes")!);
    expect(last).toEqual(["B"]);
  });
});

describe("ErrorSummary", () => {
  it("is focused when shown and links each problem to its field", async () => {
    const problems: FieldProblem[] = [
      { field: "title", message: "is required" },
      { field: "dataSources[1].periodTo", message: "too early" },
    ];
    view = await render(
      <>
        <ErrorSummary problems={problems} labelFor={(f) => (f === "title" ? "Title" : undefined)} />
        <TextField name="title" label="Title" value="" onChange={noop} />
        <DateField name="dataSources[1].periodTo" label="To" value="" onChange={noop} />
      </>,
    );
    const c = view.container;
    const summary = c.querySelector(".error-summary")!;
    expect(document.activeElement).toBe(summary);
    const links = [...summary.querySelectorAll("a")];
    expect(links.map((a) => [a.getAttribute("href"), a.textContent])).toEqual([
      ["#field-title", "Title: is required"],
      ["#field-dataSources-1-periodTo", "too early"],
    ]);
    await act(async () => byText<HTMLAnchorElement>(summary, "a", "too early").click());
    expect(document.activeElement).toBe(c.querySelector("#field-dataSources-1-periodTo"));
  });

  it("renders nothing without problems", async () => {
    view = await render(<ErrorSummary problems={[]} />);
    expect(view.container.querySelector(".error-summary")).toBeNull();
  });
});
