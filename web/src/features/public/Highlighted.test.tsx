// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { render, type Rendered } from "../../test/render.tsx";
import { Highlighted, hasHit } from "./Highlighted.tsx";

let view: Rendered;
afterEach(() => view?.unmount());

describe("Highlighted", () => {
  it("marks the hits and keeps the text as it is", async () => {
    view = await render(
      <p>
        <Highlighted
          text="Tutkimus: lääkkeet, Läkemedel (2024)"
          segments={[
            { text: "Tutkimus", hit: true },
            { text: ": lääkkeet, ", hit: false },
            { text: "Läkemedel", hit: true },
            { text: " (2024)", hit: false },
          ]}
        />
      </p>,
    );
    const marks = [...view.container.querySelectorAll("mark")].map((m) => m.textContent);
    expect(marks).toEqual(["Tutkimus", "Läkemedel"]);
    expect(view.text()).toBe("Tutkimus: lääkkeet, Läkemedel (2024)");
  });

  it("shows the plain text without a search, or when the segments do not add up to it", async () => {
    view = await render(
      <>
        <p id="none">
          <Highlighted text="Asthma in children" segments={null} />
        </p>
        <p id="stale">
          <Highlighted text="Asthma in children" segments={[{ text: "Asthma", hit: true }]} />
        </p>
      </>,
    );
    expect(view.container.querySelector("mark")).toBeNull();
    expect(view.container.querySelector("#none")!.textContent).toBe("Asthma in children");
    expect(view.container.querySelector("#stale")!.textContent).toBe("Asthma in children");
  });

  it("tells whether a text had a hit", () => {
    expect(hasHit(null)).toBe(false);
    expect(hasHit([{ text: "a", hit: false }])).toBe(false);
    expect(hasHit([{ text: "a", hit: false }, { text: "b", hit: true }])).toBe(true);
  });
});
