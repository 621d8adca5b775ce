//! Delivery orders through GraphQL: `deliveryOrders`, `deliveryOrder(id)` and the
//! handler's steps `markDeliveryOrderReceived`, `markDeliveryOrderDelivered`,
//! `cancelDeliveryOrder`. Preparing an order is a preparation run (`/api/delivery-orders`).

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use tietolupa_store::delivery::{self, orders};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::context::ContextExt;
use crate::enums::ApplicationKind;
use crate::{ApiError, connection, cursor};

const CURSOR_KIND: &str = "delivery-orders";

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::delivery::DeliveryOrderState")]
pub enum DeliveryOrderState {
    /// Sent to the data controller; the data is awaited.
    Ordered,
    /// The controller's data has arrived.
    Received,
    /// Filtered of objectors and pseudonymised.
    Prepared,
    /// In the permit's processing environment (a data request: with the requester).
    Delivered,
    /// Not to be delivered, with a reason.
    Cancelled,
}

/// What the authority ordered from a data controller after a grant.
pub struct DeliveryOrder(pub delivery::DeliveryOrder);

/// Several names in the caller's language, as one text.
fn joined<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out.join(", ")
}

#[Object]
impl DeliveryOrder {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// Pass this back with the order's mutations.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn state(&self) -> DeliveryOrderState {
        self.0.state.into()
    }
    /// The application whose decision made the order (an amendment's, for data an
    /// amendment added).
    async fn application_id(&self) -> Uuid {
        self.0.application_id
    }
    async fn diary_number(&self) -> &str {
        &self.0.diary_number
    }
    /// `DATA_PERMIT` or `DATA_REQUEST`.
    async fn kind(&self) -> ApplicationKind {
        self.0.kind.into()
    }
    /// None for a data request.
    async fn permit_id(&self) -> Option<Uuid> {
        self.0.permit_id
    }
    /// In the caller's language (a data request's order may name several).
    async fn data_controller_name(&self, ctx: &Context<'_>) -> String {
        let language = crate::names::language(ctx);
        joined(
            self.0
                .sources
                .iter()
                .map(|s| s.data_controller.get(language)),
        )
    }
    /// The register or dataset, in the caller's language (a data request's order may
    /// name several).
    async fn register_name(&self, ctx: &Context<'_>) -> String {
        let language = crate::names::language(ctx);
        joined(self.0.sources.iter().map(|s| s.register.get(language)))
    }
    /// The catalogue's data sources the order covers.
    async fn data_source_ids(&self) -> Vec<Uuid> {
        self.0.sources.iter().map(|s| s.data_source_id).collect()
    }
    async fn variables(&self) -> &[String] {
        &self.0.variables
    }
    async fn period_from(&self) -> Option<Date> {
        self.0.period_from
    }
    async fn period_to(&self) -> Option<Date> {
        self.0.period_to
    }
    async fn cohort_definition(&self) -> Option<&str> {
        self.0.cohort_definition.as_deref()
    }
    /// Where the data goes: the permit's environment (none for a data request).
    async fn processing_environment_name(&self) -> Option<&str> {
        self.0.processing_environment_name.as_deref()
    }
    /// The day the controller extracts the data (the decision date).
    async fn extraction_date(&self) -> Date {
        self.0.extraction_date
    }
    /// The day the controller's data is due.
    async fn due_date(&self) -> Date {
        self.0.due_date
    }
    /// Still ORDERED after the due date.
    async fn overdue(&self) -> bool {
        self.0.overdue
    }
    /// Days until the due date: 0 on the day, negative once past.
    async fn days_left(&self) -> i32 {
        i32::try_from(self.0.days_left).unwrap_or(if self.0.days_left < 0 {
            i32::MIN
        } else {
            i32::MAX
        })
    }
    async fn cancellation_reason(&self) -> Option<&str> {
        self.0.cancellation_reason.as_deref()
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.0.created_at
    }
    async fn updated_at(&self) -> OffsetDateTime {
        self.0.updated_at
    }
    /// Every step, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<DeliveryOrderEvent>, ApiError> {
        Ok(delivery::history(ctx.db(), ctx.caller(), self.0.id)
            .await?
            .into_iter()
            .map(|e| DeliveryOrderEvent {
                at: e.at,
                actor_name: e.actor_name,
                from_state: e.from_state.map(Into::into),
                to_state: e.to_state.into(),
                comment: e.comment,
            })
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct DeliveryOrderEvent {
    at: OffsetDateTime,
    actor_name: Option<String>,
    /// None when the order was created.
    from_state: Option<DeliveryOrderState>,
    to_state: DeliveryOrderState,
    /// A cancellation's reason.
    comment: Option<String>,
}

#[derive(InputObject, Default)]
pub struct DeliveryOrderFilter {
    state: Option<DeliveryOrderState>,
    /// `true`: only overdue orders; `false`: only those that are not.
    overdue: Option<bool>,
    permit_id: Option<Uuid>,
    application_id: Option<Uuid>,
}

impl From<DeliveryOrderFilter> for delivery::DeliveryOrderFilter {
    fn from(f: DeliveryOrderFilter) -> Self {
        delivery::DeliveryOrderFilter {
            state: f.state.map(Into::into),
            overdue: f.overdue,
            permit_id: f.permit_id,
            application_id: f.application_id,
        }
    }
}

#[derive(Default)]
pub struct DeliveryOrderQuery;

#[Object]
impl DeliveryOrderQuery {
    /// Delivery orders soonest due first: every order for staff, an applicant's own
    /// permits' and data requests' orders for applicants.
    async fn delivery_orders(
        &self,
        ctx: &Context<'_>,
        filter: Option<DeliveryOrderFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, DeliveryOrder>, ApiError> {
        let first = cursor::page_size(first, 50, 200)?;
        let offset = connection::offset_after(CURSOR_KIND, after.as_deref())?;
        let filter = delivery::DeliveryOrderFilter::from(filter.unwrap_or_default());
        let page = delivery::list(ctx.db(), ctx.caller(), &filter, first, offset).await?;
        Ok(connection::offset_connection(
            CURSOR_KIND,
            offset,
            page,
            DeliveryOrder,
        ))
    }

    /// One order; NOT_FOUND when it is someone else's.
    async fn delivery_order(&self, ctx: &Context<'_>, id: Uuid) -> Result<DeliveryOrder, ApiError> {
        Ok(DeliveryOrder(
            delivery::get(ctx.db(), ctx.caller(), id).await?,
        ))
    }
}

#[derive(Default)]
pub struct DeliveryOrderMutation;

#[Object]
impl DeliveryOrderMutation {
    /// The data controller's data has arrived (handlers).
    async fn mark_delivery_order_received(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<DeliveryOrder, ApiError> {
        Ok(DeliveryOrder(
            orders::receive(ctx.db(), ctx.caller(), id, version).await?,
        ))
    }

    /// The prepared data is in the permit's processing environment, or a data request's
    /// statistics are with the requester (handlers).
    async fn mark_delivery_order_delivered(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<DeliveryOrder, ApiError> {
        Ok(DeliveryOrder(
            orders::deliver(ctx.db(), ctx.caller(), id, version).await?,
        ))
    }

    /// Cancels an open order, with a reason the holder sees (handlers).
    async fn cancel_delivery_order(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        reason: String,
    ) -> Result<DeliveryOrder, ApiError> {
        Ok(DeliveryOrder(
            orders::cancel(ctx.db(), ctx.caller(), id, version, reason).await?,
        ))
    }
}

/// A permit's orders, for the `Permit` type (at most 200: one per granted data source).
pub(crate) async fn of_permit(
    ctx: &Context<'_>,
    permit_id: Uuid,
) -> Result<Vec<DeliveryOrder>, ApiError> {
    let filter = delivery::DeliveryOrderFilter {
        permit_id: Some(permit_id),
        ..Default::default()
    };
    let page = delivery::list(ctx.db(), ctx.caller(), &filter, 200, 0).await?;
    Ok(page.items.into_iter().map(DeliveryOrder).collect())
}
