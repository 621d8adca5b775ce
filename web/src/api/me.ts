import { useCallback, useEffect, useState } from "react";
import { graphql, isAbort, toApiError, type ApiError } from "./graphql.ts";

export interface Me {
  id: string;
  name: string | null;
  roles: string[];
  authenticated: boolean;
}

export const ME_QUERY = /* GraphQL */ `
  query Me {
    me { id name roles authenticated }
  }
`;

export async function fetchMe(token: string | null, signal?: AbortSignal): Promise<Me> {
  const data = await graphql<{ me: Me }>(ME_QUERY, undefined, { token, signal });
  return data.me;
}

export type MeState =
  | { status: "loading" }
  | { status: "error"; error: ApiError }
  | { status: "ready"; me: Me };

/** Loads `me` for the given token (null = anonymous); returns the state and a retry function. */
export function useMe(token: string | null): [MeState, () => void] {
  const [state, setState] = useState<MeState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    fetchMe(token, controller.signal).then(
      (me) => {
        if (!controller.signal.aborted) setState({ status: "ready", me });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) {
          setState({ status: "error", error: toApiError(error) });
        }
      },
    );
    return () => controller.abort();
  }, [token, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, retry];
}
