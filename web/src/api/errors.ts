// One error type for the whole app: GraphQL errors keep the server's `extensions.code`;
// transport failures get one of the codes below.
import type { CombinedError } from "@urql/core";

/** Transport-level failure codes; GraphQL errors carry the server's `extensions.code`. */
export const NETWORK_ERROR = "NETWORK_ERROR";
export const HTTP_ERROR = "HTTP_ERROR";
export const BAD_RESPONSE = "BAD_RESPONSE";
export const GRAPHQL_ERROR = "GRAPHQL_ERROR";

export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export class ApiError extends Error {
  /** The first GraphQL error's `extensions.code`, or one of the transport codes above. */
  readonly code: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** All GraphQL errors from the response (empty for transport failures). */
  readonly errors: readonly GraphQLErrorEntry[];

  constructor(
    code: string,
    message: string,
    options: { status?: number; errors?: readonly GraphQLErrorEntry[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.status = options.status;
    this.errors = options.errors ?? [];
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** Wraps anything thrown into an ApiError (aborts must be filtered out by the caller first). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(NETWORK_ERROR, error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

/** fetch + JSON parsing shared with the small REST helpers; throws ApiError, re-throws aborts. */
export async function fetchJson(
  url: string,
  init: RequestInit,
): Promise<{ response: Response; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    throw toApiError(error);
  }
  let body: unknown = null;
  const text = await response.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch (error) {
      if (response.ok) {
        throw new ApiError(BAD_RESPONSE, "Response is not JSON", { status: response.status, cause: error });
      }
    }
  }
  return { response, body };
}

/**
 * The error of a non-GraphQL endpoint's failed response (crates/http/src/error.rs answers in the
 * GraphQL errors' shape); HTTP_ERROR when the body is not that (a proxy, the body limit).
 */
export function errorFromResponseText(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { errors?: GraphQLErrorEntry[] };
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    const code = errors[0]?.extensions?.code;
    if (typeof code === "string") return new ApiError(code, errors[0].message, { status, errors });
  } catch {
    // not JSON
  }
  return new ApiError(HTTP_ERROR, `HTTP ${status}`, { status });
}

/**
 * An urql CombinedError as an ApiError: the first GraphQL error's `extensions.code`
 * (GRAPHQL_ERROR without one); a network error becomes HTTP_ERROR when the server answered
 * with a status, NETWORK_ERROR otherwise.
 */
export function fromCombinedError(error: CombinedError): ApiError {
  const errors: GraphQLErrorEntry[] = error.graphQLErrors.map((e) => ({
    message: e.message,
    path: e.path,
    extensions: e.extensions as GraphQLErrorEntry["extensions"],
  }));
  const status = (error.response as Response | undefined)?.status;
  if (errors.length > 0) {
    const first = errors[0];
    const code = typeof first.extensions?.code === "string" ? first.extensions.code : GRAPHQL_ERROR;
    return new ApiError(code, first.message, { status, errors, cause: error });
  }
  if (status !== undefined && status >= 400) {
    return new ApiError(HTTP_ERROR, `HTTP ${status}`, { status, cause: error });
  }
  return new ApiError(NETWORK_ERROR, error.networkError?.message ?? error.message, { status, cause: error });
}

/** Anything caught (ApiError, CombinedError, Error, …) as an ApiError. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isCombinedError(error)) return fromCombinedError(error);
  return toApiError(error);
}

function isCombinedError(error: unknown): error is CombinedError {
  return error instanceof Error && error.name === "CombinedError" && "graphQLErrors" in error;
}
