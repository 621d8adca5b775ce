//! Scheduled jobs run by the server: permit expiry with expiry reminders, reminders of
//! unanswered information requests, approaching deadlines, overdue delivery orders and
//! drafts soon deleted,
//! retention of untouched drafts, and the deletion of organisations' contact data ten
//! years after the customer relationship ended. They run every
//! `TIETOLUPA_JOBS_INTERVAL_SECONDS` (a day by default) on one of the server instances
//! sharing the database: each instance looks every minute, and the one that takes the
//! jobs' lease while a run is due runs them (store::job_lease, docs/operations.md
//! "Scheduled jobs"). The first look comes shortly after start; the task stops with the
//! server.
//! The same jobs run from the command line (`tietolupa permits expire`,
//! `tietolupa retention run`).

use std::time::Duration;

use tietolupa_config::DirectorsRecipients;
use tietolupa_domain::message::ReminderPolicy;
use tietolupa_domain::schedule::JobSchedule;
use tietolupa_store::applications::attachments::AttachmentFiles;
use tietolupa_store::outbox::Directors;
use tietolupa_store::{
    CallContext, Db, StoreError, delivery, job_lease, organisations, permits, reminders, retention,
};
use time::OffsetDateTime;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;
use uuid::Uuid;

/// Delay before the first look, so start-up (and tests) are not disturbed.
const FIRST_RUN_AFTER: Duration = Duration::from_secs(60);

/// How often each instance asks whether the jobs are due. A run starts at most this late.
const LOOK_EVERY: Duration = Duration::from_secs(60);

/// How long an instance holds the jobs for a run. A run takes seconds to minutes; the
/// holder renews the lease every third of it while running, so only an instance that died
/// (or hangs) mid-run loses it, and another one runs the jobs when it lapses.
pub const LEASE: Duration = Duration::from_secs(600);

/// The lease's name: the jobs run together, one after the other, under one lease.
const SCHEDULED_JOBS: &str = "scheduled-jobs";

/// Runs every scheduled job once, as the system. Failures are logged, not fatal.
pub async fn run_once(db: &Db, files: &AttachmentFiles, policy: &ReminderPolicy) {
    let ctx = CallContext::system("permit-expiry");
    match permits::run_expiry(db, &ctx).await {
        Ok(report) => tracing::info!(
            expired = report.expired,
            reminders = report.reminders,
            "permit expiry job done"
        ),
        Err(e) => tracing::error!(error = %e, "permit expiry job failed"),
    }
    let ctx = CallContext::system("reminders");
    match reminders::run(db, &ctx, policy).await {
        Ok(report) => tracing::info!(
            information_reminders = report.information_reminders,
            deadline_warnings = report.deadline_warnings,
            draft_deletion_reminders = report.draft_deletion_reminders,
            "reminder job done"
        ),
        Err(e) => tracing::error!(error = %e, "reminder job failed"),
    }
    let ctx = CallContext::system("delivery-orders");
    match delivery::overdue::remind(db, &ctx).await {
        Ok(queued) => tracing::info!(queued, "overdue delivery order reminders done"),
        Err(e) => tracing::error!(error = %e, "overdue delivery order reminders failed"),
    }
    let ctx = CallContext::system("retention");
    match retention::run(db, &ctx, files).await {
        Ok(report) => tracing::info!(deleted = report.deleted.len(), "retention job done"),
        Err(e) => tracing::error!(error = %e, "retention job failed"),
    }
    let ctx = CallContext::system("organisation-purge");
    match organisations::purge_ended_organisations(db, &ctx, ctx.today()).await {
        Ok(report) => tracing::info!(
            organisations = report.purged.len(),
            contacts = report.contacts_deleted,
            "organisation contact data purge done"
        ),
        Err(e) => tracing::error!(error = %e, "organisation contact data purge failed"),
    }
}

/// Starts the scheduler; abort the handle to stop it.
pub fn spawn(
    db: Db,
    files: AttachmentFiles,
    every: Duration,
    reminders: ReminderPolicy,
) -> JoinHandle<()> {
    // A fresh id per process: a restarted instance does not inherit a lease its previous
    // life held, it waits for it to lapse like any other instance.
    let holder = Uuid::new_v4().to_string();
    let schedule = JobSchedule {
        interval: every,
        lease: LEASE,
    };
    tokio::spawn(async move {
        tracing::info!(
            holder,
            pid = std::process::id(),
            "scheduled jobs: this instance's lease holder"
        );
        tokio::time::sleep(FIRST_RUN_AFTER.min(every)).await;
        // Looking more often than the jobs run keeps tests with a 1 s interval fast; a zero
        // period would make `interval` panic.
        let mut looks =
            tokio::time::interval(LOOK_EVERY.min(every).max(Duration::from_millis(100)));
        looks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            looks.tick().await;
            run_if_due(&db, &files, &reminders, &schedule, &holder).await;
        }
    })
}

