import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/index.ts";
import { deadlineMark } from "./queueDeadline.ts";

const words = (d: Parameters<typeof deadlineMark>[0], language: "fi" | "sv" | "en" = "fi") => {
  const mark = deadlineMark(d);
  return mark && { tone: mark.tone, text: translate(language, mark.key, mark.params) };
};

describe("deadlineMark", () => {
  it("says overdue in words", () => {
    expect(words({ overdue: true, dueSoon: false, daysLeft: -3 })).toEqual({ tone: "overdue", text: "Myöhässä" });
    expect(words({ overdue: true, dueSoon: false, daysLeft: -3 }, "sv")).toEqual({ tone: "overdue", text: "Försenad" });
  });

  it("counts the days of a case due soon", () => {
    expect(words({ overdue: false, dueSoon: true, daysLeft: 3 })).toEqual({ tone: "soon", text: "Erääntyy 3 päivän kuluttua" });
    expect(words({ overdue: false, dueSoon: true, daysLeft: 3 }, "sv")?.text).toBe("Förfaller om 3 dagar");
    expect(words({ overdue: false, dueSoon: true, daysLeft: 3 }, "en")?.text).toBe("Due in 3 days");
    expect(words({ overdue: false, dueSoon: true, daysLeft: 1 })?.text).toBe("Erääntyy huomenna");
    expect(words({ overdue: false, dueSoon: true, daysLeft: 0 })?.text).toBe("Erääntyy tänään");
  });

  it("leaves the rest unmarked", () => {
    expect(deadlineMark({ overdue: false, dueSoon: false, daysLeft: 40 })).toBeNull();
    expect(deadlineMark(null)).toBeNull();
  });
});
