//! Tietolupa's domain: the words of ../shared/DESIGN.md as types and pure rules.
//!
//! Nothing here performs I/O. Values are built through `parse`/constructors that
//! validate once, so code past the edge never re-validates.

pub mod access_log;
pub mod actor;
pub mod application;
pub mod audit;
pub mod business_id;
pub mod calendar;
pub mod delivery;
pub mod environment;
pub mod error_text;
pub mod hetu;
pub mod message;
pub mod names;
pub mod objection;
pub mod organisation;
pub mod output_request;
pub mod permission;
pub mod permit;
pub mod retention;
pub mod role;
pub mod schedule;
pub mod sign_in;

pub use actor::{Actor, ActorKind, IdentityCodeClaim, SealedIdentityCode};
pub use audit::{
    AuditOutcome, AuditRecord, BrokenLink, ChainBreak, ChainHash, ChainVerifier, audit_timestamp,
};
pub use business_id::BusinessId;
pub use environment::{EnvironmentFacts, EnvironmentStatus};
pub use error_text::MessageKey;
pub use hetu::{Hetu, HetuError, HetuPolicy};
pub use names::Names;
pub use permission::{Access, Operation};
pub use role::{Role, UnknownRole};
