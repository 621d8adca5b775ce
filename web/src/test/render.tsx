// Helpers for component tests in happy-dom: render the app's providers, stub the backend.
import { act, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { vi } from "vitest";
import { SessionProvider } from "../api/session.tsx";
import { I18nProvider } from "../i18n/context.tsx";
import { RouterProvider } from "../router/router.tsx";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export type BackendHandler = (url: string, init?: RequestInit) => Response | Promise<Response>;

export function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** Routes fetch calls by path; unknown paths 404. */
export function stubBackend(routes: Record<string, BackendHandler>) {
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const url = String(input);
    const handler = routes[url];
    return handler ? handler(url, init) : new Response("Not Found", { status: 404 });
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

export function authHeader(init?: RequestInit): string | null {
  return new Headers(init?.headers).get("Authorization");
}

/** The CSRF header the server wants on every cookie-authenticated request. */
export function csrfHeader(init?: RequestInit): string | null {
  return new Headers(init?.headers).get("X-Tietolupa-Csrf");
}

export interface Rendered {
  container: HTMLElement;
  text: () => string;
  unmount: () => void;
}

/** Renders inside I18n, router and session providers, as main.tsx does. */
export async function render(ui: ReactNode): Promise<Rendered> {
  const container = document.createElement("div");
  document.body.append(container);
  const root: Root = createRoot(container);
  await act(async () => {
    root.render(
      <I18nProvider>
        <RouterProvider>
          <SessionProvider>{ui}</SessionProvider>
        </RouterProvider>
      </I18nProvider>,
    );
  });
  return {
    container,
    text: () => container.textContent ?? "",
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

export function byText<T extends Element>(root: ParentNode, selector: string, text: string): T {
  const found = [...root.querySelectorAll<T>(selector)].find((e) => e.textContent === text);
  if (!found) throw new Error(`no ${selector} with text "${text}"`);
  return found;
}

export async function click(element: HTMLElement) {
  await act(async () => {
    element.click();
  });
}
