//! Permits through GraphQL: `permit(id)`, `revokePermit`, `confirmDataDestruction`, and
//! the amendment input of `createApplication`.

use async_graphql::{ComplexObject, Context, InputObject, Object, SimpleObject};
use tietolupa_domain::permit::{AmendmentRequest, PermitTerms};
use tietolupa_store::{StoreError, catalogue, credentials, environments, permits};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::ApiError;
use crate::applications::{Processor, ProcessorInput};
use crate::context::ContextExt;
use crate::enums::{AmendmentChange, PermitStatus, Purpose};
use crate::environments::ProcessingEnvironment;
use crate::organisations::OrganisationSummary;

/// A permit issued by a granted data-permit decision, as its holder and staff see it.
pub struct Permit(pub permits::Permit);

#[Object]
impl Permit {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// Pass this back with `revokePermit` and `confirmDataDestruction`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn application_id(&self) -> Uuid {
        self.0.application_id
    }
    async fn diary_number(&self) -> Option<&str> {
        self.0.diary_number.as_deref()
    }
    async fn decision_number(&self) -> &str {
        &self.0.decision_number
    }
    async fn holder(&self) -> PermitHolder {
        PermitHolder {
            id: self.0.holder_id.clone(),
            name: self.0.holder_name.clone(),
            organisation: self.0.holder_organisation.clone(),
        }
    }
    /// The organisation of the register holding the permit; none when a private person
    /// holds it.
    async fn holder_organisation(&self) -> Option<OrganisationSummary> {
        OrganisationSummary::of(
            self.0.holder_organisation_id,
            self.0.holder_organisation.as_deref(),
            self.0.holder_business_id.as_deref(),
        )
    }
    async fn purpose(&self) -> Option<Purpose> {
        self.0.purpose.map(Into::into)
    }
    async fn valid_from(&self) -> Date {
        self.0.terms.valid_from
    }
    async fn valid_until(&self) -> Date {
        self.0.terms.valid_until
    }
    /// The status today: an active permit past its validity is `EXPIRED`.
    async fn status(&self) -> PermitStatus {
        self.0.status.into()
    }
    async fn status_changed_at(&self) -> Option<OffsetDateTime> {
        self.0.status_changed_at
    }
    async fn revocation_reason(&self) -> Option<&str> {
        self.0.revocation_reason.as_deref()
    }
    async fn data_destroyed_on(&self) -> Option<Date> {
        self.0.data_destroyed_on
    }
    /// The permit's own, stricter output-check thresholds; null when the defaults apply.
    async fn output_check_thresholds(&self) -> Option<crate::output::OutputCheckThresholds> {
        crate::output::OutputCheckThresholds::of(self.0.output_check_thresholds.as_ref())
    }
    /// For a permit merged into another by an amendment.
    async fn combined_into(&self) -> Option<Uuid> {
        self.0.combined_into
    }
    async fn processors(&self) -> Vec<Processor> {
        processors(&self.0.terms)
    }
    async fn processing_environment(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<ProcessingEnvironment>, ApiError> {
        environment(ctx, self.0.terms.processing_environment_id).await
    }
    async fn granted_data_sources(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<GrantedDataSource>, ApiError> {
        granted(ctx, &self.0.terms.granted_data_source_ids).await
    }
    /// The terms before each granted amendment, oldest first.
    async fn previous_versions(&self) -> Vec<PermitVersion> {
        self.0
            .previous_versions
            .iter()
            .map(|v| PermitVersion {
                version: v.version,
                valid_until: v.terms.valid_until,
                processors: processors(&v.terms),
                processing_environment_id: v.terms.processing_environment_id,
                granted_data_source_ids: v.terms.granted_data_source_ids.clone(),
                replaced_at: v.replaced_at,
                amendment_application_id: v.amendment_application_id,
                amendment_decision_number: v.amendment_decision_number.clone(),
            })
            .collect()
    }
    /// The permit's delivery orders, soonest due first.
    async fn delivery_orders(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::delivery::orders::DeliveryOrder>, ApiError> {
        crate::delivery::orders::of_permit(ctx, self.0.id).await
    }
    /// The permit's current signed credential (docs/permit-credential.md): the latest
    /// issued, at the grant or the last change of its state. Its holder downloads the same
    /// from `GET /api/permits/{id}/credential`.
    async fn credential(&self, ctx: &Context<'_>) -> Result<Option<PermitCredential>, ApiError> {
        Ok(credentials::current(ctx.db(), self.0.id)
            .await?
            .map(PermitCredential::from))
    }
    /// Every credential issued for the permit, oldest first. Staff only.
    async fn credential_history(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<PermitCredential>, ApiError> {
        if !ctx.caller().actor.roles.iter().any(|r| r.is_staff()) {
            return Err(StoreError::forbidden().into());
        }
        Ok(credentials::history(ctx.db(), self.0.id)
            .await?
            .into_iter()
            .map(PermitCredential::from)
            .collect())
    }
    /// Amendment applications of this permit, decided or not.
    async fn amendments(&self) -> Vec<PermitAmendment> {
        self.0
            .amendments
            .iter()
            .map(|a| PermitAmendment {
                application_id: a.application_id,
                diary_number: a.diary_number.clone(),
                state: a.state.clone(),
                decision_number: a.decision_number.clone(),
                decided_on: a.decided_on,
                outcome: a.outcome.clone(),
            })
            .collect()
    }
}

fn processors(terms: &PermitTerms) -> Vec<Processor> {
    terms.processors.iter().map(Processor::from).collect()
}

/// A permit is read one at a time, so its nested fields read the store directly.
async fn environment(
    ctx: &Context<'_>,
    id: Option<Uuid>,
) -> Result<Option<ProcessingEnvironment>, ApiError> {
    match id {
        Some(id) => Ok(environments::get(ctx.db(), id).await?.map(Into::into)),
        None => Ok(None),
    }
}

async fn granted(ctx: &Context<'_>, ids: &[Uuid]) -> Result<Vec<GrantedDataSource>, ApiError> {
    let names = catalogue::source_names(ctx.db(), ids).await?;
    let language = crate::names::language(ctx);
    Ok(ids
        .iter()
        .map(|id| {
            let found = names.get(id);
            GrantedDataSource {
                data_source_id: *id,
                data_controller_name: found
                    .map(|f| f.controller.get(language).to_owned())
                    .unwrap_or_default(),
                data_source_name: found
                    .map(|f| f.source.get(language).to_owned())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

/// One signed credential of a permit: a compact JWS with EdDSA (Ed25519).
#[derive(SimpleObject)]
pub struct PermitCredential {
    /// The credential's `jti` (`urn:uuid:` and this).
    pub id: Uuid,
    /// Why it was issued.
    pub event: PermitCredentialEvent,
    /// The permit's status it states.
    pub status: PermitStatus,
    /// 0 as granted, one more for each granted amendment.
    pub amendment_version: i32,
    /// The id of the signing key in `/.well-known/jwks.json`.
    pub kid: String,
    pub issued_at: OffsetDateTime,
    /// Its index in the status list at `/api/permit-status-list`.
    pub status_index: i64,
    /// The compact JWS.
    pub token: String,
    /// GA4GH ControlledAccessGrants visas issued with it (when the instance issues them).
    pub visas: Vec<PermitVisa>,
}

/// A GA4GH ControlledAccessGrants visa of one processor for one dataset.
#[derive(SimpleObject)]
pub struct PermitVisa {
    /// The visa's `sub`: the permit's reference to the processor.
    pub processor: String,
    /// The dataset's identifier URL.
    pub dataset: String,
    pub token: String,
}

/// Why a permit credential was issued.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum PermitCredentialEvent {
    Grant,
    Amendment,
    Revocation,
    Expiry,
    DataDestruction,
    Combination,
}

impl From<credentials::IssuedCredential> for PermitCredential {
    fn from(c: credentials::IssuedCredential) -> Self {
        use credentials::CredentialEvent as E;
        PermitCredential {
            id: c.jti,
            event: match c.event {
                E::Grant => PermitCredentialEvent::Grant,
                E::Amendment => PermitCredentialEvent::Amendment,
                E::Revocation => PermitCredentialEvent::Revocation,
                E::Expiry => PermitCredentialEvent::Expiry,
                E::DataDestruction => PermitCredentialEvent::DataDestruction,
                E::Combination => PermitCredentialEvent::Combination,
            },
            status: c.status.into(),
            amendment_version: c.amendment_version,
            kid: c.kid,
            issued_at: c.issued_at,
            status_index: c.status_index,
            token: c.token,
            visas: c
                .visas
                .into_iter()
                .map(|v| PermitVisa {
                    processor: v.processor,
                    dataset: v.dataset,
                    token: v.token,
                })
                .collect(),
        }
    }
}

#[derive(SimpleObject)]
pub struct PermitHolder {
    id: String,
    name: Option<String>,
    /// None for a private person.
    organisation: Option<String>,
}

#[derive(SimpleObject)]
pub struct GrantedDataSource {
    data_source_id: Uuid,
    /// In the caller's language.
    data_controller_name: String,
    /// In the caller's language.
    data_source_name: String,
}

/// The permit's terms before an amendment replaced them.
#[derive(SimpleObject)]
pub struct PermitVersion {
    version: i32,
    valid_until: Date,
    processors: Vec<Processor>,
    processing_environment_id: Option<Uuid>,
    granted_data_source_ids: Vec<Uuid>,
    replaced_at: OffsetDateTime,
    amendment_application_id: Option<Uuid>,
    amendment_decision_number: Option<String>,
}

#[derive(SimpleObject)]
pub struct PermitAmendment {
    application_id: Uuid,
    diary_number: Option<String>,
    state: String,
    decision_number: Option<String>,
    decided_on: Option<Date>,
    outcome: Option<String>,
}

/// What an amendment changes; give the new values of the named change types only.
#[derive(InputObject, Default)]
pub struct AmendmentInput {
    #[graphql(default, validator(max_items = 10))]
    changes: Vec<AmendmentChange>,
    /// With `EXTEND_VALIDITY`: later than now, at most six years ahead.
    new_valid_until: Option<Date>,
    /// With `ADD_PROCESSORS`.
    #[graphql(default, validator(max_items = 100))]
    add_processors: Vec<ProcessorInput>,
    /// With `REMOVE_PROCESSORS`: named as on the permit.
    #[graphql(default, validator(max_items = 100))]
    remove_processors: Vec<ProcessorInput>,
    /// With `CHANGE_ENVIRONMENT`: registered and certified on the decision date.
    new_environment_id: Option<Uuid>,
    /// With `COMBINE_PERMITS`: other active permits of yours.
    #[graphql(default, validator(max_items = 20))]
    combine_permit_ids: Vec<Uuid>,
}

impl From<AmendmentInput> for AmendmentRequest {
    fn from(i: AmendmentInput) -> Self {
        AmendmentRequest {
            changes: i.changes.into_iter().map(Into::into).collect(),
            new_valid_until: i.new_valid_until,
            add_processors: i.add_processors.into_iter().map(Into::into).collect(),
            remove_processors: i.remove_processors.into_iter().map(Into::into).collect(),
            new_environment_id: i.new_environment_id,
            combine_permit_ids: i.combine_permit_ids,
        }
    }
}

/// An amendment as shown on its application.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Amendment {
    changes: Vec<AmendmentChange>,
    new_valid_until: Option<Date>,
    add_processors: Vec<Processor>,
    remove_processors: Vec<Processor>,
    new_environment_id: Option<Uuid>,
    combine_permit_ids: Vec<Uuid>,
}

impl From<&AmendmentRequest> for Amendment {
    fn from(r: &AmendmentRequest) -> Self {
        Amendment {
            changes: r.changes.iter().map(|c| (*c).into()).collect(),
            new_valid_until: r.new_valid_until,
            add_processors: r.add_processors.iter().map(Processor::from).collect(),
            remove_processors: r.remove_processors.iter().map(Processor::from).collect(),
            new_environment_id: r.new_environment_id,
            combine_permit_ids: r.combine_permit_ids.clone(),
        }
    }
}

#[ComplexObject]
impl Amendment {
    /// With `CHANGE_ENVIRONMENT`: the environment named, as the register shows it now.
    async fn new_environment(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<ProcessingEnvironment>, ApiError> {
        environment(ctx, self.new_environment_id).await
    }

    /// With `COMBINE_PERMITS`: the permits named, those the caller may see (an id that
    /// names no permit of the holder is left out; submission refuses it).
    async fn combine_permits(&self, ctx: &Context<'_>) -> Result<Vec<Permit>, ApiError> {
        let mut found = Vec::with_capacity(self.combine_permit_ids.len());
        for id in &self.combine_permit_ids {
            match permits::get(ctx.db(), ctx.caller(), *id).await {
                Ok(permit) => found.push(Permit(permit)),
                Err(StoreError::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(found)
    }
}

#[derive(Default)]
pub struct PermitQuery;

#[Object]
impl PermitQuery {
    /// A permit: its holder's own, or any for staff.
    async fn permit(&self, ctx: &Context<'_>, id: Uuid) -> Result<Permit, ApiError> {
        Ok(Permit(permits::get(ctx.db(), ctx.caller(), id).await?))
    }
}

#[derive(Default)]
pub struct PermitMutation;

#[Object]
impl PermitMutation {
    /// Revokes an active permit (directors), with a reason shown to the holder.
    async fn revoke_permit(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        reason: String,
    ) -> Result<Permit, ApiError> {
        Ok(Permit(
            permits::revoke(ctx.db(), ctx.caller(), id, version, reason).await?,
        ))
    }

    /// The holder (or staff) confirms the permitted data was destroyed on `destroyedOn`.
    async fn confirm_data_destruction(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        destroyed_on: Date,
    ) -> Result<Permit, ApiError> {
        Ok(Permit(
            permits::confirm_data_destruction(ctx.db(), ctx.caller(), id, version, destroyed_on)
                .await?,
        ))
    }
}

/// Used by the application type: a decided permit application's permit.
pub(crate) async fn permit_of_application(
    ctx: &Context<'_>,
    application_id: Uuid,
) -> Result<Option<Permit>, ApiError> {
    Ok(
        permits::for_application(ctx.db(), ctx.caller(), application_id)
            .await?
            .map(Permit),
    )
}
