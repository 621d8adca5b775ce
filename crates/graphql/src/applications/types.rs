//! The smaller objects of an application and the inputs of its commands, with their
//! mappings from and to the store's and the domain's values.

use async_graphql::{Enum, InputObject, SimpleObject};
use tietolupa_domain::Names;
use tietolupa_domain::application::{self as domain, DeadlineView};
use tietolupa_domain::message::ReminderPolicy;
use tietolupa_domain::sign_in::UiLanguage;
use tietolupa_store::applications::attachments;
use tietolupa_store::applications::{self as store};
use tietolupa_store::catalogue::SourceNames;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::enums::{
    ApplicationKind, ApplicationState, AttachmentKind, DecisionOutcome, FeeCategory, Purpose,
    RemarkVisibility,
};

#[derive(SimpleObject)]
pub struct Person {
    pub id: String,
    pub name: Option<String>,
}

#[derive(SimpleObject)]
pub struct RequestedDataSource {
    data_source_id: Uuid,
    /// In the caller's language.
    data_controller_name: String,
    /// In the caller's language.
    data_source_name: String,
    variables: String,
    period_from: Option<Date>,
    period_to: Option<Date>,
}

impl RequestedDataSource {
    /// `names`: the source's controller and its own name, when the catalogue has it, shown
    /// in `language`.
    pub(super) fn new(
        requested: &domain::RequestedDataSource,
        names: Option<&SourceNames>,
        language: UiLanguage,
    ) -> RequestedDataSource {
        let name = |n: fn(&SourceNames) -> &Names| {
            names
                .map(|found| n(found).get(language).to_owned())
                .unwrap_or_default()
        };
        RequestedDataSource {
            data_source_id: requested.data_source_id,
            data_controller_name: name(|n| &n.controller),
            data_source_name: name(|n| &n.source),
            variables: requested.variables.clone(),
            period_from: requested.period_from,
            period_to: requested.period_to,
        }
    }
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
    /// The running clock of an open case is due within the deadline warning period
    /// (`TIETOLUPA_MESSAGES_DEADLINE_WARNING_DAYS`, the window in which the presenter is
    /// warned by mail), today included; never when overdue or paused.
    due_soon: bool,
    /// Days from today to `dueOn`; negative once it has passed.
    days_left: i64,
}

impl Deadline {
    pub(super) fn new(
        view: DeadlineView,
        extension_reason: Option<String>,
        open: bool,
        today: Date,
        reminders: &ReminderPolicy,
    ) -> Deadline {
        Deadline {
            started_on: view.started_on,
            due_on: view.due_on,
            paused: view.paused,
            paused_days: view.paused_days,
            extended: view.extended,
            extension_reason,
            overdue: view.overdue,
            due_soon: open && !view.paused && reminders.warns_of(view.due_on, today),
            days_left: (view.due_on - today).whole_days(),
        }
    }
}

#[derive(SimpleObject)]
pub struct Fee {
    category: FeeCategory,
    amount_cents: i64,
}

