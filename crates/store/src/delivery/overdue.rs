//! Reminders of overdue delivery orders: the presenter of the case that granted the order
//! is told once per order and due date, however often and on however many instances the
//! job runs (the outbox's dedupe key). Writes nothing when there is nothing to do.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use tietolupa_domain::delivery::DeliveryOrderState;
use tietolupa_entity::{application, delivery_order, outbox_message};

use crate::audit::{self, AuditEvent};
use crate::outbox::{self, notices};
use crate::{CallContext, Db, StoreError};

/// Queues a reminder for each order overdue on `ctx`'s day that has none yet; returns how
/// many were queued.
#[tracing::instrument(skip_all)]
pub async fn remind(db: &Db, ctx: &CallContext) -> Result<usize, StoreError> {
    let today = ctx.today();
    let overdue = delivery_order::Entity::find()
        .filter(delivery_order::Column::State.eq(DeliveryOrderState::Ordered.as_str()))
        .filter(delivery_order::Column::DueDate.lt(today))
        .all(db.conn())
        .await?;
    if overdue.is_empty() {
        return Ok(0);
    }
    let cases = application::Entity::find()
        .filter(application::Column::Id.is_in(overdue.iter().map(|o| o.application_id)))
        .all(db.conn())
        .await?;
    let mut due: Vec<_> = overdue
        .iter()
        .filter_map(|order| {
            let case = cases.iter().find(|c| c.id == order.application_id)?;
            notices::delivery_order_overdue(case, order, today)
        })
        .collect();
    let keys: Vec<String> = due.iter().map(|m| m.dedupe_key.clone()).collect();
    let queued: HashSet<String> = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::DedupeKey)
        .filter(outbox_message::Column::DedupeKey.is_in(keys))
        .into_tuple()
        .all(db.conn())
        .await?
        .into_iter()
        .collect();
    due.retain(|m| !queued.contains(&m.dedupe_key));
    if due.is_empty() {
        return Ok(0);
    }
    let txn = db.begin_write().await?;
    let mut count = 0;
    for message in due {
        // `false`: another instance queued it meanwhile.
        if outbox::queue(&txn, ctx.at, message).await? {
            count += 1;
        }
    }
    if count > 0 {
        audit::append(
            &txn,
            ctx,
            AuditEvent::success("delivery_order.overdue_reminders_queued", None)
                .details(serde_json::json!({ "count": count })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(count)
}
