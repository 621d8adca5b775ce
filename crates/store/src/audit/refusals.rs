//! Refusals of signed-in callers (issue 20 §1): each is a DENIED entry naming the
//! operation, the target that was asked for and why, written in a transaction of its own.

use sea_orm::EntityTrait;
use tietolupa_domain::{Access, ActorKind, AuditOutcome, MessageKey, Operation, Role, permission};
use uuid::Uuid;

use super::{AuditEvent, append};
use crate::{CallContext, Db, StoreError};

/// What a refused caller asked for: the kind of thing and the id they gave, whether or
/// not such a thing exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTarget {
    pub kind: &'static str,
    pub id: String,
}

impl AuditTarget {
    pub fn new(kind: &'static str, id: impl ToString) -> AuditTarget {
        AuditTarget {
            kind,
            id: id.to_string(),
        }
    }
}

/// Why a signed-in caller was refused: the `reason` of a DENIED entry, a fixed vocabulary
/// so an auditor can tell a missing role from a probe for someone else's case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DenialReason {
    /// The caller holds no role the operation allows.
    Role,
    /// The caller holds the role, but a rule stands in the way (four eyes, presenter only,
    /// a holder's file not yet released).
    Rule,
    /// The target exists but is someone else's; the caller was told it does not exist.
    Ownership,
    /// Nothing has the id the caller asked for.
    NotFound,
    /// The target is in a state that does not allow the operation.
    State,
}

impl DenialReason {
    pub const ALL: [DenialReason; 5] = [
        DenialReason::Role,
        DenialReason::Rule,
        DenialReason::Ownership,
        DenialReason::NotFound,
        DenialReason::State,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DenialReason::Role => "role",
            DenialReason::Rule => "rule",
            DenialReason::Ownership => "ownership",
            DenialReason::NotFound => "not_found",
            DenialReason::State => "state",
        }
    }
}

/// Records, in a transaction of its own, that an actor was refused.
#[tracing::instrument(skip_all, fields(action = action, reason = why.as_str()))]
pub async fn record_denial(
    db: &Db,
    ctx: &CallContext,
    action: &'static str,
    role: Option<Role>,
    target: Option<&AuditTarget>,
    why: DenialReason,
) -> Result<(), StoreError> {
    let mut event = AuditEvent::success(action, role)
        .outcome(AuditOutcome::Denied)
        .reason(why.as_str());
    if let Some(target) = target {
        event = event.target(target.kind, target.id.clone());
    }
    let txn = db.begin_write().await?;
    append(&txn, ctx, event).await?;
    txn.commit().await?;
    Ok(())
}

/// Checks an operation's role rule; refusals of signed-in callers are themselves audited.
pub async fn authorize(
    db: &Db,
    ctx: &CallContext,
    operation: Operation,
    action: &'static str,
) -> Result<Role, StoreError> {
    let checked = role_for(ctx, operation);
    if matches!(checked, Err(StoreError::Forbidden { .. })) {
        record_denial(db, ctx, action, None, None, DenialReason::Role).await?;
    }
    checked
}

/// [`authorize`] for an operation on one thing: the refusal names it.
pub async fn authorize_on(
    db: &Db,
    ctx: &CallContext,
    operation: Operation,
    action: &'static str,
    target: &AuditTarget,
) -> Result<Role, StoreError> {
    guard(db, ctx, operation, action, target, async {
        role_for(ctx, operation)
    })
    .await
}

/// The role rule alone, nothing recorded: for the body of a [`guard`], which records.
pub fn role_for(ctx: &CallContext, operation: Operation) -> Result<Role, StoreError> {
    match permission::check(&ctx.actor, operation) {
        Access::Granted(role) => Ok(role),
        Access::Unauthenticated => Err(StoreError::Unauthenticated),
        Access::Forbidden => Err(StoreError::forbidden()),
    }
}

/// Runs a targeted operation and, when it refuses a signed-in caller, records the refusal
/// with the target and why, in a transaction of its own (the operation's own has rolled
/// back by then). The caller's answer is the operation's, unchanged: a NOT_FOUND stays a
/// NOT_FOUND whether the target is someone else's or missing; only the entry tells.
///
/// The body checks roles with [`role_for`], so that a refusal is recorded once, here.
pub async fn guard<T>(
    db: &Db,
    ctx: &CallContext,
    operation: Operation,
    action: &'static str,
    target: &AuditTarget,
    body: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    // Both on the heap: a resolver's future holds the guard's, and deep ones (an
    // organisation with its permits) overflowed a worker's stack in debug builds.
    let result = Box::pin(body).await;
    if let Err(error) = &result {
        Box::pin(record_refusal(db, ctx, operation, action, target, error)).await?;
    }
    result
}

/// What [`guard`] does with an error: a refusal of a signed-in caller becomes a DENIED
/// entry naming the target; anything else (and any anonymous caller) writes nothing.
pub async fn record_refusal(
    db: &Db,
    ctx: &CallContext,
    operation: Operation,
    action: &'static str,
    target: &AuditTarget,
    error: &StoreError,
) -> Result<(), StoreError> {
    if ctx.actor.kind == ActorKind::Anonymous {
        return Ok(());
    }
    let Some(why) = denial_reason(db, target, error).await? else {
        return Ok(());
    };
    let role = match permission::check(&ctx.actor, operation) {
        Access::Granted(role) => Some(role),
        _ => None,
    };
    record_denial(db, ctx, action, role, Some(target), why).await
}

/// Which refusal `error` is, or `None` when it is no refusal (invalid input, a stale
/// version, a failure).
async fn denial_reason(
    db: &Db,
    target: &AuditTarget,
    error: &StoreError,
) -> Result<Option<DenialReason>, StoreError> {
    Ok(match error {
        StoreError::Forbidden {
            reason: MessageKey::NotAllowedForRole,
        } => Some(DenialReason::Role),
        StoreError::Forbidden { .. } => Some(DenialReason::Rule),
        StoreError::InvalidTransition { .. } => Some(DenialReason::State),
        StoreError::NotFound { .. } => Some(if target_exists(db, target).await? {
            DenialReason::Ownership
        } else {
            DenialReason::NotFound
        }),
        _ => None,
    })
}

/// Whether the thing a refused caller asked for exists: the one fact the caller's
/// NOT_FOUND hides and the auditor needs.
async fn target_exists(db: &Db, target: &AuditTarget) -> Result<bool, StoreError> {
    use tietolupa_entity::{
        application, attachment, delivery_order, objection, organisation, outbox_message,
        output_request, permit,
    };
    let Ok(id) = Uuid::parse_str(&target.id) else {
        return Ok(false);
    };
    let conn = db.conn();
    Ok(match target.kind {
        "application" => application::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_some(),
        "attachment" => attachment::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_some(),
        "delivery_order" => delivery_order::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_some(),
        "objection" => objection::Entity::find_by_id(id).one(conn).await?.is_some(),
        "organisation" => organisation::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_some(),
        "outbox_message" => outbox_message::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_some(),
        "output_request" => output_request::Entity::find_by_id(id)
            .one(conn)
            .await?
            .is_some(),
        "permit" => permit::Entity::find_by_id(id).one(conn).await?.is_some(),
        _ => false,
    })
}
