// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { authHeader, csrfHeader, jsonResponse, stubBackend } from "../../test/render.tsx";
import { EXPORT_URL, fetchAccessExport, filenameFromDisposition } from "./accessExport.ts";

afterEach(() => vi.unstubAllGlobals());

describe("filenameFromDisposition", () => {
  it("takes the quoted or bare file name", () => {
    expect(filenameFromDisposition('attachment; filename="objection-registry-export.json"')).toBe(
      "objection-registry-export.json",
    );
    expect(filenameFromDisposition("attachment; filename=export.json")).toBe("export.json");
  });

  it("refuses paths and missing names", () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBeNull();
    expect(filenameFromDisposition("attachment")).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});

describe("fetchAccessExport", () => {
  it("sends the session cookie and CSRF header, no token, and returns the JSON as a file with the server's name", async () => {
    const body = { maskedIdentityCode: "010180-****", objections: [] };
    const fetchMock = stubBackend({
      [EXPORT_URL]: () =>
        new Response(JSON.stringify(body), {
          headers: { "Content-Type": "application/json", "Content-Disposition": 'attachment; filename="mine.json"' },
        }),
    });
    const { blob, filename } = await fetchAccessExport();
    const init = fetchMock.mock.calls[0][1];
    expect(init?.credentials).toBe("same-origin");
    expect(csrfHeader(init)).toBe("1");
    expect(authHeader(init)).toBeNull();
    expect(filename).toBe("mine.json");
    expect(blob.type).toBe("application/json");
    expect(JSON.parse(await blob.text())).toEqual(body);
  });

  it("turns the server's error into an ApiError with its code", async () => {
    stubBackend({
      [EXPORT_URL]: () =>
        jsonResponse({ errors: [{ message: "no", extensions: { code: "FORBIDDEN" } }] }, 403),
    });
    await expect(fetchAccessExport()).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
  });

  it("calls an error without a body an HTTP error", async () => {
    stubBackend({ [EXPORT_URL]: () => new Response("", { status: 502 }) });
    await expect(fetchAccessExport()).rejects.toMatchObject({ code: "HTTP_ERROR", status: 502 });
  });
});
