//! Creating delivery orders and moving them on. Each step runs in one transaction with
//! its history event and audit entry, and takes the version its caller saw.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder,
};
use tietolupa_domain::application::ApplicationKind;
use tietolupa_domain::delivery::{
    self as rules, DeliveryOrderState, DeliveryRefusal, DeliveryStep,
};
use tietolupa_domain::permit::{AmendmentChange, AmendmentRequest, effective_status};
use tietolupa_domain::{Operation, Role};
use tietolupa_entity::{
    application, application_data_source, delivery_order, delivery_order_event, permit,
    permit_version,
};
use uuid::Uuid;

use super::{DeliveryOrder, not_found, split_variables, stored_state, views};
use crate::audit::{self, AuditEvent, AuditTarget};
use crate::{CallContext, Db, StoreError};

fn refusal(e: DeliveryRefusal) -> StoreError {
    match e {
        DeliveryRefusal::Invalid { field, message } => StoreError::validation(field, message),
        other => StoreError::InvalidTransition {
            message: other.message(),
        },
    }
}

/// What a new order asks for, before it is written.
struct NewOrder<'a> {
    kind: ApplicationKind,
    application_id: Uuid,
    permit_id: Option<Uuid>,
    data_source_ids: Vec<Uuid>,
    /// The application rows the variables and period come from.
    rows: Vec<&'a application_data_source::Model>,
    cohort_definition: Option<String>,
    processing_environment_id: Option<Uuid>,
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    role: Option<Role>,
    new: NewOrder<'_>,
    due_days: u32,
) -> Result<delivery_order::Model, StoreError> {
    let extraction_date = ctx.today();
    let variables: Vec<String> = new
        .rows
        .iter()
        .flat_map(|r| split_variables(&r.variables))
        .collect();
    let row = delivery_order::Model {
        id: Uuid::now_v7(),
        version: 1,
        state: DeliveryOrderState::Ordered.as_str().to_owned(),
        kind: new.kind.as_str().to_owned(),
        application_id: new.application_id,
        permit_id: new.permit_id,
        data_source_id: match new.data_source_ids.as_slice() {
            [one] if new.kind == ApplicationKind::DataPermit => Some(*one),
            _ => None,
        },
        data_source_ids: serde_json::json!(new.data_source_ids),
        variables: serde_json::json!(variables),
        period_from: new.rows.iter().filter_map(|r| r.period_from).min(),
        period_to: new.rows.iter().filter_map(|r| r.period_to).max(),
        cohort_definition: new.cohort_definition,
        processing_environment_id: new.processing_environment_id,
        extraction_date,
        due_date: rules::due_date(extraction_date, due_days),
        cancellation_reason: None,
        created_at: ctx.at,
        updated_at: ctx.at,
    };
    let active: delivery_order::ActiveModel = row.clone().into();
    active.reset_all().insert(conn).await?;
    record(conn, ctx, role, &row, DeliveryStep::Create, None, None).await?;
    Ok(row)
}

/// The history event and the audit entry of a step, in the step's transaction.
async fn record<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    role: Option<Role>,
    row: &delivery_order::Model,
    step: DeliveryStep,
    from: Option<DeliveryOrderState>,
    comment: Option<&str>,
) -> Result<(), StoreError> {
    delivery_order_event::ActiveModel::from(delivery_order_event::Model {
        id: Uuid::now_v7(),
        delivery_order_id: row.id,
        occurred_at: ctx.at,
        actor_id: ctx.actor.id.clone(),
        actor_name: ctx.actor.name.clone(),
        action: step.as_str().to_owned(),
        from_state: from.map(|s| s.as_str().to_owned()),
        to_state: row.state.clone(),
        comment: comment.map(str::to_owned),
    })
    .reset_all()
    .insert(conn)
    .await?;
    let mut event = AuditEvent::success(step.audit_action(), role)
        .target("delivery_order", row.id.to_string())
        .details(serde_json::json!({
            "applicationId": row.application_id.to_string(),
            "permitId": row.permit_id.map(|p| p.to_string()),
            "from": from.map(|s| s.as_str()),
            "to": row.state,
        }));
    if let Some(comment) = comment {
        event = event.reason(comment);
    }
    audit::append(conn, ctx, event).await?;
    Ok(())
}

