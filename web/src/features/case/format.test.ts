import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/index.ts";
import { addMonths, daysUntil, feeCategoriesFor, feeText, todayInFinland } from "./format.ts";

describe("feeText", () => {
  it("names the category and shows the amount in euros in each language", () => {
    const fee = { category: "EXTENSIVE_PERMIT" as const, amountCents: 300_000 };
    const fi = feeText((k, p) => translate("fi", k, p), "fi", fee);
    expect(fi.replace(/\s/g, " ")).toBe("Laaja lupa tai ETA-alueen ulkopuolinen hakija: 3 000,00 €");
    const en = feeText((k, p) => translate("en", k, p), "en", { category: "THESIS_PERMIT", amountCents: 25_000 });
    expect(en).toBe("Thesis: €250.00");
  });
});

describe("feeCategoriesFor", () => {
  it("offers only the categories that fit the kind", () => {
    expect(feeCategoriesFor("DATA_PERMIT")).toEqual(["PERMIT", "EXTENSIVE_PERMIT", "THESIS_PERMIT"]);
    expect(feeCategoriesFor("DATA_REQUEST")).toEqual(["DATA_REQUEST"]);
    expect(feeCategoriesFor("AMENDMENT")).toEqual(["AMENDMENT"]);
  });
});

describe("dates", () => {
  it("adds calendar months, clamping to the month's end", () => {
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2026-01-15", 12)).toBe("2027-01-15");
  });

  it("counts days to a due date, negative when past", () => {
    expect(daysUntil("2026-12-01", "2026-11-23")).toBe(8);
    expect(daysUntil("2026-11-20", "2026-11-23")).toBe(-3);
  });

  it("uses Finland's date around midnight UTC", () => {
    expect(todayInFinland(new Date("2026-11-23T22:30:00Z"))).toBe("2026-11-24");
  });
});
