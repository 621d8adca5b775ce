import { describe, expect, it } from "vitest";
import { usableEnvironmentOptions } from "./environments.ts";

describe("usableEnvironmentOptions", () => {
  it("offers registered environments whose certificate is valid today", () => {
    const base = { provider: "CSC", status: "REGISTERED" as const, certificateValidUntil: "2027-01-01" };
    const options = usableEnvironmentOptions(
      [
        { ...base, id: "ok", name: "Kapseli" },
        { ...base, id: "today", name: "Tänään", certificateValidUntil: "2026-11-23" },
        { ...base, id: "expired", name: "Vanha", certificateValidUntil: "2026-11-22" },
        { ...base, id: "removed", name: "Poistettu", status: "REMOVED" },
        { ...base, id: "deviation", name: "Poikkeama", status: "SIGNIFICANT_DEVIATION" },
      ],
      "2026-11-23",
    );
    expect(options).toEqual([
      { value: "ok", label: "Kapseli (CSC)" },
      { value: "today", label: "Tänään (CSC)" },
    ]);
  });
});
