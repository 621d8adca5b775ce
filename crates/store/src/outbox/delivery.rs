//! Delivering the outbox: the mail worker claims messages that are due, sends them, and
//! records each outcome here. Delivery is at least once: a worker that dies between
//! sending and [`sent`] leaves the claim to lapse, and the message goes again (with the
//! same Message-ID).
//!
//! A claim is a lease (`claimed_until`) taken in a short transaction, so two server
//! instances never hold the same message at once:
//! - PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, then the lease is set on those rows;
//!   a second instance skips the locked rows instead of waiting and sending them again.
//! - SQLite: the transaction takes the single write lock first (`BEGIN IMMEDIATE`), so a
//!   second instance waits and then sees the leases; the UPDATE repeats the condition.
//!
//! A failure is retried after `base * 2^(attempts - 1)` (at most [`RETRY_CAP`]); after
//! the configured attempts the message is a dead letter, which staff can see and retry.

use std::time::Duration;
use tietolupa_domain::MessageKey;

use sea_orm::sea_query::{Expr, LockBehavior, LockType, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    UpdateMany,
};
use tietolupa_domain::Operation;
use tietolupa_entity::{outbox_message, user_account};
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

use crate::audit::{self, AuditEvent, AuditTarget, authorize};
use crate::page::{self, Page};
use crate::{Backend, CallContext, Db, StoreError};

/// The longest wait between two attempts, however many have failed.
pub const RETRY_CAP: Duration = Duration::from_secs(6 * 3600);

/// How failures are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failure; doubled for each further one.
    pub base: Duration,
    /// Failed attempts after which a message is dead.
    pub max_attempts: u32,
}

impl RetryPolicy {
    /// The wait after the `attempts`-th failure (from 1): `base * 2^(attempts - 1)`,
    /// capped at [`RETRY_CAP`].
    pub fn delay_after(&self, attempts: u32) -> Duration {
        let doublings = attempts.saturating_sub(1).min(31);
        self.base
            .checked_mul(1u32 << doublings)
            .map_or(RETRY_CAP, |d| d.min(RETRY_CAP))
    }
}

/// A message claimed for sending.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedMessage {
    pub id: Uuid,
    pub kind: String,
    pub payload: serde_json::Value,
    /// `None` when the recipient had no address when it was queued.
    pub recipient_email: Option<String>,
    /// `fi`, `sv` or `en`.
    pub language: String,
    /// Failed attempts so far.
    pub attempts: u32,
}

/// What became of a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureOutcome {
    /// Tried again at this instant.
    RetryAt(OffsetDateTime),
    /// No more attempts: a dead letter.
    Dead,
}

fn utc(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(UtcOffset::UTC)
}

fn plus(at: OffsetDateTime, duration: Duration) -> OffsetDateTime {
    utc(at) + time::Duration::try_from(duration).unwrap_or(time::Duration::MAX)
}

/// Not delivered, not dead, due, and not held by a live claim.
fn due(now: OffsetDateTime) -> Condition {
    Condition::all()
        .add(outbox_message::Column::DeliveredAt.is_null())
        .add(outbox_message::Column::DeadAt.is_null())
        .add(
            Condition::any()
                .add(outbox_message::Column::NextAttemptAt.is_null())
                .add(outbox_message::Column::NextAttemptAt.lte(now)),
        )
        .add(
            Condition::any()
                .add(outbox_message::Column::ClaimedUntil.is_null())
                .add(outbox_message::Column::ClaimedUntil.lte(now)),
        )
}

/// The update every outcome of a claim starts from: undelivered messages matching
/// `which`, their lease ended. Filtering on `delivered_at` keeps a late outcome (a lease
/// that lapsed and went to another worker) from undoing a delivery.
fn settle(which: SimpleExpr) -> UpdateMany<outbox_message::Entity> {
    outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::ClaimedUntil,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .filter(which)
        .filter(outbox_message::Column::DeliveredAt.is_null())
}

/// Claims up to `limit` messages that are due at `now`, oldest first, for `lease`.
#[tracing::instrument(skip_all, fields(limit = limit))]
pub async fn claim(
    db: &Db,
    now: OffsetDateTime,
    lease: Duration,
    limit: u64,
) -> Result<Vec<ClaimedMessage>, StoreError> {
    let now = utc(now);
    let txn = db.begin_write().await?;
    let mut query = outbox_message::Entity::find()
        .filter(due(now))
        .order_by_asc(outbox_message::Column::CreatedAt)
        .order_by_asc(outbox_message::Column::Id)
        .limit(limit);
    if db.backend() == Backend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = query.all(&txn).await?;
    if rows.is_empty() {
        txn.commit().await?;
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::ClaimedUntil,
            Expr::value(plus(now, lease)),
        )
        .filter(outbox_message::Column::Id.is_in(ids))
        .filter(due(now))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| ClaimedMessage {
            id: row.id,
            kind: row.kind,
            payload: row.payload,
            recipient_email: row.recipient_email,
            language: row.language,
            attempts: u32::try_from(row.attempts).unwrap_or(0),
        })
        .collect())
}

