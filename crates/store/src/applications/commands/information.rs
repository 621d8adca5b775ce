//! Information requests: the presenter's numbered questions and the applicant's answers.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tietolupa_domain::MessageKey;
use tietolupa_domain::application::{Action, FieldProblem};
use tietolupa_entity::{information_request, information_request_item};
use time::Date;
use uuid::Uuid;

use super::super::Application;
use super::super::rows;
use super::{Command, MAX_ITEMS, MAX_TEXT, required_text};
use crate::outbox::notices;
use crate::{CallContext, Db, StoreError};

/// Numbered questions to the applicant; the decision clock stops until they answer.
#[tracing::instrument(skip_all, fields(application_id = %id))]
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
            MessageKey::AskQuestions { max: MAX_ITEMS },
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
        problems.push(FieldProblem::new("respondBy", MessageKey::MustBeInFuture));
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
        .notify(notices::information_requested(
            &command.row,
            number,
            respond_by,
        ))
        .await?;
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
#[tracing::instrument(skip_all, fields(application_id = %id))]
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
                MessageKey::NoSuchItem,
            ));
        }
    }
    for item in &items {
        match answers.iter().find(|a| a.item_number == item.number) {
            None => problems.push(FieldProblem::new(
                format!("answers[{}]", item.number),
                MessageKey::EveryItemNeedsAnswer,
            )),
            Some(a) if a.answer.trim().is_empty() => problems.push(FieldProblem::new(
                format!("answers[{}]", item.number),
                MessageKey::Required,
            )),
            Some(a) if a.answer.chars().count() > MAX_TEXT => problems.push(FieldProblem::new(
                format!("answers[{}]", item.number),
                MessageKey::TooLong,
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
        .notify(notices::information_answered(&command.row, request.number))
        .await?;
    command
        .finish(
            Some(format!("answers to information request {}", request.number)),
            false,
            Some(serde_json::json!({ "request": request.number })),
        )
        .await
}

/// The presenter marks an answered item as resolved.
#[tracing::instrument(skip_all, fields(application_id = %id))]
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
            message: MessageKey::ItemNotAnswered,
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
