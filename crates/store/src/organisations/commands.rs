//! Changing the register: one transaction per command, holding the change, the version bump
//! and the audit entry.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use tietolupa_domain::organisation::{
    self, ContactPersonDetails, ContactPersonInput, EndRelationshipError, OrganisationDetails,
    OrganisationInput, messages,
};
use tietolupa_domain::{Operation, Role};
use tietolupa_entity::{organisation as row, organisation_contact};
use time::Date;
use uuid::Uuid;

use super::{ENTITY, Organisation, contacts_of, not_found, record_refusal, sees};
use crate::audit::{self, AuditEvent};
use crate::error::violated_constraint;
use crate::{CallContext, Db, StoreError};

const BUSINESS_ID_KEY: &str = "organisation_business_id_key";

async fn duplicate_business_id<C: ConnectionTrait>(conn: &C, err: sea_orm::DbErr) -> StoreError {
    if violated_constraint(conn, &err).await.as_deref() == Some(BUSINESS_ID_KEY) {
        StoreError::validation("businessId", messages::BUSINESS_ID_TAKEN)
    } else {
        StoreError::Database(err)
    }
}

fn validated(input: OrganisationInput) -> Result<OrganisationDetails, StoreError> {
    input.validate().map_err(StoreError::Validation)
}

/// Registers a customer organisation (handlers).
#[tracing::instrument(skip_all)]
pub async fn create(
    db: &Db,
    ctx: &CallContext,
    input: OrganisationInput,
) -> Result<Organisation, StoreError> {
    let action = "organisation.create";
    let role = audit::authorize(db, ctx, Operation::CreateOrganisation, action).await?;
    let details = validated(input)?;
    let txn = db.begin_write().await?;
    let id = Uuid::now_v7();
    let model = row::ActiveModel {
        id: Set(id),
        name: Set(details.name),
        business_id: Set(details.business_id.as_str().to_owned()),
        address: Set(details.address),
        customer_since: Set(details.customer_since),
        relationship_ended_on: Set(None),
        contact_data_purged_on: Set(None),
        version: Set(1),
        created_at: Set(ctx.at),
        updated_at: Set(ctx.at),
    };
    let model = match model.insert(&txn).await {
        Ok(model) => model,
        Err(e) => return Err(duplicate_business_id(&txn, e).await),
    };
    audit::append(
        &txn,
        ctx,
        AuditEvent::success(action, Some(role)).target(ENTITY, id.to_string()),
    )
    .await?;
    txn.commit().await?;
    Ok(model.into())
}

/// Changes an organisation's own facts (handlers).
#[tracing::instrument(skip_all, fields(organisation_id = %id, version = version))]
pub async fn update(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    input: OrganisationInput,
) -> Result<Organisation, StoreError> {
    let action = "organisation.update";
    let role = audit::authorize(db, ctx, Operation::UpdateOrganisation, action).await?;
    let details = validated(input)?;
    let txn = db.begin_write().await?;
    let existing = load_for_change(&txn, id, version).await?;
    if let Some(ended) = existing.relationship_ended_on
        && details.customer_since > ended
    {
        return Err(StoreError::validation(
            "customerSince",
            messages::ENDED_BEFORE_CUSTOMER_SINCE,
        ));
    }
    let changes = row::ActiveModel {
        name: Set(details.name),
        business_id: Set(details.business_id.as_str().to_owned()),
        address: Set(details.address),
        customer_since: Set(details.customer_since),
        ..Default::default()
    };
    if let Err(e) = bump(&txn, ctx, id, version, changes).await {
        return Err(match e {
            StoreError::Database(e) => duplicate_business_id(&txn, e).await,
            other => other,
        });
    }
    finish(txn, ctx, AuditEvent::success(action, Some(role)), id).await
}

