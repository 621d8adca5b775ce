// The app's sign-in settings for the test provider (oidc-provider.mjs): the value of
// TIETOLUPA_SIGN_IN_PROVIDERS (crates/config/src/sign_in.rs) naming its three clients. Used by
// the Playwright global setup and `just run-oidc`.

/** The providers as the app's setting wants them, for a provider running at `issuer`. */
export function signInProviders(issuer) {
  return [
    {
      id: "staff",
      kind: "staff",
      name: { fi: "Henkilöstö (testitunnistus)", sv: "Personal (testidentifiering)", en: "Staff (test provider)" },
      issuer,
      client_id: "tietolupa-staff",
      client_secret: "test-secret-staff",
      roles_claim: "groups",
      role_mapping: {
        "tietolupa-handlers": "HANDLER",
        "tietolupa-directors": "DIRECTOR",
        "tietolupa-auditors": "AUDITOR",
        "tietolupa-objection-clerks": "REGISTRY_CLERK",
      },
    },
    {
      id: "applicant",
      kind: "applicant",
      name: { fi: "Hakijat (testitunnistus)", sv: "Sökande (testidentifiering)", en: "Applicants (test provider)" },
      issuer,
      client_id: "tietolupa-applicant",
      client_secret: "test-secret-applicant",
      organisation_claim: "organisation",
    },
    {
      id: "citizen",
      kind: "citizen",
      name: { fi: "Kansalaiset (testitunnistus)", sv: "Medborgare (testidentifiering)", en: "Citizens (test provider)" },
      issuer,
      client_id: "tietolupa-citizen",
      client_secret: "test-secret-citizen",
      identity_code_claim: "urn:oid:1.2.246.21",
    },
  ];
}

/** The environment that points the app at the provider, with `publicUrl` its own address. */
export function appEnvironment(issuer, publicUrl) {
  return {
    TIETOLUPA_SIGN_IN_PROVIDERS: JSON.stringify(signInProviders(issuer)),
    TIETOLUPA_PUBLIC_URL: publicUrl,
  };
}
