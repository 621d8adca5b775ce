//! Schema migrations. One file per migration, named `mYYYYMMDD_HHMMSS_what.rs`; the file
//! name is the migration's identity, so never rename or edit a migration that has shipped.
//!
//! Portable across SQLite and PostgreSQL: UUID primary keys, no extensions, no advisory
//! locks, constraint names given explicitly so the store can map violations by name.
//!
//! # Order
//!
//! Migrations run in the order of the [`Migrator::migrations`] vector, not in the order of
//! their file names: sea-orm-migration records each applied migration by name in the
//! `seaql_migrations` table and applies the pending ones in the vector's order.
//!
//! Two shipped migrations share the prefix `m20261123_200001_`
//! (`create_objection_registry`, then `create_permit_and_register`). Their names are kept:
//! existing databases list them as applied, and a renamed migration would be reported as
//! missing and its new name run again. They are independent of each other, and the vector
//! runs them in the order their full names sort, so the order is the same either way.
//!
//! A new migration gets a timestamp later than every other one and goes at the end of the
//! vector; the tests below refuse a duplicate name, a reused timestamp and a vector out of
//! name order.

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
mod m20261206_100001_outbox_delivery;
mod m20261206_100002_sign_in_sessions;
mod m20261206_300017_register_combined_into;
mod m20261206_400001_organisation_register;
mod m20261206_400002_organisation_links;
mod m20261206_500001_catalogue_names;
mod m20261207_100001_delivery_orders;
mod m20261207_100002_preparation_runs;
mod m20261207_100003_output_requests;
mod m20261207_100004_permit_credentials;
mod m20261207_200001_decision_documents;
mod m20261208_100001_published_decision_terms;
mod m20261208_100002_job_lease;
mod m20261209_100001_audit_tree;

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
            Box::new(m20261206_100001_outbox_delivery::Migration),
            Box::new(m20261206_100002_sign_in_sessions::Migration),
            Box::new(m20261206_300017_register_combined_into::Migration),
            Box::new(m20261206_400001_organisation_register::Migration),
            Box::new(m20261206_400002_organisation_links::Migration),
            Box::new(m20261206_500001_catalogue_names::Migration),
            Box::new(m20261207_100001_delivery_orders::Migration),
            Box::new(m20261207_100002_preparation_runs::Migration),
            Box::new(m20261207_100003_output_requests::Migration),
            Box::new(m20261207_100004_permit_credentials::Migration),
            Box::new(m20261207_200001_decision_documents::Migration),
            Box::new(m20261208_100001_published_decision_terms::Migration),
            Box::new(m20261208_100002_job_lease::Migration),
            Box::new(m20261209_100001_audit_tree::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// The one timestamp two shipped migrations share; see the crate documentation.
    const SHARED_PREFIX: &str = "m20261123_200001";

    fn names() -> Vec<String> {
        Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect()
    }

    /// `mYYYYMMDD_HHMMSS`, the part of a name that orders it.
    fn timestamp(name: &str) -> &str {
        let bytes = name.as_bytes();
        let well_formed = name.len() > 17
            && bytes[0] == b'm'
            && bytes[1..9].iter().all(u8::is_ascii_digit)
            && bytes[9] == b'_'
            && bytes[10..16].iter().all(u8::is_ascii_digit)
            && bytes[16] == b'_';
        assert!(well_formed, "{name} is not named mYYYYMMDD_HHMMSS_what");
        &name[..16]
    }

    #[test]
    fn names_are_unique() {
        let names = names();
        let unique: HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }

    #[test]
    fn each_migration_sorts_after_the_one_before_it() {
        for pair in names().windows(2) {
            assert!(
                pair[0] < pair[1],
                "{} runs after {} but sorts before it: give a new migration a later timestamp \
                 and put it at the end of the vector",
                pair[1],
                pair[0]
            );
        }
    }

    #[test]
    fn no_new_migration_shares_a_timestamp() {
        let mut seen = HashSet::new();
        for name in names() {
            let timestamp = timestamp(&name);
            assert!(
                seen.insert(timestamp.to_owned()) || timestamp == SHARED_PREFIX,
                "{name} reuses the timestamp {timestamp}"
            );
        }
        let sharing = names()
            .iter()
            .filter(|n| n.starts_with(SHARED_PREFIX))
            .count();
        assert_eq!(
            sharing, 2,
            "only the two shipped migrations share {SHARED_PREFIX}"
        );
    }

    #[test]
    fn every_migration_file_is_in_the_vector() {
        let names: HashSet<_> = names().into_iter().collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in std::fs::read_dir(&dir).expect("read migrations/src") {
            let file = entry.expect("a directory entry").file_name();
            let file = file.to_string_lossy();
            if let Some(name) = file.strip_suffix(".rs").filter(|f| f.starts_with('m')) {
                assert!(
                    names.contains(name),
                    "{file} is not in Migrator::migrations()"
                );
            }
        }
    }
}
