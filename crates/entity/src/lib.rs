//! SeaORM entities: one module per table, mirroring `migrations/`. Rows only; the domain
//! types live in `tietolupa-domain` and the mapping between the two in `tietolupa-store`.

pub mod audit_chain_head;
pub mod audit_entry;
pub mod data_controller;
pub mod data_source;
pub mod objection;
pub mod user_account;
