// GET /api/objections/me/export: the citizen's GDPR access export (JSON). Fetched with the
// session cookie and saved through an object URL, so an error can be shown in the page.
import { apiInit } from "../../api/auth.ts";
import { ApiError, HTTP_ERROR, fetchJson, type GraphQLErrorEntry } from "../../api/errors.ts";

export const EXPORT_URL = "/api/objections/me/export";
export const DEFAULT_EXPORT_FILENAME = "objection-registry-export.json";

/** The file name from `Content-Disposition: attachment; filename="…"`, or null. */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const match = /filename="([^"]+)"/i.exec(header) ?? /filename=([^;\s]+)/i.exec(header);
  const name = match?.[1]?.trim();
  // Only a plain file name: no paths.
  return name && !/[\\/]/.test(name) ? name : null;
}

export async function fetchAccessExport(signal?: AbortSignal): Promise<{ blob: Blob; filename: string }> {
  const { response, body } = await fetchJson(
    EXPORT_URL,
    apiInit({ headers: { Accept: "application/json" }, cache: "no-store", signal }),
  );
  if (!response.ok) {
    const errors = (body as { errors?: GraphQLErrorEntry[] } | null)?.errors ?? [];
    const code = errors[0]?.extensions?.code;
    throw new ApiError(typeof code === "string" ? code : HTTP_ERROR, `HTTP ${response.status}`, {
      status: response.status,
      errors,
    });
  }
  return {
    blob: new Blob([JSON.stringify(body, null, 2)], { type: "application/json" }),
    filename: filenameFromDisposition(response.headers.get("Content-Disposition")) ?? DEFAULT_EXPORT_FILENAME,
  };
}

/** Saves a blob as a download, as a link with `download` would. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started; give the browser a moment before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
