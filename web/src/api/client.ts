// The urql client: GraphQL over fetch to /graphql with the session cookie and the CSRF header.
import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from "@urql/core";
import { CSRF_HEADERS } from "./auth.ts";
import { languageHeaders } from "./language.ts";

export const GRAPHQL_ENDPOINT = "/graphql";

export interface ClientOptions {
  /** Called when a signed-in user's session is refused (UNAUTHENTICATED): it ended at the
   * server (timeout, signed out elsewhere, roles changed). */
  onSessionEnded?: () => void;
}

export function isUnauthenticated(error: CombinedError): boolean {
  return (
    error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED") ||
    (error.response as Response | undefined)?.status === 401
  );
}

/**
 * One client per session, so one user's cached data never shows for the next. The client
 * remembers whether `me` said the caller is signed in, so only a session that was valid
 * ends on UNAUTHENTICATED (an anonymous caller's refusal is not a session ending).
 */
export function createApiClient({ onSessionEnded }: ClientOptions = {}): Client {
  let signedIn = false;
  return new Client({
    url: GRAPHQL_ENDPOINT,
    // POST always: queries carry filters, and a POST carries the CSRF header the server wants.
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onResult(result) {
          const me = (result.data as { me?: { authenticated?: unknown } } | undefined)?.me;
          if (typeof me?.authenticated === "boolean") signedIn = me.authenticated;
          return result;
        },
        onError(error) {
          if (signedIn && onSessionEnded && isUnauthenticated(error)) {
            signedIn = false;
            onSessionEnded();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
    fetchOptions: () => ({ credentials: "same-origin", headers: { ...CSRF_HEADERS, ...languageHeaders() } }),
  });
}
