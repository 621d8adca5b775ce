//! Commands that move or annotate a case without touching its content or decision.

use sea_orm::{EntityTrait, Set};
use tietolupa_domain::application::Action;
use tietolupa_entity::application_remark;
use time::Date;
use uuid::Uuid;

use super::super::Application;
use super::super::rows;
use super::super::views::RemarkVisibility;
use super::{Command, MAX_TEXT, required_text};
use crate::{CallContext, Db, StoreError};

#[tracing::instrument(skip_all, fields(application_id = %id))]
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
#[tracing::instrument(skip_all, fields(application_id = %id))]
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

/// Staff remark, either internal or to the applicant.
#[tracing::instrument(skip_all, fields(application_id = %id))]
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

/// Once per case, at most three months more, with a reason.
#[tracing::instrument(skip_all, fields(application_id = %id))]
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
        .map_err(|e| StoreError::validation("dueOn", e.into()))?;
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
