// The signed-in session (token in sessionStorage), the urql client for it and `me`.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Provider as UrqlProvider, useQuery } from "urql";
import { graphql } from "../gql/index.ts";
import type { MeQuery } from "../gql/graphql.ts";
import { loadSession, saveSession, type Session } from "./auth.ts";
import { createApiClient } from "./client.ts";
import { fromCombinedError, type ApiError } from "./errors.ts";

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
  session: Session | null;
  signIn: (session: Session) => void;
  signOut: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());

  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    saveSession(null);
    setSession(null);
  }, []);

  const token = session?.token ?? null;
  const client = useMemo(() => createApiClient({ token, onUnauthenticated: signOut }), [token, signOut]);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);

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
