//! Reading the register.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tietolupa_domain::Operation;
use tietolupa_entity::{organisation, organisation_contact};
use uuid::Uuid;

use super::{ContactPerson, ENTITY, Organisation, contacts_of, not_found, record_refusal, sees};
use crate::audit::{self, AuditEvent};
use crate::page::{self, Page};
use crate::{CallContext, Db, StoreError};

/// Organisations by name: every one for staff, an applicant's own for applicants.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &Db,
    ctx: &CallContext,
    first: u64,
    offset: u64,
) -> Result<Page<Organisation>, StoreError> {
    let role = audit::authorize(db, ctx, Operation::ViewOrganisations, "organisation.list").await?;
    let mut query = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .order_by_asc(organisation::Column::Id)
        .offset(offset);
    if !role.is_staff() {
        let own: Vec<Uuid> = organisation_contact::Entity::find()
            .select_only()
            .column(organisation_contact::Column::OrganisationId)
            .filter(organisation_contact::Column::UserSubject.eq(ctx.actor.id.as_str()))
            .into_tuple()
            .all(db.conn())
            .await?;
        query = query.filter(organisation::Column::Id.is_in(own));
    }
    Ok(page::fetch(query, db.conn(), first).await?.map(Into::into))
}

/// One organisation, if the caller sees it.
#[tracing::instrument(skip_all, fields(organisation_id = %id))]
pub async fn get(db: &Db, ctx: &CallContext, id: Uuid) -> Result<Organisation, StoreError> {
    let role = audit::authorize(db, ctx, Operation::ViewOrganisation, "organisation.read").await?;
    let row = organisation::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or_else(not_found)?;
    let contacts = contacts_of(db.conn(), id).await?;
    if !sees(ctx, role, &contacts) {
        record_refusal(db, ctx, "organisation.read", role, id).await?;
        return Err(not_found());
    }
    Ok(row.into())
}

/// The organisation's contact persons: personal data, so a staff read is audited.
#[tracing::instrument(skip_all, fields(organisation_id = %id))]
pub async fn contact_persons(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
) -> Result<Vec<ContactPerson>, StoreError> {
    let action = "organisation.contacts.read";
    let role = audit::authorize(db, ctx, Operation::ViewOrganisation, action).await?;
    let contacts = contacts_of(db.conn(), id).await?;
    if !sees(ctx, role, &contacts) {
        record_refusal(db, ctx, action, role, id).await?;
        return Err(not_found());
    }
    if role.is_staff() {
        let txn = db.begin_write().await?;
        audit::append(
            &txn,
            ctx,
            AuditEvent::success(action, Some(role))
                .target(ENTITY, id.to_string())
                .details(serde_json::json!({ "count": contacts.len() })),
        )
        .await?;
        txn.commit().await?;
    }
    Ok(contacts)
}
