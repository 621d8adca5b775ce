//! Data access. Every command runs in one transaction that holds the state change, its
//! history event and its audit entry, so they commit together or not at all.
//!
//! Functions take the [`CallContext`] of whoever acts, so ownership checks and the audit
//! trail cannot be forgotten, and the store's own [`Db`], never a SQL connection: the API
//! layers cannot reach SQL past these functions. Lists come back as a [`Page`].

pub mod access_log;
pub mod applications;
pub mod audit;
pub mod audit_tree;
pub mod catalogue;
pub mod cohort_filter;
mod connection_check;
mod context;
pub mod credentials;
mod db;
pub mod delivery;
pub mod documents;
pub mod environments;
mod error;
pub mod job_lease;
pub mod metrics;
mod numbers;
pub mod objections;
pub mod organisations;
pub mod outbox;
pub mod output;
mod page;
pub mod permits;
pub mod public_register;
pub mod reminders;
pub mod replica;
pub mod retention;
pub mod seed;
pub mod sessions;
pub mod users;

#[cfg(test)]
mod tests;

pub use context::CallContext;
pub use db::{Backend, DEFAULT_POSTGRES_CONNECTIONS, DEFAULT_SQLITE_CONNECTIONS, Db};
pub use error::StoreError;
pub(crate) use error::violated_constraint;
pub use page::Page;
pub use sea_orm::DbErr;
