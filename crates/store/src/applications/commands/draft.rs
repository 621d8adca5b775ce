//! Drafts: creating, saving and submitting an application.

use std::collections::HashSet;
use tietolupa_domain::MessageKey;

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use tietolupa_domain::Operation;
use tietolupa_domain::application::{
    Action, ApplicationContent, ApplicationKind, ApplicationState, DecisionClock, DiaryNumber,
    FieldProblem, SubmissionContext,
    content::{validate_draft, validate_for_submission},
};
use tietolupa_domain::permit::AmendmentRequest;
use tietolupa_entity::{application, application_event, data_source};
use uuid::Uuid;

use super::super::Application;
use super::super::rows;
use super::{Command, amendment_problems};
use crate::audit::{self, AuditEvent};
use crate::organisations::acting;
use crate::outbox::notices;
use crate::{CallContext, Db, StoreError, environments, numbers, permits};

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
                MessageKey::NotInDataCatalogue,
            ));
        }
    }
    if let Some(id) = content.processing_environment_id
        && environments::find(txn, id).await?.is_none()
    {
        problems.push(FieldProblem::new(
            "processingEnvironmentId",
            MessageKey::NotInEnvironmentRegister,
        ));
    }
    Ok(problems)
}

async fn known_data_sources(
    txn: &DatabaseTransaction,
    content: &ApplicationContent,
) -> Result<HashSet<Uuid>, StoreError> {
    let ids = content.requested_source_ids();
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
#[tracing::instrument(skip_all, fields(application_id = tracing::field::Empty))]
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
                MessageKey::AmendmentNamesPermit,
            ));
        }
        (ApplicationKind::DataPermit | ApplicationKind::DataRequest, Some(_)) => {
            return Err(StoreError::validation(
                "permit",
                MessageKey::OnlyAmendmentNamesPermit,
            ));
        }
        _ => {}
    }
    let txn = db.begin_write().await?;
    let mut content = match &amendment {
        Some(a) => {
            let permit = permits::for_amendment(&txn, &ctx.actor.id, a.permit_id).await?;
            amendment_content(&txn, &permit, &content).await?
        }
        None => content,
    };
    if let Err(refused) = acting::act_for(&txn, &ctx.actor.id, &mut content, ctx.today()).await? {
        drop(txn);
        let problem = refused.record(db, ctx, "application.create", role).await?;
        return Err(StoreError::Validation(vec![problem]));
    }
    check_draft(&txn, &content).await?;
    let id = Uuid::now_v7();
    tracing::Span::current().record("application_id", tracing::field::display(id));
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
        organisation_id: None,
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
#[tracing::instrument(skip_all, fields(application_id = %id))]
pub async fn update(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    content: ApplicationContent,
    amendment: Option<AmendmentRequest>,
) -> Result<Application, StoreError> {
    let mut command = Command::start(db, ctx, id, Some(version), Action::Update).await?;
    let mut content = match command.row.permit_id {
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
                MessageKey::OnlyAmendmentNamesChanges,
            ));
        }
        None => content,
    };
    let applicant = command.row.applicant_id.clone();
    if let Err(refused) =
        acting::act_for(&command.txn, &applicant, &mut content, ctx.today()).await?
    {
        let role = command.step.role;
        drop(command);
        let problem = refused.record(db, ctx, "application.update", role).await?;
        return Err(StoreError::Validation(vec![problem]));
    }
    check_draft(&command.txn, &content).await?;
    rows::set_content(&mut command.row, &content);
    rows::replace_children(&command.txn, id, &content).await?;
    command.finish(None, false, None).await
}

/// Validates everything, assigns the diary number and starts the decision clock.
#[tracing::instrument(skip_all, fields(application_id = %id))]
pub async fn submit(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<Application, StoreError> {
    let mut command = Command::start(db, ctx, id, Some(version), Action::Submit).await?;
    let mut application = rows::load(&command.txn, command.row.clone()).await?;
    // The relationship may have ended, or the applicant left the organisation, since the
    // draft was saved; the register's current name is what is submitted.
    let acting = acting::act_for(
        &command.txn,
        &application.applicant_id,
        &mut application.content,
        ctx.today(),
    )
    .await?;
    if let Err(refused) = acting {
        let role = command.step.role;
        drop(command);
        let problem = refused.record(db, ctx, "application.submit", role).await?;
        return Err(StoreError::Validation(vec![problem]));
    }
    rows::set_content(&mut command.row, &application.content);
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
    let diary = DiaryNumber::new(seq, year);
    command.row.diary_number = Some(diary.to_string());
    command.row.diary_year = Some(year);
    command.row.diary_seq = Some(seq);
    command.row.submitted_at = Some(ctx.at);
    rows::set_clock(&mut command.row, &DecisionClock::started(today));
    command.row.submitted_content =
        Some(serde_json::to_value(&application.content).expect("content serialises"));
    command
        .notify(notices::application_received(&command.row))
        .await?;
    command
        .finish(
            None,
            false,
            Some(serde_json::json!({ "diaryNumber": diary.to_string() })),
        )
        .await
}
