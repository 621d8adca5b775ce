// Starts oidc-provider.mjs as a child process and resolves once it printed its issuer.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * `redirectUris` and `postLogoutUris` as for the script's options. Resolves to
 * `{ issuer, process, stop }`; `stop()` sends SIGTERM and waits for the exit.
 */
export function startOidcProvider({ redirectUris, postLogoutUris = [], port = 0, stderr = "inherit" }) {
  const args = [join(here, "oidc-provider.mjs"), "--port", String(port)];
  for (const uri of redirectUris) args.push("--redirect-uri", uri);
  for (const uri of postLogoutUris) args.push("--post-logout-uri", uri);
  const child = spawn(process.execPath, args, { cwd: here, stdio: ["ignore", "pipe", stderr] });
  return new Promise((resolve, reject) => {
    let buffered = "";
    const onData = (chunk) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      child.stdout.off("data", onData);
      // Keep draining stdout so the pipe never fills.
      child.stdout.resume();
      try {
        const { issuer } = JSON.parse(buffered.slice(0, newline));
        resolve({
          issuer,
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      } catch (error) {
        child.kill("SIGKILL");
        reject(new Error(`the OpenID provider's ready line is not JSON: ${buffered}`, { cause: error }));
      }
    };
    child.stdout.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`the OpenID provider exited (${code ?? signal}) before it was ready`)));
  });
}
