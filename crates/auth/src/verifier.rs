use std::time::Duration;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Validation, decode, decode_header};
use serde::Deserialize;
use tietolupa_domain::{Actor, IdentityCodeClaim, Role};

use crate::keys::{KeyFamily, TrustedKey};

/// A token that did not verify. Deliberately opaque to clients: the reason is for the
/// server's own debug log only, since telling an attacker *why* helps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid or expired token")]
pub struct TokenRejected {
    pub reason: RejectReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectReason {
    /// Not three base64url parts with JSON header and claims.
    Malformed,
    /// `none`, HMAC, or an algorithm no trusted key can verify.
    UnsupportedAlgorithm,
    /// The `kid` names no trusted key.
    UnknownKey,
    BadSignature,
    Expired,
    NotYetValid,
    WrongIssuer,
    WrongAudience,
    /// `exp`, `iss`, `aud` or `sub` missing, or a claim of the wrong type.
    InvalidClaims,
}

impl From<RejectReason> for TokenRejected {
    fn from(reason: RejectReason) -> Self {
        TokenRejected { reason }
    }
}

#[derive(Deserialize)]
struct Claims {
    // Defaulted so that a missing `sub` is reported by the required-claims check.
    #[serde(default)]
    sub: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    hetu: Option<String>,
}

/// Verifies bearer tokens against a fixed set of trusted keys.
#[derive(Debug, Clone)]
pub struct Verifier {
    keys: Vec<TrustedKey>,
    leeway: Duration,
}

impl Verifier {
    pub fn new(keys: Vec<TrustedKey>, leeway: Duration) -> Verifier {
        Verifier { keys, leeway }
    }

    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// The actor a token speaks for. Unknown role names are ignored, so an identity
    /// provider may carry roles of other systems.
    pub fn verify(&self, token: &str) -> Result<Actor, TokenRejected> {
        let header = decode_header(token).map_err(|_| RejectReason::Malformed)?;
        let family = KeyFamily::of(header.alg).ok_or(RejectReason::UnsupportedAlgorithm)?;
        let candidates: Vec<&TrustedKey> = match &header.kid {
            Some(kid) => self
                .keys
                .iter()
                .filter(|k| k.kid.as_deref() == Some(kid.as_str()))
                .collect(),
            None => self.keys.iter().filter(|k| k.kid.is_none()).collect(),
        };
        if candidates.is_empty() {
            return Err(RejectReason::UnknownKey.into());
        }
        let mut last = RejectReason::UnsupportedAlgorithm;
        for key in candidates.into_iter().filter(|k| k.family == family) {
            let mut validation = Validation::new(header.alg);
            validation.set_issuer(&[&key.issuer]);
            validation.set_audience(&[&key.audience]);
            validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
            validation.validate_nbf = true;
            validation.leeway = self.leeway.as_secs();
            match decode::<Claims>(token, &key.key, &validation) {
                Ok(data) => return actor_from(data.claims),
                Err(e) => last = classify(e.kind()),
            }
        }
        Err(last.into())
    }
}

fn actor_from(claims: Claims) -> Result<Actor, TokenRejected> {
    if claims.sub.trim().is_empty() {
        return Err(RejectReason::InvalidClaims.into());
    }
    let roles: Vec<Role> = claims.roles.iter().filter_map(|r| r.parse().ok()).collect();
    Ok(Actor::person(
        claims.sub,
        claims.name,
        roles,
        claims.hetu.map(IdentityCodeClaim::new),
    ))
}

fn classify(kind: &ErrorKind) -> RejectReason {
    match kind {
        ErrorKind::InvalidSignature => RejectReason::BadSignature,
        ErrorKind::ExpiredSignature => RejectReason::Expired,
        ErrorKind::ImmatureSignature => RejectReason::NotYetValid,
        ErrorKind::InvalidIssuer => RejectReason::WrongIssuer,
        ErrorKind::InvalidAudience => RejectReason::WrongAudience,
        ErrorKind::MissingRequiredClaim(_) | ErrorKind::InvalidClaimFormat(_) => {
            RejectReason::InvalidClaims
        }
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
            RejectReason::UnsupportedAlgorithm
        }
        _ => RejectReason::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    use std::path::Path;

    const ISS: &str = "https://idp.test";
    const AUD: &str = "tietolupa-test";

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/fixtures/keys")
                .join(name),
        )
        .unwrap()
    }

    fn verifier(file: &str) -> Verifier {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/keys")
            .join(file);
        Verifier::new(
            crate::load_public_keys(&path, ISS, AUD).unwrap(),
            Duration::from_secs(30),
        )
    }

    fn now() -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }

    fn claims(exp_in: i64) -> serde_json::Value {
        serde_json::json!({
            "iss": ISS, "aud": AUD, "sub": "user-1", "name": "Aino",
            "roles": ["HANDLER", "SOMETHING_ELSE"], "exp": now() + exp_in, "nbf": now() - 10,
        })
    }

    fn sign(
        alg: Algorithm,
        kid: Option<&str>,
        key: &EncodingKey,
        claims: &serde_json::Value,
    ) -> String {
        let mut header = Header::new(alg);
        header.kid = kid.map(str::to_owned);
        encode(&header, claims, key).unwrap()
    }

    fn rsa() -> EncodingKey {
        EncodingKey::from_rsa_pem(&fixture("rs256-private.pem")).unwrap()
    }

    #[test]
    fn rs256_es256_and_eddsa_tokens_verify() {
        let v = verifier("trusted-public-keys.pem");
        let ec = EncodingKey::from_ec_pem(&fixture("es256-private.pem")).unwrap();
        let ed = EncodingKey::from_ed_pem(&fixture("ed25519-private.pem")).unwrap();
        for token in [
            sign(Algorithm::RS256, None, &rsa(), &claims(300)),
            sign(Algorithm::ES256, None, &ec, &claims(300)),
            sign(Algorithm::EdDSA, None, &ed, &claims(300)),
        ] {
            let actor = v.verify(&token).unwrap();
            assert_eq!(actor.id, "user-1");
            assert!(actor.has_role(Role::Handler));
            assert!(actor.has_role(Role::Public));
        }
    }

    #[test]
    fn jwks_keys_are_chosen_by_kid() {
        let v = verifier("trusted-jwks.json");
        let token = sign(Algorithm::RS256, Some("test-rsa"), &rsa(), &claims(300));
        assert!(v.verify(&token).is_ok());
        let token = sign(Algorithm::RS256, Some("test-ec"), &rsa(), &claims(300));
        assert_eq!(
            v.verify(&token).unwrap_err().reason,
            RejectReason::UnsupportedAlgorithm
        );
        let token = sign(Algorithm::RS256, Some("nobody"), &rsa(), &claims(300));
        assert_eq!(
            v.verify(&token).unwrap_err().reason,
            RejectReason::UnknownKey
        );
    }

    #[test]
    fn each_defect_is_rejected_for_its_reason() {
        let v = verifier("trusted-public-keys.pem");
        let mut c = claims(-120);
        assert_eq!(
            v.verify(&sign(Algorithm::RS256, None, &rsa(), &c))
                .unwrap_err()
                .reason,
            RejectReason::Expired
        );
        c = claims(300);
        c["nbf"] = (now() + 120).into();
        assert_eq!(
            v.verify(&sign(Algorithm::RS256, None, &rsa(), &c))
                .unwrap_err()
                .reason,
            RejectReason::NotYetValid
        );
        c = claims(300);
        c["iss"] = "https://evil.test".into();
        assert_eq!(
            v.verify(&sign(Algorithm::RS256, None, &rsa(), &c))
                .unwrap_err()
                .reason,
            RejectReason::WrongIssuer
        );
        c = claims(300);
        c["aud"] = "someone-else".into();
        assert_eq!(
            v.verify(&sign(Algorithm::RS256, None, &rsa(), &c))
                .unwrap_err()
                .reason,
            RejectReason::WrongAudience
        );
        c = claims(300);
        c.as_object_mut().unwrap().remove("sub");
        assert_eq!(
            v.verify(&sign(Algorithm::RS256, None, &rsa(), &c))
                .unwrap_err()
                .reason,
            RejectReason::InvalidClaims
        );
        let untrusted = EncodingKey::from_rsa_pem(&fixture("untrusted-rs256-private.pem")).unwrap();
        assert_eq!(
            v.verify(&sign(Algorithm::RS256, None, &untrusted, &claims(300)))
                .unwrap_err()
                .reason,
            RejectReason::BadSignature
        );
    }

    #[test]
    fn expiry_within_the_leeway_is_tolerated() {
        let v = verifier("trusted-public-keys.pem");
        assert!(
            v.verify(&sign(Algorithm::RS256, None, &rsa(), &claims(-5)))
                .is_ok()
        );
    }

    #[test]
    fn hmac_signed_with_the_public_key_is_rejected() {
        let v = verifier("trusted-public-keys.pem");
        let public_pem = fixture("rs256-public.pem");
        let token = sign(
            Algorithm::HS256,
            None,
            &EncodingKey::from_secret(&public_pem),
            &claims(300),
        );
        assert_eq!(
            v.verify(&token).unwrap_err().reason,
            RejectReason::UnsupportedAlgorithm
        );
    }

    #[test]
    fn alg_none_and_garbage_are_rejected() {
        let v = verifier("trusted-public-keys.pem");
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(claims(300).to_string());
        let none = format!("{header}.{body}.");
        assert!(v.verify(&none).is_err());
        for garbage in [
            "",
            "abc",
            "a.b.c",
            "....",
            "eyJhbGciOiJSUzI1NiJ9..",
            "\u{0}\u{ffff}",
        ] {
            assert!(v.verify(garbage).is_err(), "{garbage:?}");
        }
    }

    #[test]
    fn an_empty_subject_is_rejected() {
        let v = verifier("trusted-public-keys.pem");
        let mut c = claims(300);
        c["sub"] = " ".into();
        assert_eq!(
            v.verify(&sign(Algorithm::RS256, None, &rsa(), &c))
                .unwrap_err()
                .reason,
            RejectReason::InvalidClaims
        );
    }
}
