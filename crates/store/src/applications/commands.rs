//! Commands on applications. Each runs in one write transaction: load, check (role,
//! ownership, version, state), change, append the history event and the audit entry,
//! commit. A stale version is a conflict, never a silent overwrite.

use std::collections::HashSet;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tietolupa_domain::application::{
    Action, ApplicationContent, ApplicationKind, ApplicationState, CaseFacts, DecisionClock,
    DecisionOutcome, FeeCategory, FeeSchedule, FieldProblem, ProposalContent, ProposalContext,
    Refusal, Step, SubmissionContext,
    content::{validate_draft, validate_for_submission},
    plan, validate_proposal,
};
use tietolupa_domain::permit::AmendmentRequest;
use tietolupa_domain::{ActorKind, Operation};
use tietolupa_entity::{
    application, application_event, application_remark, data_source, decision, information_request,
    information_request_item,
};
use time::Date;
use uuid::Uuid;

use super::rows::{self, StoredProposal};
use super::views::RemarkVisibility;
use super::{Application, Viewed};
use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError, environments, numbers, permits, public_register};

const MAX_ITEMS: usize = 50;
const MAX_TEXT: usize = tietolupa_domain::application::content::MAX_TEXT;

/// A command under way: the locked-in facts, inside its transaction.
pub(super) struct Command<'a> {
    ctx: &'a CallContext,
    txn: DatabaseTransaction,
    row: application::Model,
    loaded_version: i32,
    step: Step,
    action: Action,
}

fn audit_name(action: Action) -> &'static str {
    match action {
        Action::Update => "application.update",
        Action::Submit => "application.submit",
        Action::Withdraw => "application.withdraw",
        Action::Take => "application.take",
        Action::RequestInformation => "application.request_information",
        Action::AnswerInformation => "application.answer_information",
        Action::ResolveInformationItem => "application.resolve_information_item",
        Action::Propose => "application.propose",
        Action::ReturnForPreparation => "application.return_for_preparation",
        Action::Decide => "application.decide",
        Action::ExtendDeadline => "application.extend_deadline",
        Action::AddRemark => "application.add_remark",
        Action::AddAttachment => "application.add_attachment",
    }
}

/// The event name in the case history.
fn event_name(action: Action) -> &'static str {
    match action {
        Action::Submit => "SUBMITTED",
        Action::Withdraw => "WITHDRAWN",
        Action::Take => "TAKEN",
        Action::RequestInformation => "INFORMATION_REQUESTED",
        Action::AnswerInformation => "INFORMATION_ANSWERED",
        Action::Propose => "PROPOSED",
        Action::ReturnForPreparation => "RETURNED_FOR_PREPARATION",
        Action::Decide => "DECIDED",
        Action::ExtendDeadline => "DEADLINE_EXTENDED",
        Action::AddAttachment => "ATTACHMENT_ADDED",
        Action::Update => "UPDATED",
        Action::ResolveInformationItem => "INFORMATION_ITEM_RESOLVED",
        Action::AddRemark => "REMARK_ADDED",
    }
}

