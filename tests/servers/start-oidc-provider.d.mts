// Types for start-oidc-provider.mjs (used from the web app's TypeScript Playwright setup).
import type { ChildProcess, StdioNull, StdioPipe } from "node:child_process";

export interface StartedOidcProvider {
  issuer: string;
  process: ChildProcess;
  stop(): Promise<void>;
}
export function startOidcProvider(options: {
  redirectUris: string[];
  postLogoutUris?: string[];
  port?: number;
  stderr?: "inherit" | StdioNull | StdioPipe;
}): Promise<StartedOidcProvider>;
