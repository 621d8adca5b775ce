/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Backend for `npm run dev`; override with TIETOLUPA_BACKEND=http://host:port.
const backend = process.env.TIETOLUPA_BACKEND ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      // Whole path segments only, so e.g. /devtools.ts is not proxied.
      "^/(graphql|api|auth|dev|healthz|readyz)(/|\\?|$)": { target: backend },
    },
  },
  build: {
    outDir: "dist",
  },
  html: {
    // The server replaces this in every index.html response with a fresh nonce, also sent in
    // that response's CSP `style-src` (crates/http/src/web.rs). Vite writes it into
    // <meta property="csp-nonce">, where styled-components (the Suomi.fi components' styles)
    // reads it, and onto the tags it emits.
    cspNonce: "__CSP_NONCE__",
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
