import { describe, expect, it } from "vitest";
import { ApiError, BAD_RESPONSE } from "../../api/errors.ts";
import {
  guessIdentityColumn,
  headerColumns,
  parsePreparationResponse,
  parsePreparationSummary,
  preparationUrl,
  preparedFilename,
  validatePreparation,
} from "./preparation.ts";

const SUMMARY = '# {"rowsRead":4,"droppedAsObjectors":1,"invalid":1,"written":2,"invalidLines":[3],"completed":true}';

describe("preparationUrl", () => {
  it("carries the version, column and delimiter, never the file", () => {
    expect(preparationUrl("abc", 3, " hetu ", ";")).toBe("/api/delivery-orders/abc/preparation?version=3&identityColumn=hetu&delimiter=%3B");
    expect(preparationUrl("a/b", 1, "id", "\t")).toBe("/api/delivery-orders/a%2Fb/preparation?version=1&identityColumn=id&delimiter=%09");
  });
});

describe("parsePreparationSummary", () => {
  it("reads a complete summary line", () => {
    expect(parsePreparationSummary(SUMMARY)).toEqual({ rowsRead: 4, droppedAsObjectors: 1, invalid: 1, written: 2, invalidLines: [3] });
  });

  it("refuses an unfinished, malformed or partial summary", () => {
    expect(parsePreparationSummary(SUMMARY.replace("true", "false"))).toBeNull();
    expect(parsePreparationSummary('# {"rowsRead":4')).toBeNull();
    expect(parsePreparationSummary('# {"rowsRead":-1,"droppedAsObjectors":0,"invalid":0,"written":0,"invalidLines":[],"completed":true}')).toBeNull();
    expect(parsePreparationSummary('# {"rowsRead":1,"droppedAsObjectors":0,"invalid":0,"written":1,"invalidLines":["x"],"completed":true}')).toBeNull();
    expect(parsePreparationSummary("pseudonym,age")).toBeNull();
  });
});

describe("parsePreparationResponse", () => {
  it("splits the prepared CSV (quoted newlines and all) from its summary", () => {
    const csv = 'pseudonym,note\r\nP1,"two\nlines"\r\nP2,x\r\n';
    expect(parsePreparationResponse(`${csv}${SUMMARY}\n`)).toEqual({
      prepared: csv,
      summary: { rowsRead: 4, droppedAsObjectors: 1, invalid: 1, written: 2, invalidLines: [3] },
    });
    expect(parsePreparationResponse(SUMMARY).prepared).toBe("");
  });

  it("never offers a response that stops before its summary", () => {
    const call = () => parsePreparationResponse("pseudonym,age\nP1,40\n");
    expect(call).toThrow(ApiError);
    try {
      call();
    } catch (e) {
      expect((e as ApiError).code).toBe(BAD_RESPONSE);
    }
  });
});

describe("the file's header", () => {
  it("lists the first line's columns without a BOM or quotes", () => {
    expect(headerColumns('\uFEFF"hetu";ika;"kunta ""koti"""\r\nrow', ";")).toEqual(["hetu", "ika", 'kunta "koti"']);
    expect(headerColumns("a,b", ",")).toEqual(["a", "b"]);
    expect(headerColumns("", ",")).toEqual([]);
  });

  it("guesses the identity column by its usual names", () => {
    expect(guessIdentityColumn(["ika", "HETU", "kunta"])).toBe("HETU");
    expect(guessIdentityColumn(["ika", "kunta"])).toBeNull();
  });
});

describe("validatePreparation", () => {
  const messages = { fileRequired: "file", columnRequired: "column", columnMissing: "missing" };
  const file = new File(["hetu,ika\n"], "thl.csv", { type: "text/csv" });

  it("asks for a file and a column", () => {
    expect(validatePreparation({ file: null, identityColumn: " ", columns: null }, messages)).toEqual([
      { field: "file", message: "file" },
      { field: "identityColumn", message: "column" },
    ]);
  });

  it("checks the column against the header when the header was read", () => {
    expect(validatePreparation({ file, identityColumn: "ssn", columns: ["hetu", "ika"] }, messages)).toEqual([{ field: "identityColumn", message: "missing" }]);
    expect(validatePreparation({ file, identityColumn: "hetu", columns: ["hetu", "ika"] }, messages)).toEqual([]);
    expect(validatePreparation({ file, identityColumn: "ssn", columns: null }, messages)).toEqual([]);
  });
});

it("preparedFilename marks the file as pseudonymised", () => {
  expect(preparedFilename("thl-2026.csv")).toBe("thl-2026-pseudonymised.csv");
  expect(preparedFilename("data")).toBe("data-pseudonymised.csv");
});
