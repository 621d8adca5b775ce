//! The reminder job: reminds applicants of information requests left unanswered and of
//! drafts soon deleted by retention, and warns presenters of decisions soon due. Each reminder is queued once (its dedupe key names the
//! request or the deadline), however often and on however many instances the job runs.
//! Writes nothing, not even an audit entry, when there is nothing to do.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use tietolupa_domain::application::ApplicationState;
use tietolupa_domain::calendar::helsinki_date;
use tietolupa_domain::message::ReminderPolicy;
use tietolupa_domain::retention::draft_deletion;
use tietolupa_entity::{application, information_request, outbox_message};

use crate::audit::{self, AuditEvent};
use crate::outbox::{self, Message, notices};
use crate::{CallContext, Db, StoreError};

/// What a run of the reminder job queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderReport {
    pub information_reminders: usize,
    pub deadline_warnings: usize,
    pub draft_deletion_reminders: usize,
}

/// Which count of the report a queued message adds to.
#[derive(Clone, Copy)]
enum Due {
    Information,
    Deadline,
    DraftDeletion,
}

/// Queues the reminders due at `ctx.at` under `policy`.
#[tracing::instrument(skip_all)]
pub async fn run(
    db: &Db,
    ctx: &CallContext,
    policy: &ReminderPolicy,
) -> Result<ReminderReport, StoreError> {
    let tag = |due: Due| move |m: Message| (due, m);
    let mut due: Vec<(Due, Message)> = Vec::new();
    let information = unanswered_requests(db, ctx, policy).await?;
    due.extend(information.into_iter().map(tag(Due::Information)));
    let deadlines = deadlines(db, ctx, policy).await?;
    due.extend(deadlines.into_iter().map(tag(Due::Deadline)));
    let drafts = drafts_soon_deleted(db, ctx).await?;
    due.extend(drafts.into_iter().map(tag(Due::DraftDeletion)));
    let keys: Vec<String> = due.iter().map(|(_, m)| m.dedupe_key.clone()).collect();
    let queued: HashSet<String> = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::DedupeKey)
        .filter(outbox_message::Column::DedupeKey.is_in(keys))
        .into_tuple()
        .all(db.conn())
        .await?
        .into_iter()
        .collect();
    due.retain(|(_, m)| !queued.contains(&m.dedupe_key));
    let mut report = ReminderReport::default();
    if due.is_empty() {
        return Ok(report);
    }
    let txn = db.begin_write().await?;
    for (kind, message) in due {
        // `false`: another instance queued it meanwhile.
        if outbox::queue(&txn, ctx.at, message).await? {
            *match kind {
                Due::Information => &mut report.information_reminders,
                Due::Deadline => &mut report.deadline_warnings,
                Due::DraftDeletion => &mut report.draft_deletion_reminders,
            } += 1;
        }
    }
    if report != ReminderReport::default() {
        audit::append(
            &txn,
            ctx,
            AuditEvent::success("messages.reminders_queued", None).details(serde_json::json!({
                "informationReminders": report.information_reminders,
                "deadlineWarnings": report.deadline_warnings,
                "draftDeletionReminders": report.draft_deletion_reminders,
            })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(report)
}

/// Requests unanswered for the policy's days, on cases still waiting for the answers.
async fn unanswered_requests(
    db: &Db,
    ctx: &CallContext,
    policy: &ReminderPolicy,
) -> Result<Vec<Message>, StoreError> {
    let latest = policy.information_requested_on_or_before(ctx.today());
    // Timestamps are compared in Rust: SQLite keeps them as text.
    let open: Vec<information_request::Model> = information_request::Entity::find()
        .filter(information_request::Column::AnsweredAt.is_null())
        .all(db.conn())
        .await?
        .into_iter()
        .filter(|r| helsinki_date(r.requested_at) <= latest)
        .collect();
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let cases = application::Entity::find()
        .filter(application::Column::Id.is_in(open.iter().map(|r| r.application_id)))
        .filter(application::Column::State.eq(ApplicationState::InformationRequested.as_str()))
        .all(db.conn())
        .await?;
    Ok(open
        .iter()
        .filter_map(|request| {
            let case = cases.iter().find(|c| c.id == request.application_id)?;
            Some(notices::information_reminder(
                case,
                request.number,
                helsinki_date(request.requested_at),
                request.respond_by,
            ))
        })
        .collect())
}

/// Cases with a presenter whose running clock is due within the policy's days. A stopped
/// clock (waiting for answers) is not warned of: its deadline moves.
async fn deadlines(
    db: &Db,
    ctx: &CallContext,
    policy: &ReminderPolicy,
) -> Result<Vec<Message>, StoreError> {
    let today = ctx.today();
    let cases = application::Entity::find()
        .filter(application::Column::State.is_in([
            ApplicationState::InPreparation.as_str(),
            ApplicationState::Proposed.as_str(),
        ]))
        .filter(application::Column::PresenterId.is_not_null())
        .filter(application::Column::PausedSince.is_null())
        .filter(application::Column::DueOn.gte(today))
        .filter(application::Column::DueOn.lte(policy.deadlines_until(today)))
        .all(db.conn())
        .await?;
    Ok(cases
        .iter()
        .filter_map(|case| notices::deadline_approaching(case, case.due_on?, today))
        .collect())
}

/// Drafts in the warning window before retention deletes them, whose day has not come yet
/// (a draft past it is the retention job's). The applicant's list and form warn from the
/// same day.
async fn drafts_soon_deleted(db: &Db, ctx: &CallContext) -> Result<Vec<Message>, StoreError> {
    let today = ctx.today();
    // Timestamps are compared in Rust: SQLite keeps them as text.
    let drafts = application::Entity::find()
        .filter(application::Column::State.eq(ApplicationState::Draft.as_str()))
        .all(db.conn())
        .await?;
    Ok(drafts
        .iter()
        .filter_map(|draft| {
            let deletion = draft_deletion(ApplicationState::Draft, draft.updated_at, ctx.at)?;
            (deletion.warn && deletion.on > today)
                .then(|| notices::draft_deletion_reminder(draft, deletion.on))
        })
        .collect())
}
