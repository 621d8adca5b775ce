import { describe, expect, it } from "vitest";
import { matchPath } from "./router.tsx";

describe("matchPath", () => {
  it("matches static paths, ignoring a trailing slash", () => {
    expect(matchPath("/", "/")).toEqual({});
    expect(matchPath("/sign-in", "/sign-in/")).toEqual({});
    expect(matchPath("/sign-in", "/")).toBeNull();
  });

  it("decodes parameters", () => {
    expect(matchPath("/decisions/:diaryNumber", "/decisions/TL%2F12%2F2026")).toEqual({ diaryNumber: "TL/12/2026" });
    expect(matchPath("/applications/:id/history", "/applications/abc/history")).toEqual({ id: "abc" });
  });

  it("needs every segment to match", () => {
    expect(matchPath("/applications/:id", "/applications")).toBeNull();
    expect(matchPath("/applications/:id", "/applications/a/b")).toBeNull();
    expect(matchPath("/applications/:id", "/permits/a")).toBeNull();
    expect(matchPath("/x/:id", "/x/%E0%A4%A")).toBeNull();
  });
});
