//! The organisation register (DESIGN.md section 12). Staff (handlers) keep organisations;
//! an organisation's main user manages its contact persons; applicants see the
//! organisations they are a contact person of. Ten years after a customer relationship
//! ended, [`purge_ended_organisations`] deletes the contact data.
//!
//! Contact persons belong to their organisation: every change to them takes and bumps the
//! organisation's version, so two people editing the same organisation never overwrite
//! each other silently.

pub(crate) mod acting;
mod commands;
mod purge;
mod views;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use tietolupa_domain::organisation::ContactRole;
use tietolupa_domain::{AuditOutcome, Role};
use tietolupa_entity::{organisation, organisation_contact};
use time::Date;
use uuid::Uuid;

use crate::audit::{self, AuditEvent, DenialReason};
use crate::{CallContext, Db, StoreError};

pub use commands::{
    add_contact_person, create, end_customer_relationship, remove_contact_person, update,
    update_contact_person,
};
pub use purge::{PurgeReport, purge_ended_organisations};
pub use views::{contact_persons, get, list};

/// An organisation as the register shows it. Its contact persons are read separately
/// ([`contact_persons`]): they are personal data, and staff reads of them are audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    pub business_id: String,
    pub address: Option<String>,
    pub customer_since: Date,
    pub relationship_ended_on: Option<Date>,
    /// When the retention rule deleted the contact data.
    pub contact_data_purged_on: Option<Date>,
    pub version: i32,
}

impl From<organisation::Model> for Organisation {
    fn from(m: organisation::Model) -> Self {
        Organisation {
            id: m.id,
            name: m.name,
            business_id: m.business_id,
            address: m.address,
            customer_since: m.customer_since,
            relationship_ended_on: m.relationship_ended_on,
            contact_data_purged_on: m.contact_data_purged_on,
            version: m.version,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPerson {
    pub id: Uuid,
    pub role: ContactRole,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub user_subject: Option<String>,
}

impl ContactPerson {
    fn from_row(m: organisation_contact::Model) -> Result<ContactPerson, StoreError> {
        let role = ContactRole::parse(&m.role).ok_or_else(|| {
            // Only a migration or a hand edit could write one: an internal error, logged.
            StoreError::Database(sea_orm::DbErr::Custom(format!(
                "organisation_contact {} has an unknown role",
                m.id
            )))
        })?;
        Ok(ContactPerson {
            id: m.id,
            role,
            name: m.name,
            email: m.email,
            phone: m.phone,
            user_subject: m.user_subject,
        })
    }
}

const ENTITY: &str = "organisation";

fn not_found() -> StoreError {
    StoreError::NotFound { entity: ENTITY }
}

async fn contacts_of<C: ConnectionTrait>(
    conn: &C,
    organisation_id: Uuid,
) -> Result<Vec<ContactPerson>, StoreError> {
    organisation_contact::Entity::find()
        .filter(organisation_contact::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(organisation_contact::Column::CreatedAt)
        .order_by_asc(organisation_contact::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(ContactPerson::from_row)
        .collect()
}

/// Whether the caller, acting in `role`, sees the organisation whose contacts are given:
/// staff see every organisation, applicants those they are a contact person of.
fn sees(ctx: &CallContext, role: Role, contacts: &[ContactPerson]) -> bool {
    role.is_staff()
        || contacts
            .iter()
            .any(|c| c.user_subject.as_deref() == Some(ctx.actor.id.as_str()))
}

/// Records, in a transaction of its own, that the caller was refused on an organisation.
async fn record_refusal(
    db: &Db,
    ctx: &CallContext,
    action: &'static str,
    role: Role,
    organisation_id: Uuid,
) -> Result<(), StoreError> {
    let txn = db.begin_write().await?;
    audit::append(
        &txn,
        ctx,
        AuditEvent::success(action, Some(role))
            .outcome(AuditOutcome::Denied)
            .reason(DenialReason::Ownership.as_str())
            .target(ENTITY, organisation_id.to_string()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
