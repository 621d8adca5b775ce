//! Scheduled jobs run by the server: permit expiry with expiry reminders, reminders of
//! unanswered information requests, approaching deadlines, overdue delivery orders and
//! drafts soon deleted,
//! retention of untouched drafts, and the deletion of organisations' contact data ten
//! years after the customer relationship ended. The first run comes shortly after start,
//! then one every `TIETOLUPA_JOBS_INTERVAL_SECONDS` (a day by default); the task stops with
//! the server.
//! The same jobs run from the command line (`tietolupa permits expire`,
//! `tietolupa retention run`).

use std::time::Duration;

use tietolupa_config::DirectorsRecipients;
use tietolupa_domain::message::ReminderPolicy;
use tietolupa_store::applications::attachments::AttachmentFiles;
use tietolupa_store::outbox::Directors;
use tietolupa_store::{CallContext, Db, delivery, organisations, permits, reminders, retention};
use tokio::task::JoinHandle;

/// Delay before the first run, so start-up (and tests) are not disturbed.
const FIRST_RUN_AFTER: Duration = Duration::from_secs(60);

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
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_RUN_AFTER.min(every)).await;
        let mut interval = tokio::time::interval(every);
        loop {
            interval.tick().await;
            run_once(&db, &files, &reminders).await;
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
