import { describe, expect, it } from "vitest";
import {
  emptyTable,
  failingFindings,
  findingKey,
  formFieldOfServerField,
  isDecided,
  MAX_TABLE_BYTES,
  outputActions,
  outputFormData,
  overrideIndex,
  overridesFor,
  sizeText,
  validateOutputForm,
  worstStatus,
  type TableDraft,
} from "./outputs.ts";

const messages = { descriptionRequired: "desc", fileRequired: "file", notCsv: "csv", tooLarge: "large", tablesRequired: "tables" };
const csv = (name = "t.csv", body = "a,b\nx,1\n") => new File([body], name, { type: "text/csv" });
const table = (kind: TableDraft["kind"], file: File | null): TableDraft => ({ ...emptyTable(kind), file });

describe("validateOutputForm", () => {
  it("needs a description and a CSV file for every table, naming each by its place", () => {
    const big = { ...csv("big.csv"), size: MAX_TABLE_BYTES + 1, name: "big.csv", type: "text/csv" } as File;
    expect(validateOutputForm(" ", [table("FREQUENCY", null), table("MAGNITUDE", csv("t.xlsx", "")), table("FREQUENCY", big)], messages)).toEqual([
      { field: "description", message: "desc" },
      { field: "tables[0].file", message: "file" },
      { field: "tables[2].file", message: "large" },
    ]);
    expect(validateOutputForm("x", [table("MAGNITUDE", new File(["x"], "t.xlsx", { type: "application/vnd.ms-excel" }))], messages)).toEqual([
      { field: "tables[0].file", message: "csv" },
    ]);
    expect(validateOutputForm("x", [], messages)).toEqual([{ field: "tables", message: "tables" }]);
    expect(validateOutputForm("Ikäryhmittäin", [table("FREQUENCY", csv())], messages)).toEqual([]);
  });

  it("gives each new table its own key", () => {
    expect(emptyTable().key).not.toBe(emptyTable().key);
  });
});

describe("outputFormData", () => {
  it("sends the target and description first, then each table's kind just before its file", () => {
    const form = outputFormData({ permitId: "p1" }, "  Tulokset  ", [table("FREQUENCY", csv("a.csv")), table("MAGNITUDE", csv("b.csv"))]);
    const parts = [...form.entries()].map(([name, value]) => [name, typeof value === "string" ? value : (value as File).name]);
    expect(parts).toEqual([
      ["permitId", "p1"],
      ["description", "Tulokset"],
      ["kind", "FREQUENCY"],
      ["file", "a.csv"],
      ["kind", "MAGNITUDE"],
      ["file", "b.csv"],
    ]);
  });

  it("names a data request's order instead, and nothing for a resubmission", () => {
    expect([...outputFormData({ deliveryOrderId: "o1" }, "d", []).keys()]).toEqual(["deliveryOrderId", "description"]);
    expect([...outputFormData(null, "d", [table("FREQUENCY", csv())]).keys()]).toEqual(["description", "kind", "file"]);
  });
});

describe("formFieldOfServerField", () => {
  it("maps the server's part names to the form's table fields", () => {
    expect(formFieldOfServerField("files[1]")).toBe("tables[1].file");
    expect(formFieldOfServerField("files[1]:taulukko.csv")).toBe("tables[1].file");
    expect(formFieldOfServerField("file[0]")).toBe("tables[0].file");
    expect(formFieldOfServerField("files[2].kind")).toBe("tables[2].kind");
    expect(formFieldOfServerField("kind[3]")).toBe("tables[3].kind");
    expect(formFieldOfServerField("files")).toBe("tables");
    expect(formFieldOfServerField("description")).toBe("description");
  });
});

const files = [
  {
    id: "f1",
    findings: [
      { row: 1, column: 2, rule: "MINIMUM_FREQUENCY" as const, status: "FAIL" as const },
      { row: 2, column: 1, rule: "NEGATIVE_OR_MISSING" as const, status: "REVIEW" as const },
    ],
  },
  { id: "f2", findings: [{ row: 0, column: 0, rule: "DOMINANCE" as const, status: "FAIL" as const }] },
  { id: "f3", findings: [] },
];

