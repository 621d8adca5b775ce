//! Reading delivery orders: staff see every order, an applicant only the orders of their
//! own permits and data requests (another's order does not exist for them).

use std::collections::HashMap;

use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tietolupa_domain::application::ApplicationKind;
use tietolupa_domain::delivery::{self as rules, DeliveryOrderState, DeliveryStep};
use tietolupa_domain::{Names, Operation};
use tietolupa_entity::{
    application, data_controller, data_source, delivery_order, delivery_order_event, permit,
    processing_environment,
};
use time::Date;
use uuid::Uuid;

use super::{DeliveryOrder, DeliveryOrderEvent, OrderedSource, corrupt, not_found, stored_state};
use crate::audit::{self, AuditTarget};
use crate::page::{self, Page};
use crate::{CallContext, Db, StoreError};

/// Narrows [`list`]; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryOrderFilter {
    pub state: Option<DeliveryOrderState>,
    /// `true`: only overdue orders; `false`: only those that are not.
    pub overdue: Option<bool>,
    pub permit_id: Option<Uuid>,
    pub application_id: Option<Uuid>,
}

/// Overdue on `today` ([`rules::is_overdue`]): still ORDERED and past the due date.
fn overdue_on(today: Date) -> Condition {
    Condition::all()
        .add(delivery_order::Column::State.eq(DeliveryOrderState::Ordered.as_str()))
        .add(delivery_order::Column::DueDate.lt(today))
}

