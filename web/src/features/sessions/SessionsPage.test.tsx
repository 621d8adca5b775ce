// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { byText, click, csrfHeader, jsonResponse, render, stubBackend, type Rendered } from "../../test/render.tsx";
import SessionsPage, { browserName, endsAt } from "./SessionsPage.tsx";

let view: Rendered;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";

function session(id: string, current: boolean, userAgent: string | null) {
  return {
    id,
    provider: "staff",
    createdAt: "2026-12-06T08:00:00Z",
    lastSeenAt: "2026-12-06T08:30:00Z",
    idleExpiresAt: "2026-12-06T09:00:00Z",
    absoluteExpiresAt: "2026-12-06T20:00:00Z",
    current,
    userAgent,
    __typename: "SignInSession",
  };
}

/** A backend with three sessions of the user; ending them removes them from the list. */
function backend() {
  let sessions = [session("s1", true, CHROME), session("s2", false, FIREFOX), session("s3", false, null)];
  const calls: { operation: string; variables: unknown; csrf: string | null }[] = [];
  stubBackend({
    "/graphql": (_url, init) => {
      const body = JSON.parse(String(init?.body));
      calls.push({ operation: body.operationName, variables: body.variables, csrf: csrfHeader(init) });
      switch (body.operationName) {
        case "MySessions":
          return jsonResponse({ data: { mySessions: sessions } });
        case "EndSession":
          sessions = sessions.filter((s) => s.id !== body.variables.id);
          return jsonResponse({ data: { endSession: true } });
        case "EndOtherSessions": {
          const ended = sessions.filter((s) => !s.current).length;
          sessions = sessions.filter((s) => s.current);
          return jsonResponse({ data: { endOtherSessions: ended } });
        }
        default:
          return jsonResponse({ errors: [{ message: "unexpected", extensions: { code: "INTERNAL" } }] });
      }
    },
  });
  return calls;
}

const cards = () => [...view.container.querySelectorAll("[data-testid=my-sessions] > li")];

describe("SessionsPage", () => {
  it("lists the sessions, marks the current one, and ends another", async () => {
    const calls = backend();
    view = await render(<SessionsPage />);
    await vi.waitFor(() => expect(cards()).toHaveLength(3));
    expect(cards()[0].querySelector("h2")?.textContent).toBe("Chrome, Linux (Tämä istunto)");
    expect(cards()[1].querySelector("h2")?.textContent).toBe("Firefox, Windows");
    expect(cards()[2].querySelector("h2")?.textContent).toBe("Tuntematon selain");
    // The current session is ended by signing out, not here.
    expect(cards()[0].querySelector("button")).toBeNull();

    await click(cards()[1].querySelector("button")!);
    await vi.waitFor(() => expect(cards()).toHaveLength(2));
    expect(view.text()).toContain("Istunto lopetettu.");
    expect(calls.find((c) => c.operation === "EndSession")).toEqual({ operation: "EndSession", variables: { id: "s2" }, csrf: "1" });
  });

  it("ends all the other sessions and says how many", async () => {
    backend();
    view = await render(<SessionsPage />);
    await vi.waitFor(() => expect(cards()).toHaveLength(3));
    await click(byText(view.container, "button", "Lopeta kaikki muut istunnot"));
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    expect(view.text()).toContain("Muita istuntoja lopetettu: 2.");
    expect(view.container.querySelector("button")).toBeNull();
  });
});

describe("endsAt", () => {
  it("is the earlier of the idle and the absolute expiry", () => {
    expect(endsAt({ idleExpiresAt: "2026-12-06T09:00:00Z", absoluteExpiresAt: "2026-12-06T20:00:00Z" })).toBe("2026-12-06T09:00:00Z");
    expect(endsAt({ idleExpiresAt: "2026-12-06T21:00:00Z", absoluteExpiresAt: "2026-12-06T20:00:00Z" })).toBe("2026-12-06T20:00:00Z");
  });
});

describe("browserName", () => {
  it("names common browsers and systems, and shortens the unknown", () => {
    expect(browserName(CHROME)).toBe("Chrome, Linux");
    expect(browserName(FIREFOX)).toBe("Firefox, Windows");
    expect(browserName("curl/8.5.0")).toBe("curl/8.5.0");
    expect(browserName("x".repeat(60))).toBe(`${"x".repeat(40)}…`);
  });
});
