//! The daily permit job: validity ends, reminders before it does.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tietolupa_domain::permit::{self as rules, PermitStatus};
use tietolupa_entity::{application, outbox_message, permit};
use time::Duration;

use super::save;
use crate::audit::{self, AuditEvent};
use crate::credentials::{self, CredentialEvent};
use crate::outbox::{self, notices};

use crate::{CallContext, Db, StoreError};

/// What a run of the permit job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiryReport {
    pub expired: usize,
    pub reminders: usize,
}

/// The daily permit job: stores `EXPIRED` on active permits past their validity, and
/// queues expiry reminders (90 and 30 days before) in the outbox, each once. Writes
/// nothing, not even an audit entry, when there is nothing to do.
#[tracing::instrument(skip_all)]
pub async fn run_expiry(db: &Db, ctx: &CallContext) -> Result<ExpiryReport, StoreError> {
    let today = ctx.today();
    let active = PermitStatus::Active.as_str();
    // In id order, so that two instances running the job at once lock permits in the same
    // order (the second waits for the first, then finds the version moved) and never deadlock.
    let expired: Vec<permit::Model> = permit::Entity::find()
        .filter(permit::Column::Status.eq(active))
        .filter(permit::Column::ValidUntil.lt(today))
        .order_by_asc(permit::Column::Id)
        .all(db.conn())
        .await?;
    let horizon = today + Duration::days(rules::REMINDER_DAYS[0]);
    let soon: Vec<permit::Model> = permit::Entity::find()
        .filter(permit::Column::Status.eq(active))
        .filter(permit::Column::ValidUntil.gte(today))
        .filter(permit::Column::ValidUntil.lte(horizon))
        .all(db.conn())
        .await?;
    let granted_on = application::Entity::find()
        .filter(application::Column::Id.is_in(soon.iter().map(|p| p.application_id)))
        .all(db.conn())
        .await?;
    let mut reminders = Vec::new();
    for p in &soon {
        let app = granted_on.iter().find(|a| a.id == p.application_id);
        for days in rules::due_reminders(p.valid_until, today) {
            let notice = notices::permit_expiry_reminder(p, app, days);
            let queued = outbox_message::Entity::find()
                .filter(outbox_message::Column::DedupeKey.eq(notice.dedupe_key.as_str()))
                .one(db.conn())
                .await?
                .is_some();
            if !queued {
                reminders.push(notice);
            }
        }
    }
    let mut report = ExpiryReport::default();
    if expired.is_empty() && reminders.is_empty() {
        return Ok(report);
    }
    let txn = db.begin_write().await?;
    for mut row in expired {
        let loaded = row.version;
        row.status = PermitStatus::Expired.as_str().to_owned();
        row.status_changed_at = Some(ctx.at);
        let id = row.id;
        match save(&txn, row, loaded, ctx.at).await {
            Ok(saved) => {
                credentials::issue(&txn, db, ctx, &saved, CredentialEvent::Expiry).await?;
            }
            // Changed meanwhile (revoked, amended): the next run looks again.
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        }
        audit::append(
            &txn,
            ctx,
            AuditEvent::success("permit.expire", None).target("permit", id.to_string()),
        )
        .await?;
        report.expired += 1;
    }
    for notice in reminders {
        if outbox::queue(&txn, ctx.at, notice).await? {
            report.reminders += 1;
        }
    }
    if report.reminders > 0 {
        audit::append(
            &txn,
            ctx,
            AuditEvent::success("permit.expiry_reminders_queued", None)
                .details(serde_json::json!({ "count": report.reminders })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(report)
}
