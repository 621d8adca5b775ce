// `just screenshots`: the same real server and Chromium as the e2e tests (playwright.config.ts),
// but only the screenshot script, at a fixed desktop size. Never part of `npm run e2e`.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config.ts";

export default defineConfig({
  ...base,
  testDir: "screenshots",
  timeout: 180_000,
  use: {
    ...base.use,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    trace: "off",
    screenshot: "off",
  },
});
