// Sign-in on cookie sessions: the server holds the session and the browser only its httpOnly
// cookie, never a token. Sign-in providers (GET /auth/providers, then a full-page visit to
// /auth/login), the dev-mode demo users (GET /dev/users, POST /dev/session) and sign-out
// (POST /auth/logout).
import { ApiError, BAD_RESPONSE, HTTP_ERROR, fetchJson } from "./errors.ts";
import { languageHeaders } from "./language.ts";

/** Every request the app makes carries this header: the server refuses cookie-authenticated
 * changes without it (a custom header forces a CORS preflight, which other origins fail). */
export const CSRF_HEADER = "X-Tietolupa-Csrf";
export const CSRF_HEADERS: Readonly<Record<string, string>> = { [CSRF_HEADER]: "1" };

/** fetch options for the app's own API: the session cookie, the CSRF header and the UI's
 * language (for the server's messages). */
export function apiInit(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set(CSRF_HEADER, "1");
  for (const [name, value] of Object.entries(languageHeaders())) {
    if (!headers.has(name)) headers.set(name, value);
  }
  return { ...init, credentials: "same-origin", headers };
}

export interface DevUser {
  sub: string;
  name: string;
  roles: string[];
}

export type ProviderKind = "STAFF" | "APPLICANT" | "CITIZEN";

export interface SignInProvider {
  id: string;
  name: { fi: string; sv: string; en: string };
  kind: ProviderKind;
}

function isProvider(value: unknown): value is SignInProvider {
  const v = value as Partial<SignInProvider> | null;
  return (
    typeof v?.id === "string" &&
    typeof v.name?.fi === "string" &&
    typeof v.name.sv === "string" &&
    typeof v.name.en === "string" &&
    (v.kind === "STAFF" || v.kind === "APPLICANT" || v.kind === "CITIZEN")
  );
}

/**
 * Where the app may send the user after sign-in: a path of this app only (starts with one
 * `/`, no `//`, no backslash, no scheme); anything else becomes `/`. The server checks the
 * same; this keeps the app from even asking for an open redirect.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  if (/[\u0000-\u001f]/.test(value)) return "/";
  return value;
}

/** The sign-in URL of a provider; the browser goes there as a full-page visit. */
export function loginUrl(provider: string, returnPath: string): string {
  const params = new URLSearchParams({ provider, return: safeReturnPath(returnPath) });
  return `/auth/login?${params}`;
}

/** The configured sign-in providers; null when the server offers none or cannot be reached. */
export async function fetchProviders(signal?: AbortSignal): Promise<SignInProvider[] | null> {
  try {
    const { response, body } = await fetchJson("/auth/providers", apiInit({ headers: { Accept: "application/json" }, signal }));
    if (!response.ok || !Array.isArray(body)) return null;
    return body.filter(isProvider);
  } catch {
    return null;
  }
}

/** Test users offered by the backend in dev mode; null when the endpoint is absent or unusable. */
export async function fetchDevUsers(signal?: AbortSignal): Promise<DevUser[] | null> {
  try {
    const { response, body } = await fetchJson("/dev/users", apiInit({ headers: { Accept: "application/json" }, signal }));
    if (!response.ok || !Array.isArray(body)) return null;
    return body.filter(
      (u): u is DevUser =>
        typeof u?.sub === "string" && typeof u.name === "string" && Array.isArray(u.roles),
    );
  } catch {
    return null;
  }
}

/** Dev mode: the server starts a session for a demo user and sets its cookie. */
export async function startDevSession(user: DevUser): Promise<void> {
  const { response } = await fetchJson(
    "/dev/session",
    apiInit({
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      // Only the subject: the server fills in the demo user's name, roles and (for citizens)
      // identity code, so the browser never handles identity codes.
      body: JSON.stringify({ subject: user.sub }),
    }),
  );
  if (!response.ok) throw new ApiError(HTTP_ERROR, `HTTP ${response.status}`, { status: response.status });
}

/**
 * Ends the session at the server. Returns where to go next: the provider's end-session URL
 * (RP-initiated logout, which comes back to the app) or a path of the app.
 */
export async function logout(): Promise<string> {
  const { response, body } = await fetchJson(
    "/auth/logout",
    apiInit({ method: "POST", headers: { Accept: "application/json" } }),
  );
  if (!response.ok) throw new ApiError(HTTP_ERROR, `HTTP ${response.status}`, { status: response.status });
  const redirect = (body as { redirect?: unknown } | null)?.redirect;
  if (typeof redirect !== "string" || redirect === "") {
    throw new ApiError(BAD_RESPONSE, "Malformed logout response", { status: response.status });
  }
  return redirect;
}

/** Whether `url` leaves the app (another origin): then the browser must load it. */
export function isExternal(url: string, origin = window.location.origin): boolean {
  try {
    return new URL(url, origin).origin !== origin;
  } catch {
    return false;
  }
}
