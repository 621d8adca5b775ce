//! Applications and their cases through GraphQL: thin resolvers over
//! `tietolupa_store::applications`. The `Application` object is here; the queries, the
//! mutations and the smaller objects and inputs have their own files.

mod mutation;
mod query;
mod types;

pub use mutation::ApplicationMutation;
pub use query::ApplicationQuery;
pub use types::{Processor, ProcessorInput};

use std::sync::Arc;
use types::{
    ApplicationEvent, ApplicationInput, ApplicationQueueFilter, ApplicationQueueOrder, Attachment,
    Deadline, Decision, DecisionInput, Fee, FeeNotice, FieldChange, InformationAnswerInput,
    InformationRequest, Person, Proposal, ProposalInput, Remark, RequestedDataSource,
};

use async_graphql::{Context, Object};
use tietolupa_domain::application as domain;
use tietolupa_domain::retention::{DraftDeletion, draft_deletion};
use tietolupa_store::applications::attachments;
use tietolupa_store::applications::{self as store, Viewed};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::ApiError;
use crate::context::ContextExt;
use crate::enums::{ApplicationKind, ApplicationState, Purpose};
use crate::environments::ProcessingEnvironment;
use crate::organisations::OrganisationSummary;
use crate::page_reads::ApplicationPage;
use crate::permits::{Amendment, Permit};

/// An application for a data permit or a data request, and its case.
pub struct Application {
    viewed: Viewed,
    /// The page it was listed on, whose rows read their nested fields together.
    page: Arc<ApplicationPage>,
}

impl Application {
    /// One application read on its own.
    fn single(viewed: Viewed) -> Application {
        let page = ApplicationPage::new([&viewed.application]);
        Application { viewed, page }
    }
    fn app(&self) -> &store::Application {
        &self.viewed.application
    }
    fn content(&self) -> &domain::ApplicationContent {
        &self.viewed.application.content
    }
    /// Told to the applicant only: staff do not work on drafts.
    fn draft_deletion(&self, ctx: &Context<'_>) -> Option<DraftDeletion> {
        if self.viewed.viewer != domain::Viewer::Owner {
            return None;
        }
        draft_deletion(self.app().state, self.app().updated_at, ctx.caller().at)
    }
}