/// Runs the jobs if this instance takes their lease, renewing it while they run, and
/// then marks the run done.
async fn run_if_due(
    db: &Db,
    files: &AttachmentFiles,
    reminders: &ReminderPolicy,
    schedule: &JobSchedule,
    holder: &str,
) {
    let started = OffsetDateTime::now_utc();
    match job_lease::acquire(db, SCHEDULED_JOBS, holder, schedule, started).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::debug!(
                holder,
                "scheduled jobs not due, or running on another instance"
            );
            return;
        }
        // Expected while the primary is down; the next look after it is back runs the jobs.
        Err(StoreError::Unavailable) => {
            tracing::warn!("scheduled jobs wait: the primary database is unavailable");
            return;
        }
        Err(e) => {
            tracing::error!(error = %e, "could not take the scheduled jobs' lease");
            return;
        }
    }
    let run = run_once(db, files, reminders);
    tokio::pin!(run);
    let renew_every = LEASE / 3;
    let mut renewals =
        tokio::time::interval_at(tokio::time::Instant::now() + renew_every, renew_every);
    loop {
        tokio::select! {
            () = &mut run => break,
            _ = renewals.tick() => renew(db, schedule, holder).await,
        }
    }
    tracing::info!(
        holder,
        pid = std::process::id(),
        started_at_micros = i64::try_from(started.unix_timestamp_nanos() / 1_000).unwrap_or(0),
        "scheduled jobs ran on this instance"
    );
    match job_lease::release(
        db,
        SCHEDULED_JOBS,
        holder,
        started,
        OffsetDateTime::now_utc(),
    )
    .await
    {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            holder,
            "the scheduled jobs' lease lapsed during the run and another instance took it"
        ),
        // The lease lapses by itself; the run not marked done goes again then.
        Err(e) => tracing::error!(error = %e, "could not release the scheduled jobs' lease"),
    }
}

/// Extends this instance's lease during a run.
async fn renew(db: &Db, schedule: &JobSchedule, holder: &str) {
    let now = OffsetDateTime::now_utc();
    match job_lease::acquire(db, SCHEDULED_JOBS, holder, schedule, now).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            holder,
            "lost the scheduled jobs' lease mid-run; another instance may run them too"
        ),
        Err(e) => tracing::warn!(error = %e, "could not renew the scheduled jobs' lease"),
    }
}

/// How often the audit log gets a signed checkpoint while entries are added (issue 20:
/// at least every minute). Each instance looks this often; the lease lets one sign.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(30);

/// The checkpoint job's lease, apart from the daily jobs' so a long run of those does
/// not hold checkpoints back.
const AUDIT_CHECKPOINT: &str = "audit-checkpoint";

/// Signs a checkpoint of the audit log's tree every [`CHECKPOINT_EVERY`] on one of the
/// instances (nothing new is signed while the tree has not grown); abort the handle to
/// stop it.
pub fn spawn_checkpoints(db: Db) -> JoinHandle<()> {
    let holder = Uuid::new_v4().to_string();
    let schedule = JobSchedule {
        interval: CHECKPOINT_EVERY,
        lease: CHECKPOINT_EVERY,
    };
    tokio::spawn(async move {
        let mut looks = tokio::time::interval(CHECKPOINT_EVERY);
        looks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            looks.tick().await;
            let started = OffsetDateTime::now_utc();
            match job_lease::acquire(&db, AUDIT_CHECKPOINT, &holder, &schedule, started).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(StoreError::Unavailable) => continue,
                Err(e) => {
                    tracing::error!(error = %e, "could not take the audit checkpoint's lease");
                    continue;
                }
            }
            if let Err(e) = tietolupa_store::audit_tree::sign_checkpoint(&db, started).await {
                tracing::error!(error = %e, "signing the audit checkpoint failed");
            }
            let now = OffsetDateTime::now_utc();
            if let Err(e) = job_lease::release(&db, AUDIT_CHECKPOINT, &holder, started, now).await {
                tracing::warn!(error = %e, "could not release the audit checkpoint's lease");
            }
        }
    })
}

/// The store's routing of "proposal waiting" from the settings.
pub(crate) fn directors(settings: &DirectorsRecipients) -> Directors {
    match settings {
        DirectorsRecipients::EachDirector => Directors::EachDirector,
        DirectorsRecipients::GroupAddress { email, language } => Directors::GroupAddress {
            email: email.clone(),
            language: (*language).to_owned(),
        },
    }
}
