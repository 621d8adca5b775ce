// End-to-end tests in Debian's Chromium (never a downloaded browser) against the real server
// binary on a fresh SQLite database; see e2e/global-setup.ts and web/README.md.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  // Two shared cores: one worker keeps timings predictable; journeys must not depend on order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: {
    timeout: 10_000,
    // e2e/visual.spec.ts: how far a run may differ from its baseline (anti-aliasing); a
    // stylesheet that stops applying changes far more.
    toHaveScreenshot: { maxDiffPixelRatio: 0.001, animations: "disabled", caret: "hide" },
  },
  // Baselines of e2e/visual.spec.ts, committed; `just visual-update` regenerates them.
  snapshotPathTemplate: "{testDir}/__screenshots__/{testFilePath}/{arg}{ext}",
  reporter: [["list"]],
  outputDir: "../target/playwright",
  use: {
    // Set by the global setup once the server listens.
    baseURL: process.env.TIETOLUPA_E2E_BASE_URL,
    locale: "fi-FI",
    timezoneId: "Europe/Helsinki",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
  },
});