/// Records the end of the customer relationship (handlers); the contact data goes ten
/// years later.
#[tracing::instrument(skip_all, fields(organisation_id = %id, version = version))]
pub async fn end_customer_relationship(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    ended_on: Date,
) -> Result<Organisation, StoreError> {
    let action = "organisation.end_relationship";
    let role = audit::authorize(db, ctx, Operation::EndCustomerRelationship, action).await?;
    let txn = db.begin_write().await?;
    let existing = load_for_change(&txn, id, version).await?;
    let ended_on = organisation::end_relationship(
        existing.customer_since,
        existing.relationship_ended_on,
        ended_on,
    )
    .map_err(|e| match e {
        EndRelationshipError::AlreadyEnded => StoreError::InvalidTransition {
            message: messages::ALREADY_ENDED,
        },
        EndRelationshipError::BeforeCustomerSince => {
            StoreError::validation("endedOn", messages::ENDED_BEFORE_CUSTOMER_SINCE)
        }
    })?;
    let changes = row::ActiveModel {
        relationship_ended_on: Set(Some(ended_on)),
        ..Default::default()
    };
    bump(&txn, ctx, id, version, changes).await?;
    let event = AuditEvent::success(action, Some(role))
        .details(serde_json::json!({ "endedOn": ended_on.to_string() }));
    finish(txn, ctx, event, id).await
}

/// Adds a contact person (handlers, or the organisation's main user).
#[tracing::instrument(skip_all, fields(organisation_id = %id, version = version))]
pub async fn add_contact_person(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    input: ContactPersonInput,
) -> Result<Organisation, StoreError> {
    let operation = Operation::AddContactPerson;
    let change =
        ContactChange::begin(db, ctx, operation, "organisation.contact.add", id, version).await?;
    let contact = input.validate().map_err(StoreError::Validation)?;
    let contact_id = Uuid::now_v7();
    organisation_contact::Entity::insert(contact_row(contact_id, id, &contact, ctx))
        .exec_without_returning(&change.txn)
        .await?;
    let details = serde_json::json!({ "contactId": contact_id, "role": contact.role.as_str() });
    change.commit(ctx, details).await
}

/// Replaces a contact person's details (handlers, or the organisation's main user).
#[tracing::instrument(skip_all, fields(organisation_id = %id, version = version))]
pub async fn update_contact_person(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    contact_id: Uuid,
    input: ContactPersonInput,
) -> Result<Organisation, StoreError> {
    let operation = Operation::UpdateContactPerson;
    let change = ContactChange::begin(
        db,
        ctx,
        operation,
        "organisation.contact.update",
        id,
        version,
    )
    .await?;
    let contact = input.validate().map_err(StoreError::Validation)?;
    let role = contact.role.as_str();
    let updated = organisation_contact::Entity::update_many()
        .set(organisation_contact::ActiveModel {
            role: Set(role.to_owned()),
            name: Set(contact.name),
            email: Set(contact.email),
            phone: Set(contact.phone),
            user_subject: Set(contact.user_subject),
            ..Default::default()
        })
        .filter(organisation_contact::Column::Id.eq(contact_id))
        .filter(organisation_contact::Column::OrganisationId.eq(id))
        .exec(&change.txn)
        .await?;
    one_contact(updated.rows_affected)?;
    let details = serde_json::json!({ "contactId": contact_id, "role": role });
    change.commit(ctx, details).await
}

/// Removes a contact person (handlers, or the organisation's main user).
#[tracing::instrument(skip_all, fields(organisation_id = %id, version = version))]
pub async fn remove_contact_person(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    contact_id: Uuid,
) -> Result<Organisation, StoreError> {
    let operation = Operation::RemoveContactPerson;
    let change = ContactChange::begin(
        db,
        ctx,
        operation,
        "organisation.contact.remove",
        id,
        version,
    )
    .await?;
    let removed = organisation_contact::Entity::delete_many()
        .filter(organisation_contact::Column::Id.eq(contact_id))
        .filter(organisation_contact::Column::OrganisationId.eq(id))
        .exec(&change.txn)
        .await?;
    one_contact(removed.rows_affected)?;
    change
        .commit(ctx, serde_json::json!({ "contactId": contact_id }))
        .await
}

/// A contact person of another organisation, or none, is not found.
fn one_contact(rows_affected: u64) -> Result<(), StoreError> {
    if rows_affected == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound {
            entity: "contact person",
        })
    }
}