/// What an applicant may see: orders of their own applications (data requests, and the
/// permit's application or amendments) and of the permits they hold.
async fn own<C: ConnectionTrait>(conn: &C, ctx: &CallContext) -> Result<Condition, StoreError> {
    let applications: Vec<Uuid> = application::Entity::find()
        .select_only()
        .column(application::Column::Id)
        .filter(application::Column::ApplicantId.eq(ctx.actor.id.as_str()))
        .into_tuple()
        .all(conn)
        .await?;
    let permits: Vec<Uuid> = permit::Entity::find()
        .select_only()
        .column(permit::Column::Id)
        .filter(permit::Column::HolderId.eq(ctx.actor.id.as_str()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(Condition::any()
        .add(delivery_order::Column::ApplicationId.is_in(applications))
        .add(delivery_order::Column::PermitId.is_in(permits)))
}

/// Orders soonest due first, `first` of them after `offset`.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &Db,
    ctx: &CallContext,
    filter: &DeliveryOrderFilter,
    first: u64,
    offset: u64,
) -> Result<Page<DeliveryOrder>, StoreError> {
    let role = audit::authorize(
        db,
        ctx,
        Operation::ViewDeliveryOrders,
        "delivery_order.list",
    )
    .await?;
    let today = ctx.today();
    let mut query = delivery_order::Entity::find();
    if let Some(state) = filter.state {
        query = query.filter(delivery_order::Column::State.eq(state.as_str()));
    }
    match filter.overdue {
        Some(true) => query = query.filter(overdue_on(today)),
        Some(false) => query = query.filter(overdue_on(today).not()),
        None => {}
    }
    if let Some(permit_id) = filter.permit_id {
        query = query.filter(delivery_order::Column::PermitId.eq(permit_id));
    }
    if let Some(application_id) = filter.application_id {
        query = query.filter(delivery_order::Column::ApplicationId.eq(application_id));
    }
    if !role.is_staff() {
        query = query.filter(own(db.conn(), ctx).await?);
    }
    let query = query
        .order_by_asc(delivery_order::Column::DueDate)
        .order_by_asc(delivery_order::Column::Id)
        .offset(offset);
    let rows = page::fetch(query, db.conn(), first).await?;
    let views = load_many(db.conn(), rows.items.clone(), today).await?;
    Ok(rows.with_items(views))
}

/// One order, if the caller sees it; NOT_FOUND (and a denied audit entry) otherwise.
#[tracing::instrument(skip_all, fields(delivery_order_id = %id))]
pub async fn get(db: &Db, ctx: &CallContext, id: Uuid) -> Result<DeliveryOrder, StoreError> {
    let action = "delivery_order.read";
    let role = audit::authorize(db, ctx, Operation::ViewDeliveryOrders, action).await?;
    let mut query = delivery_order::Entity::find_by_id(id);
    if !role.is_staff() {
        query = query.filter(own(db.conn(), ctx).await?);
    }
    let Some(row) = query.one(db.conn()).await? else {
        let target = AuditTarget::new("delivery_order", id);
        let operation = Operation::ViewDeliveryOrders;
        audit::record_refusal(db, ctx, operation, action, &target, &not_found()).await?;
        return Err(not_found());
    };
    load_one(db.conn(), row, ctx.today()).await
}

/// The history of an order the caller was already allowed to read, oldest first.
pub async fn history(
    db: &Db,
    _ctx: &CallContext,
    order_id: Uuid,
) -> Result<Vec<DeliveryOrderEvent>, StoreError> {
    delivery_order_event::Entity::find()
        .filter(delivery_order_event::Column::DeliveryOrderId.eq(order_id))
        .order_by_asc(delivery_order_event::Column::OccurredAt)
        .order_by_asc(delivery_order_event::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|e| {
            Ok(DeliveryOrderEvent {
                at: e.occurred_at,
                actor_name: e.actor_name,
                step: DeliveryStep::parse(&e.action).ok_or_else(|| corrupt("event"))?,
                from_state: match e.from_state {
                    Some(s) => Some(DeliveryOrderState::parse(&s).ok_or_else(|| corrupt("event"))?),
                    None => None,
                },
                to_state: DeliveryOrderState::parse(&e.to_state).ok_or_else(|| corrupt("event"))?,
                comment: e.comment,
            })
        })
        .collect()
}

pub(crate) async fn load_one<C: ConnectionTrait>(
    conn: &C,
    row: delivery_order::Model,
    today: Date,
) -> Result<DeliveryOrder, StoreError> {
    load_many(conn, vec![row], today)
        .await?
        .pop()
        .ok_or_else(not_found)
}

/// Views of `rows` in their order, with the names they show read in one query per table.
pub(crate) async fn load_many<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<delivery_order::Model>,
    today: Date,
) -> Result<Vec<DeliveryOrder>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let source_ids: Vec<Vec<Uuid>> = rows
        .iter()
        .map(|r| serde_json::from_value(r.data_source_ids.clone()).map_err(|_| corrupt("sources")))
        .collect::<Result<_, _>>()?;
    let applications: HashMap<Uuid, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(rows.iter().map(|r| r.application_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let sources: HashMap<Uuid, data_source::Model> = data_source::Entity::find()
        .filter(data_source::Column::Id.is_in(source_ids.iter().flatten().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let controllers: HashMap<Uuid, data_controller::Model> = data_controller::Entity::find()
        .filter(data_controller::Column::Id.is_in(sources.values().map(|s| s.controller_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let permits: HashMap<Uuid, permit::Model> = permit::Entity::find()
        .filter(permit::Column::Id.is_in(rows.iter().filter_map(|r| r.permit_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    // An open order goes to the permit's environment as it is now; a closed one names
    // where it went (or was to go).
    let environment_of = |row: &delivery_order::Model, state: DeliveryOrderState| match (
        state.is_open(),
        row.permit_id.and_then(|p| permits.get(&p)),
    ) {
        (true, Some(p)) => p.processing_environment_id,
        _ => row.processing_environment_id,
    };
    let mut states = Vec::with_capacity(rows.len());
    for row in &rows {
        states.push(stored_state(row)?);
    }
    let environments: HashMap<Uuid, String> = processing_environment::Entity::find()
        .filter(
            processing_environment::Column::Id.is_in(
                rows.iter()
                    .zip(&states)
                    .filter_map(|(r, s)| environment_of(r, *s)),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    rows.into_iter()
        .zip(states)
        .zip(source_ids)
        .map(|((row, state), ids)| {
            let ordered = ids
                .iter()
                .filter_map(|id| sources.get(id))
                .map(|s| OrderedSource {
                    data_source_id: s.id,
                    code: s.code.clone(),
                    register: Names::new(&s.name_fi, &s.name_sv, &s.name_en),
                    data_controller: controllers
                        .get(&s.controller_id)
                        .map(|c| Names::new(&c.name_fi, &c.name_sv, &c.name_en))
                        .unwrap_or_default(),
                })
                .collect();
            let environment = environment_of(&row, state)
                .and_then(|e| environments.get(&e))
                .cloned();
            Ok(DeliveryOrder {
                id: row.id,
                version: row.version,
                state,
                kind: ApplicationKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?,
                application_id: row.application_id,
                diary_number: applications
                    .get(&row.application_id)
                    .and_then(|a| a.diary_number.clone())
                    .unwrap_or_default(),
                permit_id: row.permit_id,
                sources: ordered,
                variables: serde_json::from_value(row.variables)
                    .map_err(|_| corrupt("variables"))?,
                period_from: row.period_from,
                period_to: row.period_to,
                cohort_definition: row.cohort_definition,
                processing_environment_name: environment,
                extraction_date: row.extraction_date,
                due_date: row.due_date,
                overdue: rules::is_overdue(state, row.due_date, today),
                days_left: rules::days_left(row.due_date, today),
                cancellation_reason: row.cancellation_reason,
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}
