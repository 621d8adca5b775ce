//! Compact JWS with EdDSA only, shared by the credential, the status list and the visas.
//! The header is read and judged here before `jsonwebtoken` sees the token: `alg: none`
//! and every algorithm but EdDSA are refused by name, whatever the library would do.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Header, Validation};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::keys::{PermitKeyRing, TrustedKeys};

/// Why a token could not be signed. Never contains key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The current key could not be used.
    #[error("the current signing key cannot be used")]
    Key,
    /// The claims could not be serialised.
    #[error("the claims cannot be serialised")]
    Claims,
}

/// Signs `claims` with the ring's current key, naming it in `kid`.
pub(crate) fn sign<T: Serialize>(
    claims: &T,
    typ: &str,
    jku: Option<&str>,
    ring: &PermitKeyRing,
) -> Result<String, SignError> {
    let (kid, key) = ring.encoding_key()?;
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some(typ.to_owned());
    header.kid = Some(kid.to_owned());
    header.jku = jku.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, &key).map_err(|e| match e.kind() {
        ErrorKind::Json(_) => SignError::Claims,
        _ => SignError::Key,
    })
}

/// Why a token's envelope is refused; each caller turns it into its own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JwsError {
    Malformed(&'static str),
    AlgorithmNotAllowed(String),
    WrongType(String),
    UnknownKid(String),
    BadSignature,
}

#[derive(serde::Deserialize)]
struct RawHeader {
    alg: Option<serde_json::Value>,
    typ: Option<String>,
    kid: Option<String>,
    crit: Option<serde_json::Value>,
}

/// Checks the header (EdDSA, `typ`, a `kid` the verifier trusts) and then the signature,
/// and returns the `kid` and the claims.
pub(crate) fn open<T: DeserializeOwned>(
    token: &str,
    typ: &str,
    keys: &TrustedKeys,
) -> Result<(String, T), JwsError> {
    let token = token.trim();
    let mut parts = token.split('.');
    let (Some(header), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed("not a compact JWS of three parts"));
    };
    let header = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| JwsError::Malformed("the header is not base64url"))?;
    let header: RawHeader = serde_json::from_slice(&header)
        .map_err(|_| JwsError::Malformed("the header is not a JSON object"))?;
    match header.alg {
        Some(serde_json::Value::String(alg)) if alg == "EdDSA" => {}
        Some(serde_json::Value::String(alg)) => {
            return Err(JwsError::AlgorithmNotAllowed(shown(&alg)));
        }
        _ => return Err(JwsError::Malformed("the header has no alg")),
    }
    if header.crit.is_some() {
        // RFC 7515 4.1.11: extensions this verifier does not know must be refused.
        return Err(JwsError::Malformed("the header has critical extensions"));
    }
    if header.typ.as_deref() != Some(typ) {
        return Err(JwsError::WrongType(shown(
            header.typ.as_deref().unwrap_or(""),
        )));
    }
    let kid = header
        .kid
        .ok_or(JwsError::Malformed("the header has no kid"))?;
    let key = keys
        .get(&kid)
        .ok_or_else(|| JwsError::UnknownKid(shown(&kid)))?;
    // Times are judged by the caller against its own `now`.
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data =
        jsonwebtoken::decode::<serde_json::Value>(token, key, &validation).map_err(|e| match e
            .kind()
        {
            ErrorKind::InvalidSignature => JwsError::BadSignature,
            _ => JwsError::Malformed("the payload or signature is not valid base64url JSON"),
        })?;
    let claims = serde_json::from_value(data.claims)
        .map_err(|_| JwsError::Malformed("the claims do not have the expected fields"))?;
    Ok((kid, claims))
}

/// An untrusted string fit for an error message: printable ASCII, at most 40 characters.
fn shown(value: &str) -> String {
    value
        .chars()
        .take(40)
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect()
}
