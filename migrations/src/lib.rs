//! Schema migrations. One file per migration, named `mYYYYMMDD_HHMMSS_what.rs`; the file
//! name is the migration's identity, so never rename or edit a migration that has shipped.
//!
//! Portable across SQLite and PostgreSQL: UUID primary keys, no extensions, no advisory
//! locks, constraint names given explicitly so the store can map violations by name.

pub use sea_orm_migration::prelude::*;

mod helpers;

mod m20261123_000001_create_audit_log;
mod m20261123_000002_create_user_account;
mod m20261123_000003_create_data_catalogue;
mod m20261123_100001_create_processing_environment;
mod m20261123_100002_create_application;
mod m20261123_200001_create_objection_registry;
mod m20261123_200001_create_permit_and_register;
mod m20261123_200002_index_objection_codes;
mod m20261123_300001_register_generation;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_audit_log::Migration),
            Box::new(m20261123_000002_create_user_account::Migration),
            Box::new(m20261123_000003_create_data_catalogue::Migration),
            Box::new(m20261123_100001_create_processing_environment::Migration),
            Box::new(m20261123_100002_create_application::Migration),
            Box::new(m20261123_200001_create_objection_registry::Migration),
            Box::new(m20261123_200001_create_permit_and_register::Migration),
            Box::new(m20261123_200002_index_objection_codes::Migration),
            Box::new(m20261123_300001_register_generation::Migration),
        ]
    }
}