/// Writes the changed order only if nobody changed it since `loaded_version`.
async fn save<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    mut row: delivery_order::Model,
    loaded_version: i32,
) -> Result<delivery_order::Model, StoreError> {
    row.version = loaded_version + 1;
    row.updated_at = ctx.at;
    let active: delivery_order::ActiveModel = row.clone().into();
    let result = delivery_order::Entity::update_many()
        .set(active.reset_all())
        .filter(delivery_order::Column::Id.eq(row.id))
        .filter(delivery_order::Column::Version.eq(loaded_version))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::stale());
    }
    Ok(row)
}

/// The application rows of `application_ids` for `source`: where an order's variables
/// and period come from.
async fn source_rows<C: ConnectionTrait>(
    conn: &C,
    application_ids: &[Uuid],
) -> Result<Vec<application_data_source::Model>, StoreError> {
    Ok(application_data_source::Entity::find()
        .filter(application_data_source::Column::ApplicationId.is_in(application_ids.to_vec()))
        .order_by_asc(application_data_source::Column::Position)
        .all(conn)
        .await?)
}

/// Orders for a granted data permit (one per granted data source) or data request (one
/// for all its granted sources), in the deciding transaction. Returns how many.
pub(crate) async fn on_grant(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    role: Role,
    application: &application::Model,
    permit: Option<&permit::Model>,
    granted: &[Uuid],
    due_days: u32,
) -> Result<usize, StoreError> {
    let kind = ApplicationKind::parse(&application.kind).ok_or_else(|| super::corrupt("kind"))?;
    let rows = source_rows(txn, &[application.id]).await?;
    let rows_of = |id: Uuid| rows.iter().filter(move |r| r.data_source_id == id);
    let new_orders: Vec<NewOrder<'_>> = match kind {
        ApplicationKind::DataPermit => granted
            .iter()
            .map(|id| NewOrder {
                kind,
                application_id: application.id,
                permit_id: permit.map(|p| p.id),
                data_source_ids: vec![*id],
                rows: rows_of(*id).collect(),
                cohort_definition: application.cohort_definition.clone(),
                processing_environment_id: permit.and_then(|p| p.processing_environment_id),
            })
            .collect(),
        ApplicationKind::DataRequest if !granted.is_empty() => vec![NewOrder {
            kind,
            application_id: application.id,
            permit_id: None,
            data_source_ids: granted.to_vec(),
            rows: granted.iter().flat_map(|id| rows_of(*id)).collect(),
            cohort_definition: application.cohort_definition.clone(),
            processing_environment_id: None,
        }],
        _ => Vec::new(),
    };
    let count = new_orders.len();
    for new in new_orders {
        insert(txn, ctx, Some(role), new, due_days).await?;
    }
    Ok(count)
}

