//! The permit as a signed credential (DESIGN.md section 14, docs/permit-credential.md):
//! the permit's current state as a compact JWS with EdDSA over Ed25519, a revocation
//! status list after the IETF Token Status List draft, GA4GH ControlledAccessGrants visas,
//! and [`verify`], which a processing environment embeds to check a permit offline.
//!
//! Everything here is a pure function over values: the store decides when to issue and
//! keeps the list's bits, the HTTP layer publishes the JWKS and the list.

pub mod claims;
mod jws;
pub mod keys;
pub mod status_list;
mod verify;
pub mod visa;

#[cfg(test)]
mod tests;

pub use claims::{
    DateSpan, GrantedDataset, Holder, Issuance, PermitClaims, PermitCredential,
    ProcessingEnvironment, StatusClaim, StatusReference, Validity,
};
pub use jws::SignError;
pub use keys::{Jwk, Jwks, KeyError, PermitKeyRing, TrustedKeys, parse_private_key};
pub use status_list::{
    ListIssuance, STATUS_LIST_TYP, StatusList, StatusListClaims, StatusListError,
};
pub use verify::{
    LEEWAY_SECONDS, PERMIT_TYP, RevocationCheck, VerifiedPermit, VerifyError, verify,
};
pub use visa::{Processor, Visa, VisaClaims, visas_for};