#[Object]
impl Application {
    async fn id(&self) -> Uuid {
        self.app().id
    }
    async fn kind(&self) -> ApplicationKind {
        self.app().kind.into()
    }
    async fn state(&self) -> ApplicationState {
        self.app().state.into()
    }
    /// Pass this back with every command; a stale value is refused with `CONFLICT`.
    async fn version(&self) -> i32 {
        self.app().version
    }
    /// `TL/{n}/{year}`, assigned on submission.
    async fn diary_number(&self) -> Option<&str> {
        self.app().diary_number.as_deref()
    }
    async fn applicant_id(&self) -> &str {
        &self.app().applicant_id
    }
    async fn applicant_name(&self) -> Option<&str> {
        self.content().applicant_name.as_deref()
    }
    /// The organisation of the register the applicant acts for; none for a private
    /// person (or a draft naming an organisation outside the register).
    async fn organisation(&self) -> Option<OrganisationSummary> {
        OrganisationSummary::of(
            self.content().organisation_id,
            self.content().organisation_name.as_deref(),
            self.content().business_id.as_deref(),
        )
    }
    /// None for a private person.
    async fn organisation_name(&self) -> Option<&str> {
        self.content().organisation_name.as_deref()
    }
    async fn business_id(&self) -> Option<&str> {
        self.content().business_id.as_deref()
    }
    async fn contact_email(&self) -> Option<&str> {
        self.content().contact_email.as_deref()
    }
    async fn billing_reference(&self) -> Option<&str> {
        self.content().billing_reference.as_deref()
    }
    /// Public once decided.
    async fn title(&self) -> Option<&str> {
        self.content().title.as_deref()
    }
    /// Public once decided.
    async fn public_summary(&self) -> Option<&str> {
        self.content().public_summary.as_deref()
    }
    async fn purpose(&self) -> Option<Purpose> {
        self.content().purpose.map(Into::into)
    }
    /// Confidential: the applicant and staff only.
    async fn research_plan(&self) -> Option<&str> {
        self.content().research_plan.as_deref()
    }
    async fn data_sources(&self, ctx: &Context<'_>) -> Result<Vec<RequestedDataSource>, ApiError> {
        let requested = &self.content().data_sources;
        let names = self.page.source_names(ctx.db()).await?;
        let language = crate::names::language(ctx);
        Ok(requested
            .iter()
            .map(|requested| {
                RequestedDataSource::new(requested, names.get(&requested.data_source_id), language)
            })
            .collect())
    }
    async fn cohort_definition(&self) -> Option<&str> {
        self.content().cohort_definition.as_deref()
    }
    /// Why each variable is needed, and at what precision.
    async fn minimisation_justification(&self) -> Option<&str> {
        self.content().minimisation_justification.as_deref()
    }
    async fn processors(&self) -> Vec<Processor> {
        self.content()
            .processors
            .iter()
            .map(Processor::from)
            .collect()
    }
    /// For amendments: the permit they change.
    async fn permit_id(&self) -> Option<Uuid> {
        self.app().permit_id
    }
    /// For amendments: the change types and new values.
    async fn amendment(&self) -> Option<Amendment> {
        self.app().amendment.as_ref().map(Amendment::from)
    }
    /// The permit a granted data-permit decision issued.
    async fn permit(&self, ctx: &Context<'_>) -> Result<Option<Permit>, ApiError> {
        if self.app().kind != domain::ApplicationKind::DataPermit
            || self.app().state != domain::ApplicationState::Decided
        {
            return Ok(None);
        }
        crate::permits::permit_of_application(ctx, self.app().id).await
    }
    async fn processing_environment(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<ProcessingEnvironment>, ApiError> {
        match self.content().processing_environment_id {
            Some(id) => Ok(self
                .page
                .environments(ctx.db())
                .await?
                .get(&id)
                .cloned()
                .map(Into::into)),
            None => Ok(None),
        }
    }
    async fn requested_validity_end(&self) -> Option<Date> {
        self.content().requested_validity_end
    }
    async fn ethics_statement_needed(&self) -> Option<bool> {
        self.content().ethics_statement_needed
    }
    async fn ethics_reference(&self) -> Option<&str> {
        self.content().ethics_reference.as_deref()
    }
    async fn dpia_done(&self) -> Option<bool> {
        self.content().dpia_done
    }
    async fn is_thesis(&self) -> bool {
        self.content().is_thesis
    }
    async fn applicant_outside_eea(&self) -> bool {
        self.content().applicant_outside_eea
    }
    /// The handler preparing the case.
    async fn presenter(&self) -> Option<Person> {
        self.app().presenter_id.as_ref().map(|id| Person {
            id: id.clone(),
            name: self.app().presenter_name.clone(),
        })
    }
    async fn submitted_at(&self) -> Option<OffsetDateTime> {
        self.app().submitted_at
    }
    /// The decision clock; none before submission.
    async fn deadline(&self, ctx: &Context<'_>) -> Option<Deadline> {
        let today = ctx.caller().today();
        let state = self.app().state;
        let view = self.app().clock.view(state, today)?;
        Some(Deadline::new(
            view,
            self.app().extension_reason.clone(),
            state.is_open_case(),
            today,
            ctx.reminders(),
        ))
    }
    /// The presenter's proposal (staff see it while it is pending; the applicant only the
    /// decision).
    async fn proposal(&self) -> Option<Proposal> {
        if !self.viewed.viewer.sees_proposal() {
            return None;
        }
        self.app().proposal.as_ref().map(Proposal::from)
    }
    /// The fee category the application's facts suggest for the proposal.
    async fn suggested_fee(&self, ctx: &Context<'_>) -> Fee {
        let category = domain::FeeCategory::suggested(
            self.app().kind,
            self.content().is_thesis,
            self.content().applicant_outside_eea,
        );
        Fee::new(category, ctx.fees().amount(category))
    }
    async fn decision(&self, ctx: &Context<'_>) -> Result<Option<Decision>, ApiError> {
        if self.app().state != domain::ApplicationState::Decided {
            return Ok(None);
        }
        Ok(self
            .page
            .decisions(ctx.db())
            .await?
            .get(&self.app().id)
            .cloned()
            .map(|d| Decision::of(d, self.app().id, self.app().diary_number.as_deref())))
    }
    /// Where the notice of the decision's fee went: the organisation's invoicing contact,
    /// or the applicant when the organisation has none. Null when no notice was due (no
    /// fee, or a private person).
    async fn fee_notice(&self, ctx: &Context<'_>) -> Result<Option<FeeNotice>, ApiError> {
        if self.app().state != domain::ApplicationState::Decided
            || self.content().organisation_id.is_none()
        {
            return Ok(None);
        }
        let notice = tietolupa_store::outbox::fee_notice(ctx.db(), self.app().id).await?;
        Ok(notice.map(FeeNotice::from))
    }
    /// Every step of the case. Applicants do not see internal comments.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<ApplicationEvent>, ApiError> {
        let events = store::history(ctx.db(), self.app().id, self.viewed.viewer).await?;
        Ok(events.into_iter().map(ApplicationEvent::from).collect())
    }
    /// Remarks the caller may read: applicants see only those addressed to them.
    async fn remarks(&self, ctx: &Context<'_>) -> Result<Vec<Remark>, ApiError> {
        let remarks = store::remarks(ctx.db(), self.app().id, self.viewed.viewer).await?;
        Ok(remarks.into_iter().map(Remark::from).collect())
    }
    async fn information_requests(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<InformationRequest>, ApiError> {
        let requests = store::information_requests(ctx.db(), self.app().id).await?;
        Ok(requests.into_iter().map(InformationRequest::from).collect())
    }
    /// Files attached by the applicant; download from `downloadUrl` with the same token.
    async fn attachments(&self, ctx: &Context<'_>) -> Result<Vec<Attachment>, ApiError> {
        let list = attachments::list(ctx.db(), self.app().id).await?;
        Ok(list.into_iter().map(Attachment::from).collect())
    }
    /// What the applicant changed since submission or the latest information request.
    async fn changes_since_submission(&self) -> Vec<FieldChange> {
        self.app()
            .changes_since_submission()
            .into_iter()
            .map(FieldChange::from)
            .collect()
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.app().created_at
    }
    async fn updated_at(&self) -> OffsetDateTime {
        self.app().updated_at
    }
    /// For the applicant's own draft: the day it is deleted unless saved before then, six
    /// calendar months after its last change (Finnish dates). Null unless a draft.
    async fn draft_deletion_date(&self, ctx: &Context<'_>) -> Option<Date> {
        self.draft_deletion(ctx).map(|d| d.on)
    }
    /// Whether the draft is within the last 30 days before `draftDeletionDate`, when its
    /// applicant is warned.
    async fn draft_deletion_warning(&self, ctx: &Context<'_>) -> bool {
        self.draft_deletion(ctx).is_some_and(|d| d.warn)
    }
}
