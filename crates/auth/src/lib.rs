//! Bearer-token authentication (DESIGN.md sections 1 and 10).
//!
//! Tokens are JWTs signed with asymmetric keys only (RS*, PS*, ES*, EdDSA). `alg: none`
//! and HMAC tokens never verify: an HMAC "signed" with a public key is the classic
//! algorithm-confusion attack. In dev mode a development issuer signs tokens for demo
//! users; in production it does not exist.

mod dev_issuer;
mod keys;
pub mod oidc;
mod verifier;

pub use dev_issuer::{DevIssuer, DevTokenError, DevTokenRequest, IssuedToken};
pub use keys::{KeyLoadError, TrustedKey, load_public_keys};
pub use tietolupa_domain::Actor;
pub use verifier::{RejectReason, TokenRejected, Verifier};
