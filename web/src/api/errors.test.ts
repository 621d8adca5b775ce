import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { ApiError, GRAPHQL_ERROR, HTTP_ERROR, NETWORK_ERROR, asApiError, fromCombinedError } from "./errors.ts";

describe("fromCombinedError", () => {
  it("takes the first GraphQL error's extensions.code", () => {
    const error = fromCombinedError(
      new CombinedError({
        graphQLErrors: [
          new GraphQLError("Not allowed", { extensions: { code: "FORBIDDEN" } }),
          new GraphQLError("Other", { extensions: { code: "NOT_FOUND" } }),
        ],
      }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("Not allowed");
    expect(error.errors.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN", "NOT_FOUND"]);
  });

  it("falls back to GRAPHQL_ERROR without a code", () => {
    const error = fromCombinedError(new CombinedError({ graphQLErrors: [new GraphQLError("Cannot query field")] }));
    expect(error.code).toBe(GRAPHQL_ERROR);
  });

  it("tells HTTP errors from network failures", () => {
    const http = fromCombinedError(
      new CombinedError({ networkError: new Error("Bad Gateway"), response: new Response("", { status: 502 }) }),
    );
    expect(http.code).toBe(HTTP_ERROR);
    expect(http.status).toBe(502);
    const network = fromCombinedError(new CombinedError({ networkError: new TypeError("fetch failed") }));
    expect(network.code).toBe(NETWORK_ERROR);
  });

  it("asApiError accepts anything", () => {
    const original = new ApiError("CONFLICT", "stale");
    expect(asApiError(original)).toBe(original);
    expect(asApiError(new CombinedError({ graphQLErrors: [new GraphQLError("x", { extensions: { code: "INTERNAL" } })] })).code).toBe("INTERNAL");
    expect(asApiError(new Error("boom")).code).toBe(NETWORK_ERROR);
  });
});
