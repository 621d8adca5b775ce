// @vitest-environment happy-dom
import { Suspense, act, lazy } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App, Guarded } from "./App.tsx";
import { Layout } from "./components/Layout.tsx";
import { authHeader, byText, click, jsonResponse, render, stubBackend, type Rendered } from "./test/render.tsx";

const ANONYMOUS = { id: "public", name: null, roles: ["PUBLIC"], authenticated: false };
const HANDLER = { sub: "h1", name: "Hanna Käsittelijä", organisation: null, roles: ["HANDLER"] };

let view: Rendered;

beforeEach(() => {
  document.title = "";
  localStorage.clear();
  sessionStorage.clear();
  window.history.replaceState(null, "", "/");
});

afterEach(() => view?.unmount());

describe("App", () => {
  it("renders the home page anonymously with landmarks, in Finnish", async () => {
    stubBackend({ "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }) });
    view = await render(<App />);

    await vi.waitFor(() => expect(view.text()).toContain("Tervetuloa Tietolupa-asianhallintaan."));
    expect(document.documentElement.lang).toBe("fi");
    await vi.waitFor(() => expect(document.title).toBe("Tietolupa"));
    for (const selector of ["header", "nav", "main#main", "footer", 'a.skip-link[href="#main"]', "h1"]) {
      expect(view.container.querySelector(selector), selector).not.toBeNull();
    }
    expect(byText(view.container, "a", "Kirjaudu sisään").getAttribute("href")).toBe("/sign-in");
    expect(view.text()).not.toContain("Kirjaudu ulos");
  });

  it("shows the error code in words when `me` fails", async () => {
    stubBackend({
      "/graphql": () => jsonResponse({ errors: [{ message: "boom", extensions: { code: "INTERNAL" } }] }),
    });
    view = await render(<App />);
    await vi.waitFor(() => expect(view.container.querySelector('[role="alert"]')).not.toBeNull());
    const alert = view.container.querySelector('[role="alert"]')!.textContent;
    expect(alert).toContain("Palvelussa tapahtui virhe.");
    expect(alert).toContain("Virhekoodi: INTERNAL");
  });

  it("switches language, sets html lang and remembers the choice", async () => {
    stubBackend({ "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }) });
    view = await render(<App />);
    await click(byText(view.container, "button", "Svenska"));

    expect(document.documentElement.lang).toBe("sv");
    expect(localStorage.getItem("tietolupa.language")).toBe("sv");
    expect(byText(view.container, "button", "Svenska").getAttribute("aria-pressed")).toBe("true");
    await vi.waitFor(() => expect(view.text()).toContain("Välkommen till ärendehanteringen Tietolupa."));
  });

  it("moves focus to the new page's h1 and sets the title on navigation", async () => {
    stubBackend({
      "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }),
      "/dev/users": () => jsonResponse([HANDLER]),
    });
    view = await render(<App />);
    await vi.waitFor(() => expect(view.container.querySelector("h1")).not.toBeNull());
    // The first page load leaves focus alone.
    expect(document.activeElement).not.toBe(view.container.querySelector("h1"));

    await click(byText(view.container, "a", "Kirjaudu sisään"));
    await vi.waitFor(() => expect(view.container.querySelector("h1")?.textContent).toBe("Kirjaudu sisään"));
    expect(window.location.pathname).toBe("/sign-in");
    await vi.waitFor(() => expect(document.activeElement).toBe(view.container.querySelector("h1")));
    await vi.waitFor(() => expect(document.title).toBe("Kirjaudu sisään – Tietolupa"));
  });

  it("shows a not-found page for unknown paths", async () => {
    window.history.replaceState(null, "", "/no/such/page");
    stubBackend({ "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }) });
    view = await render(<App />);
    await vi.waitFor(() => expect(view.container.querySelector("h1")?.textContent).toBe("Sivua ei löytynyt"));
  });

  it("signs in with a dev user, sends the bearer token, and signs out", async () => {
    window.history.replaceState(null, "", "/sign-in");
    const fetchMock = stubBackend({
      "/dev/users": () => jsonResponse([HANDLER]),
      "/dev/token": () => jsonResponse({ token: "tok-1", expiresAt: "2999-01-01T00:00:00Z" }),
      "/graphql": (_url, init) =>
        jsonResponse({
          data: {
            me:
              authHeader(init) === "Bearer tok-1"
                ? { id: "h1", name: HANDLER.name, roles: HANDLER.roles, authenticated: true }
                : ANONYMOUS,
          },
        }),
    });
    view = await render(<App />);
    await vi.waitFor(() => expect(view.container.querySelector("select")).not.toBeNull());
    expect(view.container.querySelector("option")?.textContent).toBe("Hanna Käsittelijä (Käsittelijä)");

    await act(async () => view.container.querySelector("form")!.requestSubmit());
    await vi.waitFor(() => expect(view.text()).toContain("Olet kirjautunut käyttäjänä Hanna Käsittelijä."));
    expect(window.location.pathname).toBe("/");

    const tokenCall = fetchMock.mock.calls.find(([url]) => url === "/dev/token");
    expect(JSON.parse(tokenCall?.[1]?.body as string)).toEqual({ sub: "h1" });
    expect(JSON.parse(sessionStorage.getItem("tietolupa.session") ?? "null")).toMatchObject({ token: "tok-1" });

    await click(byText(view.container, "button", "Kirjaudu ulos"));
    expect(sessionStorage.getItem("tietolupa.session")).toBeNull();
    await vi.waitFor(() => expect(view.text()).not.toContain("Hanna Käsittelijä"));
    const lastGraphql = fetchMock.mock.calls.filter(([url]) => url === "/graphql").at(-1);
    expect(authHeader(lastGraphql?.[1])).toBeNull();
  });

  it("ends the session when the server rejects the token", async () => {
    sessionStorage.setItem("tietolupa.session", JSON.stringify({ token: "old", expiresAt: "2999-01-01T00:00:00Z" }));
    stubBackend({
      "/graphql": (_url, init) =>
        authHeader(init)
          ? jsonResponse({ errors: [{ message: "authentication required", extensions: { code: "UNAUTHENTICATED" } }] }, 401)
          : jsonResponse({ data: { me: ANONYMOUS } }),
    });
    view = await render(<App />);
    await vi.waitFor(() => expect(sessionStorage.getItem("tietolupa.session")).toBeNull());
    await vi.waitFor(() => expect(byText(view.container, "a", "Kirjaudu sisään")).toBeTruthy());
  });
});

describe("Layout", () => {
  const lazyNothing = lazy(async () => ({ default: () => null }));
  const routes = [
    { path: "/", page: lazyNothing, nav: "nav.home" as const },
    { path: "/queue", page: lazyNothing, roles: ["HANDLER"] as const, nav: "handler.nav" as const },
    { path: "/audit", page: lazyNothing, roles: ["AUDITOR"] as const, nav: "auditor.nav" as const },
    { path: "/hidden", page: lazyNothing },
  ];

  it("shows only the menu entries the user's roles allow", async () => {
    sessionStorage.setItem("tietolupa.session", JSON.stringify({ token: "t", expiresAt: "2999-01-01T00:00:00Z" }));
    stubBackend({
      "/graphql": () =>
        jsonResponse({ data: { me: { id: "h1", name: "H", roles: ["PUBLIC", "HANDLER"], authenticated: true } } }),
    });
    view = await render(<Layout routes={routes}>{null}</Layout>);
    await vi.waitFor(() => expect(view.text()).toContain("Käsittelyjono"));
    const links = [...view.container.querySelectorAll("nav a")].map((a) => a.textContent);
    expect(links).toEqual(["Etusivu", "Käsittelyjono"]);
  });
});

describe("Guarded", () => {
  const route = {
    path: "/queue",
    page: lazy(async () => ({ default: () => <h1>Queue page</h1> })),
    roles: ["HANDLER"] as const,
  };
  const me = (roles: string[], authenticated: boolean) => () =>
    jsonResponse({ data: { me: { id: "x", name: "X", roles: ["PUBLIC", ...roles], authenticated } } });

  it("asks anonymous users to sign in", async () => {
    stubBackend({ "/graphql": me([], false) });
    view = await render(<Guarded route={route} />);
    await vi.waitFor(() => expect(view.text()).toContain("Kirjaudu sisään nähdäksesi tämän sivun."));
    expect(byText(view.container, "a", "Kirjaudu sisään").getAttribute("href")).toBe("/sign-in");
    expect(view.text()).not.toContain("Queue page");
  });

  it("refuses signed-in users without the role", async () => {
    stubBackend({ "/graphql": me(["CITIZEN"], true) });
    view = await render(<Guarded route={route} />);
    await vi.waitFor(() => expect(view.text()).toContain("Virhekoodi: FORBIDDEN"));
    expect(view.text()).not.toContain("Queue page");
  });

  it("renders the page for the role", async () => {
    stubBackend({ "/graphql": me(["HANDLER"], true) });
    view = await render(
      <Suspense fallback={null}>
        <Guarded route={route} />
      </Suspense>,
    );
    await vi.waitFor(() => expect(view.text()).toContain("Queue page"));
  });
});
