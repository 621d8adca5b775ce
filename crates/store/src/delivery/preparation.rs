//! Preparation runs of a delivery order (issue 16 section 2, docs/preparation.md): the
//! store's half of `tietolupa deliver` and `POST /api/delivery-orders/{id}/preparation`.
//! The run itself is the `tietolupa_preparation` crate; the objectors come from
//! [`objections::objectors_on`](crate::objections::objectors_on) on the order's
//! extraction date.
//!
//! [`start`] checks the order (RECEIVED, or PREPARED for a rerun; the version the caller
//! saw), writes an unfinished run row and the `delivery_order.preparation_start` audit
//! entry in one transaction, before a line is read. [`finish`] completes the row with the
//! counts, writes `delivery_order.preparation_finish` with counts only, and moves the order
//! to PREPARED with a history event, again in one transaction. Nothing here ever holds a
//! code, a pseudonym or other content of the dataset.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tietolupa_domain::delivery::order::{self as domain, DeliveryOrderState};
use tietolupa_domain::{AuditOutcome, MessageKey, Operation, Role};
use tietolupa_entity::{delivery_order, preparation_run};
use time::Date;
use uuid::Uuid;

use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError};

const START: &str = "delivery_order.preparation_start";
const FINISH: &str = "delivery_order.preparation_finish";
const TARGET: &str = "delivery_order";

/// Through which face a run came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cli,
    Api,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Cli => "CLI",
            Via::Api => "API",
        }
    }
}

/// A run that may begin: what it needs to know of its order.
#[derive(Debug, Clone)]
pub struct StartedRun {
    pub run_id: Uuid,
    pub order_id: Uuid,
    /// The order's version when the run started; finishing checks it again.
    pub order_version: i32,
    /// Whose key the pseudonyms are under: the order's permit (an amendment's orders carry
    /// the original permit's id), or for a data request, which has no permit, its
    /// application.
    pub key_scope: Uuid,
    /// Objections in force on this day are applied.
    pub extraction_date: Date,
    pub role: Option<Role>,
    pub via: Via,
}

/// The counts of a run, as the crate reports them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunCounts {
    pub rows_read: u64,
    pub dropped_as_objectors: u64,
    pub invalid: u64,
    pub written: u64,
    pub invalid_lines: Vec<u64>,
}

/// Checks that the caller may run a preparation (`HANDLER`); a refusal is audited.
#[tracing::instrument(skip_all)]
pub async fn authorize(db: &Db, ctx: &CallContext) -> Result<Role, StoreError> {
    audit::authorize(db, ctx, Operation::RunPreparation, START).await
}

fn refused(state: DeliveryOrderState) -> StoreError {
    StoreError::InvalidTransition {
        message: domain::DeliveryRefusal::NotInState(state).message(),
    }
}

fn parse_state(order: &delivery_order::Model) -> Result<DeliveryOrderState, StoreError> {
    DeliveryOrderState::parse(&order.state).ok_or(StoreError::Conflict {
        message: MessageKey::DeliveryOrderNotFound,
    })
}

