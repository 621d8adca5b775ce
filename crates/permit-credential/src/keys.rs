//! The signing keys: a ring of Ed25519 keys by `kid`, one current for signing, the others
//! kept so that credentials they signed still verify; and the public half as a JWKS
//! (RFC 7517, with RFC 8037 OKP keys) for `/.well-known/jwks.json` and offline verifiers.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{SigningKey, VerifyingKey};
use jsonwebtoken::{DecodingKey, EncodingKey};
use serde::{Deserialize, Serialize};

/// Why keys cannot be used. Never contains key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The ring has no keys, or `current` names none of them.
    #[error("the current key `{0}` is not in the ring")]
    NoCurrentKey(String),
    /// A private key is neither a base64 32-byte seed nor a PKCS#8 PEM Ed25519 key.
    #[error("key `{0}` is not an Ed25519 private key (base64 32-byte seed or PKCS#8 PEM)")]
    NotAPrivateKey(String),
    /// A JWKS document is not JSON of the expected shape.
    #[error("not a JWKS document: {0}")]
    NotAJwks(String),
    /// An Ed25519 key in a JWKS has no `kid`, so no credential can name it.
    #[error("an Ed25519 key in the JWKS has no kid")]
    MissingKid,
    /// An Ed25519 key's `x` is not a 32-byte base64url public key.
    #[error("key `{0}` in the JWKS has no valid Ed25519 public key")]
    BadPublicKey(String),
    /// The JWKS holds no Ed25519 key.
    #[error("the JWKS holds no Ed25519 key")]
    Empty,
}

/// Ed25519 private keys by `kid`, and the `kid` of the one that signs.
pub struct PermitKeyRing {
    current: String,
    keys: BTreeMap<String, SigningKey>,
}

impl fmt::Debug for PermitKeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PermitKeyRing")
            .field("current", &self.current)
            .field("kids", &self.keys.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl PermitKeyRing {
    /// A ring from 32-byte Ed25519 seeds, the shape of the secrets file's rings.
    pub fn from_seeds<I>(current: &str, seeds: I) -> Result<PermitKeyRing, KeyError>
    where
        I: IntoIterator<Item = (String, [u8; 32])>,
    {
        let keys: BTreeMap<_, _> = seeds
            .into_iter()
            .map(|(kid, seed)| (kid, SigningKey::from_bytes(&seed)))
            .collect();
        if !keys.contains_key(current) {
            return Err(KeyError::NoCurrentKey(current.to_owned()));
        }
        Ok(PermitKeyRing {
            current: current.to_owned(),
            keys,
        })
    }

    pub fn current_kid(&self) -> &str {
        &self.current
    }

    /// The current key as `jsonwebtoken` signs with it.
    pub(crate) fn encoding_key(&self) -> Result<(&str, EncodingKey), crate::SignError> {
        let key = self.keys.get(&self.current).ok_or(crate::SignError::Key)?;
        let der = key.to_pkcs8_der().map_err(|_| crate::SignError::Key)?;
        Ok((&self.current, EncodingKey::from_ed_der(der.as_bytes())))
    }

    /// Every key's public half: retired keys stay published as long as they are in the
    /// ring, so their credentials keep verifying.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self
                .keys
                .iter()
                .map(|(kid, key)| Jwk::ed25519(kid, &key.verifying_key()))
                .collect(),
        }
    }
}

/// A private key from text: a base64 (standard or URL-safe) 32-byte seed, as in the
/// secrets file, or a PKCS#8 PEM block (`openssl genpkey -algorithm ed25519`).
pub fn parse_private_key(kid: &str, text: &str) -> Result<[u8; 32], KeyError> {
    let text = text.trim();
    let bad = || KeyError::NotAPrivateKey(kid.to_owned());
    if text.starts_with("-----BEGIN") {
        return SigningKey::from_pkcs8_pem(text)
            .map(|key| key.to_bytes())
            .map_err(|_| bad());
    }
    let bytes = STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
        .map_err(|_| bad())?;
    bytes.try_into().map_err(|_| bad())
}

/// A JSON Web Key Set of Ed25519 public keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// One key as RFC 8037 writes an Ed25519 public key, with the parameters a verifier
/// checks (`alg`, `use`). Other key types in a document read are skipped (RFC 7517
/// section 5), so only their `kty` is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
}

impl Jwk {
    fn ed25519(kid: &str, key: &VerifyingKey) -> Jwk {
        Jwk {
            kty: "OKP".to_owned(),
            crv: Some("Ed25519".to_owned()),
            x: Some(URL_SAFE_NO_PAD.encode(key.as_bytes())),
            kid: Some(kid.to_owned()),
            alg: Some("EdDSA".to_owned()),
            key_use: Some("sig".to_owned()),
        }
    }

    fn is_ed25519(&self) -> bool {
        self.kty == "OKP"
            && self.crv.as_deref() == Some("Ed25519")
            && self.alg.as_deref().is_none_or(|alg| alg == "EdDSA")
            && self.key_use.as_deref().is_none_or(|u| u == "sig")
    }
}

