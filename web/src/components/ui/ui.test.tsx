// @vitest-environment happy-dom
import { createRef } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { click, render, type Rendered } from "../../test/render.tsx";
import { Button, Notice } from "./index.ts";

let view: Rendered;
afterEach(() => view?.unmount());

const buttons = () => [...view.container.querySelectorAll("button")];

describe("Button", () => {
  it("is a Suomi.fi button that does not submit unless told to, in each variant", async () => {
    view = await render(
      <form>
        <Button>Tallenna</Button>
        <Button type="submit" variant="secondary">Lähetä</Button>
        <Button variant="danger">Poista</Button>
      </form>,
    );
    const [primary, secondary, danger] = buttons();
    expect(primary.textContent).toBe("Tallenna");
    expect(primary.type).toBe("button");
    expect(primary.className).toContain("fi-button");
    expect(primary.className).not.toContain("fi-button--secondary");
    expect(secondary.type).toBe("submit");
    expect(secondary.className).toContain("fi-button--secondary");
    expect(danger.type).toBe("button");
    expect(danger.className).toContain("fi-button");
    expect(danger.className).not.toContain("fi-button--secondary");
    // The danger button is the primary one recoloured by a theme, so its generated class differs.
    const generated = (b: HTMLElement) => b.className.split(" ").filter((c) => !c.startsWith("fi-"));
    expect(generated(danger)).not.toEqual(generated(primary));
  });

  it("belongs to the form it names, from outside it", async () => {
    view = await render(
      <>
        <form id="decide" />
        <Button type="submit" form="decide">Päätä</Button>
      </>,
    );
    const form = view.container.querySelector("form")!;
    const [submit] = buttons();
    expect(submit.getAttribute("form")).toBe("decide");
    expect(submit.form).toBe(form);
  });

  it("calls onClick, but not while disabled, and hands its ref to the <button>", async () => {
    const onClick = vi.fn();
    const ref = createRef<HTMLButtonElement>();
    view = await render(
      <>
        <Button onClick={onClick} ref={ref} id="go" aria-describedby="why">Jatka</Button>
        <Button onClick={onClick} disabled>Odota</Button>
      </>,
    );
    const [enabled, disabled] = buttons();
    expect(ref.current).toBe(enabled);
    expect(enabled.id).toBe("go");
    expect(enabled.getAttribute("aria-describedby")).toBe("why");
    await click(enabled);
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(disabled.disabled).toBe(true);
    await click(disabled);
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});

describe("Notice", () => {
  it("shows its text in a Suomi.fi inline alert that an id can describe a form by", async () => {
    view = await render(
      <Notice status="warning" id="warning" data-testid="notice">
        Tätä ei voi perua.
      </Notice>,
    );
    const notice = view.container.querySelector<HTMLElement>('[data-testid="notice"]')!;
    expect(notice.className).toContain("fi-inline-alert--warning");
    expect(notice.textContent).toBe("Tätä ei voi perua.");
    expect(view.container.querySelector("#warning")?.textContent).toBe("Tätä ei voi perua.");
  });
});
