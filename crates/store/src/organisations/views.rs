//! Reading the register.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tietolupa_domain::Operation;
use tietolupa_entity::{organisation, organisation_contact};
use uuid::Uuid;

use super::{ContactPerson, ENTITY, Organisation, contacts_of, not_found, sees};
use crate::audit::{self, AuditEvent, AuditTarget};
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

/// One organisation, if the caller sees it. A refusal names the organisation asked for,
/// whether it is someone else's or does not exist (the caller gets NOT_FOUND for both).
#[tracing::instrument(skip_all, fields(organisation_id = %id))]
pub async fn get(db: &Db, ctx: &CallContext, id: Uuid) -> Result<Organisation, StoreError> {
    let operation = Operation::ViewOrganisation;
    let target = AuditTarget::new(ENTITY, id);
    audit::guard(db, ctx, operation, "organisation.read", &target, async {
        let role = audit::role_for(ctx, operation)?;
        let row = organisation::Entity::find_by_id(id)
            .one(db.conn())
            .await?
            .ok_or_else(not_found)?;
        let contacts = contacts_of(db.conn(), id).await?;
        if !sees(ctx, role, &contacts) {
            return Err(not_found());
        }
        Ok(row.into())
    })
    .await
}

/// The organisation's contact persons: personal data, so a staff read is audited.
#[tracing::instrument(skip_all, fields(organisation_id = %id))]
pub async fn contact_persons(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
) -> Result<Vec<ContactPerson>, StoreError> {
    let (operation, action) = (Operation::ViewOrganisation, "organisation.contacts.read");
    let target = AuditTarget::new(ENTITY, id);
    audit::guard(db, ctx, operation, action, &target, async {
        let role = audit::role_for(ctx, operation)?;
        let contacts = contacts_of(db.conn(), id).await?;
        if !sees(ctx, role, &contacts) {
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
    })
    .await
}
