//! The development token issuer behind `POST /dev/token`. It exists only in dev mode; its
//! Ed25519 key is generated once into the data directory so tokens survive restarts.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, encode};
use serde::{Deserialize, Serialize};
use tietolupa_domain::Role;
use time::OffsetDateTime;

use crate::keys::{KeyFamily, TrustedKey};

/// How long a development token is valid: a working day.
const TOKEN_LIFETIME: Duration = Duration::from_secs(8 * 60 * 60);

pub struct DevIssuer {
    kid: String,
    issuer: String,
    audience: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for DevIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevIssuer")
            .field("kid", &self.kid)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

/// The body of `POST /dev/token`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevTokenRequest {
    pub sub: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    /// A citizen's identity code; passed into the token unvalidated, as an identity
    /// provider would. Never logged.
    #[serde(default)]
    pub hetu: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedToken {
    pub token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// What is wrong with a token request, per field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DevTokenError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("signing failed")]
    Signing,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    aud: &'a str,
    sub: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    roles: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hetu: Option<&'a str>,
    iat: i64,
    nbf: i64,
    exp: i64,
}

impl DevIssuer {
    /// Loads the signing key from `key_path`, generating it on first use.
    pub fn load_or_generate(
        key_path: &Path,
        issuer: &str,
        audience: &str,
    ) -> std::io::Result<DevIssuer> {
        let signing = if key_path.exists() {
            let pem = std::fs::read_to_string(key_path)?;
            SigningKey::from_pkcs8_pem(&pem).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}: not an Ed25519 private key: {e}", key_path.display()),
                )
            })?
        } else {
            let key = SigningKey::generate(&mut rand::rngs::OsRng);
            write_private(key_path, &key)?;
            key
        };
        DevIssuer::from_signing_key(&signing, issuer, audience)
    }

    fn from_signing_key(
        signing: &SigningKey,
        issuer: &str,
        audience: &str,
    ) -> std::io::Result<DevIssuer> {
        let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
        let private_pem = signing
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| invalid(e.to_string()))?;
        let public_pem = signing
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| invalid(e.to_string()))?;
        let public = signing.verifying_key().to_bytes();
        Ok(DevIssuer {
            kid: format!("dev-{}", hex::encode(&public[..8])),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            encoding: EncodingKey::from_ed_pem(private_pem.as_bytes())
                .map_err(|e| invalid(e.to_string()))?,
            decoding: DecodingKey::from_ed_pem(public_pem.as_bytes())
                .map_err(|e| invalid(e.to_string()))?,
        })
    }

    /// The key that verifies this issuer's tokens.
    pub fn trusted_key(&self) -> TrustedKey {
        TrustedKey {
            kid: Some(self.kid.clone()),
            family: KeyFamily::Ed,
            key: self.decoding.clone(),
            issuer: self.issuer.clone(),
            audience: self.audience.clone(),
        }
    }

    pub fn issue(&self, request: &DevTokenRequest) -> Result<IssuedToken, DevTokenError> {
        let invalid = |field, message: &str| DevTokenError::Invalid {
            field,
            message: message.to_owned(),
        };
        let sub = request.sub.trim();
        if sub.is_empty() || sub.len() > 200 {
            return Err(invalid("sub", "must be 1 to 200 characters"));
        }
        if request.name.as_ref().is_some_and(|n| n.len() > 200) {
            return Err(invalid("name", "must be at most 200 characters"));
        }
        let mut roles = Vec::with_capacity(request.roles.len());
        for role in &request.roles {
            let role: Role = role
                .parse()
                .map_err(|_| invalid("roles", "contains an unknown role"))?;
            roles.push(role.as_str());
        }
        let now = OffsetDateTime::now_utc();
        let expires_at = now + TOKEN_LIFETIME;
        let claims = Claims {
            iss: &self.issuer,
            aud: &self.audience,
            sub,
            name: request.name.as_deref(),
            roles,
            hetu: request.hetu.as_deref(),
            iat: now.unix_timestamp(),
            nbf: now.unix_timestamp(),
            exp: expires_at.unix_timestamp(),
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        let token = encode(&header, &claims, &self.encoding).map_err(|_| DevTokenError::Signing)?;
        Ok(IssuedToken { token, expires_at })
    }
}

fn write_private(path: &Path, key: &SigningKey) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(pem.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RejectReason, Verifier};

    fn request(roles: &[&str]) -> DevTokenRequest {
        DevTokenRequest {
            sub: "demo-handler-1".into(),
            name: Some("Sanna Laine".into()),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            hetu: None,
        }
    }

    #[test]
    fn issued_tokens_verify_and_the_key_persists() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dev-issuer.pem");
        let issuer = DevIssuer::load_or_generate(&path, "tietolupa-dev", "tietolupa").unwrap();
        let token = issuer.issue(&request(&["HANDLER"])).unwrap().token;

        // A restarted server loads the same key, so earlier tokens stay valid.
        let again = DevIssuer::load_or_generate(&path, "tietolupa-dev", "tietolupa").unwrap();
        let verifier = Verifier::new(vec![again.trusted_key()], Duration::from_secs(0));
        let actor = verifier.verify(&token).unwrap();
        assert_eq!(actor.id, "demo-handler-1");
        assert!(actor.has_role(Role::Handler));
    }

    #[test]
    fn another_installation_does_not_accept_the_token() {
        let dir = tempfile::tempdir().unwrap();
        let ours =
            DevIssuer::load_or_generate(&dir.path().join("a.pem"), "tietolupa-dev", "t").unwrap();
        let theirs =
            DevIssuer::load_or_generate(&dir.path().join("b.pem"), "tietolupa-dev", "t").unwrap();
        let token = theirs.issue(&request(&[])).unwrap().token;
        let verifier = Verifier::new(vec![ours.trusted_key()], Duration::from_secs(0));
        assert_eq!(
            verifier.verify(&token).unwrap_err().reason,
            RejectReason::UnknownKey
        );
    }

    #[test]
    fn unknown_roles_and_empty_subjects_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let issuer =
            DevIssuer::load_or_generate(&dir.path().join("k.pem"), "tietolupa-dev", "t").unwrap();
        assert!(matches!(
            issuer.issue(&request(&["OVERLORD"])),
            Err(DevTokenError::Invalid { field: "roles", .. })
        ));
        let mut empty = request(&[]);
        empty.sub = "  ".into();
        assert!(matches!(
            issuer.issue(&empty),
            Err(DevTokenError::Invalid { field: "sub", .. })
        ));
    }
}
