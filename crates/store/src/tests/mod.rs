//! The store against real databases, both engines. In-crate, because what they exercise
//! (audit appends in a caller's transaction, constraint names, the session cache) is not the store's public API.

mod audit_chain;
mod audit_tree;
mod catalogue_names;
mod constraints;
mod job_lease;
mod primary_down;
mod replica;
mod search_index;
mod search_ranking;
mod session_cache;

use tietolupa_test_support::{Backend, TestDatabase};

use crate::Db;

/// A migrated database of its own; keep the `TestDatabase` alive as long as the `Db`.
async fn fresh(backend: Backend) -> (TestDatabase, Db) {
    let database = TestDatabase::create(backend).await;
    let db = Db::connect(database.url()).await.unwrap();
    db.migrate().await.unwrap();
    (database, db)
}
