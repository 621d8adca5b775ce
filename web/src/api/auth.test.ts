// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { apiInit, isExternal, loginUrl, safeReturnPath } from "./auth.ts";

describe("safeReturnPath", () => {
  it("keeps paths of this app", () => {
    expect(safeReturnPath("/queue")).toBe("/queue");
    expect(safeReturnPath("/register?q=x#top")).toBe("/register?q=x#top");
  });

  it("turns everything that could leave the app into /", () => {
    for (const bad of [null, undefined, "", "queue", "//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/a\nb"]) {
      expect(safeReturnPath(bad), String(bad)).toBe("/");
    }
  });
});

describe("loginUrl", () => {
  it("names the provider and the return path, encoded", () => {
    expect(loginUrl("staff", "/cases/1?tab=a&b")).toBe("/auth/login?provider=staff&return=%2Fcases%2F1%3Ftab%3Da%26b");
    expect(loginUrl("staff", "//evil.example")).toBe("/auth/login?provider=staff&return=%2F");
  });
});

describe("apiInit", () => {
  it("adds the cookie and the CSRF header, keeping the caller's headers", () => {
    const init = apiInit({ method: "POST", headers: { Accept: "application/json" } });
    expect(init.credentials).toBe("same-origin");
    expect(init.method).toBe("POST");
    const headers = new Headers(init.headers);
    expect(headers.get("X-Tietolupa-Csrf")).toBe("1");
    expect(headers.get("Accept")).toBe("application/json");
  });
});

describe("isExternal", () => {
  it("tells the provider's end-session URL from the app's own paths", () => {
    expect(isExternal("http://127.0.0.1:4000/session/end?x=1", "http://127.0.0.1:8080")).toBe(true);
    expect(isExternal("/", "http://127.0.0.1:8080")).toBe(false);
    expect(isExternal("http://127.0.0.1:8080/", "http://127.0.0.1:8080")).toBe(false);
  });
});
