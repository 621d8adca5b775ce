// Types for oidc-app-config.mjs (used from the web app's TypeScript Playwright setup).
export interface SignInProviderSetting {
  id: string;
  kind: "staff" | "applicant" | "citizen";
  name: { fi: string; sv: string; en: string };
  issuer: string;
  client_id: string;
  client_secret: string;
  roles_claim?: string;
  role_mapping?: Record<string, string>;
  organisation_claim?: string;
  identity_code_claim?: string;
}
export function signInProviders(issuer: string): SignInProviderSetting[];
export function appEnvironment(issuer: string, publicUrl: string): Record<string, string>;
