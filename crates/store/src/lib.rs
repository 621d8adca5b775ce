//! Data access. Every command runs in one transaction that holds the state change, its
//! history event and its audit entry, so they commit together or not at all.
//!
//! Functions take the [`CallContext`] of whoever acts, so ownership checks and the audit
//! trail cannot be forgotten.

pub mod applications;
pub mod audit;
pub mod catalogue;
pub mod cohort_filter;
mod context;
mod db;
pub mod environments;
mod error;
pub mod metrics;
pub mod numbers;
pub mod objections;
pub mod permits;
pub mod public_register;
pub mod retention;
pub mod seed;
pub mod users;

pub use context::CallContext;
pub use db::{Backend, DEFAULT_POSTGRES_CONNECTIONS, DEFAULT_SQLITE_CONNECTIONS, Db};
pub use error::{StoreError, violated_constraint};
pub use sea_orm::DbErr;
