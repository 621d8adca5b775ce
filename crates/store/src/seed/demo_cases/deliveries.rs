//! The demo permits' delivery orders, made by their grants (the real decide), moved on
//! as the handler would have: long-past permits' data delivered, the expiring permit's
//! received, the active permit's first order prepared and its second still waiting for
//! the controller, overdue. (The revoked permit's were cancelled with it.)

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tietolupa_entity::delivery_order;
use uuid::Uuid;

use super::{HANDLER, Seeder, as_user};
use crate::StoreError;
use crate::delivery::orders;

/// How far each order of a permit goes, in order of creation.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Reached {
    Ordered,
    Received,
    Prepared,
    Delivered,
}

/// Moves the orders of `permit` (decided `decided_days_ago`) to `reached`, one entry per
/// order; orders past the list's end go as far as its last entry.
pub(super) async fn advance(
    s: &Seeder<'_>,
    permit: Uuid,
    decided_days_ago: i64,
    reached: &[Reached],
) -> Result<(), StoreError> {
    let rows = delivery_order::Entity::find()
        .filter(delivery_order::Column::PermitId.eq(permit))
        .order_by_asc(delivery_order::Column::Id)
        .all(s.db.conn())
        .await?;
    for (i, row) in rows.into_iter().enumerate() {
        let goal = reached
            .get(i)
            .or(reached.last())
            .copied()
            .unwrap_or(Reached::Ordered);
        let mut version = row.version;
        if goal >= Reached::Received {
            let ctx = as_user(HANDLER, s.at(decided_days_ago - 20, 9));
            version = Box::pin(orders::receive(s.db, &ctx, row.id, version))
                .await?
                .version;
        }
        if goal >= Reached::Prepared {
            // A preparation run's end, as `delivery/preparation.rs` records it.
            let ctx = as_user(HANDLER, s.at(decided_days_ago - 25, 10));
            let txn = s.db.begin_write().await?;
            version = orders::mark_prepared(&txn, &ctx, row.id, version)
                .await?
                .version;
            txn.commit().await?;
        }
        if goal >= Reached::Delivered {
            let ctx = as_user(HANDLER, s.at(decided_days_ago - 30, 11));
            Box::pin(orders::deliver(s.db, &ctx, row.id, version)).await?;
        }
    }
    Ok(())
}
