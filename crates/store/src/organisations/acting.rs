//! Applicants act for their organisation (DESIGN.md section 12): an application names one
//! of the organisations its applicant is a contact person of, and the register, not the
//! applicant, says what the organisation is called.

use sea_orm::{ConnectionTrait, EntityTrait};
use tietolupa_domain::Role;
use tietolupa_domain::application::{ApplicationContent, FieldProblem};
use tietolupa_domain::organisation::{self as rules, ActingRefusal, FeeRecipient};
use tietolupa_entity::organisation;
use time::Date;
use uuid::Uuid;

use super::{ContactPerson, contacts_of, record_refusal};
use crate::{CallContext, Db, StoreError};

/// Why an applicant was refused acting for an organisation, to be audited once the
/// command's transaction is gone.
#[derive(Debug)]
pub(crate) struct Refused {
    organisation_id: Uuid,
    refusal: ActingRefusal,
}

impl Refused {
    /// Audits the refusal (in a transaction of its own) and gives the field error.
    pub(crate) async fn record(
        self,
        db: &Db,
        ctx: &CallContext,
        action: &'static str,
        role: Role,
    ) -> Result<FieldProblem, StoreError> {
        record_refusal(db, ctx, action, role, self.organisation_id).await?;
        Ok(self.problem())
    }

    fn problem(&self) -> FieldProblem {
        FieldProblem::new("organisationId", self.refusal.into())
    }
}

/// Checks that `applicant` may act for the organisation `content` names (if any) on
/// `today`, and fills in the register's name and business ID. A private person's content
/// is left as it is.
pub(crate) async fn act_for<C: ConnectionTrait>(
    conn: &C,
    applicant: &str,
    content: &mut ApplicationContent,
    today: Date,
) -> Result<Result<(), Refused>, StoreError> {
    let Some(organisation_id) = content.organisation_id else {
        return Ok(Ok(()));
    };
    let refused = |refusal| {
        Ok(Err(Refused {
            organisation_id,
            refusal,
        }))
    };
    let Some(row) = organisation::Entity::find_by_id(organisation_id)
        .one(conn)
        .await?
    else {
        return refused(ActingRefusal::NotContactPerson);
    };
    let contacts = contacts_of(conn, organisation_id).await?;
    let subjects = contacts.iter().map(|c| c.user_subject.as_deref());
    if let Err(refusal) = rules::may_act_for(applicant, subjects, row.relationship_ended_on, today)
    {
        return refused(refusal);
    }
    content.organisation_name = Some(row.name);
    content.business_id = Some(row.business_id);
    Ok(Ok(()))
}

/// Where the fee notice of an application acting for `organisation_id` goes: the
/// organisation's invoicing contact's address, or `None` when it has none (the applicant
/// is told instead).
pub(crate) async fn invoicing_address<C: ConnectionTrait>(
    conn: &C,
    organisation_id: Uuid,
) -> Result<Option<String>, StoreError> {
    let contacts: Vec<ContactPerson> = contacts_of(conn, organisation_id).await?;
    let recipient = rules::fee_recipient(contacts.iter().map(|c| (c.role, c.email.as_str())));
    Ok(match recipient {
        FeeRecipient::InvoicingContact { email } => Some(email.to_owned()),
        FeeRecipient::Applicant => None,
    })
}
