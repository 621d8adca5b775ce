//! GA4GH Passport compatibility: a permit as ControlledAccessGrants visas (GA4GH
//! Passport v1.2), one per processor per granted dataset, for environments that already
//! accept visas as REMS issues them. The mapping is in docs/permit-credential.md.

use serde::{Deserialize, Serialize};
use tietolupa_domain::permit::PermitStatus;

use crate::claims::{PermitCredential, start_of_finnish_day};
use crate::jws::{self, SignError};
use crate::keys::PermitKeyRing;

/// A processor named in the permit, by the identifier the environment's identity broker
/// knows them under (the visa's `sub`). Never an identity code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processor {
    pub id: String,
}

/// The claims of one visa (a GA4GH "Visa Document Token").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaClaims {
    pub iss: String,
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub ga4gh_visa_v1: Visa,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visa {
    /// Always `ControlledAccessGrants`.
    #[serde(rename = "type")]
    pub visa_type: String,
    /// The start of the decision day in Finland, unix seconds.
    pub asserted: i64,
    /// The dataset's identifier URL.
    pub value: String,
    /// The authority: the credential's issuer.
    pub source: String,
    /// Always `dac`: the permit authority decides as a data access committee would.
    pub by: String,
}

/// One visa per processor per dataset of a permit in force; none for a permit that is not
/// (a revoked permit's visas simply stop being issued, and expire with the credential).
pub fn visas_for(credential: &PermitCredential, processors: &[Processor]) -> Vec<VisaClaims> {
    if credential.permit.status != PermitStatus::Active {
        return Vec::new();
    }
    let asserted = start_of_finnish_day(credential.permit.decided_on).unix_timestamp();
    let mut visas = Vec::with_capacity(processors.len() * credential.permit.datasets.len());
    for (p, processor) in processors.iter().enumerate() {
        for (d, dataset) in credential.permit.datasets.iter().enumerate() {
            visas.push(VisaClaims {
                iss: credential.iss.clone(),
                sub: processor.id.clone(),
                iat: credential.iat,
                exp: credential.exp,
                jti: format!("{}/visa/{p}/{d}", credential.jti),
                ga4gh_visa_v1: Visa {
                    visa_type: "ControlledAccessGrants".to_owned(),
                    asserted,
                    value: dataset.uri.clone(),
                    source: credential.iss.clone(),
                    by: "dac".to_owned(),
                },
            });
        }
    }
    visas
}

impl VisaClaims {
    /// The visa as a JWT with `jku` naming the authority's JWKS, as GA4GH's Visa Document
    /// Token format asks.
    pub fn sign(&self, ring: &PermitKeyRing, jwks_url: &str) -> Result<String, SignError> {
        jws::sign(self, "JWT", Some(jwks_url), ring)
    }
}
