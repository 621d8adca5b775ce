//! Offline verification: what a processing environment embeds (and `tietolupa permit
//! verify` runs) to learn that a permit exists, is in force and covers its data, from the
//! credential, the authority's public keys and, for revocation, a recent status list.

use serde::Serialize;
use tietolupa_domain::permit::PermitStatus;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::claims::PermitCredential;
use crate::jws::{self, JwsError, SignError};
use crate::keys::{Jwks, KeyError, PermitKeyRing, TrustedKeys};
use crate::status_list::{STATUS_LIST_TYP, StatusListClaims};

/// The JOSE `typ` of a permit credential.
pub const PERMIT_TYP: &str = "permit+jwt";

/// Clock difference tolerated between the authority and the verifier.
pub const LEEWAY_SECONDS: i64 = 60;

impl PermitCredential {
    /// The compact JWS, signed with the ring's current key.
    pub fn sign(&self, ring: &PermitKeyRing) -> Result<String, SignError> {
        jws::sign(self, PERMIT_TYP, None, ring)
    }
}

/// Why a credential is refused. Each names one reason; none echoes more of the token than
/// a short, sanitised header value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Not a compact JWS permit credential with the expected claims.
    #[error("malformed credential: {0}")]
    Malformed(&'static str),
    /// The header names another algorithm than EdDSA (`none`, HS*, RS*, ...).
    #[error("algorithm `{0}` is not allowed; permit credentials are signed with EdDSA")]
    AlgorithmNotAllowed(String),
    /// The `kid` is not in the trusted key set.
    #[error("signed with key `{0}`, which is not among the trusted keys")]
    UnknownKid(String),
    /// The signature does not match: the credential was altered or signed by another key.
    #[error("the signature does not match: the credential was altered or signed with another key")]
    BadSignature,
    /// The trusted key set cannot be used.
    #[error("the trusted keys cannot be used: {0}")]
    Keys(#[from] KeyError),
    /// Past `exp`, the end of the permit's validity.
    #[error("expired at {}", rfc3339(*.0))]
    Expired(i64),
    /// Before `nbf`.
    #[error("not valid before {}", rfc3339(*.0))]
    NotYetValid(i64),
    /// The credential itself records a state in which the permit is not in force
    /// (data destroyed, combined into another permit).
    #[error("the permit is not in force: {}", .0.as_str())]
    NotInForce(PermitStatus),
    /// Revoked: by the status list, or by the credential's own status.
    #[error("the permit has been revoked")]
    Revoked,
    /// The status list is past its `ttl` or `exp`; fetch a fresh one.
    #[error("the status list is stale since {}; fetch a fresh one", rfc3339(*.0))]
    StatusListStale(i64),
    /// The status list is not a valid list signed by a trusted key.
    #[error("the status list is invalid: {0}")]
    StatusListInvalid(String),
    /// The credential's status points at another list than the one given.
    #[error("the credential's status is in list {expected}, not in the given list {given}")]
    StatusListMismatch { expected: String, given: String },
}

fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|at| at.format(&Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// A credential that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifiedPermit {
    /// The key that signed it.
    pub kid: String,
    pub credential: PermitCredential,
    pub revocation: RevocationCheck,
}

impl VerifiedPermit {
    /// Pretty JSON, as `tietolupa permit verify` prints it.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a verified permit always serialises")
    }
}

/// Whether revocation was checked, and against which copy of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationCheck {
    /// No status list was given: the credential is genuine and within its validity, but
    /// a revocation since its issue would go unnoticed.
    NotChecked,
    /// Not revoked in the list issued at `list_issued_at` (unix seconds).
    NotRevoked { list_issued_at: i64 },
}

/// `{"checked": false}` or `{"checked": true, "list_issued_at": N}`.
impl Serialize for RevocationCheck {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown {
            checked: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            list_issued_at: Option<i64>,
        }
        let list_issued_at = match self {
            RevocationCheck::NotChecked => None,
            RevocationCheck::NotRevoked { list_issued_at } => Some(*list_issued_at),
        };
        Shown {
            checked: list_issued_at.is_some(),
            list_issued_at,
        }
        .serialize(serializer)
    }
}

/// Verifies a permit credential against trusted keys at `now`, and its revocation status
/// when a status list token is given.
pub fn verify(
    token: &str,
    jwks: &Jwks,
    status_list: Option<&str>,
    now: OffsetDateTime,
) -> Result<VerifiedPermit, VerifyError> {
    let keys = jwks.trusted()?;
    let (kid, credential): (String, PermitCredential) = jws::open(token, PERMIT_TYP, &keys)
        .map_err(|e| match e {
            JwsError::Malformed(why) => VerifyError::Malformed(why),
            JwsError::WrongType(_) => VerifyError::Malformed("typ is not permit+jwt"),
            JwsError::AlgorithmNotAllowed(alg) => VerifyError::AlgorithmNotAllowed(alg),
            JwsError::UnknownKid(kid) => VerifyError::UnknownKid(kid),
            JwsError::BadSignature => VerifyError::BadSignature,
        })?;
    let now = now.unix_timestamp();
    if credential.nbf > now + LEEWAY_SECONDS {
        return Err(VerifyError::NotYetValid(credential.nbf));
    }
    if credential.exp <= now - LEEWAY_SECONDS {
        return Err(VerifyError::Expired(credential.exp));
    }
    match credential.permit.status {
        PermitStatus::Active => {}
        // An expiry credential is past its `exp` already; one issued early still says so.
        PermitStatus::Revoked => return Err(VerifyError::Revoked),
        other => return Err(VerifyError::NotInForce(other)),
    }
    let revocation = match status_list {
        None => RevocationCheck::NotChecked,
        Some(list) => check_status(&credential, list, &keys, now)?,
    };
    Ok(VerifiedPermit {
        kid,
        credential,
        revocation,
    })
}

fn check_status(
    credential: &PermitCredential,
    token: &str,
    keys: &TrustedKeys,
    now: i64,
) -> Result<RevocationCheck, VerifyError> {
    let invalid = |why: &str| VerifyError::StatusListInvalid(why.to_owned());
    let (_, claims): (String, StatusListClaims) =
        jws::open(token, STATUS_LIST_TYP, keys).map_err(|e| match e {
            JwsError::Malformed(why) => invalid(why),
            JwsError::WrongType(_) => invalid("typ is not statuslist+jwt"),
            JwsError::AlgorithmNotAllowed(alg) => {
                invalid(&format!("algorithm `{alg}` is not allowed"))
            }
            JwsError::UnknownKid(kid) => {
                invalid(&format!("signed with key `{kid}`, which is not trusted"))
            }
            JwsError::BadSignature => invalid("the signature does not match"),
        })?;
    let reference = &credential.status.status_list;
    if claims.sub != reference.uri {
        return Err(VerifyError::StatusListMismatch {
            expected: reference.uri.clone(),
            given: claims.sub,
        });
    }
    if claims.iat > now + LEEWAY_SECONDS {
        return Err(invalid("issued in the future"));
    }
    if claims.stale_at() <= now - LEEWAY_SECONDS {
        return Err(VerifyError::StatusListStale(claims.stale_at()));
    }
    let list = claims.list().map_err(|e| invalid(&e.to_string()))?;
    match list.is_revoked(reference.idx) {
        // The draft: an index past the end of the list makes the credential invalid.
        None => Err(invalid(
            "the credential's index is past the end of the list",
        )),
        Some(true) => Err(VerifyError::Revoked),
        Some(false) => Ok(RevocationCheck::NotRevoked {
            list_issued_at: claims.iat,
        }),
    }
}
