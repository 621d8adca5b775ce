// Fails when src/gql/ is not what graphql-codegen generates from ../schema.graphql and the
// operations in src/ today: regenerates into a temporary directory and compares file by file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const committed = "src/gql";
const fresh = mkdtempSync(join(tmpdir(), "tietolupa-codegen-"));
try {
  execFileSync("npx", ["--no-install", "graphql-codegen", "--config", "codegen.ts", "--silent"], {
    stdio: "inherit",
    env: { ...process.env, CODEGEN_OUT: `${fresh}/` },
  });
  const list = (dir) => readdirSync(dir).sort();
  const names = new Set([...list(committed), ...list(fresh)]);
  const stale = [];
  for (const name of names) {
    let a = null;
    let b = null;
    try {
      a = readFileSync(join(committed, name), "utf8");
    } catch {}
    try {
      b = readFileSync(join(fresh, name), "utf8");
    } catch {}
    if (a !== b) stale.push(name);
  }
  if (stale.length > 0) {
    console.error(`src/gql is stale (${stale.join(", ")}): run \`npm run codegen\` and commit the result.`);
    process.exit(1);
  }
  console.log("src/gql is up to date with ../schema.graphql and the operations in src/");
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
