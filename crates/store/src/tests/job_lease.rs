//! Scheduled-job leases (crate::job_lease) against real databases, with two pools on one
//! database standing in for two server instances.

use std::time::Duration;

use futures::future::join_all;
use sea_orm::EntityTrait;
use tietolupa_domain::schedule::JobSchedule;
use tietolupa_entity::job_lease::{self, Entity};
use tietolupa_test_support::{Backend, on_both_databases};
use time::OffsetDateTime;

use crate::Db;
use crate::job_lease::{acquire, release};

const JOB: &str = "scheduled-jobs";

const DAILY: JobSchedule = JobSchedule {
    interval: Duration::from_secs(86_400),
    lease: Duration::from_secs(600),
};

fn at(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000 + seconds).unwrap()
}

async fn row(db: &Db) -> job_lease::Model {
    Entity::find_by_id(JOB.to_owned())
        .one(db.conn())
        .await
        .unwrap()
        .unwrap()
}

async fn of_many_holders_racing_one_wins(backend: Backend) {
    let (database, a) = super::fresh(backend).await;
    let b = Db::connect(database.url()).await.unwrap();
    let holders: Vec<String> = (0..10).map(|i| format!("instance-{i}")).collect();
    // Against a missing row, so the racing inserts are part of it too.
    let results = join_all(holders.iter().enumerate().map(|(i, holder)| {
        let db = if i % 2 == 0 { &a } else { &b };
        acquire(db, JOB, holder, &DAILY, at(0))
    }))
    .await;
    let winners: Vec<&String> = results
        .into_iter()
        .zip(&holders)
        .filter_map(|(won, holder)| won.unwrap().then_some(holder))
        .collect();
    assert_eq!(winners.len(), 1, "{winners:?}");
    let lease = row(&a).await;
    assert_eq!(&lease.holder, winners[0]);
    assert_eq!(lease.last_run_micros, None, "not run yet");
}

async fn the_holder_renews_and_others_wait_until_it_lapses(backend: Backend) {
    let (_database, db) = super::fresh(backend).await;
    assert!(acquire(&db, JOB, "a", &DAILY, at(0)).await.unwrap());
    // Halfway through its lease the holder extends it; another instance is refused.
    assert!(acquire(&db, JOB, "a", &DAILY, at(300)).await.unwrap());
    assert!(!acquire(&db, JOB, "b", &DAILY, at(599)).await.unwrap());
    assert!(
        !acquire(&db, JOB, "b", &DAILY, at(899)).await.unwrap(),
        "renewed"
    );
    // "a" died mid-run: its lease lapses and, the run never marked done, "b" takes over.
    assert!(acquire(&db, JOB, "b", &DAILY, at(900)).await.unwrap());
    assert_eq!(row(&db).await.holder, "b");
    // The late "a" neither renews nor marks b's run done.
    assert!(!acquire(&db, JOB, "a", &DAILY, at(901)).await.unwrap());
    assert!(!release(&db, JOB, "a", at(0), at(901)).await.unwrap());
    assert_eq!(row(&db).await.last_run_micros, None);
}

async fn a_run_not_yet_due_is_refused(backend: Backend) {
    let (_database, db) = super::fresh(backend).await;
    assert!(acquire(&db, JOB, "a", &DAILY, at(0)).await.unwrap());
    assert!(release(&db, JOB, "a", at(0), at(60)).await.unwrap());
    let lease = row(&db).await;
    assert_eq!(lease.last_run_micros, Some(1_800_000_000 * 1_000_000));
    assert_eq!(
        lease.expires_at_micros,
        1_800_000_060 * 1_000_000,
        "released"
    );
    // The lease is free, but the jobs ran a minute ago: no one runs them again today,
    // not even the instance that just did.
    assert!(!acquire(&db, JOB, "b", &DAILY, at(61)).await.unwrap());
    assert!(!acquire(&db, JOB, "a", &DAILY, at(86_399)).await.unwrap());
    // One interval after the last run started, the next is due.
    assert!(acquire(&db, JOB, "b", &DAILY, at(86_400)).await.unwrap());
}

on_both_databases!(
    of_many_holders_racing_one_wins,
    the_holder_renews_and_others_wait_until_it_lapses,
    a_run_not_yet_due_is_refused,
);
