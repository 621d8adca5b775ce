// Starts the real OpenID provider (tests/servers/oidc-provider.mjs) and the real server
// (target/debug/tietolupa serve) on free ports, the server in dev mode with demo data, on a
// fresh temporary data directory (so a fresh SQLite database), serving web/dist and signing in
// through the provider as well as through the dev picker. The global setup starts one for the
// whole suite and returns the teardown that stops both and removes the directory;
// `startServer` starts another for a spec that needs demo data no other spec has touched
// (e2e/visual.spec.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// Shared with `just run-oidc`; types in the .d.mts files beside them.
import { appEnvironment } from "../../tests/servers/oidc-app-config.mjs";
import { startOidcProvider } from "../../tests/servers/start-oidc-provider.mjs";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(web, "..");
const binary = process.env.TIETOLUPA_BIN ?? join(repo, "target/debug/tietolupa");

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

async function waitUntilReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready within 60 s:\n${log()}`);
}

export interface StartedServer {
  baseURL: string;
  oidcIssuer: string;
  /** Stops the server and the provider and removes the data directory. */
  stop: () => Promise<void>;
}

export async function startServer(): Promise<StartedServer> {
  if (!existsSync(join(web, "dist/index.html"))) {
    throw new Error("web/dist is missing: run `npm run build` (or `just web`) first");
  }
  if (!process.env.TIETOLUPA_BIN && !existsSync(binary)) {
    const build = spawnSync("cargo", ["build", "--bin", "tietolupa"], { cwd: repo, stdio: "inherit" });
    if (build.status !== 0) throw new Error("cargo build --bin tietolupa failed");
  }

  const dataDir = mkdtempSync(join(tmpdir(), "tietolupa-e2e-"));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  if (!existsSync(join(repo, "tests/servers/node_modules/oidc-provider"))) {
    throw new Error("tests/servers/node_modules is missing: run `just servers-deps` (or `cd tests/servers && npm ci`)");
  }
  const provider = await startOidcProvider({
    redirectUris: [`${baseURL}/auth/callback`],
    postLogoutUris: [`${baseURL}/`],
    stderr: process.env.TIETOLUPA_E2E_SERVER_LOG ? "inherit" : "ignore",
  });
  let output = "";
  const server = spawn(binary, ["serve"], {
    cwd: repo,
    env: {
      // The server refuses TIETOLUPA_ variables it does not know, such as the suite's own
      // TIETOLUPA_E2E_* that the global setup sets before a spec starts a second server.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TIETOLUPA_E2E_"))),
      TIETOLUPA_MODE: "dev",
      TIETOLUPA_DATA_DIR: dataDir,
      TIETOLUPA_DATABASE_URL: `sqlite://${dataDir}/tietolupa.db?mode=rwc`,
      TIETOLUPA_LISTEN: `127.0.0.1:${port}`,
      TIETOLUPA_WEB_DIR: join(web, "dist"),
      TIETOLUPA_SEED_DEMO_DATA: "true",
      TIETOLUPA_LOG: process.env.TIETOLUPA_LOG ?? "warn",
      // One browser from 127.0.0.1 signs in for every test: lift the per-client rate limits.
      TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
      TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST: "1000000",
      TIETOLUPA_RATE_LIMIT_DEV_TOKEN_PER_MINUTE: "1000000",
      TIETOLUPA_RATE_LIMIT_DEV_TOKEN_BURST: "1000000",
      ...appEnvironment(provider.issuer, baseURL),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (process.env.TIETOLUPA_E2E_SERVER_LOG) process.stderr.write(chunk);
  };
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);

  try {
    await waitUntilReady(baseURL, server, () => output);
  } catch (error) {
    server.kill("SIGKILL");
    await provider.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await provider.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { baseURL, oidcIssuer: provider.issuer, stop };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer();
  process.env.TIETOLUPA_E2E_BASE_URL = server.baseURL;
  process.env.TIETOLUPA_E2E_OIDC_ISSUER = server.oidcIssuer;
  return server.stop;
}
