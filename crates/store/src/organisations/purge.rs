//! The retention rule of the register: ten years after a customer relationship ended, the
//! organisation's contact persons and address are deleted. Its name and business ID stay,
//! as the public register names permit holders by them.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect, Set};
use tietolupa_domain::organisation::{contact_data_due, contact_data_due_on};
use tietolupa_entity::{organisation, organisation_contact};
use time::Date;
use uuid::Uuid;

use super::ENTITY;
use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError};

/// What a purge run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// The organisations whose contact data was deleted.
    pub purged: Vec<Uuid>,
    /// Contact persons deleted, over all of them.
    pub contacts_deleted: u64,
}

/// Deletes the contact data of every organisation whose relationship ended ten years or
/// more before `today`; one transaction and one audit entry per organisation.
#[tracing::instrument(skip_all, fields(today = %today))]
pub async fn purge_ended_organisations(
    db: &Db,
    ctx: &CallContext,
    today: Date,
) -> Result<PurgeReport, StoreError> {
    let candidates: Vec<(Uuid, Option<Date>)> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::RelationshipEndedOn)
        .filter(organisation::Column::RelationshipEndedOn.is_not_null())
        .filter(organisation::Column::ContactDataPurgedOn.is_null())
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut report = PurgeReport::default();
    for (id, ended_on) in candidates {
        let Some(ended_on) = ended_on.filter(|_| contact_data_due(ended_on, today)) else {
            continue;
        };
        let txn = db.begin_write().await?;
        // The update is the guard: it names the end date read and that nothing was purged
        // yet, so a concurrent run (another instance) or a reopened relationship purges
        // nothing twice.
        let marked = organisation::Entity::update_many()
            .set(organisation::ActiveModel {
                address: Set(None),
                contact_data_purged_on: Set(Some(today)),
                updated_at: Set(ctx.at),
                ..Default::default()
            })
            .col_expr(
                organisation::Column::Version,
                Expr::col(organisation::Column::Version).add(1),
            )
            .filter(organisation::Column::Id.eq(id))
            .filter(organisation::Column::RelationshipEndedOn.eq(ended_on))
            .filter(organisation::Column::ContactDataPurgedOn.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected != 1 {
            continue;
        }
        let deleted = organisation_contact::Entity::delete_many()
            .filter(organisation_contact::Column::OrganisationId.eq(id))
            .exec(&txn)
            .await?;
        audit::append(
            &txn,
            ctx,
            AuditEvent::success("organisation.contact_data.purge", None)
                .target(ENTITY, id.to_string())
                .details(serde_json::json!({
                    "relationshipEndedOn": ended_on.to_string(),
                    "dueOn": contact_data_due_on(ended_on).to_string(),
                    "contactsDeleted": deleted.rows_affected,
                })),
        )
        .await?;
        txn.commit().await?;
        report.purged.push(id);
        report.contacts_deleted += deleted.rows_affected;
    }
    Ok(report)
}
