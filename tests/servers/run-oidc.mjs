#!/usr/bin/env node
// `just run-oidc`: the app (target/debug/tietolupa serve, dev mode, SQLite with demo data in
// data/oidc/) signing in through the local test OpenID provider, so the real flow can be tried.
// Ctrl-C stops both. TIETOLUPA_LISTEN changes the app's address (default 127.0.0.1:8080).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { appEnvironment } from "./oidc-app-config.mjs";
import { startOidcProvider } from "./start-oidc-provider.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.TIETOLUPA_BIN ?? join(repo, "target/debug/tietolupa");
if (!existsSync(binary)) {
  console.error(`${binary} is missing: run \`cargo build --bin tietolupa\` (just run-oidc does)`);
  process.exit(1);
}

const listen = process.env.TIETOLUPA_LISTEN ?? "127.0.0.1:8080";
const publicUrl = process.env.TIETOLUPA_PUBLIC_URL ?? `http://${listen}`;
const dataDir = process.env.TIETOLUPA_DATA_DIR ?? join(repo, "data/oidc");

const provider = await startOidcProvider({
  redirectUris: [`${publicUrl}/auth/callback`],
  postLogoutUris: [`${publicUrl}/`],
});

const app = spawn(binary, ["serve"], {
  cwd: repo,
  stdio: "inherit",
  env: {
    ...process.env,
    TIETOLUPA_MODE: process.env.TIETOLUPA_MODE ?? "dev",
    TIETOLUPA_LISTEN: listen,
    TIETOLUPA_DATA_DIR: dataDir,
    ...appEnvironment(provider.issuer, publicUrl),
  },
});

console.error(`
The OpenID provider runs at ${provider.issuer}; the app at ${publicUrl}.
Open ${publicUrl}/sign-in and choose a provider. Users (password: demo):
  staff:      handler, director, auditor, clerk
  applicant:  applicant
  citizen:    citizen (and badcitizen, whose identity code is refused)
Ctrl-C stops both.
`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null && app.signalCode === null) {
    const exited = new Promise((done) => app.once("exit", done));
    app.kill("SIGTERM");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
    if (app.exitCode === null && app.signalCode === null) app.kill("SIGKILL");
  }
  await provider.stop();
  process.exit(code);
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
app.once("exit", (code) => stop(code ?? 0));
provider.process.once("exit", () => {
  if (stopping) return;
  console.error("The OpenID provider stopped; stopping the app.");
  stop(1);
});
