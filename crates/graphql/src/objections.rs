//! The objection registry's queries and mutations (DESIGN.md sections 5 and 9). No
//! response ever carries a full identity code: objections show the masked code
//! (`DDMMYYC****`), and errors about codes say what is wrong without echoing them.

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use tietolupa_domain::MessageKey;
use tietolupa_store::objections::{self, FileObjection, ObjectionView, RecordObjection};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::context::ContextExt;
use crate::{ApiError, connection, cursor};

const CURSOR_KIND: &str = "my-objections";

/// How the objection reached the authority.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(
    name = "ObjectionChannel",
    remote = "tietolupa_domain::objection::Channel"
)]
pub enum Channel {
    EService,
    Post,
    InPerson,
}

/// On what ground a representative acts for the person.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::objection::RepresentationBasis")]
pub enum RepresentationBasis {
    GuardianOfMinor,
    Guardianship,
    Mandate,
}

/// How the identity of whoever filed the objection was verified.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::objection::IdentityVerification")]
pub enum IdentityVerification {
    StrongEIdentification,
    NotarisedSignature,
    IdDocumentAtOffice,
}

/// In force from the processing date until withdrawn.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::objection::ObjectionStatus")]
pub enum ObjectionStatus {
    InForce,
    Withdrawn,
}

/// An objection to the secondary use of a person's data.
#[derive(SimpleObject)]
pub struct Objection {
    id: Uuid,
    /// The person's identity code with the individual number and check character hidden,
    /// e.g. `010180-****`. The full code is never returned.
    masked_identity_code: String,
    status: ObjectionStatus,
    channel: Channel,
    /// Set when a representative filed it.
    representation_basis: Option<RepresentationBasis>,
    identity_verification: IdentityVerification,
    received_on: Date,
    /// The objection is in force from this date.
    processed_on: Date,
    withdrawn_on: Option<Date>,
    /// Pass to `withdrawObjection`.
    version: i32,
    created_at: OffsetDateTime,
    /// In `myObjections`: true when you filed it for a person you represent. Null elsewhere.
    filed_for_represented_person: Option<bool>,
}

impl Objection {
    fn from_view(view: ObjectionView, for_represented: Option<bool>) -> Objection {
        Objection {
            id: view.id,
            masked_identity_code: view.masked_identity_code,
            status: view.status.into(),
            channel: view.channel.into(),
            representation_basis: view.representation_basis.map(Into::into),
            identity_verification: view.identity_verification.into(),
            received_on: view.received_on,
            processed_on: view.processed_on,
            withdrawn_on: view.withdrawn_on,
            version: view.version,
            created_at: view.created_at,
            filed_for_represented_person: for_represented,
        }
    }
}

impl From<ObjectionView> for Objection {
    fn from(view: ObjectionView) -> Self {
        Objection::from_view(view, None)
    }
}

/// The result of filing or recording.
#[derive(SimpleObject)]
pub struct ObjectionPayload {
    objection: Objection,
    /// False when an objection was already in force: filing is idempotent and the existing
    /// objection is returned unchanged.
    created: bool,
}

impl From<objections::Filed> for ObjectionPayload {
    fn from(filed: objections::Filed) -> Self {
        ObjectionPayload {
            objection: filed.objection.into(),
            created: filed.created,
        }
    }
}

/// A citizen's filing. Leave both fields out to object for yourself (the identity code of
/// your sign-in); give both to object for a person you represent.
#[derive(InputObject, Default)]
pub struct FileObjectionInput {
    /// The represented person's identity code.
    represented_identity_code: Option<String>,
    representation_basis: Option<RepresentationBasis>,
}

/// An objection received by post or in person.
#[derive(InputObject)]
pub struct RecordObjectionInput {
    identity_code: String,
    /// `POST` or `IN_PERSON`.
    channel: Channel,
    /// `NOTARISED_SIGNATURE` for post, `ID_DOCUMENT_AT_OFFICE` in person.
    identity_verification: IdentityVerification,
    received_on: Date,
    /// Defaults to today. The objection is in force from this date.
    processed_on: Option<Date>,
    /// When a representative filed it.
    representation_basis: Option<RepresentationBasis>,
    /// The representative's identity code, if known.
    representative_identity_code: Option<String>,
}

#[derive(Default)]
pub struct ObjectionQuery;

#[Object]
impl ObjectionQuery {
    /// Your objections and those you filed for people you represent, newest first.
    /// Citizens only; each read is audited.
    async fn my_objections(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Objection>, ApiError> {
        let first = cursor::page_size(first, 20, 100)?;
        let offset = connection::offset_after(CURSOR_KIND, after.as_deref())?;
        let page = objections::mine(
            ctx.db(),
            ctx.objection_crypto(),
            ctx.caller(),
            first,
            offset,
        )
        .await?;
        Ok(connection::offset_connection(
            CURSOR_KIND,
            offset,
            page,
            |(view, for_other)| Objection::from_view(view, Some(for_other)),
        ))
    }

    /// One objection, for registry clerks. The reason is required and audited.
    async fn objection(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        reason: String,
    ) -> Result<Objection, ApiError> {
        let view =
            objections::read(ctx.db(), ctx.objection_crypto(), ctx.caller(), id, &reason).await?;
        Ok(view.into())
    }
}

#[derive(Default)]
pub struct ObjectionMutation;

#[Object]
impl ObjectionMutation {
    /// Object to the secondary use of your data, or of the data of a person you represent.
    /// Filing again while an objection is in force returns that objection.
    async fn file_objection(
        &self,
        ctx: &Context<'_>,
        input: Option<FileObjectionInput>,
    ) -> Result<ObjectionPayload, ApiError> {
        let input = input.unwrap_or_default();
        let represented = match (input.represented_identity_code, input.representation_basis) {
            (None, None) => None,
            (Some(code), Some(basis)) => Some((code, basis.into())),
            (Some(_), None) => {
                return Err(ApiError::validation(
                    "representationBasis",
                    MessageKey::RepresentationBasisRequired,
                ));
            }
            (None, Some(_)) => {
                return Err(ApiError::validation(
                    "representedIdentityCode",
                    MessageKey::RepresentedCodeRequired,
                ));
            }
        };
        let filed = objections::file(
            ctx.db(),
            ctx.objection_crypto(),
            ctx.caller(),
            FileObjection { represented },
        )
        .await?;
        Ok(filed.into())
    }

    /// Record an objection received by post or in person (registry clerks).
    async fn record_objection(
        &self,
        ctx: &Context<'_>,
        input: RecordObjectionInput,
    ) -> Result<ObjectionPayload, ApiError> {
        let representation = match (
            input.representation_basis,
            input.representative_identity_code,
        ) {
            (None, None) => None,
            (Some(basis), code) => Some((basis.into(), code)),
            (None, Some(_)) => {
                return Err(ApiError::validation(
                    "representationBasis",
                    MessageKey::RepresentationBasisWithRepresentative,
                ));
            }
        };
        let filed = objections::record(
            ctx.db(),
            ctx.objection_crypto(),
            ctx.caller(),
            RecordObjection {
                identity_code: input.identity_code,
                channel: input.channel.into(),
                identity_verification: input.identity_verification.into(),
                received_on: input.received_on,
                processed_on: input.processed_on,
                representation,
            },
        )
        .await?;
        Ok(filed.into())
    }

    /// Withdraw an objection: the person, their representative, or a registry clerk.
    async fn withdraw_objection(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<Objection, ApiError> {
        let view =
            objections::withdraw(ctx.db(), ctx.objection_crypto(), ctx.caller(), id, version)
                .await?;
        Ok(view.into())
    }
}
