//! The organisation register (DESIGN.md section 12): `organisations`, `organisation(id)`
//! and the commands on organisations and their contact persons.

use async_graphql::connection::Connection;
use async_graphql::{ComplexObject, Context, Enum, InputObject, Object, SimpleObject};
use tietolupa_domain::organisation::{
    ContactPersonInput as NewContact, OrganisationInput as NewOrganisation,
};
use tietolupa_store::organisations;
use time::Date;
use uuid::Uuid;

use crate::context::ContextExt;
use crate::{ApiError, connection, cursor};

const CURSOR_KIND: &str = "organisations";

/// What a contact person is for.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::organisation::ContactRole")]
pub enum ContactRole {
    /// The organisation's administrator: manages its contact persons.
    MainUser,
    Technical,
    DataProtectionOfficer,
    /// Receives the invoices of the organisation's fees.
    Invoicing,
}

/// A customer organisation of the authority.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Organisation {
    id: Uuid,
    name: String,
    /// Y-tunnus, check digit validated.
    business_id: String,
    address: Option<String>,
    customer_since: Date,
    relationship_ended_on: Option<Date>,
    /// When the contact data was deleted, ten years after the relationship ended.
    contact_data_purged_on: Option<Date>,
    version: i32,
}

#[ComplexObject]
impl Organisation {
    /// The contact persons by role. Personal data: a staff read is audited.
    async fn contact_persons(&self, ctx: &Context<'_>) -> Result<Vec<ContactPerson>, ApiError> {
        let contacts = organisations::contact_persons(ctx.db(), ctx.caller(), self.id).await?;
        Ok(contacts.into_iter().map(Into::into).collect())
    }
}

impl From<organisations::Organisation> for Organisation {
    fn from(o: organisations::Organisation) -> Self {
        Organisation {
            id: o.id,
            name: o.name,
            business_id: o.business_id,
            address: o.address,
            customer_since: o.customer_since,
            relationship_ended_on: o.relationship_ended_on,
            contact_data_purged_on: o.contact_data_purged_on,
            version: o.version,
        }
    }
}

/// The organisation of the register an application acts for, or a permit names as
/// holder: its name and business ID as they were when the application was last saved.
#[derive(SimpleObject)]
pub struct OrganisationSummary {
    pub id: Uuid,
    pub name: String,
    /// Y-tunnus.
    pub business_id: String,
}

impl OrganisationSummary {
    /// From the snapshot of an application or permit; none without the register's id.
    pub fn of(id: Option<Uuid>, name: Option<&str>, business_id: Option<&str>) -> Option<Self> {
        Some(OrganisationSummary {
            id: id?,
            name: name.unwrap_or_default().to_owned(),
            business_id: business_id.unwrap_or_default().to_owned(),
        })
    }
}

#[derive(SimpleObject)]
pub struct ContactPerson {
    id: Uuid,
    role: ContactRole,
    name: String,
    email: String,
    phone: Option<String>,
    /// The person's user (token `sub`) in Tietolupa, if they use it.
    user_subject: Option<String>,
}

impl From<organisations::ContactPerson> for ContactPerson {
    fn from(c: organisations::ContactPerson) -> Self {
        ContactPerson {
            id: c.id,
            role: c.role.into(),
            name: c.name,
            email: c.email,
            phone: c.phone,
            user_subject: c.user_subject,
        }
    }
}

#[derive(InputObject)]
pub struct OrganisationInput {
    name: String,
    /// Y-tunnus `1234567-8`; the check digit is validated.
    business_id: String,
    address: Option<String>,
    customer_since: Date,
}

impl From<OrganisationInput> for NewOrganisation {
    fn from(i: OrganisationInput) -> Self {
        NewOrganisation {
            name: i.name,
            business_id: i.business_id,
            address: i.address,
            customer_since: i.customer_since,
        }
    }
}

#[derive(InputObject)]
pub struct ContactPersonInput {
    role: ContactRole,
    name: String,
    email: String,
    phone: Option<String>,
    /// The person's user (token `sub`); a `MAIN_USER` with one administers the organisation.
    user_subject: Option<String>,
}

impl From<ContactPersonInput> for NewContact {
    fn from(i: ContactPersonInput) -> Self {
        NewContact {
            name: i.name,
            email: i.email,
            phone: i.phone,
            role: i.role.into(),
            user_subject: i.user_subject,
        }
    }
}

#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    /// Organisations by name: all for staff, an applicant's own for applicants.
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Organisation>, ApiError> {
        let first = cursor::page_size(first, 20, 100)?;
        let offset = connection::offset_after(CURSOR_KIND, after.as_deref())?;
        let page = organisations::list(ctx.db(), ctx.caller(), first, offset).await?;
        Ok(connection::offset_connection(
            CURSOR_KIND,
            offset,
            page,
            Organisation::from,
        ))
    }

    async fn organisation(&self, ctx: &Context<'_>, id: Uuid) -> Result<Organisation, ApiError> {
        Ok(organisations::get(ctx.db(), ctx.caller(), id).await?.into())
    }
}

#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
    /// Registers a customer organisation (handlers).
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        input: OrganisationInput,
    ) -> Result<Organisation, ApiError> {
        Ok(organisations::create(ctx.db(), ctx.caller(), input.into())
            .await?
            .into())
    }

    /// Changes an organisation's name, business ID, address or start date (handlers).
    async fn update_organisation(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        input: OrganisationInput,
    ) -> Result<Organisation, ApiError> {
        Ok(
            organisations::update(ctx.db(), ctx.caller(), id, version, input.into())
                .await?
                .into(),
        )
    }

    /// Records the end of the customer relationship (handlers); its contact data is
    /// deleted ten years later.
    async fn end_customer_relationship(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        ended_on: Date,
    ) -> Result<Organisation, ApiError> {
        Ok(
            organisations::end_customer_relationship(ctx.db(), ctx.caller(), id, version, ended_on)
                .await?
                .into(),
        )
    }

    /// Adds a contact person (handlers, or the organisation's main user).
    async fn add_contact_person(
        &self,
        ctx: &Context<'_>,
        organisation_id: Uuid,
        version: i32,
        input: ContactPersonInput,
    ) -> Result<Organisation, ApiError> {
        Ok(organisations::add_contact_person(
            ctx.db(),
            ctx.caller(),
            organisation_id,
            version,
            input.into(),
        )
        .await?
        .into())
    }

    /// Replaces a contact person's details (handlers, or the organisation's main user).
    async fn update_contact_person(
        &self,
        ctx: &Context<'_>,
        organisation_id: Uuid,
        version: i32,
        contact_person_id: Uuid,
        input: ContactPersonInput,
    ) -> Result<Organisation, ApiError> {
        Ok(organisations::update_contact_person(
            ctx.db(),
            ctx.caller(),
            organisation_id,
            version,
            contact_person_id,
            input.into(),
        )
        .await?
        .into())
    }

    /// Removes a contact person (handlers, or the organisation's main user).
    async fn remove_contact_person(
        &self,
        ctx: &Context<'_>,
        organisation_id: Uuid,
        version: i32,
        contact_person_id: Uuid,
    ) -> Result<Organisation, ApiError> {
        Ok(organisations::remove_contact_person(
            ctx.db(),
            ctx.caller(),
            organisation_id,
            version,
            contact_person_id,
        )
        .await?
        .into())
    }
}
