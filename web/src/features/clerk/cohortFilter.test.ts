import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/index.ts";
import {
  cohortFilterUrl,
  localiseCohortProblems,
  parseCohortResponse,
  parseSummaryLine,
  progressPercent,
  summariseInvalidLines,
} from "./cohortFilter.ts";

const SUMMARY = '# {"lines":4,"kept":2,"removed":1,"invalid":1,"invalidLines":[3],"completed":true}';

describe("the cohort filter response", () => {
  it("splits the kept lines from the summary", async () => {
    const { kept, report } = parseCohortResponse(`010615A9500\n200750Y970R\n${SUMMARY}\n`);
    expect(kept).toBe("010615A9500\n200750Y970R\n");
    expect(report).toEqual({ lines: 4, kept: 2, removed: 1, invalid: 1, invalidLines: [3] });
  });

  it("handles a run that kept nothing", () => {
    const summary = '# {"lines":1,"kept":0,"removed":1,"invalid":0,"invalidLines":[],"completed":true}';
    expect(parseCohortResponse(`${summary}\n`)).toEqual({
      kept: "",
      report: { lines: 1, kept: 0, removed: 1, invalid: 0, invalidLines: [] },
    });
  });

  it("rejects a response without a complete summary, so a cut-off list is never offered", () => {
    expect(() => parseCohortResponse("010615A9500\n200750Y970R\n")).toThrow(/no summary/);
    expect(() => parseCohortResponse("")).toThrow(/no summary/);
    expect(() => parseCohortResponse(`${SUMMARY.slice(0, 30)}\n`)).toThrow(/no summary/);
  });

  it("accepts only well-formed summaries", () => {
    expect(parseSummaryLine(SUMMARY)).not.toBeNull();
    expect(parseSummaryLine(SUMMARY.replace('"completed":true', '"completed":false'))).toBeNull();
    expect(parseSummaryLine(SUMMARY.replace('"kept":2', '"kept":-2'))).toBeNull();
    expect(parseSummaryLine(SUMMARY.replace("[3]", '["3"]'))).toBeNull();
    expect(parseSummaryLine(SUMMARY.slice(2))).toBeNull();
    expect(parseSummaryLine("# null")).toBeNull();
  });
});

describe("the cohort report", () => {
  it("shows the first invalid line numbers and how many more", () => {
    expect(summariseInvalidLines([3, 7])).toEqual({ shown: [3, 7], more: 0 });
    const many = Array.from({ length: 25 }, (_, i) => i + 1);
    expect(summariseInvalidLines(many)).toEqual({ shown: many.slice(0, 20), more: 5 });
    expect(summariseInvalidLines(many, 3)).toEqual({ shown: [1, 2, 3], more: 22 });
  });

  it("measures progress in percent, the response against the upload's size", () => {
    expect(progressPercent({ phase: "upload", loaded: 0, total: 200 })).toBe(0);
    expect(progressPercent({ phase: "upload", loaded: 50, total: 200 })).toBe(25);
    expect(progressPercent({ phase: "download", loaded: 300, total: 200 })).toBe(100);
    expect(progressPercent({ phase: "download", loaded: 10, total: 0 })).toBe(0);
  });

  it("puts only the date and the permit in the URL", () => {
    expect(cohortFilterUrl("2026-11-23", "")).toBe("/api/cohort-filter?extractionDate=2026-11-23");
    expect(cohortFilterUrl("2026-11-23", " TL/12/2026 ")).toBe(
      "/api/cohort-filter?extractionDate=2026-11-23&permit=TL%2F12%2F2026",
    );
  });

  it("translates the endpoint's validation messages", () => {
    expect(
      localiseCohortProblems(
        [{ field: "permit", message: "must be 1-100 printable characters", key: "PrintableCharacters" }],
        (k) => translate("en", k),
      ),
    ).toEqual([
      { field: "permit", message: "The permit reference must be 1–100 printable characters.", key: "PrintableCharacters" },
    ]);
  });
});
