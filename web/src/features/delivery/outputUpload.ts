// The two multipart uploads of an output request (crates/http): a new request
// (POST /api/output-requests → 201 {"id","version"}) and a new submission after changes were
// asked for (POST /api/output-requests/{id}/submissions?version=N). Errors come in the
// GraphQL errors' shape, so a VALIDATION names its field like a form's.
import { apiInit } from "../../api/auth.ts";
import { ApiError, BAD_RESPONSE, errorFromResponseText, isAbort, toApiError } from "../../api/errors.ts";

export interface Created {
  id: string;
  version: number;
}

async function post(url: string, body: FormData, signal?: AbortSignal): Promise<Created> {
  let response: Response;
  try {
    // No Content-Type: the browser writes the multipart boundary itself.
    response = await fetch(url, apiInit({ method: "POST", body, signal }));
  } catch (error) {
    if (isAbort(error)) throw error;
    throw toApiError(error);
  }
  const text = await response.text();
  if (!response.ok) throw errorFromResponseText(response.status, text);
  try {
    const value = JSON.parse(text) as Partial<Created> | null;
    if (value && typeof value.id === "string" && typeof value.version === "number") return { id: value.id, version: value.version };
  } catch {
    // fall through
  }
  throw new ApiError(BAD_RESPONSE, "the output request response has no id", { status: response.status });
}

export function submitOutputRequest(body: FormData, signal?: AbortSignal): Promise<Created> {
  return post("/api/output-requests", body, signal);
}

export function resubmitOutputRequest(id: string, version: number, body: FormData, signal?: AbortSignal): Promise<Created> {
  return post(`/api/output-requests/${encodeURIComponent(id)}/submissions?version=${version}`, body, signal);
}