/// The verifying keys of a JWKS by `kid`: what `verify` trusts.
#[derive(Clone)]
pub struct TrustedKeys {
    keys: BTreeMap<String, DecodingKey>,
}

impl fmt::Debug for TrustedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.keys.keys()).finish()
    }
}

impl Jwks {
    /// Reads a JWKS document.
    pub fn from_json(text: &str) -> Result<Jwks, KeyError> {
        serde_json::from_str(text).map_err(|e| KeyError::NotAJwks(e.to_string()))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a JWKS always serialises")
    }

    /// The Ed25519 signing keys of the set; keys of other types are skipped.
    pub fn trusted(&self) -> Result<TrustedKeys, KeyError> {
        let mut keys = BTreeMap::new();
        for jwk in self.keys.iter().filter(|jwk| jwk.is_ed25519()) {
            let kid = jwk.kid.clone().ok_or(KeyError::MissingKid)?;
            let bad = || KeyError::BadPublicKey(kid.clone());
            let bytes: [u8; 32] = URL_SAFE_NO_PAD
                .decode(jwk.x.as_deref().ok_or_else(bad)?)
                .map_err(|_| bad())?
                .try_into()
                .map_err(|_| bad())?;
            // Refuses encodings that are not a point on the curve.
            let key = VerifyingKey::from_bytes(&bytes).map_err(|_| bad())?;
            keys.insert(kid, DecodingKey::from_ed_der(key.as_bytes()));
        }
        if keys.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(TrustedKeys { keys })
    }
}

impl TrustedKeys {
    pub(crate) fn get(&self, kid: &str) -> Option<&DecodingKey> {
        self.keys.get(kid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(n: u8) -> [u8; 32] {
        [n; 32]
    }

    #[test]
    fn the_jwks_publishes_every_key_as_an_okp_key_without_private_parts() {
        let ring = PermitKeyRing::from_seeds(
            "permit-2",
            [("permit-1".into(), seed(1)), ("permit-2".into(), seed(2))],
        )
        .unwrap();
        let json: serde_json::Value = serde_json::from_str(&ring.jwks().to_json()).unwrap();
        let keys = json["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        for key in keys {
            assert_eq!(key["kty"], "OKP");
            assert_eq!(key["crv"], "Ed25519");
            assert_eq!(key["alg"], "EdDSA");
            assert_eq!(
                URL_SAFE_NO_PAD
                    .decode(key["x"].as_str().unwrap())
                    .unwrap()
                    .len(),
                32
            );
            assert!(key.get("d").is_none());
        }
        assert_eq!(keys[1]["kid"], "permit-2");
        let trusted = ring.jwks().trusted().unwrap();
        assert!(trusted.get("permit-1").is_some() && trusted.get("permit-2").is_some());
    }

    #[test]
    fn a_ring_must_hold_its_current_key() {
        let err = PermitKeyRing::from_seeds("absent", [("permit-1".into(), seed(1))]).unwrap_err();
        assert_eq!(err, KeyError::NoCurrentKey("absent".into()));
    }

    #[test]
    fn private_keys_parse_from_base64_and_pem_and_nothing_else() {
        let key = SigningKey::from_bytes(&seed(7));
        assert_eq!(
            parse_private_key("k", &STANDARD.encode(seed(7))).unwrap(),
            seed(7)
        );
        assert_eq!(
            parse_private_key("k", &URL_SAFE_NO_PAD.encode(seed(7))).unwrap(),
            seed(7)
        );
        let pem = key
            .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .unwrap();
        assert_eq!(parse_private_key("k", &pem).unwrap(), seed(7));
        let short = STANDARD.encode([1u8; 16]);
        let err = parse_private_key("k", &short).unwrap_err();
        assert!(!err.to_string().contains(&short));
        assert!(parse_private_key("k", "-----BEGIN PRIVATE KEY-----\nAAAA\n").is_err());
    }

    #[test]
    fn other_key_types_are_skipped_and_broken_ed25519_keys_refused() {
        let rsa = r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"r"}]}"#;
        assert_eq!(
            Jwks::from_json(rsa).unwrap().trusted().unwrap_err(),
            KeyError::Empty
        );
        let no_kid = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA"}]}"#;
        assert_eq!(
            Jwks::from_json(no_kid).unwrap().trusted().unwrap_err(),
            KeyError::MissingKid
        );
        let short = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA","kid":"s"}]}"#;
        assert_eq!(
            Jwks::from_json(short).unwrap().trusted().unwrap_err(),
            KeyError::BadPublicKey("s".into())
        );
        assert!(matches!(Jwks::from_json("[]"), Err(KeyError::NotAJwks(_))));
    }

    #[test]
    fn debug_names_kids_only() {
        let ring = PermitKeyRing::from_seeds("permit-1", [("permit-1".into(), seed(9))]).unwrap();
        let shown = format!("{ring:?}");
        assert!(shown.contains("permit-1"));
        assert!(!shown.contains(&STANDARD.encode(seed(9))));
    }
}
