//! Applications and their cases through GraphQL: thin resolvers over
//! `tietolupa_store::applications`.

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, InputObject, Object, SimpleObject};
use tietolupa_domain::application::{self as domain, FeeSchedule, Viewer};
use tietolupa_store::applications::{self as store, Viewed};
use tietolupa_store::{CallContext, Db};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::enums::{
    ApplicationKind, ApplicationState, AttachmentKind, DecisionOutcome, FeeCategory, Purpose,
    RemarkVisibility,
};
use crate::environments::ProcessingEnvironment;
use crate::page_reads::ApplicationPage;
use crate::permits::{Amendment, AmendmentInput, Permit};
use crate::{ApiError, cursor};
use tietolupa_store::applications::attachments::{self, AttachmentFiles};

fn db<'a>(ctx: &Context<'a>) -> &'a Db {
    ctx.data_unchecked::<Db>()
}

fn caller<'a>(ctx: &Context<'a>) -> &'a CallContext {
    ctx.data_unchecked::<CallContext>()
}

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
        let names = self.page.source_names(db(ctx)).await?;
        Ok(requested
            .iter()
            .map(|requested| {
                let found = names.get(&requested.data_source_id).cloned();
                RequestedDataSource {
                    data_source_id: requested.data_source_id,
                    data_controller_name: found.as_ref().map(|f| f.0.clone()).unwrap_or_default(),
                    data_source_name: found.map(|f| f.1).unwrap_or_default(),
                    variables: requested.variables.clone(),
                    period_from: requested.period_from,
                    period_to: requested.period_to,
                }
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
                .environments(db(ctx))
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
        let clock = self.app().clock;
        let today = caller(ctx).today();
        let open = self.app().state.is_open_case();
        clock.started_on.map(|started_on| Deadline {
            started_on,
            due_on: clock.due_on_as_of(today).unwrap_or(started_on),
            paused: clock.is_paused(),
            paused_days: clock.paused_days,
            extended: clock.is_extended(),
            extension_reason: self.app().extension_reason.clone(),
            overdue: open && clock.is_overdue(today),
        })
    }
    /// The presenter's proposal (staff see it while it is pending; the applicant only the
    /// decision).
    async fn proposal(&self) -> Option<Proposal> {
        if self.viewed.viewer == Viewer::Owner {
            return None;
        }
        self.app().proposal.as_ref().map(|p| Proposal {
            outcome: p.content.outcome.into(),
            reasoning: p.content.reasoning.clone(),
            conditions: p.content.conditions.clone(),
            granted_data_source_ids: p.content.granted_data_source_ids.clone(),
            valid_until: p.content.valid_until,
            fee: Fee {
                category: p.content.fee_category.into(),
                amount_cents: p.fee_cents,
            },
            proposed_by: p.proposed_by.clone(),
            proposed_at: p.proposed_at,
        })
    }
    /// The fee category the application's facts suggest for the proposal.
    async fn suggested_fee(&self, ctx: &Context<'_>) -> Fee {
        let category = domain::FeeCategory::suggested(
            self.app().kind,
            self.content().is_thesis,
            self.content().applicant_outside_eea,
        );
        Fee {
            category: category.into(),
            amount_cents: ctx.data_unchecked::<FeeSchedule>().amount(category),
        }
    }
    async fn decision(&self, ctx: &Context<'_>) -> Result<Option<Decision>, ApiError> {
        if self.app().state != domain::ApplicationState::Decided {
            return Ok(None);
        }
        Ok(self
            .page
            .decisions(db(ctx))
            .await?
            .get(&self.app().id)
            .cloned()
            .map(Decision::from))
    }
    /// Every step of the case. Applicants do not see internal comments.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<ApplicationEvent>, ApiError> {
        let events = store::history(db(ctx), self.app().id, self.viewed.viewer).await?;
        Ok(events
            .into_iter()
            .map(|e| ApplicationEvent {
                id: e.id,
                occurred_at: e.occurred_at,
                actor: Person {
                    id: e.actor_id,
                    name: e.actor_name,
                },
                actor_role: e.actor_role,
                action: e.action,
                from_state: e.from_state.map(Into::into),
                to_state: e.to_state.into(),
                comment: e.comment,
            })
            .collect())
    }
    /// Remarks the caller may read: applicants see only those addressed to them.
    async fn remarks(&self, ctx: &Context<'_>) -> Result<Vec<Remark>, ApiError> {
        let remarks = store::remarks(db(ctx), self.app().id, self.viewed.viewer).await?;
        Ok(remarks
            .into_iter()
            .map(|r| Remark {
                id: r.id,
                visibility: r.visibility.into(),
                author: Person {
                    id: r.author_id,
                    name: r.author_name,
                },
                body: r.body,
                created_at: r.created_at,
            })
            .collect())
    }
    async fn information_requests(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<InformationRequest>, ApiError> {
        let requests = store::information_requests(db(ctx), self.app().id).await?;
        Ok(requests
            .into_iter()
            .map(|r| InformationRequest {
                id: r.id,
                number: r.number,
                requested_at: r.requested_at,
                respond_by: r.respond_by,
                answered_at: r.answered_at,
                items: r
                    .items
                    .into_iter()
                    .map(|i| InformationRequestItem {
                        id: i.id,
                        number: i.number,
                        question: i.question,
                        answer: i.answer,
                        answered_at: i.answered_at,
                        resolved: i.resolved_at.is_some(),
                    })
                    .collect(),
            })
            .collect())
    }
    /// Files attached by the applicant; download from `downloadUrl` with the same token.
    async fn attachments(&self, ctx: &Context<'_>) -> Result<Vec<Attachment>, ApiError> {
        let list = attachments::list(db(ctx), self.app().id).await?;
        Ok(list.into_iter().map(Attachment::from).collect())
    }
    /// What the applicant changed since submission or the latest information request.
    async fn changes_since_submission(&self) -> Vec<FieldChange> {
        self.app()
            .changes_since_submission()
            .into_iter()
            .map(|c| FieldChange {
                field: c.field,
                before: c.before,
                after: c.after,
            })
            .collect()
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.app().created_at
    }
    async fn updated_at(&self) -> OffsetDateTime {
        self.app().updated_at
    }
}

#[derive(SimpleObject)]
pub struct Person {
    pub id: String,
    pub name: Option<String>,
}

#[derive(SimpleObject)]
pub struct RequestedDataSource {
    data_source_id: Uuid,
    data_controller_name: String,
    data_source_name: String,
    variables: String,
    period_from: Option<Date>,
    period_to: Option<Date>,
}

#[derive(SimpleObject)]
pub struct Processor {
    first_name: String,
    last_name: String,
    organisation: String,
    nda_signed: bool,
}

impl From<&domain::Processor> for Processor {
    fn from(p: &domain::Processor) -> Self {
        Processor {
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            organisation: p.organisation.clone(),
            nda_signed: p.nda_signed,
        }
    }
}

impl From<ProcessorInput> for domain::Processor {
    fn from(p: ProcessorInput) -> Self {
        domain::Processor {
            first_name: p.first_name,
            last_name: p.last_name,
            organisation: p.organisation,
            nda_signed: p.nda_signed,
        }
    }
}

/// The decision clock.
#[derive(SimpleObject)]
pub struct Deadline {
    started_on: Date,
    /// Counting the days the clock has stood still, up to today.
    due_on: Date,
    /// Stopped while information is requested from the applicant.
    paused: bool,
    paused_days: i64,
    extended: bool,
    extension_reason: Option<String>,
    overdue: bool,
}

#[derive(SimpleObject)]
pub struct Fee {
    category: FeeCategory,
    amount_cents: i64,
}

#[derive(SimpleObject)]
pub struct Proposal {
    outcome: DecisionOutcome,
    reasoning: String,
    conditions: Option<String>,
    granted_data_source_ids: Vec<Uuid>,
    valid_until: Option<Date>,
    fee: Fee,
    proposed_by: Option<String>,
    proposed_at: Option<OffsetDateTime>,
}

#[derive(SimpleObject)]
pub struct Decision {
    id: Uuid,
    decision_number: String,
    decided_on: Date,
    outcome: DecisionOutcome,
    reasoning: String,
    conditions: Option<String>,
    granted_data_source_ids: Vec<Uuid>,
    valid_until: Option<Date>,
    fee: Fee,
    presenter: Person,
    decider: Person,
    /// Whether the director changed the presenter's proposal.
    edited_by_decider: bool,
}

impl From<store::Decision> for Decision {
    fn from(d: store::Decision) -> Self {
        Decision {
            id: d.id,
            decision_number: d.decision_number,
            decided_on: d.decided_on,
            outcome: d.outcome.into(),
            reasoning: d.reasoning,
            conditions: d.conditions,
            granted_data_source_ids: d.granted_data_source_ids,
            valid_until: d.valid_until,
            fee: Fee {
                category: d.fee_category.into(),
                amount_cents: d.fee_cents,
            },
            presenter: Person {
                id: d.presenter_id,
                name: d.presenter_name,
            },
            decider: Person {
                id: d.decider_id,
                name: d.decider_name,
            },
            edited_by_decider: d.edited_by_decider,
        }
    }
}

#[derive(SimpleObject)]
pub struct ApplicationEvent {
    id: Uuid,
    occurred_at: OffsetDateTime,
    actor: Person,
    actor_role: Option<String>,
    /// `CREATED`, `SUBMITTED`, `TAKEN`, `INFORMATION_REQUESTED`, ...
    action: String,
    from_state: Option<ApplicationState>,
    to_state: ApplicationState,
    comment: Option<String>,
}

#[derive(SimpleObject)]
pub struct Remark {
    id: Uuid,
    visibility: RemarkVisibility,
    author: Person,
    body: String,
    created_at: OffsetDateTime,
}

#[derive(SimpleObject)]
pub struct InformationRequest {
    id: Uuid,
    number: i32,
    requested_at: OffsetDateTime,
    respond_by: Option<Date>,
    answered_at: Option<OffsetDateTime>,
    items: Vec<InformationRequestItem>,
}

#[derive(SimpleObject)]
pub struct InformationRequestItem {
    id: Uuid,
    number: i32,
    question: String,
    answer: Option<String>,
    answered_at: Option<OffsetDateTime>,
    resolved: bool,
}

#[derive(SimpleObject)]
pub struct Attachment {
    id: Uuid,
    kind: AttachmentKind,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    /// Hex SHA-256 of the content, recorded on upload.
    sha256: String,
    uploaded_by: String,
    uploaded_at: OffsetDateTime,
    /// `GET` with the bearer token; owner and staff only.
    download_url: String,
}

impl From<attachments::Attachment> for Attachment {
    fn from(a: attachments::Attachment) -> Self {
        Attachment {
            download_url: format!("/api/attachments/{}", a.id),
            id: a.id,
            kind: a.kind.into(),
            file_name: a.file_name,
            media_type: a.media_type,
            size_bytes: a.size_bytes,
            sha256: a.sha256,
            uploaded_by: a.uploaded_by,
            uploaded_at: a.uploaded_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct FieldChange {
    field: String,
    before: Option<String>,
    after: Option<String>,
}

/// The content of an application. Saving replaces the whole draft: fields left out
/// become empty.
#[derive(InputObject, Default)]
pub struct ApplicationInput {
    applicant_name: Option<String>,
    /// Leave out for a private person.
    organisation_name: Option<String>,
    /// Y-tunnus of the organisation, e.g. `0313471-7`.
    business_id: Option<String>,
    contact_email: Option<String>,
    billing_reference: Option<String>,
    title: Option<String>,
    public_summary: Option<String>,
    purpose: Option<Purpose>,
    research_plan: Option<String>,
    #[graphql(default, validator(max_items = 100))]
    data_sources: Vec<RequestedDataSourceInput>,
    cohort_definition: Option<String>,
    minimisation_justification: Option<String>,
    #[graphql(default, validator(max_items = 100))]
    processors: Vec<ProcessorInput>,
    processing_environment_id: Option<Uuid>,
    requested_validity_end: Option<Date>,
    ethics_statement_needed: Option<bool>,
    ethics_reference: Option<String>,
    dpia_done: Option<bool>,
    #[graphql(default)]
    is_thesis: bool,
    #[graphql(default)]
    applicant_outside_eea: bool,
}

#[derive(InputObject)]
pub struct RequestedDataSourceInput {
    data_source_id: Uuid,
    variables: String,
    period_from: Option<Date>,
    period_to: Option<Date>,
}

#[derive(InputObject)]
pub struct ProcessorInput {
    first_name: String,
    last_name: String,
    organisation: String,
    #[graphql(default)]
    nda_signed: bool,
}

impl From<ApplicationInput> for domain::ApplicationContent {
    fn from(i: ApplicationInput) -> Self {
        domain::ApplicationContent {
            applicant_name: i.applicant_name,
            organisation_name: i.organisation_name,
            business_id: i.business_id,
            contact_email: i.contact_email,
            billing_reference: i.billing_reference,
            title: i.title,
            public_summary: i.public_summary,
            purpose: i.purpose.map(Into::into),
            research_plan: i.research_plan,
            data_sources: i
                .data_sources
                .into_iter()
                .map(|s| domain::RequestedDataSource {
                    data_source_id: s.data_source_id,
                    variables: s.variables,
                    period_from: s.period_from,
                    period_to: s.period_to,
                })
                .collect(),
            cohort_definition: i.cohort_definition,
            minimisation_justification: i.minimisation_justification,
            processors: i.processors.into_iter().map(Into::into).collect(),
            processing_environment_id: i.processing_environment_id,
            requested_validity_end: i.requested_validity_end,
            ethics_statement_needed: i.ethics_statement_needed,
            ethics_reference: i.ethics_reference,
            dpia_done: i.dpia_done,
            is_thesis: i.is_thesis,
            applicant_outside_eea: i.applicant_outside_eea,
        }
    }
}

#[derive(InputObject)]
pub struct ProposalInput {
    outcome: DecisionOutcome,
    reasoning: String,
    conditions: Option<String>,
    /// A subset of the requested data sources; empty for a rejection.
    #[graphql(default, validator(max_items = 100))]
    granted_data_source_ids: Vec<Uuid>,
    /// Required when granting a data permit; at most six years ahead.
    valid_until: Option<Date>,
    fee_category: FeeCategory,
}

/// The director's changes to the proposal; fields left out keep the presenter's text.
#[derive(InputObject, Default)]
pub struct DecisionInput {
    outcome: Option<DecisionOutcome>,
    reasoning: Option<String>,
    conditions: Option<String>,
    #[graphql(validator(max_items = 100))]
    granted_data_source_ids: Option<Vec<Uuid>>,
    valid_until: Option<Date>,
    fee_category: Option<FeeCategory>,
}

#[derive(InputObject)]
pub struct InformationAnswerInput {
    /// The item's number within the request.
    item_number: i32,
    answer: String,
}

#[derive(InputObject, Default)]
pub struct ApplicationQueueFilter {
    /// Default: all open cases (submitted, in preparation, information requested, proposed).
    #[graphql(default, validator(max_items = 20))]
    states: Vec<ApplicationState>,
    kind: Option<ApplicationKind>,
    presenter_id: Option<String>,
    /// Only cases nobody has taken yet.
    #[graphql(default)]
    unassigned: bool,
    due_before: Option<Date>,
    /// Only cases whose running clock has passed its due date.
    #[graphql(default)]
    overdue: bool,
}

const CURSOR_MINE: &str = "mine";
const CURSOR_QUEUE: &str = "queue";

fn page(
    applications: Vec<store::Application>,
    has_next: bool,
    offset: u64,
    kind: &str,
    ctx: &CallContext,
) -> Connection<String, Application> {
    let page = ApplicationPage::new(&applications);
    let mut connection = Connection::new(offset > 0, has_next);
    connection
        .edges
        .extend(applications.into_iter().enumerate().map(|(i, a)| {
            Edge::new(
                cursor::encode(kind, (offset + i as u64 + 1) as i64),
                Application {
                    viewed: store::viewed(a, ctx),
                    page: page.clone(),
                },
            )
        }));
    connection
}

fn offset_after(kind: &str, after: Option<&str>) -> Result<u64, ApiError> {
    match after {
        Some(c) => Ok(cursor::decode(kind, c)?.max(0) as u64),
        None => Ok(0),
    }
}

#[derive(Default)]
pub struct ApplicationQuery;

#[Object]
impl ApplicationQuery {
    /// One application: its applicant's own, or any for staff.
    async fn application(&self, ctx: &Context<'_>, id: Uuid) -> Result<Application, ApiError> {
        Ok(Application::single(
            store::get(db(ctx), caller(ctx), id).await?,
        ))
    }

    /// The caller's own applications, newest first.
    async fn my_applications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Application>, ApiError> {
        let first = cursor::page_size(first, 20, 100)?;
        let offset = offset_after(CURSOR_MINE, after.as_deref())?;
        let (list, more) = store::list_mine(db(ctx), caller(ctx), first, offset).await?;
        Ok(page(list, more, offset, CURSOR_MINE, caller(ctx)))
    }

    /// Open cases for staff, soonest due first.
    async fn application_queue(
        &self,
        ctx: &Context<'_>,
        filter: Option<ApplicationQueueFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Application>, ApiError> {
        let first = cursor::page_size(first, 50, 200)?;
        let offset = offset_after(CURSOR_QUEUE, after.as_deref())?;
        let f = filter.unwrap_or_default();
        let filter = store::QueueFilter {
            states: f.states.into_iter().map(Into::into).collect(),
            kind: f.kind.map(Into::into),
            presenter_id: f.presenter_id,
            unassigned: f.unassigned,
            due_before: f.due_before,
            overdue: f.overdue,
        };
        let (list, more) = store::queue(db(ctx), caller(ctx), &filter, first, offset).await?;
        Ok(page(list, more, offset, CURSOR_QUEUE, caller(ctx)))
    }
}

#[derive(Default)]
pub struct ApplicationMutation;

fn done(ctx: &Context<'_>, application: store::Application) -> Application {
    Application::single(store::viewed(application, caller(ctx)))
}

#[Object]
impl ApplicationMutation {
    /// Starts a draft (applicants). An `AMENDMENT` names one of the caller's permits and
    /// what should change; its other content comes from the permit's application (data
    /// sources, cohort and purpose cannot change).
    async fn create_application(
        &self,
        ctx: &Context<'_>,
        kind: ApplicationKind,
        #[graphql(default)] input: ApplicationInput,
        permit: Option<Uuid>,
        amendment: Option<AmendmentInput>,
    ) -> Result<Application, ApiError> {
        let amendment = match (permit, amendment) {
            (Some(permit_id), request) => Some(store::NewAmendment {
                permit_id,
                request: request.map(Into::into).unwrap_or_default(),
            }),
            (None, Some(_)) => {
                return Err(ApiError::validation(
                    "permit",
                    "an amendment names the permit it changes",
                ));
            }
            (None, None) => None,
        };
        let application =
            store::create(db(ctx), caller(ctx), kind.into(), input.into(), amendment).await?;
        Ok(done(ctx, application))
    }

    /// Saves the draft's content (or changes made while answering an information request).
    async fn update_application(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        input: ApplicationInput,
        amendment: Option<AmendmentInput>,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::update(
                db(ctx),
                caller(ctx),
                id,
                version,
                input.into(),
                amendment.map(Into::into),
            )
            .await?,
        ))
    }

    /// Validates everything (reporting every problem at once) and submits.
    async fn submit_application(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::submit(db(ctx), caller(ctx), id, version).await?,
        ))
    }

    async fn withdraw_application(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        reason: Option<String>,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::withdraw(db(ctx), caller(ctx), id, version, reason).await?,
        ))
    }

    /// The calling handler becomes the case's presenter.
    async fn take_application(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::take(db(ctx), caller(ctx), id, version).await?,
        ))
    }

    async fn add_remark(
        &self,
        ctx: &Context<'_>,
        application_id: Uuid,
        visibility: RemarkVisibility,
        body: String,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::add_remark(
                db(ctx),
                caller(ctx),
                application_id,
                visibility.into(),
                body,
            )
            .await?,
        ))
    }

    /// Numbered questions to the applicant; stops the decision clock.
    async fn request_information(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        #[graphql(validator(max_items = 50))] items: Vec<String>,
        respond_by: Option<Date>,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::request_information(db(ctx), caller(ctx), id, version, items, respond_by)
                .await?,
        ))
    }

    /// Answers every item of the open request; restarts the clock.
    async fn answer_information_request(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        #[graphql(validator(max_items = 50))] answers: Vec<InformationAnswerInput>,
    ) -> Result<Application, ApiError> {
        let answers = answers
            .into_iter()
            .map(|a| store::InformationAnswer {
                item_number: a.item_number,
                answer: a.answer,
            })
            .collect();
        Ok(done(
            ctx,
            store::answer_information_request(db(ctx), caller(ctx), id, version, answers).await?,
        ))
    }

    async fn resolve_information_request_item(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        item_id: Uuid,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::resolve_information_item(db(ctx), caller(ctx), id, item_id).await?,
        ))
    }

    async fn propose_decision(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        input: ProposalInput,
    ) -> Result<Application, ApiError> {
        let proposal = domain::ProposalContent {
            outcome: input.outcome.into(),
            reasoning: input.reasoning,
            conditions: input.conditions.filter(|c| !c.trim().is_empty()),
            granted_data_source_ids: input.granted_data_source_ids,
            valid_until: input.valid_until,
            fee_category: input.fee_category.into(),
        };
        let fees = ctx.data_unchecked::<FeeSchedule>();
        Ok(done(
            ctx,
            store::propose(db(ctx), caller(ctx), id, version, proposal, fees).await?,
        ))
    }

    async fn return_for_preparation(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        reason: String,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::return_for_preparation(db(ctx), caller(ctx), id, version, reason).await?,
        ))
    }

    /// The director's decision on the proposal, possibly edited.
    async fn decide(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        #[graphql(default)] input: DecisionInput,
    ) -> Result<Application, ApiError> {
        let edits = store::DecisionEdits {
            outcome: input.outcome.map(Into::into),
            reasoning: input.reasoning,
            conditions: input.conditions,
            granted_data_source_ids: input.granted_data_source_ids,
            valid_until: input.valid_until,
            fee_category: input.fee_category.map(Into::into),
        };
        let fees = ctx.data_unchecked::<FeeSchedule>();
        let (application, _) =
            store::decide(db(ctx), caller(ctx), id, version, edits, fees).await?;
        Ok(done(ctx, application))
    }

    /// Attaches a PDF or plain-text file (GraphQL multipart request) to a draft, or to an
    /// application awaiting answers. Size-limited; the SHA-256 is recorded.
    async fn upload_attachment(
        &self,
        ctx: &Context<'_>,
        application_id: Uuid,
        kind: AttachmentKind,
        file: async_graphql::Upload,
    ) -> Result<Attachment, ApiError> {
        let upload = file
            .value(ctx)
            .map_err(|_| ApiError::validation("file", "the upload could not be read"))?;
        let files = ctx.data_unchecked::<AttachmentFiles>();
        let attachment = attachments::add(
            db(ctx),
            caller(ctx),
            files,
            application_id,
            kind.into(),
            &upload.filename,
            upload.content,
        )
        .await?;
        Ok(attachment.into())
    }

    /// Moves the due date, once, by at most three months.
    async fn extend_deadline(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        due_on: Date,
        reason: String,
    ) -> Result<Application, ApiError> {
        Ok(done(
            ctx,
            store::extend_deadline(db(ctx), caller(ctx), id, version, due_on, reason).await?,
        ))
    }
}
