use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::Value;

use crate::fixture;

/// The identity provider the test server trusts (keys in `tests/fixtures/keys`).
pub const TEST_ISSUER: &str = "https://idp.test";
pub const TEST_AUDIENCE: &str = "tietolupa-test";

#[derive(Debug, Clone, Copy)]
pub enum TestKey {
    Rs256,
    Es256,
    Ed25519,
    /// A key the server does not trust.
    UntrustedRs256,
}

/// Signs `claims` with a fixture key, with an optional `kid` header.
pub fn sign_token(key: TestKey, kid: Option<&str>, claims: &Value) -> String {
    let (alg, file) = match key {
        TestKey::Rs256 => (Algorithm::RS256, "keys/rs256-private.pem"),
        TestKey::Es256 => (Algorithm::ES256, "keys/es256-private.pem"),
        TestKey::Ed25519 => (Algorithm::EdDSA, "keys/ed25519-private.pem"),
        TestKey::UntrustedRs256 => (Algorithm::RS256, "keys/untrusted-rs256-private.pem"),
    };
    let pem = std::fs::read(fixture(file)).expect("read a fixture key");
    let encoding = match alg {
        Algorithm::RS256 => EncodingKey::from_rsa_pem(&pem),
        Algorithm::ES256 => EncodingKey::from_ec_pem(&pem),
        _ => EncodingKey::from_ed_pem(&pem),
    }
    .expect("a valid fixture key");
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    encode(&header, claims, &encoding).expect("sign the token")
}