impl<'a> Command<'a> {
    /// Loads the application and checks, in this order: the caller may see it (others'
    /// applications do not exist for applicants), holds a role for the action, saw the
    /// current version, and the rules and state allow the action.
    pub(super) async fn start(
        db: &Db,
        ctx: &'a CallContext,
        id: Uuid,
        version: Option<i32>,
        action: Action,
    ) -> Result<Command<'a>, StoreError> {
        let txn = db.begin_write().await?;
        // FOR UPDATE on PostgreSQL (SQLite's write transaction already excludes others):
        // concurrent commands on one case queue here and each sees the version its
        // predecessor wrote, so a stale one is a conflict before it writes anything, not
        // a unique violation on the decision or permit it would have inserted.
        let row = application::Entity::find_by_id(id)
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "application",
            })?;
        let state = ApplicationState::parse(&row.state).ok_or_else(|| rows::corrupt("state"))?;
        let facts = CaseFacts {
            state,
            applicant_id: &row.applicant_id,
            presenter_id: row.presenter_id.as_deref(),
        };
        let planned = plan(facts, &ctx.actor, action);
        let stale = version.is_some_and(|v| v != row.version);
        let step = match planned {
            Ok(_) if stale => return Err(StoreError::stale()),
            Ok(step) => step,
            Err(Refusal::NotOwner) => {
                return Err(StoreError::NotFound {
                    entity: "application",
                });
            }
            Err(Refusal::InvalidTransition { .. }) if stale => return Err(StoreError::stale()),
            Err(Refusal::InvalidTransition { from, .. }) => {
                return Err(StoreError::InvalidTransition {
                    message: format!("not possible while the application is {}", from.as_str()),
                });
            }
            Err(refusal) => {
                drop(txn);
                if ctx.actor.kind == ActorKind::Anonymous {
                    return Err(StoreError::Unauthenticated);
                }
                audit::record_denial(db, ctx, audit_name(action)).await?;
                let reason = match refusal {
                    Refusal::NotPresenter => "only the case's presenter may do this",
                    Refusal::PresenterCannotDecide => {
                        "the presenter cannot decide or return their own case"
                    }
                    _ => "not allowed for your role",
                };
                return Err(StoreError::Forbidden { reason });
            }
        };
        let loaded_version = row.version;
        Ok(Command {
            ctx,
            txn,
            row,
            loaded_version,
            step,
            action,
        })
    }

    fn clock(&self) -> DecisionClock {
        DecisionClock {
            started_on: self.row.clock_started_on,
            paused_days: i64::from(self.row.paused_days),
            paused_since: self.row.paused_since,
            extension_days: i64::from(self.row.extension_days),
        }
    }

    /// Writes the row (version + 1) only if nobody changed it meanwhile, then the history
    /// event and the audit entry, and commits.
    pub(super) fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    pub(super) async fn finish(
        mut self,
        comment: Option<String>,
        comment_internal: bool,
        details: Option<serde_json::Value>,
    ) -> Result<Application, StoreError> {
        let ctx = self.ctx;
        let id = self.row.id;
        // Remarks, resolved items and attachments sit beside the application; they must not
        // make the applicant's or another handler's next save a conflict.
        let touches_row = !matches!(
            self.action,
            Action::AddRemark | Action::ResolveInformationItem | Action::AddAttachment
        );
        if touches_row {
            self.row.state = self.step.to.as_str().to_owned();
            self.row.version = self.loaded_version + 1;
            self.row.updated_at = ctx.at;
            let active: application::ActiveModel = self.row.clone().into();
            let result = application::Entity::update_many()
                .set(active.reset_all())
                .filter(application::Column::Id.eq(id))
                .filter(application::Column::Version.eq(self.loaded_version))
                .exec(&self.txn)
                .await?;
            if result.rows_affected != 1 {
                return Err(StoreError::stale());
            }
        }
        let in_history = !matches!(
            self.action,
            Action::Update | Action::AddRemark | Action::ResolveInformationItem
        );
        if in_history {
            application_event::Entity::insert(application_event::ActiveModel {
                id: Set(Uuid::now_v7()),
                application_id: Set(id),
                occurred_at: Set(ctx.at),
                actor_id: Set(ctx.actor.id.clone()),
                actor_name: Set(ctx.actor.name.clone()),
                actor_role: Set(Some(self.step.role.as_str().to_owned())),
                action: Set(event_name(self.action).to_owned()),
                from_state: Set(Some(self.step.from.as_str().to_owned())),
                to_state: Set(self.step.to.as_str().to_owned()),
                comment: Set(comment),
                comment_internal: Set(comment_internal),
            })
            .exec_without_returning(&self.txn)
            .await?;
        }
        let mut event = AuditEvent::success(audit_name(self.action), Some(self.step.role))
            .target("application", id.to_string());
        let mut facts =
            serde_json::json!({ "from": self.step.from.as_str(), "to": self.step.to.as_str() });
        if let Some(serde_json::Value::Object(extra)) = details {
            facts.as_object_mut().expect("an object").extend(extra);
        }
        event = event.details(facts);
        audit::append(&self.txn, ctx, event).await?;
        let application = rows::load(&self.txn, self.row).await?;
        self.txn.commit().await?;
        Ok(application)
    }
}