impl Fee {
    pub(super) fn new(category: domain::FeeCategory, amount_cents: i64) -> Fee {
        Fee {
            category: category.into(),
            amount_cents,
        }
    }
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

impl From<&store::Proposal> for Proposal {
    fn from(p: &store::Proposal) -> Self {
        Proposal {
            outcome: p.content.outcome.into(),
            reasoning: p.content.reasoning.clone(),
            conditions: p.content.conditions.clone(),
            granted_data_source_ids: p.content.granted_data_source_ids.clone(),
            valid_until: p.content.valid_until,
            fee: Fee::new(p.content.fee_category, p.fee_cents),
            proposed_by: p.proposed_by.clone(),
            proposed_at: p.proposed_at,
        }
    }
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
    /// The decision document, full version (PDF/A-2b): for the applicant, the permit holder
    /// and staff.
    document_url: String,
    /// The decision document, public version: what the public register shows.
    public_document_url: Option<String>,
}

impl Decision {
    /// The decision of the application `application_id` (diary number `diary_number`), with
    /// its documents' URLs.
    pub fn of(d: store::Decision, application_id: Uuid, diary_number: Option<&str>) -> Self {
        let mut decision = Decision::from(d);
        decision.document_url = tietolupa_store::documents::full_url(
            application_id,
            tietolupa_store::documents::Of::Decision,
        );
        decision.public_document_url = diary_number.map(|n| {
            tietolupa_store::documents::public_url(n, tietolupa_store::documents::Of::Decision)
        });
        decision
    }
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
            fee: Fee::new(d.fee_category, d.fee_cents),
            presenter: Person {
                id: d.presenter_id,
                name: d.presenter_name,
            },
            decider: Person {
                id: d.decider_id,
                name: d.decider_name,
            },
            edited_by_decider: d.edited_by_decider,
            document_url: String::new(),
            public_document_url: None,
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

impl From<store::Event> for ApplicationEvent {
    fn from(e: store::Event) -> Self {
        ApplicationEvent {
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
        }
    }
}

#[derive(SimpleObject)]
pub struct Remark {
    id: Uuid,
    visibility: RemarkVisibility,
    author: Person,
    body: String,
    created_at: OffsetDateTime,
}

impl From<store::Remark> for Remark {
    fn from(r: store::Remark) -> Self {
        Remark {
            id: r.id,
            visibility: r.visibility.into(),
            author: Person {
                id: r.author_id,
                name: r.author_name,
            },
            body: r.body,
            created_at: r.created_at,
        }
    }
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

impl From<store::InformationRequest> for InformationRequest {
    fn from(r: store::InformationRequest) -> Self {
        InformationRequest {
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
        }
    }
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

impl From<domain::FieldChange> for FieldChange {
    fn from(c: domain::FieldChange) -> Self {
        FieldChange {
            field: c.field,
            before: c.before,
            after: c.after,
        }
    }
}

/// The content of an application. Saving replaces the whole draft: fields left out
/// become empty.
#[derive(InputObject, Default)]
pub struct ApplicationInput {
    applicant_name: Option<String>,
    /// The organisation the applicant acts for, one of `organisations` (those they are a
    /// contact person of, whose customer relationship has not ended); its name and
    /// business ID then come from the register, whatever is given below. Leave out for a
    /// private person.
    organisation_id: Option<Uuid>,
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
            organisation_id: i.organisation_id,
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

impl From<ProposalInput> for domain::ProposalContent {
    fn from(input: ProposalInput) -> Self {
        domain::ProposalContent::new(
            input.outcome.into(),
            input.reasoning,
            input.conditions,
            input.granted_data_source_ids,
            input.valid_until,
            input.fee_category.into(),
        )
    }
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

impl From<DecisionInput> for domain::DecisionEdits {
    fn from(input: DecisionInput) -> Self {
        domain::DecisionEdits {
            outcome: input.outcome.map(Into::into),
            reasoning: input.reasoning,
            conditions: input.conditions,
            granted_data_source_ids: input.granted_data_source_ids,
            valid_until: input.valid_until,
            fee_category: input.fee_category.map(Into::into),
        }
    }
}

#[derive(InputObject)]
pub struct InformationAnswerInput {
    /// The item's number within the request.
    item_number: i32,
    answer: String,
}

impl From<InformationAnswerInput> for store::InformationAnswer {
    fn from(a: InformationAnswerInput) -> Self {
        store::InformationAnswer {
            item_number: a.item_number,
            answer: a.answer,
        }
    }
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

impl From<ApplicationQueueFilter> for store::QueueFilter {
    fn from(f: ApplicationQueueFilter) -> Self {
        store::QueueFilter {
            states: f.states.into_iter().map(Into::into).collect(),
            kind: f.kind.map(Into::into),
            presenter_id: f.presenter_id,
            unassigned: f.unassigned,
            due_before: f.due_before,
            overdue: f.overdue,
        }
    }
}

/// What the queue is sorted by.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ApplicationQueueSortField {
    /// The decision's due date.
    DueDate,
    /// The state in workflow order (submitted, in preparation, information requested,
    /// proposed); ties by due date, soonest first.
    State,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum SortDirection {
    Asc,
    Desc,
}

/// The queue's order; by default soonest due first.
#[derive(InputObject)]
pub struct ApplicationQueueOrder {
    field: ApplicationQueueSortField,
    #[graphql(default_with = "SortDirection::Asc")]
    direction: SortDirection,
}

impl From<ApplicationQueueOrder> for store::QueueOrder {
    fn from(o: ApplicationQueueOrder) -> Self {
        store::QueueOrder {
            field: match o.field {
                ApplicationQueueSortField::DueDate => store::QueueSortField::DueDate,
                ApplicationQueueSortField::State => store::QueueSortField::State,
            },
            descending: o.direction == SortDirection::Desc,
        }
    }
}

/// Who was sent a decision's fee notice.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum FeeNoticeRecipient {
    /// The invoicing contact of the organisation the application acts for.
    InvoicingContact,
    /// The organisation has no invoicing contact: the applicant was asked to pass the
    /// notice on.
    Applicant,
}

/// The notice of a decision's fee, sent when an application acting for an organisation
/// is decided with a fee.
#[derive(SimpleObject)]
pub struct FeeNotice {
    recipient: FeeNoticeRecipient,
    /// The address it went to; null when the applicant had none.
    email: Option<String>,
    /// In euro cents.
    amount_cents: i64,
    queued_at: OffsetDateTime,
    delivered_at: Option<OffsetDateTime>,
    /// Set when delivery gave up (see `deadLetters`).
    dead_at: Option<OffsetDateTime>,
}

impl From<tietolupa_store::outbox::FeeNotice> for FeeNotice {
    fn from(n: tietolupa_store::outbox::FeeNotice) -> Self {
        FeeNotice {
            recipient: if n.to_invoicing_contact {
                FeeNoticeRecipient::InvoicingContact
            } else {
                FeeNoticeRecipient::Applicant
            },
            email: n.email,
            amount_cents: n.fee_cents,
            queued_at: n.queued_at,
            delivered_at: n.delivered_at,
            dead_at: n.dead_at,
        }
    }
}
