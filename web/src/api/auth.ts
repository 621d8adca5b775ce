// Development sign-in (GET /dev/users, POST /dev/token) and the session token kept in sessionStorage.
import { readStorage, writeStorage } from "../lib/storage.ts";
import { ApiError, BAD_RESPONSE, HTTP_ERROR, fetchJson } from "./errors.ts";

export interface DevUser {
  sub: string;
  name: string;
  roles: string[];
}

export interface Session {
  token: string;
  expiresAt: string;
}

const SESSION_KEY = "tietolupa.session";

function isSession(value: unknown): value is Session {
  const v = value as Partial<Session> | null;
  return typeof v?.token === "string" && v.token !== "" && typeof v.expiresAt === "string";
}

function isExpired(session: Session, now: number): boolean {
  const expires = Date.parse(session.expiresAt);
  return !Number.isNaN(expires) && expires <= now;
}

/** The stored session, unless it is missing, malformed or expired. */
export function loadSession(now = Date.now()): Session | null {
  const raw = readStorage("session", SESSION_KEY);
  if (!raw) return null;
  try {
    const session: unknown = JSON.parse(raw);
    if (isSession(session) && !isExpired(session, now)) return session;
  } catch {
    // fall through: discard garbage
  }
  writeStorage("session", SESSION_KEY, null);
  return null;
}

export function saveSession(session: Session | null): void {
  writeStorage("session", SESSION_KEY, session ? JSON.stringify(session) : null);
}

/** Test users offered by the backend in dev mode; null when the endpoint is absent or unusable. */
export async function fetchDevUsers(signal?: AbortSignal): Promise<DevUser[] | null> {
  try {
    const { response, body } = await fetchJson("/dev/users", {
      headers: { Accept: "application/json" },
      signal,
    });
    if (!response.ok || !Array.isArray(body)) return null;
    return body.filter(
      (u): u is DevUser =>
        typeof u?.sub === "string" && typeof u.name === "string" && Array.isArray(u.roles),
    );
  } catch {
    return null;
  }
}

export async function requestDevToken(user: DevUser): Promise<Session> {
  const { response, body } = await fetchJson("/dev/token", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    // Only the `sub`: the server then fills in the demo user's name, roles and (for citizens)
    // identity code. Sending roles would make it issue a token without the identity code.
    body: JSON.stringify({ sub: user.sub }),
  });
  if (!response.ok) throw new ApiError(HTTP_ERROR, `HTTP ${response.status}`, { status: response.status });
  if (!isSession(body)) throw new ApiError(BAD_RESPONSE, "Malformed token response", { status: response.status });
  return { token: body.token, expiresAt: body.expiresAt };
}
