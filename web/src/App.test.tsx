// @vitest-environment happy-dom
import { Suspense, act, lazy } from "react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { App, Guarded } from "./App.tsx";
import { Layout } from "./components/Layout.tsx";
import { authHeader, byText, csrfHeader, click, jsonResponse, render, stubBackend, type Rendered } from "./test/render.tsx";

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

// The sign-in page loads the Suomi.fi components; transforming them the first time takes
// vitest longer than a waitFor. Loaded once here, the test still waits for the real lazy route.
beforeAll(async () => {
  await import("./features/signin/SignInPage.tsx");
}, 60_000);

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

  it("signs in with a dev user through POST /dev/session, holds no token, and signs out", async () => {
    window.history.replaceState(null, "", "/sign-in");
    let signedIn = false;
    const fetchMock = stubBackend({
      "/auth/providers": () => jsonResponse([]),
      "/dev/users": () => jsonResponse([HANDLER]),
      "/dev/session": () => {
        signedIn = true;
        return new Response(null, { status: 204 });
      },
      "/auth/logout": () => {
        signedIn = false;
        return jsonResponse({ redirect: "/" });
      },
      "/graphql": () =>
        jsonResponse({
          data: {
            me: signedIn ? { id: "h1", name: HANDLER.name, roles: HANDLER.roles, authenticated: true } : ANONYMOUS,
          },
        }),
    });
    view = await render(<App />);
    await vi.waitFor(() => expect(view.container.querySelector("select")).not.toBeNull());
    expect(view.container.querySelector("option")?.textContent).toBe("Hanna Käsittelijä (Käsittelijä)");

    await act(async () => view.container.querySelector("form")!.requestSubmit());
    await vi.waitFor(() => expect(view.text()).toContain("Olet kirjautunut käyttäjänä Hanna Käsittelijä."));
    expect(window.location.pathname).toBe("/");
    expect(byText(view.container, "a", "Omat istunnot").getAttribute("href")).toBe("/sessions");

    const sessionCall = fetchMock.mock.calls.find(([url]) => url === "/dev/session");
    expect(JSON.parse(sessionCall?.[1]?.body as string)).toEqual({ subject: "h1" });
    expect(csrfHeader(sessionCall?.[1])).toBe("1");
    // Nothing about the session is kept in the browser's storage: the cookie is httpOnly.
    expect(sessionStorage.length + localStorage.length).toBe(0);

    await click(byText(view.container, "button", "Kirjaudu ulos"));
    await vi.waitFor(() => expect(view.text()).not.toContain("Hanna Käsittelijä"));
    const logoutCall = fetchMock.mock.calls.find(([url]) => url === "/auth/logout");
    expect(logoutCall?.[1]?.method).toBe("POST");
    expect(csrfHeader(logoutCall?.[1])).toBe("1");

    // Every API request went with the cookie and the CSRF header, never a bearer token.
    for (const [url, init] of fetchMock.mock.calls) {
      expect(init?.credentials, String(url)).toBe("same-origin");
      expect(csrfHeader(init), String(url)).toBe("1");
      expect(authHeader(init), String(url)).toBeNull();
    }
  });

  it("offers the configured providers as links to /auth/login, coming back to the page asked for", async () => {
    window.history.replaceState(null, "", "/sign-in?return=%2Fqueue%3Fpage%3D2");
    stubBackend({
      "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }),
      "/auth/providers": () =>
        jsonResponse([
          { id: "suomifi", name: { fi: "Suomi.fi-tunnistus", sv: "Suomi.fi-identifikation", en: "Suomi.fi identification" }, kind: "CITIZEN" },
          { id: "staff", name: { fi: "Virkailijat", sv: "Tjänstemän", en: "Staff" }, kind: "STAFF" },
        ]),
    });
    view = await render(<App />);
    await vi.waitFor(() => expect(view.container.querySelector("[data-testid=sign-in-providers]")).not.toBeNull());
    const links = [...view.container.querySelectorAll<HTMLAnchorElement>("[data-testid=sign-in-providers] a")];
    expect(links.map((a) => a.textContent)).toEqual(["Virkailijat", "Suomi.fi-tunnistus"]);
    expect(links[0].getAttribute("href")).toBe("/auth/login?provider=staff&return=%2Fqueue%3Fpage%3D2");
    // No dev picker outside dev mode (GET /dev/users is not routed).
    expect(view.container.querySelector("form.dev-sign-in")).toBeNull();

    await click(byText(view.container, "button", "English"));
    await vi.waitFor(() => expect(view.text()).toContain("Suomi.fi identification"));
  });

  it("never asks the server for an open redirect", async () => {
    window.history.replaceState(null, "", "/sign-in?return=%2F%2Fevil.example%2F");
    stubBackend({
      "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }),
      "/auth/providers": () => jsonResponse([{ id: "staff", name: { fi: "V", sv: "T", en: "S" }, kind: "STAFF" }]),
    });
    view = await render(<App />);
    await vi.waitFor(() => expect(view.container.querySelector("[data-testid=sign-in-providers] a")).not.toBeNull());
    expect(view.container.querySelector("[data-testid=sign-in-providers] a")!.getAttribute("href")).toBe(
      "/auth/login?provider=staff&return=%2F",
    );
  });

  it("says where to sign in when neither providers nor the dev picker are offered", async () => {
    window.history.replaceState(null, "", "/sign-in");
    stubBackend({ "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }) });
    view = await render(<App />);
    await vi.waitFor(() =>
      expect(view.text()).toContain("Kirjautuminen tapahtuu organisaatiosi tunnistuspalvelun kautta."),
    );
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

  it("asks anonymous users to sign in, coming back to the page afterwards", async () => {
    window.history.replaceState(null, "", "/queue");
    stubBackend({ "/graphql": me([], false) });
    view = await render(<Guarded route={route} />);
    await vi.waitFor(() => expect(view.text()).toContain("Kirjaudu sisään nähdäksesi tämän sivun."));
    expect(byText(view.container, "a", "Kirjaudu sisään").getAttribute("href")).toBe("/sign-in?return=%2Fqueue");
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
