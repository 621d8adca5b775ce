// Minimal GraphQL-over-HTTP client on plain fetch. To be replaced by urql later.

export const GRAPHQL_ENDPOINT = "/graphql";

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

export interface RequestOptions {
  /** Bearer token; omitted for anonymous requests. */
  token?: string | null;
  signal?: AbortSignal;
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

function graphQLErrors(body: unknown): GraphQLErrorEntry[] {
  if (typeof body !== "object" || body === null || !("errors" in body)) return [];
  const { errors } = body as { errors: unknown };
  if (!Array.isArray(errors)) return [];
  return errors.map((entry: unknown) =>
    typeof entry === "object" && entry !== null && typeof (entry as GraphQLErrorEntry).message === "string"
      ? (entry as GraphQLErrorEntry)
      : { message: String(entry) },
  );
}

/**
 * Runs one GraphQL operation. Resolves with `data`, or throws ApiError:
 * - any `errors` in the response → code = first error's `extensions.code` (or GRAPHQL_ERROR);
 *   partial data is not returned for now;
 * - non-2xx without GraphQL errors → HTTP_ERROR; fetch failure → NETWORK_ERROR;
 * - malformed or data-less body → BAD_RESPONSE.
 * An aborted request rejects with the AbortError itself.
 */
export async function graphql<TData, TVariables extends Record<string, unknown> = Record<string, unknown>>(
  query: string,
  variables?: TVariables,
  options: RequestOptions = {},
): Promise<TData> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/graphql-response+json, application/json",
  };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;

  const { response, body } = await fetchJson(GRAPHQL_ENDPOINT, {
    method: "POST",
    headers,
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    signal: options.signal,
  });

  const errors = graphQLErrors(body);
  if (errors.length > 0) {
    const first = errors[0];
    throw new ApiError(first.extensions?.code ?? GRAPHQL_ERROR, first.message, {
      status: response.status,
      errors,
    });
  }
  if (!response.ok) {
    throw new ApiError(HTTP_ERROR, `HTTP ${response.status}`, { status: response.status });
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (typeof data !== "object" || data === null) {
    throw new ApiError(BAD_RESPONSE, "Response has no data", { status: response.status });
  }
  return data as TData;
}
