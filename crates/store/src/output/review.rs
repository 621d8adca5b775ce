//! The review steps of an output request: start review, approve with overrides, confirm
//! (four eyes), ask for changes, reject, release; and a permit's stricter thresholds. Each
//! step runs in one transaction with its history event and its audit entry, which holds
//! the decision's machine-readable record, and takes the `version` the caller saw.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use tietolupa_domain::output_request::{self as lifecycle, Approval, OutputRequestState, Override};
use tietolupa_domain::{MessageKey, Operation};
use tietolupa_entity::{output_file, output_request, output_request_version, permit};
use tietolupa_output_check::{PermitThresholds, Rule};
use uuid::Uuid;

use super::commands::{event, reason_text, refusal, save};
use super::{
    OutputCheck, OutputRequest, StoredOverride, files_of, find_visible, flagged_cells, load,
    state_of, wire_name,
};
use crate::audit::{self, AuditEvent, AuditTarget};
use crate::{CallContext, Db, StoreError};

/// An override as the reviewer gives it.
#[derive(Debug, Clone)]
pub struct OverrideInput {
    pub file_id: Uuid,
    pub row: usize,
    pub column: usize,
    pub rule: Rule,
    pub reason: String,
}

/// The machine-readable record of a decision (DESIGN.md section 13): the files with their
/// SHA-256 and status, the rules and thresholds they were checked with, the checker's
/// version, the overrides and who decided.
async fn decision_record<C: ConnectionTrait>(
    conn: &C,
    row: &output_request::Model,
) -> Result<serde_json::Value, StoreError> {
    let files = files_of(conn, row.id).await?;
    let version = output_request_version::Entity::find()
        .filter(output_request_version::Column::OutputRequestId.eq(row.id))
        .filter(output_request_version::Column::Number.eq(row.submission))
        .one(conn)
        .await?;
    let files: Vec<_> = files
        .iter()
        .filter(|f| f.submission == row.submission)
        .map(|f| json!({ "file": f.id, "name": f.name, "kind": f.kind, "sha256": f.sha256, "sizeBytes": f.size_bytes, "status": f.status }))
        .collect();
    Ok(json!({
        "submission": row.submission,
        "state": row.state,
        "files": files,
        "rules": Rule::ALL,
        "thresholds": version.as_ref().map(|v| v.thresholds.clone()),
        "toolVersion": version.as_ref().map(|v| v.tool_version.clone()),
        "overrides": row.overrides,
        "reviewer": row.reviewer_id,
        "secondApprover": row.second_approver_id,
    }))
}

/// One review step: load, check the version, apply `step` to the row, save, record.
async fn step(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    operation: Operation,
    action: &'static str,
    apply: impl FnOnce(
        &mut output_request::Model,
        &[output_file::Model],
    ) -> Result<Option<String>, StoreError>,
) -> Result<OutputRequest, StoreError> {
    let target = AuditTarget::new("output_request", id);
    audit::guard(db, ctx, operation, action, &target, async {
        let role = audit::role_for(ctx, operation)?;
        let txn = db.begin_write().await?;
        let mut row = find_visible(&txn, ctx, role, id).await?;
        if row.version != version {
            return Err(StoreError::stale());
        }
        let from = state_of(&row)?;
        let current: Vec<_> = files_of(&txn, id)
            .await?
            .into_iter()
            .filter(|f| f.submission == row.submission)
            .collect();
        let outcome = apply(&mut row, &current);
        let comment = outcome?;
        let to = state_of(&row)?;
        // Released statistics of a data request are its delivery: the order moves with them.
        if to == OutputRequestState::Released
            && let Some(order_id) = row.delivery_order_id
        {
            crate::delivery::orders::deliver_statistics(&txn, ctx, role, order_id).await?;
        }
        let row = save(&txn, ctx, row, version).await?;
        event(&txn, ctx, id, Some(from), to, comment.clone()).await?;
        let mut audit_event = AuditEvent::success(action, Some(role))
            .target("output_request", id.to_string())
            .details(decision_record(&txn, &row).await?);
        if let Some(reason) = comment {
            audit_event = audit_event.reason(reason);
        }
        audit::append(&txn, ctx, audit_event).await?;
        let view = load(&txn, role, row).await?;
        txn.commit().await?;
        Ok(view)
    })
    .await
}

