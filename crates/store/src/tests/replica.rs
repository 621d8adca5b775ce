//! Register reads and the read replica (crate::replica), on PostgreSQL: the replica is a
//! PostgreSQL standby by configuration. A second database stands in for the standby here, so
//! that what each side holds can differ on purpose and the answer shows where it was read;
//! the real standby (pg_basebackup, lag, failover) is exercised by deploy/local-cluster.sh.

use std::time::Duration;

use tietolupa_domain::Actor;
use tietolupa_test_support::Backend;
use time::OffsetDateTime;

use crate::public_register::{self, RegisterFilter, generation_on};
use crate::replica::Replica;
use crate::{CallContext, seed};

async fn listed(db: &crate::Db) -> usize {
    let ctx = CallContext::new(Actor::public());
    public_register::search(db, &ctx, &RegisterFilter::default(), 100, None)
        .await
        .unwrap()
        .items
        .len()
}

#[tokio::test]
async fn register_reads_go_to_the_replica_only_while_it_has_the_primarys_generation() {
    let now = OffsetDateTime::now_utc();
    let (_primary_database, primary) = super::fresh(Backend::Postgres).await;
    let (standby_database, standby) = super::fresh(Backend::Postgres).await;
    for db in [&primary, &standby] {
        seed::reference_data(db).await.unwrap();
    }
    // The stand-in holds three decisions the primary lacks, under a newer generation.
    seed::demo_decisions(&standby, 3, now).await.unwrap();

    let replica = Replica::connect(standby_database.url(), 2, Duration::from_secs(2))
        .await
        .unwrap();
    assert!(!replica.usable(), "unused until its lag has been read");
    // A server not in recovery has no replay lag.
    assert_eq!(replica.measure().await.unwrap(), Duration::ZERO);
    assert!(replica.usable());
    let db = primary.with_replica(replica);

    assert_eq!(listed(&db).await, 3, "read from the replica");
    assert_eq!(db.replica().unwrap().reads(), 1);

    // The primary commits past what the replica has: its next page must not be older.
    seed::demo_decisions(&db, 5, now).await.unwrap();
    assert!(generation_on(db.conn()).await.unwrap() > generation_on(standby.conn()).await.unwrap());
    assert_eq!(listed(&db).await, 5, "read from the primary");
    assert_eq!(db.replica().unwrap().reads(), 1);
}

#[tokio::test]
async fn a_replica_that_does_not_answer_is_not_read() {
    let (_primary_database, primary) = super::fresh(Backend::Postgres).await;
    seed::reference_data(&primary).await.unwrap();
    seed::demo_decisions(&primary, 2, OffsetDateTime::now_utc())
        .await
        .unwrap();
    // Nothing listens on port 1.
    let replica = Replica::connect(
        "postgres://postgres@127.0.0.1:1/tietolupa",
        1,
        Duration::from_secs(2),
    )
    .await
    .unwrap();
    assert!(replica.measure().await.is_err());
    assert!(!replica.usable());
    assert_eq!(replica.last_lag(), None);
    let db = primary.with_replica(replica);
    assert_eq!(listed(&db).await, 2);
    assert_eq!(db.replica().unwrap().reads(), 0);
}
