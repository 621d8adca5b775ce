// The urql client: GraphQL over fetch to /graphql with the signed-in user's bearer token.
import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from "@urql/core";

export const GRAPHQL_ENDPOINT = "/graphql";

export interface ClientOptions {
  /** Bearer token; null for anonymous (public) requests. */
  token: string | null;
  /** Called when the server rejects the token (UNAUTHENTICATED), e.g. to end the session. */
  onUnauthenticated?: () => void;
}

export function isUnauthenticated(error: CombinedError): boolean {
  return (
    error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED") ||
    (error.response as Response | undefined)?.status === 401
  );
}

/** One client per token, so one user's cached data never shows for the next. */
export function createApiClient({ token, onUnauthenticated }: ClientOptions): Client {
  return new Client({
    url: GRAPHQL_ENDPOINT,
    // POST always: queries carry filters and the token never needs to go in a URL.
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError(error) {
          if (token && onUnauthenticated && isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
    fetchOptions: () => (token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
  });
}
