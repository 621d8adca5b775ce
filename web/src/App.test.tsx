// @vitest-environment happy-dom
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App.tsx";
import { I18nProvider } from "./i18n/context.tsx";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ANONYMOUS = { id: "anonymous", name: null, roles: ["PUBLIC"], authenticated: false };
const HANDLER = { sub: "h1", name: "Hanna Käsittelijä", roles: ["HANDLER"] };

type Handler = (url: string, init?: RequestInit) => Response | Promise<Response>;

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** Routes fetch calls by path; unknown paths 404. */
function stubBackend(routes: Record<string, Handler>) {
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const url = String(input);
    const handler = routes[url];
    return handler ? handler(url, init) : new Response("Not Found", { status: 404 });
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

function authHeader(init?: RequestInit): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.Authorization;
}

let container: HTMLElement;
let root: Root;

async function renderApp() {
  await act(async () => {
    root.render(
      <I18nProvider>
        <App />
      </I18nProvider>,
    );
  });
}

const text = () => container.textContent ?? "";

function button(name: string): HTMLButtonElement {
  const found = [...container.querySelectorAll("button")].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

async function click(name: string) {
  await act(async () => {
    button(name).click();
  });
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe("App", () => {
  it("shows the anonymous user with landmarks, in Finnish, without a dev picker on 404", async () => {
    stubBackend({ "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }) });
    await renderApp();

    await vi.waitFor(() => expect(text()).toContain("Et ole kirjautunut sisään."));
    expect(document.documentElement.lang).toBe("fi");
    expect(document.title).toBe("Tietolupa");
    for (const selector of ["header", "nav", "main#main", "footer", 'a.skip-link[href="#main"]']) {
      expect(container.querySelector(selector), selector).not.toBeNull();
    }
    expect(text()).toContain("PUBLIC");
    expect(container.querySelector("select")).toBeNull();
    expect(text()).not.toContain("Kirjaudu ulos");
  });

  it("renders a loading status, then an alert with the error code", async () => {
    let respond!: (response: Response) => void;
    stubBackend({ "/graphql": () => new Promise<Response>((resolve) => (respond = resolve)) });
    await renderApp();
    expect(container.querySelector('[role="status"]')?.textContent).toBe("Ladataan käyttäjätietoja…");

    await act(async () =>
      respond(jsonResponse({ errors: [{ message: "boom", extensions: { code: "INTERNAL" } }] })),
    );
    await vi.waitFor(() => expect(container.querySelector('[role="alert"]')).not.toBeNull());
    expect(container.querySelector('[role="alert"]')?.textContent).toContain("Virhekoodi: INTERNAL");
  });

  it("switches language, sets html lang and remembers the choice", async () => {
    stubBackend({ "/graphql": () => jsonResponse({ data: { me: ANONYMOUS } }) });
    await renderApp();
    await click("Svenska");

    expect(document.documentElement.lang).toBe("sv");
    expect(localStorage.getItem("tietolupa.language")).toBe("sv");
    expect(button("Svenska").getAttribute("aria-pressed")).toBe("true");
    await vi.waitFor(() => expect(text()).toContain("Du är inte inloggad."));
  });

  it("signs in with a dev user, sends the bearer token, and signs out", async () => {
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
    await renderApp();
    await vi.waitFor(() => expect(container.querySelector("select")).not.toBeNull());
    expect(container.querySelector("option")?.textContent).toBe("Hanna Käsittelijä (HANDLER)");

    await click("Kirjaudu sisään");
    await vi.waitFor(() => expect(text()).toContain("Olet kirjautunut käyttäjänä Hanna Käsittelijä."));

    const tokenCall = fetchMock.mock.calls.find(([url]) => url === "/dev/token");
    expect(JSON.parse(tokenCall?.[1]?.body as string)).toEqual(HANDLER);
    expect(JSON.parse(sessionStorage.getItem("tietolupa.session") ?? "null")).toMatchObject({ token: "tok-1" });

    await click("Kirjaudu ulos");
    expect(sessionStorage.getItem("tietolupa.session")).toBeNull();
    await vi.waitFor(() => expect(text()).toContain("Et ole kirjautunut sisään."));
    const lastGraphql = fetchMock.mock.calls.filter(([url]) => url === "/graphql").at(-1);
    expect(authHeader(lastGraphql?.[1])).toBeUndefined();
  });
});
