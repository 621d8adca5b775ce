//! An ID token's claims as our rules read them: the standard ones we use, and any other by
//! its configured name (groups, organisation, identity code).

use openidconnect::core::CoreGenderClaim;
use openidconnect::{AdditionalClaims, IdTokenClaims};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Every claim the standard does not name, whatever its name (`groups`,
/// `urn:oid:1.2.246.21`): which ones matter is configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct ExtraClaims {
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl AdditionalClaims for ExtraClaims {}

/// The claims of a verified ID token. `Debug` shows no values: a claim may be an identity
/// code.
#[derive(Clone)]
pub struct ProviderClaims {
    pub subject: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub locale: Option<String>,
    other: Map<String, Value>,
}

impl std::fmt::Debug for ProviderClaims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderClaims")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl ProviderClaims {
    pub(super) fn from_id_token(claims: &IdTokenClaims<ExtraClaims, CoreGenderClaim>) -> Self {
        ProviderClaims {
            subject: claims.subject().as_str().to_owned(),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
            email: claims.email().map(|e| e.as_str().to_owned()),
            locale: claims.locale().map(|l| l.as_str().to_owned()),
            other: claims.additional_claims().other.clone(),
        }
    }

    /// A claim holding one string.
    pub fn string(&self, claim: &str) -> Option<&str> {
        self.other.get(claim).and_then(Value::as_str)
    }

    /// A claim holding a list of strings (or one string, as some providers send one group).
    pub fn strings(&self, claim: &str) -> Vec<&str> {
        match self.other.get(claim) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(one)) => vec![one.as_str()],
            _ => Vec::new(),
        }
    }
}
