import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, BAD_RESPONSE, GRAPHQL_ERROR, HTTP_ERROR, NETWORK_ERROR, graphql } from "./graphql.ts";

function stubFetch(impl: () => Promise<Response>) {
  const fetchMock = vi.fn<typeof fetch>(impl);
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

const json = (body: unknown, status = 200) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("graphql", () => {
  it("posts the query and returns data", async () => {
    const fetchMock = stubFetch(() => json({ data: { me: { id: "x" } } }));
    await expect(graphql("{ me { id } }", { a: 1 }, { token: "tok" })).resolves.toEqual({ me: { id: "x" } });

    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/graphql");
    expect(init?.method).toBe("POST");
    expect(JSON.parse(init?.body as string)).toEqual({ query: "{ me { id } }", variables: { a: 1 } });
    expect((init?.headers as Record<string, string>).Authorization).toBe("Bearer tok");
  });

  it("sends no Authorization header when anonymous", async () => {
    const fetchMock = stubFetch(() => json({ data: {} }));
    await graphql("{ x }");
    expect(fetchMock.mock.calls[0][1]?.headers).not.toHaveProperty("Authorization");
  });

  it("maps GraphQL errors to the first error's extensions.code", async () => {
    stubFetch(() =>
      json({
        data: null,
        errors: [
          { message: "Not allowed", path: ["case"], extensions: { code: "FORBIDDEN" } },
          { message: "Other", extensions: { code: "NOT_FOUND" } },
        ],
      }),
    );
    const error = await failure(graphql("{ case { id } }"));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("Not allowed");
    expect(error.status).toBe(200);
    expect(error.errors.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN", "NOT_FOUND"]);
  });

  it("uses the GraphQL error even on a non-2xx status", async () => {
    stubFetch(() => json({ errors: [{ message: "Token expired", extensions: { code: "UNAUTHENTICATED" } }] }, 401));
    const error = await failure(graphql("{ me { id } }"));
    expect(error.code).toBe("UNAUTHENTICATED");
    expect(error.status).toBe(401);
  });

  it("falls back to GRAPHQL_ERROR when the error has no code", async () => {
    stubFetch(() => json({ errors: [{ message: "Cannot query field" }] }, 400));
    expect((await failure(graphql("{ nope }"))).code).toBe(GRAPHQL_ERROR);
  });

  it("reports HTTP errors without a GraphQL body", async () => {
    stubFetch(() => Promise.resolve(new Response("Bad Gateway", { status: 502 })));
    const error = await failure(graphql("{ me { id } }"));
    expect(error.code).toBe(HTTP_ERROR);
    expect(error.status).toBe(502);
  });

  it("reports network failures", async () => {
    stubFetch(() => Promise.reject(new TypeError("fetch failed")));
    const error = await failure(graphql("{ me { id } }"));
    expect(error.code).toBe(NETWORK_ERROR);
    expect(error.status).toBeUndefined();
  });

  it("reports malformed responses", async () => {
    stubFetch(() => Promise.resolve(new Response("<html>", { status: 200 })));
    expect((await failure(graphql("{ me { id } }"))).code).toBe(BAD_RESPONSE);

    stubFetch(() => json({ data: null }));
    expect((await failure(graphql("{ me { id } }"))).code).toBe(BAD_RESPONSE);
  });

  it("lets aborts through unchanged", async () => {
    stubFetch(() => Promise.reject(new DOMException("aborted", "AbortError")));
    await expect(graphql("{ me { id } }")).rejects.toMatchObject({ name: "AbortError" });
  });
});