/// Checks the order and records the start of a run: the run must not begin unless this
/// succeeded. `role` is none for the command line, which runs as the system.
#[tracing::instrument(skip_all, fields(order_id = %order_id, via = via.as_str()))]
pub async fn start(
    db: &Db,
    ctx: &CallContext,
    role: Option<Role>,
    order_id: Uuid,
    version: Option<i32>,
    via: Via,
    key_id: &str,
) -> Result<StartedRun, StoreError> {
    let txn = db.begin_write().await?;
    let order = delivery_order::Entity::find_by_id(order_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "delivery order",
        })?;
    // The command line, run by an operator on the order they name, takes the current one.
    let version = version.unwrap_or(order.version);
    if order.version != version {
        return Err(StoreError::stale());
    }
    domain::prepare(parse_state(&order)?).map_err(|e| match e {
        domain::DeliveryRefusal::NotInState(state) => refused(state),
        other => StoreError::InvalidTransition {
            message: other.message(),
        },
    })?;
    let run_id = Uuid::now_v7();
    preparation_run::ActiveModel {
        id: Set(run_id),
        delivery_order_id: Set(order_id),
        started_at: Set(ctx.at),
        finished_at: Set(None),
        completed: Set(false),
        via: Set(via.as_str().to_owned()),
        run_by: Set(Some(ctx.actor.id.clone())),
        run_by_name: Set(ctx.actor.name.clone()),
        rows_read: Set(0),
        dropped_as_objectors: Set(0),
        invalid: Set(0),
        written: Set(0),
        invalid_lines: Set(serde_json::json!([])),
        key_id: Set(key_id.to_owned()),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        ctx,
        AuditEvent::success(START, role)
            .target(TARGET, order_id.to_string())
            .details(serde_json::json!({
                "run": run_id.to_string(),
                "via": via.as_str(),
                "version": version,
                "extractionDate": order.extraction_date.to_string(),
                "keyId": key_id,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(StartedRun {
        run_id,
        order_id,
        order_version: version,
        key_scope: order.permit_id.unwrap_or(order.application_id),
        extraction_date: order.extraction_date,
        role,
        via,
    })
}

/// Records how a run ended. A completed run moves the order to PREPARED (version-checked
/// against the version the run started from); a stopped one leaves the order as it was.
/// Returns the order's new version.
#[tracing::instrument(skip_all, fields(order_id = %run.order_id, completed))]
pub async fn finish(
    db: &Db,
    ctx: &CallContext,
    run: &StartedRun,
    counts: &RunCounts,
    completed: bool,
) -> Result<i32, StoreError> {
    let txn = db.begin_write().await?;
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let finished = preparation_run::ActiveModel {
        id: Set(run.run_id),
        finished_at: Set(Some(ctx.at)),
        completed: Set(completed),
        rows_read: Set(as_i64(counts.rows_read)),
        dropped_as_objectors: Set(as_i64(counts.dropped_as_objectors)),
        invalid: Set(as_i64(counts.invalid)),
        written: Set(as_i64(counts.written)),
        invalid_lines: Set(serde_json::json!(counts.invalid_lines)),
        ..Default::default()
    };
    preparation_run::Entity::update(finished).exec(&txn).await?;
    let outcome = if completed {
        AuditOutcome::Success
    } else {
        AuditOutcome::Failure
    };
    audit::append(
        &txn,
        ctx,
        AuditEvent::success(FINISH, run.role)
            .target(TARGET, run.order_id.to_string())
            .outcome(outcome)
            .details(serde_json::json!({
                "run": run.run_id.to_string(),
                "via": run.via.as_str(),
                "rowsRead": counts.rows_read,
                "droppedAsObjectors": counts.dropped_as_objectors,
                "invalid": counts.invalid,
                "written": counts.written,
                "completed": completed,
            })),
    )
    .await?;
    let mut version = run.order_version;
    if completed {
        version = super::orders::mark_prepared(&txn, ctx, run.order_id, run.order_version)
            .await?
            .version;
    }
    txn.commit().await?;
    Ok(version)
}

/// The runs of an order, newest first (staff only: `RunPreparation`).
#[tracing::instrument(skip_all, fields(order_id = %order_id))]
pub async fn runs(
    db: &Db,
    ctx: &CallContext,
    order_id: Uuid,
) -> Result<Vec<preparation_run::Model>, StoreError> {
    if !matches!(
        tietolupa_domain::permission::check(&ctx.actor, Operation::RunPreparation),
        tietolupa_domain::permission::Access::Granted(_)
    ) {
        return Err(StoreError::forbidden());
    }
    Ok(preparation_run::Entity::find()
        .filter(preparation_run::Column::DeliveryOrderId.eq(order_id))
        .order_by_desc(preparation_run::Column::StartedAt)
        .order_by_desc(preparation_run::Column::Id)
        .all(db.conn())
        .await?)
}