/// A granted amendment changed `permit` (already saved, its previous terms kept as the
/// version this amendment replaced). Only `COMBINE_PERMITS` changes a permit's data
/// today: the combined permits' open orders are cancelled, and each data source the
/// amendment added is ordered anew for this permit, so that all its data shares the
/// permit's pseudonym key. A source the amendment removed (none can yet) has its open
/// orders cancelled. Orders a handler cancelled stay cancelled.
pub(crate) async fn on_amendment(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    role: Role,
    amendment: &application::Model,
    request: &AmendmentRequest,
    permit: &permit::Model,
    due_days: u32,
) -> Result<(), StoreError> {
    if !request.changes.contains(&AmendmentChange::CombinePermits) {
        return Ok(());
    }
    let diary = amendment.diary_number.as_deref().unwrap_or_default();
    let combined: Vec<permit::Model> = permit::Entity::find()
        .filter(permit::Column::Id.is_in(request.combine_permit_ids.clone()))
        .all(txn)
        .await?;
    for other in &combined {
        cancel_open_of_permit(
            txn,
            ctx,
            Some(role),
            other.id,
            &format!("Combined into another permit by amendment {diary}"),
        )
        .await?;
    }
    let sources_of = |json: &serde_json::Value| -> Result<Vec<Uuid>, StoreError> {
        serde_json::from_value(json.clone()).map_err(|_| super::corrupt("permit data sources"))
    };
    let after = sources_of(&permit.granted_data_source_ids)?;
    let before = match permit_version::Entity::find()
        .filter(permit_version::Column::PermitId.eq(permit.id))
        .filter(permit_version::Column::AmendmentApplicationId.eq(amendment.id))
        .one(txn)
        .await?
    {
        Some(version) => sources_of(&version.terms["grantedDataSourceIds"])?,
        None => after.clone(),
    };
    let open: Vec<&str> = DeliveryOrderState::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    let removed: Vec<Uuid> = before
        .iter()
        .filter(|s| !after.contains(s))
        .copied()
        .collect();
    let to_cancel = delivery_order::Entity::find()
        .filter(delivery_order::Column::PermitId.eq(permit.id))
        .filter(delivery_order::Column::DataSourceId.is_in(removed))
        .filter(delivery_order::Column::State.is_in(open))
        .all(txn)
        .await?;
    for order in to_cancel {
        let reason = format!("Data source removed by amendment {diary}");
        cancel_row(txn, ctx, Some(role), order, &reason).await?;
    }
    // What was asked for a source: the first of the permit's own and the combined
    // permits' applications that asked for it.
    let mut applications = vec![permit.application_id];
    applications.extend(combined.iter().map(|p| p.application_id));
    let rows = source_rows(txn, &applications).await?;
    for source in after.iter().filter(|s| !before.contains(s)) {
        let asked = rows
            .iter()
            .filter(|r| r.data_source_id == *source)
            .min_by_key(|r| applications.iter().position(|a| *a == r.application_id));
        let owner = asked.map_or(permit.application_id, |r| r.application_id);
        let cohort = application::Entity::find_by_id(owner)
            .one(txn)
            .await?
            .and_then(|a| a.cohort_definition);
        let new = NewOrder {
            kind: ApplicationKind::DataPermit,
            application_id: amendment.id,
            permit_id: Some(permit.id),
            data_source_ids: vec![*source],
            rows: rows
                .iter()
                .filter(|r| r.data_source_id == *source && r.application_id == owner)
                .collect(),
            cohort_definition: cohort,
            processing_environment_id: permit.processing_environment_id,
        };
        insert(txn, ctx, Some(role), new, due_days).await?;
    }
    Ok(())
}

async fn cancel_row<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    role: Option<Role>,
    mut row: delivery_order::Model,
    reason: &str,
) -> Result<delivery_order::Model, StoreError> {
    let from = stored_state(&row)?;
    let (to, reason) = rules::cancel(from, reason).map_err(refusal)?;
    let loaded = row.version;
    row.state = to.as_str().to_owned();
    row.cancellation_reason = Some(reason.clone());
    let row = save(conn, ctx, row, loaded).await?;
    record(
        conn,
        ctx,
        role,
        &row,
        DeliveryStep::Cancel,
        Some(from),
        Some(&reason),
    )
    .await?;
    Ok(row)
}

/// Cancels every open order of a permit with `reason`, in the caller's transaction
/// (revocation, combination). Returns how many.
pub(crate) async fn cancel_open_of_permit<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    role: Option<Role>,
    permit_id: Uuid,
    reason: &str,
) -> Result<usize, StoreError> {
    let open: Vec<&str> = DeliveryOrderState::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    let rows = delivery_order::Entity::find()
        .filter(delivery_order::Column::PermitId.eq(permit_id))
        .filter(delivery_order::Column::State.is_in(open))
        .order_by_asc(delivery_order::Column::Id)
        .all(conn)
        .await?;
    let count = rows.len();
    for row in rows {
        cancel_row(conn, ctx, role, row, reason).await?;
    }
    Ok(count)
}

/// A preparation run finished: the order moves to PREPARED inside the run's own
/// transaction (`delivery/preparation.rs`), which has checked the caller's role.
pub(crate) async fn mark_prepared(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    order_id: Uuid,
    expected_version: i32,
) -> Result<delivery_order::Model, StoreError> {
    let row = delivery_order::Entity::find_by_id(order_id)
        .one(txn)
        .await?
        .ok_or_else(not_found)?;
    if row.version != expected_version {
        return Err(StoreError::stale());
    }
    let from = stored_state(&row)?;
    let to = rules::prepare(from).map_err(refusal)?;
    let mut next = row;
    next.state = to.as_str().to_owned();
    let next = save(txn, ctx, next, expected_version).await?;
    let role = ctx.actor.acting_role(&[Role::Handler]);
    record(
        txn,
        ctx,
        role,
        &next,
        DeliveryStep::Prepare,
        Some(from),
        None,
    )
    .await?;
    Ok(next)
}

