// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { csrfHeader, jsonResponse, stubBackend } from "../test/render.tsx";
import { apiInit } from "./auth.ts";
import { createApiClient } from "./client.ts";
import { setRequestLanguage } from "./language.ts";

// Plain strings, not tagged templates: codegen would take them for the app's operations.
const ME = "query TestMe { me { id authenticated } }";
const QUEUE = "query TestQueue { queue { id } }";
const unauthenticated = () =>
  jsonResponse({ errors: [{ message: "authentication required", extensions: { code: "UNAUTHENTICATED" } }] }, 401);

afterEach(() => vi.unstubAllGlobals());

describe("createApiClient", () => {
  it("sends the cookie and the CSRF header on every request", async () => {
    const fetchMock = stubBackend({ "/graphql": () => jsonResponse({ data: { me: { id: "x", authenticated: false } } }) });
    await createApiClient().query(ME, {}).toPromise();
    const init = fetchMock.mock.calls[0][1];
    expect(init?.credentials).toBe("same-origin");
    expect(csrfHeader(init)).toBe("1");
    expect(init?.method).toBe("POST");
  });

  it("asks for the server's messages in the UI's current language", async () => {
    const fetchMock = stubBackend({ "/graphql": () => jsonResponse({ data: { me: { id: "x", authenticated: false } } }) });
    const client = createApiClient();
    setRequestLanguage("sv");
    await client.query(ME, {}).toPromise();
    setRequestLanguage("fi");
    await client.query(ME, {}, { requestPolicy: "network-only" }).toPromise();
    const language = (call: number) => new Headers(fetchMock.mock.calls[call][1]?.headers).get("Accept-Language");
    expect(language(0)).toBe("sv");
    expect(language(1)).toBe("fi");
    expect(new Headers(apiInit().headers).get("Accept-Language")).toBe("fi");
  });

  it("reports a signed-in session the server no longer accepts, once", async () => {
    let ended = false;
    stubBackend({
      "/graphql": (_url, init) =>
        String(init?.body).includes("queue") || ended
          ? unauthenticated()
          : jsonResponse({ data: { me: { id: "h1", authenticated: true } } }),
    });
    const onSessionEnded = vi.fn(() => {
      ended = true;
    });
    const client = createApiClient({ onSessionEnded });
    await client.query(ME, {}).toPromise();
    await client.query(QUEUE, {}).toPromise();
    await client.query(QUEUE, {}, { requestPolicy: "network-only" }).toPromise();
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
  });

  it("does not call an anonymous caller's refusal a session ending", async () => {
    stubBackend({
      "/graphql": (_url, init) =>
        String(init?.body).includes("queue") ? unauthenticated() : jsonResponse({ data: { me: { id: "public", authenticated: false } } }),
    });
    const onSessionEnded = vi.fn();
    const client = createApiClient({ onSessionEnded });
    await client.query(ME, {}).toPromise();
    await client.query(QUEUE, {}).toPromise();
    expect(onSessionEnded).not.toHaveBeenCalled();
  });
});