fn set_state(row: &mut output_request::Model, state: OutputRequestState) {
    row.state = state.as_str().to_owned();
}

#[tracing::instrument(skip_all, fields(output_request_id = %id, version = version))]
pub async fn start_review(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<OutputRequest, StoreError> {
    step(
        db,
        ctx,
        id,
        version,
        Operation::ReviewOutputRequest,
        "output_request.start_review",
        |row, _| {
            let to = lifecycle::start_review(state_of(row)?).map_err(refusal)?;
            set_state(row, to);
            row.reviewer_id = Some(ctx.actor.id.clone());
            row.reviewer_name = ctx.actor.name.clone();
            Ok(None)
        },
    )
    .await
}

/// Approves the current submission. Overriding a failing cell leaves the request in
/// review, awaiting a Director's confirmation.
#[tracing::instrument(skip_all, fields(output_request_id = %id, version = version))]
pub async fn approve(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    overrides: Vec<OverrideInput>,
) -> Result<OutputRequest, StoreError> {
    step(
        db,
        ctx,
        id,
        version,
        Operation::ReviewOutputRequest,
        "output_request.approve",
        |row, files| {
            let flagged = flagged_cells(files)?;
            let asked: Vec<Override> = overrides
                .iter()
                .map(|o| Override {
                    file_id: o.file_id,
                    row: o.row,
                    column: o.column,
                    rule: wire_name(o.rule),
                    reason: o.reason.trim().to_owned(),
                })
                .collect();
            for (i, o) in asked.iter().enumerate() {
                if o.reason.chars().count() > tietolupa_domain::application::content::MAX_TEXT {
                    return Err(StoreError::validation(
                        format!("overrides.{i}.reason"),
                        MessageKey::TooLong,
                    ));
                }
            }
            let approval = lifecycle::approve(
                state_of(row)?,
                row.awaiting_second_approval,
                &flagged,
                &asked,
            )
            .map_err(refusal)?;
            let stored: Vec<StoredOverride> = overrides
                .iter()
                .map(|o| StoredOverride {
                    file_id: o.file_id,
                    row: o.row,
                    column: o.column,
                    rule: o.rule,
                    reason: o.reason.trim().to_owned(),
                    by_id: ctx.actor.id.clone(),
                    by_name: ctx.actor.name.clone(),
                })
                .collect();
            row.overrides = json!(stored);
            row.reviewer_id = Some(ctx.actor.id.clone());
            row.reviewer_name = ctx.actor.name.clone();
            match approval {
                Approval::Approved => set_state(row, OutputRequestState::Approved),
                Approval::AwaitingSecondApproval => row.awaiting_second_approval = true,
            }
            Ok(None)
        },
    )
    .await
}

/// A Director other than the reviewer confirms an approval that overrode failing cells.
#[tracing::instrument(skip_all, fields(output_request_id = %id, version = version))]
pub async fn confirm_approval(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<OutputRequest, StoreError> {
    step(
        db,
        ctx,
        id,
        version,
        Operation::ConfirmOutputApproval,
        "output_request.confirm_approval",
        |row, _| {
            let to = lifecycle::confirm(
                state_of(row)?,
                row.awaiting_second_approval,
                row.reviewer_id.as_deref(),
                &ctx.actor.id,
            )
            .map_err(refusal)?;
            set_state(row, to);
            row.awaiting_second_approval = false;
            row.second_approver_id = Some(ctx.actor.id.clone());
            row.second_approver_name = ctx.actor.name.clone();
            Ok(None)
        },
    )
    .await
}

#[tracing::instrument(skip_all, fields(output_request_id = %id, version = version))]
pub async fn request_changes(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    reason: &str,
) -> Result<OutputRequest, StoreError> {
    let reason = reason_text(reason)?;
    step(
        db,
        ctx,
        id,
        version,
        Operation::ReviewOutputRequest,
        "output_request.request_changes",
        |row, _| {
            let to = lifecycle::request_changes(state_of(row)?, &reason).map_err(refusal)?;
            close_review(row, ctx, to, &reason);
            Ok(Some(reason.clone()))
        },
    )
    .await
}

#[tracing::instrument(skip_all, fields(output_request_id = %id, version = version))]
pub async fn reject(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    reason: &str,
) -> Result<OutputRequest, StoreError> {
    let reason = reason_text(reason)?;
    step(
        db,
        ctx,
        id,
        version,
        Operation::ReviewOutputRequest,
        "output_request.reject",
        |row, _| {
            let to = lifecycle::reject(state_of(row)?, &reason).map_err(refusal)?;
            close_review(row, ctx, to, &reason);
            Ok(Some(reason.clone()))
        },
    )
    .await
}

/// Ends a review without approval: a pending first approval and its overrides lapse.
fn close_review(
    row: &mut output_request::Model,
    ctx: &CallContext,
    to: OutputRequestState,
    reason: &str,
) {
    set_state(row, to);
    row.awaiting_second_approval = false;
    row.overrides = json!([]);
    row.decision_reason = Some(reason.to_owned());
    if row.reviewer_id.is_none() {
        row.reviewer_id = Some(ctx.actor.id.clone());
        row.reviewer_name = ctx.actor.name.clone();
    }
}

/// Releases approved files to the holder; the audit entry is the decision record with
/// each file's SHA-256.
#[tracing::instrument(skip_all, fields(output_request_id = %id, version = version))]
pub async fn release(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<OutputRequest, StoreError> {
    step(
        db,
        ctx,
        id,
        version,
        Operation::ReviewOutputRequest,
        "output_request.release",
        |row, _| {
            let to = lifecycle::release(state_of(row)?).map_err(refusal)?;
            set_state(row, to);
            Ok(None)
        },
    )
    .await
}

/// Staff set a permit's own thresholds, each at least as strict as the configured default.
#[tracing::instrument(skip_all, fields(permit_id = %permit_id, version = version))]
pub async fn set_thresholds(
    db: &Db,
    ctx: &CallContext,
    check: &OutputCheck,
    permit_id: Uuid,
    version: i32,
    thresholds: PermitThresholds,
) -> Result<crate::permits::Permit, StoreError> {
    let role = audit::authorize(
        db,
        ctx,
        Operation::SetOutputCheckThresholds,
        "permit.set_output_check_thresholds",
    )
    .await?;
    check.defaults.stricter(&thresholds).map_err(|e| {
        let message = match e {
            tietolupa_output_check::ThresholdError::OutOfRange { .. } => MessageKey::UnknownValue,
            _ => MessageKey::ThresholdNotStricter,
        };
        StoreError::validation(format!("thresholds.{}", e.field()), message)
    })?;
    let txn = db.begin_write().await?;
    let row = permit::Entity::find_by_id(permit_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound { entity: "permit" })?;
    if row.version != version {
        return Err(StoreError::stale());
    }
    let result = permit::Entity::update_many()
        .col_expr(
            permit::Column::OutputCheckThresholds,
            sea_orm::sea_query::Expr::value(json!(thresholds)),
        )
        .col_expr(
            permit::Column::Version,
            sea_orm::sea_query::Expr::value(version + 1),
        )
        .col_expr(
            permit::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(ctx.at),
        )
        .filter(permit::Column::Id.eq(permit_id))
        .filter(permit::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::stale());
    }
    audit::append(
        &txn,
        ctx,
        AuditEvent::success("permit.set_output_check_thresholds", Some(role))
            .target("permit", permit_id.to_string())
            .details(json!({ "thresholds": thresholds })),
    )
    .await?;
    txn.commit().await?;
    crate::permits::get_unaudited(db, ctx, permit_id).await
}
