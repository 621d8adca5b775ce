// Prints the gzipped size of the JavaScript dist/index.html loads eagerly (entry script and
// modulepreloads, not the lazily loaded journey chunks) and fails above the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 250 * 1024;
const dist = process.argv[2] ?? "dist";
const html = readFileSync(join(dist, "index.html"), "utf8");

const urls = new Set();
for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)) urls.add(m[1]);
for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) urls.add(m[1]);
for (const m of html.matchAll(/<link[^>]*href="([^"]+\.js)"[^>]*rel="modulepreload"/g)) urls.add(m[1]);
if (urls.size === 0) {
  console.error(`no eager scripts found in ${dist}/index.html`);
  process.exit(1);
}

let total = 0;
for (const url of urls) {
  const gz = gzipSync(readFileSync(join(dist, url.replace(/^\//, "")))).length;
  total += gz;
  console.log(`  ${url}  ${(gz / 1024).toFixed(1)} kB gzipped`);
}
const verdict = total <= BUDGET_BYTES ? "within" : "OVER";
console.log(`Initial route JS: ${(total / 1024).toFixed(1)} kB gzipped (${verdict} the ${BUDGET_BYTES / 1024} kB budget)`);
if (total > BUDGET_BYTES) process.exit(1);
