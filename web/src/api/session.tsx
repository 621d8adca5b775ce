// The signed-in session lives at the server (an httpOnly cookie the app never sees); `me`
// says who is signed in. The provider keeps one urql client per session and language, and
// replaces it when the session changes (signed in, signed out, ended at the server) or the
// UI's language does: the server names the data catalogue in the request's language, so
// answers cached in the previous language must not show.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Provider as UrqlProvider, useQuery } from "urql";
import { graphql } from "../gql/index.ts";
import type { MeQuery } from "../gql/graphql.ts";
import { logout } from "./auth.ts";
import { createApiClient } from "./client.ts";
import { fromCombinedError, type ApiError } from "./errors.ts";
import { useI18n } from "../i18n/context.tsx";

export const MeDocument = graphql(`
  query Me {
    me {
      id
      name
      roles
      authenticated
    }
  }
`);

export type Me = MeQuery["me"];
export type Role = Me["roles"][number];

export interface SessionContextValue {
  /** The session changed at the server (e.g. the dev picker signed in): drop cached data
   * and ask `me` again. */
  sessionChanged: () => void;
  /** Ends the session at the server; resolves to where the browser should go next (the
   * provider's end-session URL, or a path of the app). */
  signOut: () => Promise<string>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  // Bumped whenever the session changes; each value gets a client with an empty cache.
  const [generation, setGeneration] = useState(0);
  const sessionChanged = useCallback(() => setGeneration((g) => g + 1), []);

  const signOut = useCallback(async () => {
    let redirect = "/";
    try {
      redirect = await logout();
    } catch {
      // Already ended at the server (or unreachable): `me` asked again shows which.
    }
    sessionChanged();
    return redirect;
  }, [sessionChanged]);

  const { language } = useI18n();
  const client = useMemo(() => {
    void generation; // a new client (and cache) per generation and language
    void language;
    return createApiClient({ onSessionEnded: sessionChanged });
  }, [generation, language, sessionChanged]);
  const value = useMemo(() => ({ sessionChanged, signOut }), [sessionChanged, signOut]);

  return (
    <SessionContext value={value}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </SessionContext>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}

export type MeState =
  | { status: "loading" }
  | { status: "error"; error: ApiError; retry: () => void }
  | { status: "ready"; me: Me };

/** The current user (anonymous users get the PUBLIC role from the server). */
export function useMe(): MeState {
  const [result, reexecute] = useQuery({ query: MeDocument });
  const retry = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  if (result.data) return { status: "ready", me: result.data.me };
  if (result.error) return { status: "error", error: fromCombinedError(result.error), retry };
  return { status: "loading" };
}

/** Whether the user has at least one of `roles` (an empty list means everyone). */
export function hasAnyRole(me: Pick<Me, "roles"> | null, roles: readonly Role[] | undefined): boolean {
  if (!roles || roles.length === 0) return true;
  return !!me && me.roles.some((r) => roles.includes(r));
}

/** Every role a signed-in user can have: routes for anyone signed in. */
export const SIGNED_IN: readonly Role[] = [
  "APPLICANT",
  "HANDLER",
  "DIRECTOR",
  "REGISTRY_CLERK",
  "CITIZEN",
  "AUDITOR",
  "ADMIN",
];
