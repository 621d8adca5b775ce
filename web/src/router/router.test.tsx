// @vitest-environment happy-dom
import { act, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Route, Switch, matchRoute, useLocation, useParams, useSearchParams } from "wouter";
import { Link, RouterProvider, parseRoute, useNavigationId } from "./router.tsx";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The route's named parameters if `pattern` matches `pathname`, else null. */
function matchPath(pattern: string, pathname: string): Record<string, string | undefined> | null {
  const [matches, params] = matchRoute(parseRoute, pattern, pathname);
  if (!matches) return null;
  // wouter also lists each capture under its position; only the names matter here.
  return Object.fromEntries(Object.entries(params).filter(([key]) => !/^\d+$/.test(key)));
}

describe("matchPath", () => {
  it("matches static paths, ignoring a trailing slash", () => {
    expect(matchPath("/", "/")).toEqual({});
    expect(matchPath("/sign-in", "/sign-in/")).toEqual({});
    expect(matchPath("/sign-in", "/")).toBeNull();
  });

  it("decodes parameters", () => {
    expect(matchPath("/decisions/:diaryNumber", "/decisions/TL%2F12%2F2026")).toEqual({ diaryNumber: "TL/12/2026" });
    expect(matchPath("/applications/:id/history", "/applications/abc/history")).toEqual({ id: "abc" });
  });

  it("needs every segment to match", () => {
    expect(matchPath("/applications/:id", "/applications")).toBeNull();
    expect(matchPath("/applications/:id", "/applications/a/b")).toBeNull();
    expect(matchPath("/applications/:id", "/permits/a")).toBeNull();
    expect(matchPath("/x/:id", "/x/%E0%A4%A")).toBeNull();
  });

  it("is case-sensitive", () => {
    expect(matchPath("/sign-in", "/Sign-In")).toBeNull();
  });
});

let root: Root | null = null;
let container = document.createElement("div");

async function show(ui: ReactNode) {
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root!.render(<RouterProvider>{ui}</RouterProvider>));
}

async function clickWith(element: Element, init: MouseEventInit = {}) {
  await act(async () => {
    element.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0, ...init }));
  });
}

/** Clicks; true if the app did not handle the click (the browser would follow the link). */
async function leftToBrowser(element: Element, init: MouseEventInit = {}): Promise<boolean> {
  let left = false;
  // Runs after React's listener on the root; stops happy-dom from really opening the link.
  const record = (event: Event) => {
    left = !event.defaultPrevented;
    event.preventDefault();
  };
  document.body.addEventListener("click", record);
  try {
    await clickWith(element, init);
  } finally {
    document.body.removeEventListener("click", record);
  }
  return left;
}

function byTestId(id: string): HTMLElement {
  const found = container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no [data-testid="${id}"]`);
  return found;
}

function Probe() {
  const [pathname, navigate] = useLocation();
  const [search, setSearch] = useSearchParams();
  return (
    <>
      <p data-testid="where">{`${pathname}?${search.toString()} #${useNavigationId()}`}</p>
      <button type="button" data-testid="replace" onClick={() => navigate("/replaced", { replace: true })} />
      <button type="button" data-testid="search" onClick={() => setSearch(new URLSearchParams({ q: "a b" }))} />
    </>
  );
}

beforeEach(() => {
  window.history.replaceState(null, "", "/");
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container.remove();
});

describe("RouterProvider", () => {
  it("routes by the address bar, decoding parameters, with a not-found fallback", async () => {
    window.history.replaceState(null, "", "/register/TL%2F12%2F2026");
    function Diary() {
      return <p data-testid="diary">{useParams().diaryNumber}</p>;
    }
    const app = (
      <Switch>
        <Route path="/register/:diaryNumber">
          <Diary />
        </Route>
        <Route>
          <p data-testid="not-found" />
        </Route>
      </Switch>
    );
    await show(app);
    expect(byTestId("diary").textContent).toBe("TL/12/2026");
    act(() => root!.unmount());
    container.remove();

    window.history.replaceState(null, "", "/register/%E0%A4%A");
    await show(app);
    expect(container.querySelector('[data-testid="not-found"]')).not.toBeNull();
  });

  it("counts navigations, starting at 0, and scrolls to the top on each", async () => {
    const scrollTo = vi.fn();
    vi.stubGlobal("scrollTo", scrollTo);
    await show(
      <>
        <Probe />
        <Link to="/next">next</Link>
      </>,
    );
    expect(byTestId("where").textContent).toBe("/? #0");

    await clickWith(container.querySelector("a")!);
    expect(window.location.pathname).toBe("/next");
    expect(byTestId("where").textContent).toBe("/next? #1");
    expect(scrollTo).toHaveBeenLastCalledWith(0, 0);

    // The same address again still counts: the page moves focus to its heading.
    await clickWith(container.querySelector("a")!);
    expect(byTestId("where").textContent).toBe("/next? #2");
    expect(scrollTo).toHaveBeenCalledTimes(2);

    const length = window.history.length;
    await clickWith(byTestId("replace"));
    expect(window.location.pathname).toBe("/replaced");
    expect(window.history.length).toBe(length);
    expect(byTestId("where").textContent).toBe("/replaced? #3");

    await clickWith(byTestId("search"));
    expect(window.location.pathname + window.location.search).toBe("/replaced?q=a+b");
    expect(byTestId("where").textContent).toBe("/replaced?q=a+b #4");

    // Back and forward count too, but leave the scroll position to the browser.
    await act(async () => {
      window.history.replaceState(null, "", "/back");
      window.dispatchEvent(new PopStateEvent("popstate"));
    });
    expect(byTestId("where").textContent).toBe("/back? #5");
    expect(scrollTo).toHaveBeenCalledTimes(4);
  });
});

describe("Link", () => {
  it("is an ordinary link marked as the current page when it leads to the current path", async () => {
    window.history.replaceState(null, "", "/queue");
    await show(
      <>
        <Link to="/queue">queue</Link>
        <Link to="/audit" className="x">
          audit
        </Link>
      </>,
    );
    const [queue, audit] = container.querySelectorAll("a");
    expect(queue.getAttribute("href")).toBe("/queue");
    expect(queue.getAttribute("aria-current")).toBe("page");
    expect(audit.getAttribute("href")).toBe("/audit");
    expect(audit.hasAttribute("aria-current")).toBe(false);
    expect(audit.className).toBe("x");

    await clickWith(audit);
    expect(window.location.pathname).toBe("/audit");
    expect(queue.hasAttribute("aria-current")).toBe(false);
    expect(audit.getAttribute("aria-current")).toBe("page");
  });

  it("leaves modified clicks, other buttons and other windows to the browser", async () => {
    await show(
      <>
        <Probe />
        <Link to="/here">here</Link>
        <Link to="/there" target="_blank">
          there
        </Link>
      </>,
    );
    const [here, there] = container.querySelectorAll("a");
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) {
      expect(await leftToBrowser(here, init), JSON.stringify(init)).toBe(true);
    }
    expect(await leftToBrowser(there)).toBe(true);
    expect(await leftToBrowser(here)).toBe(false);
    expect(byTestId("where").textContent).toBe("/here? #1");
  });
});