fn required_text(field: &str, value: &str, max: usize) -> Result<String, StoreError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(StoreError::validation(field, "is required"));
    }
    if value.chars().count() > max {
        return Err(StoreError::validation(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

async fn check_draft(
    txn: &DatabaseTransaction,
    content: &ApplicationContent,
) -> Result<(), StoreError> {
    let mut problems = validate_draft(content);
    problems.extend(unknown_references(txn, content).await?);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(problems))
    }
}

/// Catalogue entries and environments that do not exist (drafts may not point at nothing;
/// the foreign keys would refuse it less politely).
async fn unknown_references(
    txn: &DatabaseTransaction,
    content: &ApplicationContent,
) -> Result<Vec<FieldProblem>, StoreError> {
    let known = known_data_sources(txn, content).await?;
    let mut problems = Vec::new();
    for (i, source) in content.data_sources.iter().enumerate() {
        if !known.contains(&source.data_source_id) {
            problems.push(FieldProblem::new(
                format!("dataSources[{i}].dataSourceId"),
                "is not in the data catalogue",
            ));
        }
    }
    if let Some(id) = content.processing_environment_id
        && environments::find(txn, id).await?.is_none()
    {
        problems.push(FieldProblem::new(
            "processingEnvironmentId",
            "is not in the processing-environment register",
        ));
    }
    Ok(problems)
}

async fn known_data_sources(
    txn: &DatabaseTransaction,
    content: &ApplicationContent,
) -> Result<HashSet<Uuid>, StoreError> {
    let ids: Vec<Uuid> = content
        .data_sources
        .iter()
        .map(|s| s.data_source_id)
        .collect();
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(data_source::Entity::find()
        .filter(data_source::Column::Id.is_in(ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect())
}

/// What an amendment names beside its content: the permit, and what should change.
#[derive(Debug, Clone)]
pub struct NewAmendment {
    pub permit_id: Uuid,
    pub request: AmendmentRequest,
}

/// The content an amendment starts from: its permit's application, with the data sources
/// the permit granted.
async fn amendment_base(
    txn: &DatabaseTransaction,
    permit: &tietolupa_entity::permit::Model,
) -> Result<ApplicationContent, StoreError> {
    let original = application::Entity::find_by_id(permit.application_id)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "application",
        })?;
    let mut base = rows::load(txn, original).await?.content;
    let granted = permits::terms(permit)?.granted_data_source_ids;
    base.data_sources
        .retain(|s| granted.contains(&s.data_source_id));
    Ok(base)
}

/// An amendment's content from the applicant's input and its permit (data sources,
/// cohort and purpose cannot change).
async fn amendment_content(
    txn: &DatabaseTransaction,
    permit: &tietolupa_entity::permit::Model,
    input: &ApplicationContent,
) -> Result<ApplicationContent, StoreError> {
    let base = amendment_base(txn, permit).await?;
    tietolupa_domain::permit::amendment_content(input, &base).map_err(StoreError::Validation)
}

/// A new draft, owned by the caller. An amendment names one of the caller's permits.
pub async fn create(
    db: &Db,
    ctx: &CallContext,
    kind: ApplicationKind,
    content: ApplicationContent,
    amendment: Option<NewAmendment>,
) -> Result<Application, StoreError> {
    let role =
        audit::authorize(db, ctx, Operation::CreateApplication, "application.create").await?;
    match (kind, &amendment) {
        (ApplicationKind::Amendment, None) => {
            return Err(StoreError::validation(
                "permit",
                "an amendment names the permit it changes",
            ));
        }
        (ApplicationKind::DataPermit | ApplicationKind::DataRequest, Some(_)) => {
            return Err(StoreError::validation(
                "permit",
                "only an amendment names a permit",
            ));
        }
        _ => {}
    }
    let txn = db.begin_write().await?;
    let content = match &amendment {
        Some(a) => {
            let permit = permits::for_amendment(&txn, &ctx.actor.id, a.permit_id).await?;
            amendment_content(&txn, &permit, &content).await?
        }
        None => content,
    };
    check_draft(&txn, &content).await?;
    let id = Uuid::now_v7();
    let mut row = application::Model {
        id,
        kind: kind.as_str().to_owned(),
        state: ApplicationState::Draft.as_str().to_owned(),
        version: 1,
        applicant_id: ctx.actor.id.clone(),
        diary_number: None,
        diary_year: None,
        diary_seq: None,
        applicant_name: None,
        organisation_name: None,
        business_id: None,
        contact_email: None,
        billing_reference: None,
        title: None,
        public_summary: None,
        purpose: None,
        research_plan: None,
        cohort_definition: None,
        minimisation_justification: None,
        processing_environment_id: None,
        requested_validity_end: None,
        ethics_statement_needed: None,
        ethics_reference: None,
        dpia_done: None,
        is_thesis: false,
        applicant_outside_eea: false,
        presenter_id: None,
        presenter_name: None,
        submitted_at: None,
        clock_started_on: None,
        paused_days: 0,
        paused_since: None,
        extension_days: 0,
        extension_reason: None,
        due_on: None,
        submitted_content: None,
        proposal: None,
        proposed_by: None,
        proposed_at: None,
        created_at: ctx.at,
        updated_at: ctx.at,
        permit_id: amendment.as_ref().map(|a| a.permit_id),
        amendment: amendment
            .as_ref()
            .map(|a| serde_json::to_value(&a.request).expect("amendment serialises")),
    };
    rows::set_content(&mut row, &content);
    if content.applicant_name.is_none() {
        row.applicant_name = ctx.actor.name.clone();
    }
    let active: application::ActiveModel = row.clone().into();
    active.reset_all().insert(&txn).await?;
    rows::replace_children(&txn, id, &content).await?;
    application_event::Entity::insert(application_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        application_id: Set(id),
        occurred_at: Set(ctx.at),
        actor_id: Set(ctx.actor.id.clone()),
        actor_name: Set(ctx.actor.name.clone()),
        actor_role: Set(Some(role.as_str().to_owned())),
        action: Set("CREATED".to_owned()),
        from_state: Set(None),
        to_state: Set(ApplicationState::Draft.as_str().to_owned()),
        comment: Set(None),
        comment_internal: Set(false),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::append(
        &txn,
        ctx,
        AuditEvent::success("application.create", Some(role))
            .target("application", id.to_string())
            .details(serde_json::json!({ "kind": kind.as_str() })),
    )
    .await?;
    let application = rows::load(&txn, row).await?;
    txn.commit().await?;
    Ok(application)
}

/// Replaces the content of a draft (or of an application awaiting the applicant's answer).
pub async fn update(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    content: ApplicationContent,
    amendment: Option<AmendmentRequest>,
) -> Result<Application, StoreError> {
    let mut command = Command::start(db, ctx, id, Some(version), Action::Update).await?;
    let content = match command.row.permit_id {
        Some(permit_id) => {
            let permit =
                permits::for_amendment(&command.txn, &command.row.applicant_id, permit_id).await?;
            if let Some(request) = amendment {
                command.row.amendment =
                    Some(serde_json::to_value(&request).expect("amendment serialises"));
            }
            amendment_content(&command.txn, &permit, &content).await?
        }
        None if amendment.is_some() => {
            return Err(StoreError::validation(
                "amendment",
                "only an amendment names changes to a permit",
            ));
        }
        None => content,
    };
    check_draft(&command.txn, &content).await?;
    rows::set_content(&mut command.row, &content);
    rows::replace_children(&command.txn, id, &content).await?;
    command.finish(None, false, None).await
}

/// Validates everything, assigns the diary number and starts the decision clock.
pub async fn submit(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<Application, StoreError> {
    let mut command = Command::start(db, ctx, id, Some(version), Action::Submit).await?;
    let application = rows::load(&command.txn, command.row.clone()).await?;
    let known = known_data_sources(&command.txn, &application.content).await?;
    let environment_registered = match application.content.processing_environment_id {
        Some(env) => environments::find(&command.txn, env).await?.is_some(),
        None => false,
    };
    let mut problems = validate_for_submission(
        application.kind,
        &application.content,
        &SubmissionContext {
            today: ctx.today(),
            known_data_sources: &known,
            environment_registered,
        },
    );
    problems.extend(amendment_problems(&command.txn, &application, ctx.today()).await?);
    if !problems.is_empty() {
        return Err(StoreError::Validation(problems));
    }
    let today = ctx.today();
    let year = today.year();
    let seq = numbers::next(&command.txn, numbers::DIARY, year).await?;
    let diary = tietolupa_domain::application::DiaryNumber { year, seq };
    command.row.diary_number = Some(diary.to_string());
    command.row.diary_year = Some(year);
    command.row.diary_seq = Some(seq);
    command.row.submitted_at = Some(ctx.at);
    rows::set_clock(&mut command.row, &DecisionClock::started(today));
    command.row.submitted_content =
        Some(serde_json::to_value(&application.content).expect("content serialises"));
    command
        .finish(
            None,
            false,
            Some(serde_json::json!({ "diaryNumber": diary.to_string() })),
        )
        .await
}

pub async fn withdraw(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    reason: Option<String>,
) -> Result<Application, StoreError> {
    let reason = match reason {
        Some(r) if !r.trim().is_empty() => Some(required_text("reason", &r, MAX_TEXT)?),
        _ => None,
    };
    let mut command = Command::start(db, ctx, id, Some(version), Action::Withdraw).await?;
    let mut clock = command.clock();
    clock.resume(ctx.today());
    rows::set_clock(&mut command.row, &clock);
    command.finish(reason, false, None).await
}

/// The handler becomes the case's presenter.
pub async fn take(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<Application, StoreError> {
    let mut command = Command::start(db, ctx, id, Some(version), Action::Take).await?;
    command.row.presenter_id = Some(ctx.actor.id.clone());
    command.row.presenter_name = ctx.actor.name.clone();
    command.finish(None, false, None).await
}

/// Numbered questions to the applicant; the decision clock stops until they answer.
pub async fn request_information(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    questions: Vec<String>,
    respond_by: Option<Date>,
) -> Result<Application, StoreError> {
    if questions.is_empty() || questions.len() > MAX_ITEMS {
        return Err(StoreError::validation(
            "items",
            format!("ask 1 to {MAX_ITEMS} questions"),
        ));
    }
    let mut problems = Vec::new();
    let mut cleaned = Vec::new();
    for (i, question) in questions.iter().enumerate() {
        match required_text(&format!("items[{i}]"), question, MAX_TEXT) {
            Ok(q) => cleaned.push(q),
            Err(StoreError::Validation(mut p)) => problems.append(&mut p),
            Err(other) => return Err(other),
        }
    }
    if let Some(by) = respond_by
        && by <= ctx.today()
    {
        problems.push(FieldProblem::new("respondBy", "must be in the future"));
    }
    if !problems.is_empty() {
        return Err(StoreError::Validation(problems));
    }
    let mut command =
        Command::start(db, ctx, id, Some(version), Action::RequestInformation).await?;
    let previous = information_request::Entity::find()
        .filter(information_request::Column::ApplicationId.eq(id))
        .order_by_desc(information_request::Column::Number)
        .one(&command.txn)
        .await?;
    let number = previous.map_or(1, |p| p.number + 1);
    let request_id = Uuid::now_v7();
    information_request::Entity::insert(information_request::ActiveModel {
        id: Set(request_id),
        application_id: Set(id),
        number: Set(number),
        requested_by: Set(ctx.actor.id.clone()),
        requested_at: Set(ctx.at),
        respond_by: Set(respond_by),
        answered_at: Set(None),
    })
    .exec_without_returning(&command.txn)
    .await?;
    information_request_item::Entity::insert_many(cleaned.into_iter().enumerate().map(
        |(i, question)| information_request_item::ActiveModel {
            id: Set(Uuid::now_v7()),
            request_id: Set(request_id),
            number: Set(i as i32 + 1),
            question: Set(question),
            answer: Set(None),
            answered_at: Set(None),
            resolved_at: Set(None),
            resolved_by: Set(None),
        },
    ))
    .exec_without_returning(&command.txn)
    .await?;
    let mut clock = command.clock();
    clock.pause(ctx.today());
    rows::set_clock(&mut command.row, &clock);
    // What the applicant changes while answering shows against the content as asked about.
    let content = rows::load(&command.txn, command.row.clone()).await?.content;
    command.row.submitted_content =
        Some(serde_json::to_value(&content).expect("content serialises"));
    command
        .finish(
            Some(format!("information request {number}")),
            false,
            Some(serde_json::json!({ "request": number })),
        )
        .await
}

/// The applicant's answer to one numbered item.
#[derive(Debug, Clone)]
pub struct InformationAnswer {
    pub item_number: i32,
    pub answer: String,
}

/// Answers every item of the open request; the case returns to preparation and the clock
/// runs again.
pub async fn answer_information_request(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    answers: Vec<InformationAnswer>,
) -> Result<Application, StoreError> {
    let mut command = Command::start(db, ctx, id, Some(version), Action::AnswerInformation).await?;
    let request = information_request::Entity::find()
        .filter(information_request::Column::ApplicationId.eq(id))
        .filter(information_request::Column::AnsweredAt.is_null())
        .one(&command.txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "open information request",
        })?;
    let items = information_request_item::Entity::find()
        .filter(information_request_item::Column::RequestId.eq(request.id))
        .order_by_asc(information_request_item::Column::Number)
        .all(&command.txn)
        .await?;
    let mut problems = Vec::new();
    for answer in &answers {
        if !items.iter().any(|i| i.number == answer.item_number) {
            problems.push(FieldProblem::new(
                format!("answers[{}]", answer.item_number),
                "no such item in the request",
            ));
        }
    }
    for item in &items {
        match answers.iter().find(|a| a.item_number == item.number) {
            None => problems.push(FieldProblem::new(
                format!("answers[{}]", item.number),
                "every item needs an answer",
            )),
            Some(a) if a.answer.trim().is_empty() => problems.push(FieldProblem::new(
                format!("answers[{}]", item.number),
                "is required",
            )),
            Some(a) if a.answer.chars().count() > MAX_TEXT => problems.push(FieldProblem::new(
                format!("answers[{}]", item.number),
                "is too long",
            )),
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Validation(problems));
    }
    for item in items {
        let answer = answers
            .iter()
            .find(|a| a.item_number == item.number)
            .expect("checked above");
        let mut active: information_request_item::ActiveModel = item.into();
        active.answer = Set(Some(answer.answer.trim().to_owned()));
        active.answered_at = Set(Some(ctx.at));
        active.update(&command.txn).await?;
    }
    let mut active_request: information_request::ActiveModel = request.clone().into();
    active_request.answered_at = Set(Some(ctx.at));
    active_request.update(&command.txn).await?;
    let mut clock = command.clock();
    clock.resume(ctx.today());
    rows::set_clock(&mut command.row, &clock);
    command
        .finish(
            Some(format!("answers to information request {}", request.number)),
            false,
            Some(serde_json::json!({ "request": request.number })),
        )
        .await
}

/// The presenter marks an answered item as resolved.
pub async fn resolve_information_item(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    item_id: Uuid,
) -> Result<Application, StoreError> {
    let command = Command::start(db, ctx, id, None, Action::ResolveInformationItem).await?;
    let item = information_request_item::Entity::find_by_id(item_id)
        .one(&command.txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "information request item",
        })?;
    let request = information_request::Entity::find_by_id(item.request_id)
        .one(&command.txn)
        .await?
        .filter(|r| r.application_id == id)
        .ok_or(StoreError::NotFound {
            entity: "information request item",
        })?;
    if item.answer.is_none() {
        return Err(StoreError::InvalidTransition {
            message: "the item has not been answered yet".to_owned(),
        });
    }
    let number = (request.number, item.number);
    let mut active: information_request_item::ActiveModel = item.into();
    active.resolved_at = Set(Some(ctx.at));
    active.resolved_by = Set(Some(ctx.actor.id.clone()));
    active.update(&command.txn).await?;
    command
        .finish(
            None,
            false,
            Some(serde_json::json!({ "request": number.0, "item": number.1 })),
        )
        .await
}

/// Staff remark, either internal or to the applicant.
pub async fn add_remark(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    visibility: RemarkVisibility,
    body: String,
) -> Result<Application, StoreError> {
    let body = required_text("body", &body, MAX_TEXT)?;
    let command = Command::start(db, ctx, id, None, Action::AddRemark).await?;
    application_remark::Entity::insert(application_remark::ActiveModel {
        id: Set(Uuid::now_v7()),
        application_id: Set(id),
        visibility: Set(visibility.as_str().to_owned()),
        author_id: Set(ctx.actor.id.clone()),
        author_name: Set(ctx.actor.name.clone()),
        body: Set(body),
        created_at: Set(ctx.at),
    })
    .exec_without_returning(&command.txn)
    .await?;
    command
        .finish(
            None,
            false,
            Some(serde_json::json!({ "visibility": visibility.as_str() })),
        )
        .await
}

async fn environment_facts(
    txn: &DatabaseTransaction,
    row: &application::Model,
) -> Result<Option<tietolupa_domain::EnvironmentFacts>, StoreError> {
    Ok(match row.processing_environment_id {
        Some(id) => environments::find(txn, id).await?.map(|e| e.facts()),
        None => None,
    })
}

fn check_proposal(
    application: &Application,
    proposal: &ProposalContent,
    environment: Option<tietolupa_domain::EnvironmentFacts>,
    on: Date,
) -> Result<(), StoreError> {
    let requested: Vec<Uuid> = application
        .content
        .data_sources
        .iter()
        .map(|s| s.data_source_id)
        .collect();
    let problems = validate_proposal(
        proposal,
        &ProposalContext {
            kind: application.kind,
            requested_data_source_ids: &requested,
            environment,
            on,
        },
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(problems))
    }
}

/// For amendments: every problem with the requested changes against the permit as it is
/// now. Nothing for other kinds.
async fn amendment_problems(
    txn: &DatabaseTransaction,
    application: &Application,
    today: Date,
) -> Result<Vec<FieldProblem>, StoreError> {
    let (Some(permit_id), ApplicationKind::Amendment) = (application.permit_id, application.kind)
    else {
        return Ok(Vec::new());
    };
    let permit = permits::for_amendment(txn, &application.applicant_id, permit_id).await?;
    let request = application.amendment.clone().unwrap_or_default();
    permits::amendment_problems(txn, &permit, &request, today).await
}

/// The presenter's proposed decision, with the fee from the schedule.
pub async fn propose(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    proposal: ProposalContent,
    fees: &FeeSchedule,
) -> Result<Application, StoreError> {
    let mut command = Command::start(db, ctx, id, Some(version), Action::Propose).await?;
    let application = rows::load(&command.txn, command.row.clone()).await?;
    let environment = environment_facts(&command.txn, &command.row).await?;
    check_proposal(&application, &proposal, environment, ctx.today())?;
    if proposal.outcome.grants() {
        let problems = amendment_problems(&command.txn, &application, ctx.today()).await?;
        if !problems.is_empty() {
            return Err(StoreError::Validation(problems));
        }
    }
    let fee_cents = fees.amount(proposal.fee_category);
    let outcome = proposal.outcome;
    command.row.proposal = Some(
        serde_json::to_value(StoredProposal {
            content: proposal,
            fee_cents,
        })
        .expect("proposal serialises"),
    );
    command.row.proposed_by = Some(ctx.actor.id.clone());
    command.row.proposed_at = Some(ctx.at);
    command
        .finish(
            None,
            false,
            Some(serde_json::json!({ "outcome": outcome.as_str(), "feeCents": fee_cents })),
        )
        .await
}

/// The director sends the proposal back to the presenter; the reason is for staff.
pub async fn return_for_preparation(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    reason: String,
) -> Result<Application, StoreError> {
    let reason = required_text("reason", &reason, MAX_TEXT)?;
    let command = Command::start(db, ctx, id, Some(version), Action::ReturnForPreparation).await?;
    command.finish(Some(reason), true, None).await
}

/// What the director changes in the proposal before deciding; unset fields keep the
/// presenter's text. The final text is the director's either way.
#[derive(Debug, Clone, Default)]
pub struct DecisionEdits {
    pub outcome: Option<DecisionOutcome>,
    pub reasoning: Option<String>,
    pub conditions: Option<String>,
    pub granted_data_source_ids: Option<Vec<Uuid>>,
    pub valid_until: Option<Date>,
    pub fee_category: Option<FeeCategory>,
}

impl DecisionEdits {
    fn is_empty(&self) -> bool {
        self.outcome.is_none()
            && self.reasoning.is_none()
            && self.conditions.is_none()
            && self.granted_data_source_ids.is_none()
            && self.valid_until.is_none()
            && self.fee_category.is_none()
    }
}

/// The director decides: four eyes, the proposal as edited, and a decision numbered per
/// year.
pub async fn decide(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    edits: DecisionEdits,
    fees: &FeeSchedule,
) -> Result<(Application, super::Decision), StoreError> {
    let command = Command::start(db, ctx, id, Some(version), Action::Decide).await?;
    let application = rows::load(&command.txn, command.row.clone()).await?;
    let proposal = application
        .proposal
        .clone()
        .ok_or_else(|| StoreError::InvalidTransition {
            message: "there is no proposal to decide".to_owned(),
        })?;
    let edited = !edits.is_empty();
    let mut final_text = proposal.content;
    if let Some(outcome) = edits.outcome {
        final_text.outcome = outcome;
    }
    if let Some(reasoning) = edits.reasoning {
        final_text.reasoning = reasoning;
    }
    if let Some(conditions) = edits.conditions {
        final_text.conditions = Some(conditions).filter(|c| !c.trim().is_empty());
    }
    if let Some(granted) = edits.granted_data_source_ids {
        final_text.granted_data_source_ids = granted;
    }
    if let Some(until) = edits.valid_until {
        final_text.valid_until = Some(until);
    }
    if let Some(category) = edits.fee_category {
        final_text.fee_category = category;
    }
    if !final_text.outcome.grants() {
        final_text.granted_data_source_ids.clear();
        final_text.valid_until = None;
    }
    let today = ctx.today();
    let environment = environment_facts(&command.txn, &command.row).await?;
    check_proposal(&application, &final_text, environment, today)?;
    let fee_cents = fees.amount(final_text.fee_category);
    let seq = numbers::next(&command.txn, numbers::DECISION, today.year()).await?;
    let decision_id = Uuid::now_v7();
    let presenter_id = command.row.presenter_id.clone().unwrap_or_default();
    let row = decision::ActiveModel {
        id: Set(decision_id),
        application_id: Set(id),
        decision_number: Set(format!("D/{seq}/{}", today.year())),
        decided_on: Set(today),
        decided_at: Set(ctx.at),
        outcome: Set(final_text.outcome.as_str().to_owned()),
        reasoning: Set(final_text.reasoning.trim().to_owned()),
        conditions: Set(final_text.conditions.clone()),
        granted_data_source_ids: Set(serde_json::json!(final_text.granted_data_source_ids)),
        valid_until: Set(final_text.valid_until),
        fee_category: Set(final_text.fee_category.as_str().to_owned()),
        fee_cents: Set(fee_cents),
        presenter_id: Set(presenter_id),
        presenter_name: Set(command.row.presenter_name.clone()),
        decider_id: Set(ctx.actor.id.clone()),
        decider_name: Set(ctx.actor.name.clone()),
        edited_by_decider: Set(edited),
    };
    decision::Entity::insert(row)
        .exec_without_returning(&command.txn)
        .await?;
    let decision_number = format!("D/{seq}/{}", today.year());
    let grants = final_text.outcome.grants();
    let (permit, amends_diary_number) = match application.kind {
        ApplicationKind::DataPermit if grants => {
            let valid_until = final_text.valid_until.ok_or_else(|| {
                StoreError::validation("validUntil", "is required for a granted data permit")
            })?;
            let issued = permits::issue(
                &command.txn,
                ctx,
                permits::Issue {
                    application: &command.row,
                    decision_id,
                    processors: &application.content.processors,
                    granted_data_source_ids: &final_text.granted_data_source_ids,
                    valid_from: today,
                    valid_until,
                },
            )
            .await?;
            (Some(issued), None)
        }
        ApplicationKind::Amendment => {
            let permit_id = command
                .row
                .permit_id
                .ok_or_else(|| rows::corrupt("permit"))?;
            let request = application
                .amendment
                .clone()
                .ok_or_else(|| rows::corrupt("amendment"))?;
            let permit = if grants {
                permits::amend(&command.txn, ctx, permit_id, id, &decision_number, &request).await?
            } else {
                tietolupa_entity::permit::Entity::find_by_id(permit_id)
                    .one(&command.txn)
                    .await?
                    .ok_or(StoreError::NotFound { entity: "permit" })?
            };
            let original = application::Entity::find_by_id(permit.application_id)
                .one(&command.txn)
                .await?
                .and_then(|a| a.diary_number);
            (Some(permit), original)
        }
        _ => (None, None),
    };
    let requested: Vec<Uuid> = application
        .content
        .data_sources
        .iter()
        .map(|s| s.data_source_id)
        .collect();
    public_register::publish(
        &command.txn,
        public_register::Publication {
            decision_id,
            application_id: id,
            diary_number: command.row.diary_number.as_deref().unwrap_or_default(),
            decision_number: &decision_number,
            decided_on: today,
            decided_at_micros: (ctx.at.unix_timestamp_nanos() / 1_000) as i64,
            kind: application.kind,
            outcome: final_text.outcome,
            purpose: application.content.purpose,
            title: application.content.title.as_deref().unwrap_or_default(),
            public_summary: application
                .content
                .public_summary
                .as_deref()
                .unwrap_or_default(),
            organisation: application.content.organisation_name.as_deref(),
            data_source_ids: if grants {
                &final_text.granted_data_source_ids
            } else {
                &requested
            },
            processing_days: command.clock().processing_days(today),
            permit: permit.as_ref(),
            amends_diary_number,
        },
    )
    .await?;
    let outcome = final_text.outcome;
    let application = command
        .finish(
            None,
            false,
            Some(serde_json::json!({ "outcome": outcome.as_str(), "decisionNumber": format!("D/{seq}/{}", today.year()), "edited": edited })),
        )
        .await?;
    let decision = super::views::decision(db, id)
        .await?
        .ok_or(StoreError::NotFound { entity: "decision" })?;
    Ok((application, decision))
}

/// Once per case, at most three months more, with a reason.
pub async fn extend_deadline(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    new_due: Date,
    reason: String,
) -> Result<Application, StoreError> {
    let reason = required_text("reason", &reason, MAX_TEXT)?;
    let mut command = Command::start(db, ctx, id, Some(version), Action::ExtendDeadline).await?;
    let mut clock = command.clock();
    clock
        .extend(new_due, ctx.today())
        .map_err(|e| StoreError::validation("dueOn", e.to_string()))?;
    rows::set_clock(&mut command.row, &clock);
    command.row.extension_reason = Some(reason.clone());
    command
        .finish(
            Some(reason),
            false,
            Some(serde_json::json!({ "dueOn": new_due.to_string() })),
        )
        .await
}

/// For the GraphQL layer: a viewed application after a command (the actor is the one who
/// acted, so their view is known).
pub fn viewed(application: Application, ctx: &CallContext) -> Viewed {
    let viewer = tietolupa_domain::application::viewer(&application.applicant_id, &ctx.actor)
        .unwrap_or(tietolupa_domain::application::Viewer::Owner);
    Viewed {
        application,
        viewer,
    }
}