describe("overrides", () => {
  it("lists only the FAIL findings", () => {
    expect(failingFindings(files).map(({ file, finding }) => findingKey(file.id, finding))).toEqual(["f1:1:2:MINIMUM_FREQUENCY", "f2:0:0:DOMINANCE"]);
  });

  it("sends one override per FAIL finding with its reason, and names those still without one", () => {
    expect(overridesFor(files, { "f1:1:2:MINIMUM_FREQUENCY": " Yhdistetty ", "f2:0:0:DOMINANCE": "  " })).toEqual({
      overrides: [{ fileId: "f1", row: 1, column: 2, rule: "MINIMUM_FREQUENCY", reason: "Yhdistetty" }],
      missing: ["f2:0:0:DOMINANCE"],
    });
    expect(overridesFor([files[2]], {})).toEqual({ overrides: [], missing: [] });
  });
});

it("overrideIndex reads the place of an override the server refused", () => {
  expect(overrideIndex("overrides[1].reason")).toBe(1);
  expect(overrideIndex("overrides[0]")).toBe(0);
  expect(overrideIndex("reason")).toBeNull();
});

it("worstStatus: FAIL over REVIEW over PASS", () => {
  expect(worstStatus(["PASS", "REVIEW", "FAIL"])).toBe("FAIL");
  expect(worstStatus(["PASS", "REVIEW"])).toBe("REVIEW");
  expect(worstStatus([])).toBe("PASS");
});

describe("outputActions", () => {
  const at = (state: Parameters<typeof outputActions>[0]["state"], awaitingSecondApproval = false, reviewerName: string | null = "Sanna Laine") => ({ state, awaitingSecondApproval, reviewerName });

  it("walks staff through review, decision and release", () => {
    expect(outputActions(at("SUBMITTED"), ["HANDLER"], "Sanna Laine")).toEqual(["startReview"]);
    expect(outputActions(at("IN_REVIEW"), ["HANDLER"], "Sanna Laine")).toEqual(["approve", "requestChanges", "reject"]);
    expect(outputActions(at("APPROVED"), ["HANDLER"], "Sanna Laine")).toEqual(["release"]);
    expect(outputActions(at("RELEASED"), ["HANDLER"], "Sanna Laine")).toEqual([]);
    expect(outputActions(at("REJECTED"), ["DIRECTOR"], "Päivi Heikkinen")).toEqual([]);
  });

  it("leaves an overriding approval to a Director who was not its reviewer, and holds the release", () => {
    expect(outputActions(at("APPROVED", true), ["HANDLER"], "Jukka Nieminen")).toEqual([]);
    expect(outputActions(at("APPROVED", true), ["DIRECTOR"], "Päivi Heikkinen")).toEqual(["confirm"]);
    expect(outputActions(at("APPROVED", true, "Päivi Heikkinen"), ["DIRECTOR"], "Päivi Heikkinen")).toEqual([]);
    expect(outputActions(at("IN_REVIEW", true), ["DIRECTOR"], "Päivi Heikkinen")).toEqual(["confirm"]);
  });

  it("lets the holder resubmit after changes were asked for, and nothing else", () => {
    expect(outputActions(at("CHANGES_REQUESTED"), ["APPLICANT"], "Aino Virtanen")).toEqual(["resubmit"]);
    expect(outputActions(at("SUBMITTED"), ["APPLICANT"], "Aino Virtanen")).toEqual([]);
    expect(outputActions(at("APPROVED", true), ["APPLICANT"], "Aino Virtanen")).toEqual([]);
  });
});

it("isDecided: approved, changes asked, rejected and released carry a decision", () => {
  expect(["SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED", "REJECTED", "RELEASED"].map((s) => isDecided(s as never))).toEqual([false, false, true, true, true, true]);
});

it("sizeText in bytes, kilobytes and megabytes", () => {
  const n = (v: number, o?: Intl.NumberFormatOptions) => new Intl.NumberFormat("fi-FI", o).format(v);
  expect(sizeText(512, n)).toBe("512 B");
  expect(sizeText(1536, n)).toBe("1,5 kB");
  expect(sizeText(3 * 1024 * 1024, n)).toBe("3 MB");
});