fn contact_row(
    contact_id: Uuid,
    organisation_id: Uuid,
    contact: &ContactPersonDetails,
    ctx: &CallContext,
) -> organisation_contact::ActiveModel {
    organisation_contact::ActiveModel {
        id: Set(contact_id),
        organisation_id: Set(organisation_id),
        role: Set(contact.role.as_str().to_owned()),
        name: Set(contact.name.clone()),
        email: Set(contact.email.clone()),
        phone: Set(contact.phone.clone()),
        user_subject: Set(contact.user_subject.clone()),
        created_at: Set(ctx.at),
    }
}

/// A change to an organisation's contact persons, in its transaction: begun once the caller
/// may make it and the version holds, committed with the version bump and its audit entry.
struct ContactChange {
    txn: DatabaseTransaction,
    role: Role,
    action: &'static str,
    id: Uuid,
    version: i32,
}

impl ContactChange {
    /// The role check, then the ownership rule for applicants: an applicant who is no
    /// contact person of the organisation does not see it (`NOT_FOUND`), one who is but not
    /// its main user is `FORBIDDEN`. Both refusals are audited.
    async fn begin(
        db: &Db,
        ctx: &CallContext,
        operation: Operation,
        action: &'static str,
        id: Uuid,
        version: i32,
    ) -> Result<ContactChange, StoreError> {
        let role = audit::authorize(db, ctx, operation, action).await?;
        let txn = db.begin_write().await?;
        if !role.is_staff() {
            let contacts = contacts_of(&txn, id).await?;
            let administers = organisation::is_main_user(
                &ctx.actor.id,
                contacts
                    .iter()
                    .map(|c| (&c.role, c.user_subject.as_deref())),
            );
            if !administers {
                // The refusal is recorded in its own transaction; SQLite has one writer.
                drop(txn);
                record_refusal(db, ctx, action, role, id).await?;
                return Err(if sees(ctx, role, &contacts) {
                    StoreError::Forbidden {
                        reason: messages::NOT_MAIN_USER,
                    }
                } else {
                    not_found()
                });
            }
        }
        load_for_change(&txn, id, version).await?;
        Ok(ContactChange {
            txn,
            role,
            action,
            id,
            version,
        })
    }

    async fn commit(
        self,
        ctx: &CallContext,
        details: serde_json::Value,
    ) -> Result<Organisation, StoreError> {
        bump(
            &self.txn,
            ctx,
            self.id,
            self.version,
            <row::ActiveModel as Default>::default(),
        )
        .await?;
        let event = AuditEvent::success(self.action, Some(self.role)).details(details);
        finish(self.txn, ctx, event, self.id).await
    }
}

async fn load_for_change(
    txn: &DatabaseTransaction,
    id: Uuid,
    version: i32,
) -> Result<row::Model, StoreError> {
    let existing = row::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(not_found)?;
    if existing.version != version {
        return Err(StoreError::stale());
    }
    if existing.contact_data_purged_on.is_some() {
        return Err(StoreError::InvalidTransition {
            message: messages::CONTACT_DATA_PURGED,
        });
    }
    Ok(existing)
}

/// Writes `changes` with the next version, guarded by the version read.
async fn bump(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    changes: row::ActiveModel,
) -> Result<(), StoreError> {
    let result = row::Entity::update_many()
        .set(row::ActiveModel {
            version: Set(version + 1),
            updated_at: Set(ctx.at),
            ..changes
        })
        .filter(row::Column::Id.eq(id))
        .filter(row::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::stale());
    }
    Ok(())
}

/// Appends the command's audit entry, commits, and returns the organisation as it is now.
async fn finish(
    txn: DatabaseTransaction,
    ctx: &CallContext,
    event: AuditEvent,
    id: Uuid,
) -> Result<Organisation, StoreError> {
    audit::append(&txn, ctx, event.target(ENTITY, id.to_string())).await?;
    let updated = row::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(not_found)?;
    txn.commit().await?;
    Ok(updated.into())
}
