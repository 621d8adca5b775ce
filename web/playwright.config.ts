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
  expect: { timeout: 10_000 },
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