/// Gives claimed messages back unsent (a worker stopping), so another may send them at
/// once instead of after the lease.
#[tracing::instrument(skip_all, fields(count = ids.len()))]
pub async fn release(db: &Db, ids: Vec<Uuid>) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    settle(outbox_message::Column::Id.is_in(ids))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Records that the SMTP server accepted the message.
#[tracing::instrument(skip_all, fields(message_id = %id))]
pub async fn sent(db: &Db, id: Uuid, at: OffsetDateTime) -> Result<(), StoreError> {
    settle(outbox_message::Column::Id.eq(id))
        .col_expr(outbox_message::Column::DeliveredAt, Expr::value(utc(at)))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Records a failed attempt: retried later, or dead once `policy.max_attempts` have
/// failed. `error` must not hold personal data (it is shown to staff).
#[tracing::instrument(skip_all, fields(message_id = %id))]
pub async fn failed(
    db: &Db,
    id: Uuid,
    at: OffsetDateTime,
    error: &str,
    policy: RetryPolicy,
) -> Result<FailureOutcome, StoreError> {
    let txn = db.begin_write().await?;
    let Some(row) = outbox_message::Entity::find_by_id(id).one(&txn).await? else {
        return Err(StoreError::NotFound {
            entity: "outbox message",
        });
    };
    let attempts = u32::try_from(row.attempts).unwrap_or(0).saturating_add(1);
    let outcome = if attempts >= policy.max_attempts {
        FailureOutcome::Dead
    } else {
        FailureOutcome::RetryAt(plus(at, policy.delay_after(attempts)))
    };
    let (next_attempt_at, dead_at) = match outcome {
        FailureOutcome::RetryAt(next) => (Some(next), None),
        FailureOutcome::Dead => (None, Some(utc(at))),
    };
    settle(outbox_message::Column::Id.eq(id))
        .col_expr(
            outbox_message::Column::Attempts,
            Expr::value(i32::try_from(attempts).unwrap_or(i32::MAX)),
        )
        .col_expr(
            outbox_message::Column::NextAttemptAt,
            Expr::value(next_attempt_at),
        )
        .col_expr(outbox_message::Column::DeadAt, Expr::value(dead_at))
        .col_expr(outbox_message::Column::LastError, Expr::value(error))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Makes a message a dead letter at once, for a reason no retry can fix (no address, no
/// template). `reason` must not hold personal data.
#[tracing::instrument(skip_all, fields(message_id = %id))]
pub async fn dead(db: &Db, id: Uuid, at: OffsetDateTime, reason: &str) -> Result<(), StoreError> {
    settle(outbox_message::Column::Id.eq(id))
        .col_expr(outbox_message::Column::DeadAt, Expr::value(utc(at)))
        .col_expr(outbox_message::Column::LastError, Expr::value(reason))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// A message that will not be sent without staff's help.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadLetter {
    pub id: Uuid,
    pub kind: String,
    /// The subject of the user the message belongs to.
    pub recipient_id: String,
    pub recipient_email: Option<String>,
    pub language: String,
    pub created_at: OffsetDateTime,
    pub dead_at: OffsetDateTime,
    pub attempts: u32,
    pub last_error: Option<String>,
}

/// Dead letters, most recently dead first, `first` at a time after `offset`. The read is
/// audited (the list shows addresses).
#[tracing::instrument(skip_all, fields(first = first, offset = offset))]
pub async fn dead_letters(
    db: &Db,
    ctx: &CallContext,
    first: u64,
    offset: u64,
) -> Result<Page<DeadLetter>, StoreError> {
    let role = authorize(
        db,
        ctx,
        Operation::ViewDeadLetters,
        "outbox.dead_letters.read",
    )
    .await?;
    let txn = db.begin_write().await?;
    let query = outbox_message::Entity::find()
        .filter(outbox_message::Column::DeadAt.is_not_null())
        .filter(outbox_message::Column::DeliveredAt.is_null())
        .order_by_desc(outbox_message::Column::DeadAt)
        .order_by_desc(outbox_message::Column::Id)
        .offset(offset);
    let page = page::fetch(query, &txn, first).await?;
    audit::append(
        &txn,
        ctx,
        AuditEvent::success("outbox.dead_letters.read", Some(role))
            // The list shows addresses: the entry names every message shown.
            .details(serde_json::json!({
                "count": page.items.len(),
                "messages": page.items.iter().map(|m| m.id.to_string()).collect::<Vec<_>>(),
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(page.map(|row| DeadLetter {
        id: row.id,
        kind: row.kind,
        recipient_id: row.recipient_id,
        recipient_email: row.recipient_email,
        language: row.language,
        created_at: row.created_at,
        dead_at: row.dead_at.unwrap_or(row.created_at),
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        last_error: row.last_error,
    }))
}

/// Puts a dead letter back in the queue with its attempts reset, audited. A message that
/// had no address takes the recipient's address (and language) from their account now,
/// since the reason to retry is usually that they have one.
#[tracing::instrument(skip_all, fields(message_id = %id))]
pub async fn retry(db: &Db, ctx: &CallContext, id: Uuid) -> Result<(), StoreError> {
    let target = AuditTarget::new("outbox_message", id);
    // A refusal (by role, of a missing message, or of one not dead) names the message.
    audit::guard(
        db,
        ctx,
        Operation::RetryMessage,
        "outbox.retry",
        &target,
        async { retry_dead_letter(db, ctx, id).await },
    )
    .await
}

async fn retry_dead_letter(db: &Db, ctx: &CallContext, id: Uuid) -> Result<(), StoreError> {
    let role = audit::role_for(ctx, Operation::RetryMessage)?;
    let txn = db.begin_write().await?;
    let row = outbox_message::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "outbox message",
        })?;
    if row.dead_at.is_none() || row.delivered_at.is_some() {
        return Err(StoreError::InvalidTransition {
            message: MessageKey::OnlyDeadLetterRetried,
        });
    }
    let mut update = outbox_message::ActiveModel {
        id: Set(row.id),
        attempts: Set(0),
        dead_at: Set(None),
        next_attempt_at: Set(None),
        claimed_until: Set(None),
        ..Default::default()
    };
    let had_address = row.recipient_email.is_some();
    if !had_address {
        let account = user_account::Entity::find()
            .filter(user_account::Column::Subject.eq(row.recipient_id.as_str()))
            .one(&txn)
            .await?;
        if let Some(account) = account {
            update.recipient_email = Set(account.email);
            if let Some(language) = account.language {
                update.language = Set(language);
            }
        }
    }
    outbox_message::Entity::update(update).exec(&txn).await?;
    audit::append(
        &txn,
        ctx,
        AuditEvent::success("outbox.retry", Some(role))
            .target("outbox_message", id.to_string())
            .details(serde_json::json!({
                "kind": row.kind,
                "attempts": row.attempts,
                "addressLookedUp": !had_address,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Counts of the outbox for the metrics: every instance reports the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxFigures {
    /// Every message ever queued.
    pub queued: u64,
    pub delivered: u64,
    /// Waiting to be sent (neither delivered nor dead).
    pub pending: u64,
    /// Dead letters now.
    pub dead: u64,
}

pub async fn figures(db: &Db) -> Result<OutboxFigures, StoreError> {
    let count = |condition: Condition| {
        outbox_message::Entity::find()
            .filter(condition)
            .count(db.conn())
    };
    let queued = count(Condition::all()).await?;
    let delivered =
        count(Condition::all().add(outbox_message::Column::DeliveredAt.is_not_null())).await?;
    let dead = count(
        Condition::all()
            .add(outbox_message::Column::DeliveredAt.is_null())
            .add(outbox_message::Column::DeadAt.is_not_null()),
    )
    .await?;
    Ok(OutboxFigures {
        queued,
        delivered,
        pending: queued.saturating_sub(delivered).saturating_sub(dead),
        dead,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_the_base_up_to_the_cap() {
        let policy = RetryPolicy {
            base: Duration::from_secs(60),
            max_attempts: 8,
        };
        assert_eq!(policy.delay_after(1), Duration::from_secs(60));
        assert_eq!(policy.delay_after(2), Duration::from_secs(120));
        assert_eq!(policy.delay_after(4), Duration::from_secs(480));
        assert_eq!(policy.delay_after(9), Duration::from_secs(60 * 256));
        assert_eq!(policy.delay_after(10), RETRY_CAP);
        assert_eq!(policy.delay_after(1_000), RETRY_CAP);
    }
}
