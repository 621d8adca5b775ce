//! Loading trusted public keys from a PEM bundle or a JWKS document.

use std::path::Path;

use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey};

/// Which algorithms a key can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFamily {
    Rsa,
    Ec,
    Ed,
}

impl KeyFamily {
    /// The family of an algorithm, or `None` for HMAC (never accepted).
    pub fn of(alg: Algorithm) -> Option<KeyFamily> {
        match alg {
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => Some(KeyFamily::Rsa),
            Algorithm::ES256 | Algorithm::ES384 => Some(KeyFamily::Ec),
            Algorithm::EdDSA => Some(KeyFamily::Ed),
            // HMAC, and anything added to the enum later, is never trusted.
            _ => None,
        }
    }
}

/// A public key with the issuer and audience its tokens must carry.
#[derive(Clone)]
pub struct TrustedKey {
    /// `kid` from a JWKS; PEM keys have none and match tokens without a `kid`.
    pub kid: Option<String>,
    pub family: KeyFamily,
    pub key: DecodingKey,
    pub issuer: String,
    pub audience: String,
}

impl std::fmt::Debug for TrustedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustedKey")
            .field("kid", &self.kid)
            .field("family", &self.family)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

/// Why the key file could not be used; names the file and the offending entry.
#[derive(Debug, thiserror::Error)]
pub enum KeyLoadError {
    #[error("public keys file {path}: {message}")]
    Unreadable { path: String, message: String },
    #[error("public keys file {path}: {message}")]
    Invalid { path: String, message: String },
}

/// Reads a PEM file of one or more `PUBLIC KEY` blocks (RSA, EC P-256/P-384, Ed25519), or
/// a JWKS JSON document, and binds each key to `issuer` and `audience`.
pub fn load_public_keys(
    path: &Path,
    issuer: &str,
    audience: &str,
) -> Result<Vec<TrustedKey>, KeyLoadError> {
    let bytes = std::fs::read(path).map_err(|e| KeyLoadError::Unreadable {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    let invalid = |message: String| KeyLoadError::Invalid {
        path: path.display().to_string(),
        message,
    };
    let looks_like_json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let keys = if looks_like_json {
        parse_jwks(&bytes)
    } else {
        parse_pem(&bytes)
    }
    .map_err(invalid)?;
    if keys.is_empty() {
        return Err(KeyLoadError::Invalid {
            path: path.display().to_string(),
            message: "contains no public keys".to_owned(),
        });
    }
    Ok(keys
        .into_iter()
        .map(|(kid, family, key)| TrustedKey {
            kid,
            family,
            key,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        })
        .collect())
}

type ParsedKey = (Option<String>, KeyFamily, DecodingKey);

fn parse_pem(bytes: &[u8]) -> Result<Vec<ParsedKey>, String> {
    let blocks = pem::parse_many(bytes).map_err(|e| format!("not valid PEM: {e}"))?;
    blocks
        .iter()
        .enumerate()
        .map(|(i, block)| {
            let n = i + 1;
            if !matches!(block.tag(), "PUBLIC KEY" | "RSA PUBLIC KEY") {
                return Err(format!(
                    "block {n} is `{}`; only public keys are accepted",
                    block.tag()
                ));
            }
            let single = pem::encode(block);
            let single = single.as_bytes();
            if let Ok(key) = DecodingKey::from_rsa_pem(single) {
                return Ok((None, KeyFamily::Rsa, key));
            }
            if let Ok(key) = DecodingKey::from_ec_pem(single) {
                return Ok((None, KeyFamily::Ec, key));
            }
            if let Ok(key) = DecodingKey::from_ed_pem(single) {
                return Ok((None, KeyFamily::Ed, key));
            }
            Err(format!("block {n} is not an RSA, EC or Ed25519 public key"))
        })
        .collect()
}

fn parse_jwks(bytes: &[u8]) -> Result<Vec<ParsedKey>, String> {
    let set: JwkSet = serde_json::from_slice(bytes).map_err(|e| format!("not a JWKS: {e}"))?;
    set.keys
        .iter()
        .enumerate()
        .map(|(i, jwk)| {
            let label = jwk
                .common
                .key_id
                .clone()
                .unwrap_or_else(|| format!("#{}", i + 1));
            let family = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => KeyFamily::Rsa,
                AlgorithmParameters::EllipticCurve(_) => KeyFamily::Ec,
                AlgorithmParameters::OctetKeyPair(_) => KeyFamily::Ed,
                AlgorithmParameters::OctetKey(_) => {
                    return Err(format!(
                        "key {label} is symmetric; only public keys are accepted"
                    ));
                }
                _ => return Err(format!("key {label} has an unsupported key type")),
            };
            let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("key {label}: {e}"))?;
            Ok((jwk.common.key_id.clone(), family, key))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/keys")
            .join(name)
    }

    #[test]
    fn a_pem_bundle_yields_one_key_per_block_with_its_family() {
        let keys = load_public_keys(&fixture("trusted-public-keys.pem"), "iss", "aud").unwrap();
        let families: Vec<_> = keys.iter().map(|k| k.family).collect();
        assert_eq!(families, [KeyFamily::Rsa, KeyFamily::Ec, KeyFamily::Ed]);
        assert!(keys.iter().all(|k| k.kid.is_none()));
    }

    #[test]
    fn a_jwks_keeps_key_ids() {
        let keys = load_public_keys(&fixture("trusted-jwks.json"), "iss", "aud").unwrap();
        let kids: Vec<_> = keys.iter().map(|k| k.kid.as_deref().unwrap()).collect();
        assert_eq!(kids, ["test-rsa", "test-ec", "test-ed"]);
    }

    #[test]
    fn private_keys_and_symmetric_keys_are_refused() {
        let err = load_public_keys(&fixture("rs256-private.pem"), "i", "a").unwrap_err();
        assert!(err.to_string().contains("only public keys"), "{err}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwks.json");
        std::fs::write(
            &path,
            r#"{"keys":[{"kty":"oct","kid":"k","k":"c2VjcmV0"}]}"#,
        )
        .unwrap();
        let err = load_public_keys(&path, "i", "a").unwrap_err();
        assert!(err.to_string().contains("symmetric"), "{err}");
    }

    #[test]
    fn an_empty_or_missing_file_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.pem");
        std::fs::write(&path, "").unwrap();
        let err = load_public_keys(&path, "i", "a").unwrap_err().to_string();
        assert!(
            err.contains("empty.pem") && err.contains("no public keys"),
            "{err}"
        );
        let err = load_public_keys(&dir.path().join("missing.pem"), "i", "a").unwrap_err();
        assert!(err.to_string().contains("missing.pem"));
    }
}
