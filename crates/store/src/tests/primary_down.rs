//! The primary database going away, on PostgreSQL: commands fail fast with
//! `StoreError::Unavailable` while public register reads go on from the replica, and a
//! replica that stops fails no read. The shared test server cannot be stopped, so each
//! database that goes away is reached through a `TcpProxy` the test cuts; a second database
//! stands in for the standby as in `replica.rs`. A real primary stop is the cluster fault
//! test's (deploy/local-cluster.sh).

use std::time::{Duration, Instant};

use sea_orm::ConnectionTrait;
use tietolupa_domain::Actor;
use tietolupa_domain::sign_in::SessionTimeouts;
use tietolupa_test_support::{Backend, TcpProxy, TestDatabase};
use time::OffsetDateTime;

use crate::error::{Unreachable, unreachable};
use crate::public_register::{self, RegisterFilter};
use crate::replica::Replica;
use crate::{CallContext, Db, StoreError, seed, sessions};

async fn listed(db: &Db) -> Result<usize, StoreError> {
    let ctx = CallContext::new(Actor::public());
    let page = public_register::search(db, &ctx, &RegisterFilter::default(), 100, None).await?;
    Ok(page.items.len())
}

/// What the server's monitor (`tietolupa_http::startup::watch_primary`) does.
fn watch_primary(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let _ = db.check_primary().await;
            db.primary_check_due(Duration::from_millis(500)).await;
        }
    })
}

/// A standby stand-in holding `decisions` demo decisions, measured and usable.
async fn standby(decisions: usize, url_of: impl Fn(&str) -> String) -> (TestDatabase, Replica) {
    let (database, db) = super::fresh(Backend::Postgres).await;
    seed::reference_data(&db).await.unwrap();
    seed::demo_decisions(&db, decisions, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let replica = Replica::connect(&url_of(database.url()), 2, Duration::from_secs(2))
        .await
        .unwrap();
    replica.measure().await.unwrap();
    assert!(replica.usable());
    (database, replica)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_primary_gone_writes_fail_fast_and_register_reads_go_on_from_the_replica() {
    let (primary_database, direct) = super::fresh(Backend::Postgres).await;
    seed::reference_data(&direct).await.unwrap();
    let mut proxy = TcpProxy::to_postgres().await;
    let (_standby_database, replica) = standby(3, str::to_owned).await;
    let db = Db::connect(&proxy.route(primary_database.url()))
        .await
        .unwrap()
        .with_replica(replica);
    let monitor = watch_primary(db.clone());
    drop(db.begin_write().await.unwrap());
    assert!(db.primary_up());

    proxy.cut();
    // A write that starts before the monitor has noticed waits for no acquire timeout.
    let started = Instant::now();
    let refused = db.begin_write().await;
    assert!(
        matches!(refused, Err(StoreError::Unavailable)),
        "{refused:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
    assert!(!db.primary_up());

    // Marked down: at once, for writes and for sessions not in the cache.
    let started = Instant::now();
    assert!(matches!(
        db.begin_write().await,
        Err(StoreError::Unavailable)
    ));
    let resolved = sessions::resolve(
        &db,
        "a token",
        &SessionTimeouts::default(),
        OffsetDateTime::now_utc(),
    )
    .await;
    assert!(
        matches!(resolved, Err(StoreError::Unavailable)),
        "{resolved:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "{:?}",
        started.elapsed()
    );

    // The public still reads, from the replica, labelled with the replica's generation.
    let started = Instant::now();
    assert_eq!(listed(&db).await.unwrap(), 3);
    assert_eq!(db.replica().unwrap().reads(), 1);
    let replayed = public_register::generation_on(db.replica().unwrap().conn())
        .await
        .unwrap();
    assert_eq!(public_register::generation(&db).await.unwrap(), replayed);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );

    // Back: writes resume once the monitor has seen it answer.
    proxy.resume().await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while !db.primary_up() {
        assert!(Instant::now() < deadline, "the primary was not seen again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(db.begin_write().await.unwrap());
    monitor.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_that_stops_fails_no_register_read() {
    let (_primary_database, primary) = super::fresh(Backend::Postgres).await;
    seed::reference_data(&primary).await.unwrap();
    seed::demo_decisions(&primary, 2, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let mut proxy = TcpProxy::to_postgres().await;
    // Ahead of the primary, so that reads go there while it answers.
    let (_standby_database, replica) = standby(3, |url| proxy.route(url)).await;
    let db = primary.with_replica(replica);
    assert_eq!(listed(&db).await.unwrap(), 3, "read from the replica");

    // Stopped after its last lag check: the read goes to the primary, without waiting long.
    proxy.cut();
    let started = Instant::now();
    assert_eq!(listed(&db).await.unwrap(), 2, "read from the primary");
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert!(!db.replica().unwrap().usable());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_the_replica_fails_for_want_of_a_connection_runs_again_on_the_primary() {
    let (_primary_database, primary) = super::fresh(Backend::Postgres).await;
    seed::reference_data(&primary).await.unwrap();
    let (_standby_database, replica) = standby(0, str::to_owned).await;
    let db = primary.with_replica(replica);
    let replica = db.replica().unwrap().clone();
    let tried = std::sync::Mutex::new(Vec::new());
    // The standby stops between the generation check and the read itself.
    let answer = db
        .register_read(|conn| {
            let on_replica = std::ptr::eq(conn, replica.conn());
            tried.lock().unwrap().push(on_replica);
            async move {
                if on_replica {
                    Err(StoreError::Unavailable)
                } else {
                    Ok("from the primary")
                }
            }
        })
        .await;
    assert_eq!(answer.unwrap(), "from the primary");
    assert_eq!(*tried.lock().unwrap(), [true, false]);
    assert!(!replica.usable(), "not read again until its next lag check");
    assert_eq!(replica.reads(), 0);

    // Any other failure is the read's own and is not retried.
    replica.measure().await.unwrap();
    let answer: Result<(), _> = db
        .register_read(|_| async { Err(StoreError::NotFound { entity: "decision" }) })
        .await;
    assert!(matches!(answer, Err(StoreError::NotFound { .. })));
    assert!(replica.usable());
}

#[tokio::test]
async fn a_server_ending_the_session_is_unreachable_and_a_failed_statement_is_not() {
    let (_database, db) = super::fresh(Backend::Postgres).await;
    // SQLSTATE 57P01, as when the server shuts down.
    let terminated = db
        .conn()
        .execute_unprepared("SELECT pg_terminate_backend(pg_backend_pid())")
        .await
        .unwrap_err();
    assert_eq!(
        unreachable(&terminated),
        Some(Unreachable::ServerGone),
        "{terminated:?}"
    );
    assert!(matches!(
        StoreError::from(terminated),
        StoreError::Unavailable
    ));
    let failed = db
        .conn()
        .execute_unprepared("SELECT * FROM no_such_table")
        .await
        .unwrap_err();
    assert_eq!(unreachable(&failed), None);
    assert!(matches!(StoreError::from(failed), StoreError::Database(_)));
}

#[tokio::test]
async fn sqlite_is_never_marked_down() {
    let (_database, db) = super::fresh(Backend::Sqlite).await;
    db.check_primary().await.unwrap();
    let error = sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(std::sync::Arc::new(
        sea_orm::sqlx::Error::Io(std::io::ErrorKind::BrokenPipe.into()),
    )));
    assert!(matches!(db.primary_failed(error), StoreError::Unavailable));
    assert!(db.primary_up());
    drop(db.begin_write().await.unwrap());
}