/// Released statistics deliver their data request's order, inside the release's own
/// transaction (`output/review.rs`), which has checked the caller's role.
pub(crate) async fn deliver_statistics(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    role: Role,
    order_id: Uuid,
) -> Result<(), StoreError> {
    let row = delivery_order::Entity::find_by_id(order_id)
        .one(txn)
        .await?
        .ok_or_else(not_found)?;
    let from = stored_state(&row)?;
    let Some(to) = rules::release_statistics(from).map_err(refusal)? else {
        return Ok(());
    };
    let version = row.version;
    let mut next = row;
    next.state = to.as_str().to_owned();
    let next = save(txn, ctx, next, version).await?;
    record(
        txn,
        ctx,
        Some(role),
        &next,
        DeliveryStep::Deliver,
        Some(from),
        None,
    )
    .await
}

/// The controller's data arrived.
#[tracing::instrument(skip_all, fields(delivery_order_id = %id, version = version))]
pub async fn receive(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<DeliveryOrder, StoreError> {
    step(db, ctx, id, version, HandlerStep::Receive).await
}

/// The prepared data is in the permit's environment (or, for a data request, the
/// statistics with the requester).
#[tracing::instrument(skip_all, fields(delivery_order_id = %id, version = version))]
pub async fn deliver(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<DeliveryOrder, StoreError> {
    step(db, ctx, id, version, HandlerStep::Deliver).await
}

/// A handler cancels an open order, with a reason.
#[tracing::instrument(skip_all, fields(delivery_order_id = %id, version = version))]
pub async fn cancel(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    reason: String,
) -> Result<DeliveryOrder, StoreError> {
    step(db, ctx, id, version, HandlerStep::Cancel(reason)).await
}

/// The steps a handler takes through the API.
enum HandlerStep {
    Receive,
    Deliver,
    Cancel(String),
}

async fn step(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    handler_step: HandlerStep,
) -> Result<DeliveryOrder, StoreError> {
    let operation = Operation::UpdateDeliveryOrder;
    let target = AuditTarget::new("delivery_order", id);
    let step = match handler_step {
        HandlerStep::Receive => DeliveryStep::Receive,
        HandlerStep::Deliver => DeliveryStep::Deliver,
        HandlerStep::Cancel(_) => DeliveryStep::Cancel,
    };
    let action = step.audit_action();
    audit::guard(db, ctx, operation, action, &target, async {
        let role = audit::role_for(ctx, operation)?;
        let txn = db.begin_write().await?;
        let row = delivery_order::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(not_found)?;
        if row.version != version {
            return Err(StoreError::stale());
        }
        let row = match handler_step {
            HandlerStep::Cancel(reason) => cancel_row(&txn, ctx, Some(role), row, &reason).await?,
            HandlerStep::Receive | HandlerStep::Deliver => {
                let from = stored_state(&row)?;
                let mut next = row;
                let to = if step == DeliveryStep::Receive {
                    rules::receive(from)
                } else {
                    // Into the permit's environment as it is today: an amendment may have
                    // changed it since the order was made.
                    let permit = match next.permit_id {
                        Some(permit_id) => permit::Entity::find_by_id(permit_id).one(&txn).await?,
                        None => None,
                    };
                    if let Some(p) = &permit {
                        let status = effective_status(
                            crate::permits::stored_status(p)?,
                            p.valid_until,
                            ctx.today(),
                        );
                        rules::check_permit_for_delivery(status).map_err(refusal)?;
                    }
                    let environment = permit.and_then(|p| p.processing_environment_id);
                    let kind =
                        ApplicationKind::parse(&next.kind).ok_or_else(|| super::corrupt("kind"))?;
                    let to = rules::deliver(from, kind, environment.is_some());
                    if to.is_ok() {
                        next.processing_environment_id = environment;
                    }
                    to
                }
                .map_err(refusal)?;
                next.state = to.as_str().to_owned();
                let next = save(&txn, ctx, next, version).await?;
                record(&txn, ctx, Some(role), &next, step, Some(from), None).await?;
                next
            }
        };
        let view = views::load_one(&txn, row, ctx.today()).await?;
        txn.commit().await?;
        Ok(view)
    })
    .await
}
