//! The audit chain against real databases: atomicity with the caller's transaction and
//! a single unforked chain under concurrent writers.

use tietolupa_domain::{Actor, Role};
use tietolupa_test_support::{Backend, on_both_databases};

use super::fresh;
use crate::CallContext;
use crate::audit::{self, AuditEvent};

fn handler() -> CallContext {
    CallContext::new(Actor::person("handler-1", None, [Role::Handler], None))
}

async fn an_entry_rolls_back_with_its_transaction(backend: Backend) {
    let (_database, db) = fresh(backend).await;
    let txn = db.begin_write().await.unwrap();
    audit::append(
        &txn,
        &handler(),
        AuditEvent::success("test.kept", Some(Role::Handler)),
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();

    let txn = db.begin_write().await.unwrap();
    let record = audit::append(
        &txn,
        &handler(),
        AuditEvent::success("test.rolled_back", Some(Role::Handler)),
    )
    .await
    .unwrap();
    assert_eq!(record.seq, 2);
    txn.rollback().await.unwrap();

    assert_eq!(audit::chain_length(&db).await.unwrap(), 1);
    // The next entry takes the freed position; the chain stays whole.
    let txn = db.begin_write().await.unwrap();
    let record = audit::append(&txn, &handler(), AuditEvent::success("test.next", None))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(record.seq, 2);
    let report = audit::verify_chain(&db).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, 2);
}

async fn concurrent_writers_build_one_unbroken_chain(backend: Backend) {
    let (_database, db) = fresh(backend).await;
    let writers: Vec<_> = (0..40)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                let txn = db.begin_write().await.unwrap();
                let event = AuditEvent::success("test.concurrent", Some(Role::Handler))
                    .target("application", i.to_string());
                let record = audit::append(&txn, &handler(), event).await.unwrap();
                // Hold the transaction open a moment, so writers really overlap.
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                txn.commit().await.unwrap();
                record.seq
            })
        })
        .collect();
    let mut seqs = Vec::new();
    for writer in writers {
        seqs.push(writer.await.unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=40).collect::<Vec<i64>>());
    let report = audit::verify_chain(&db).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, 40);
}

on_both_databases!(
    an_entry_rolls_back_with_its_transaction,
    concurrent_writers_build_one_unbroken_chain,
);
