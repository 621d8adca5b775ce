//! Commands on applications. Each runs in one write transaction: load, check (role,
//! ownership, version, state), change, append the history event and the audit entry,
//! commit. A stale version is a conflict, never a silent overwrite. The rules themselves
//! live in the domain; a command loads, asks the domain, persists and audits.

mod case;
mod decision;
mod draft;
mod information;

pub use case::{add_remark, extend_deadline, take, withdraw};
pub use decision::{decide, propose, return_for_preparation};
pub use draft::{NewAmendment, create, submit, update};
pub use information::{
    InformationAnswer, answer_information_request, request_information, resolve_information_item,
};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
};
use tietolupa_domain::MessageKey;
use tietolupa_domain::application::{
    Action, ApplicationKind, ApplicationState, CaseFacts, DecisionClock, FieldProblem, Refusal,
    Step, plan,
};
use tietolupa_domain::{ActorKind, Operation};
use tietolupa_entity::{application, application_event};
use time::Date;
use uuid::Uuid;

use super::rows;
use super::{Application, Viewed};
use crate::audit::{self, AuditEvent, AuditTarget};
use crate::outbox::{self, Message};
use crate::{CallContext, Db, StoreError, permits};

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
        let target = AuditTarget::new("application", id);
        audit::guard(
            db,
            ctx,
            Operation::Case(action),
            audit_name(action),
            &target,
            Command::load(db, ctx, id, version, action),
        )
        .await
    }

    async fn load(
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
            Err(refusal @ Refusal::InvalidTransition { .. }) => {
                return Err(StoreError::InvalidTransition {
                    message: refusal.into(),
                });
            }
            Err(_) if ctx.actor.kind == ActorKind::Anonymous => {
                return Err(StoreError::Unauthenticated);
            }
            // The guard around this records the refusal, once the transaction is gone.
            Err(refusal) => {
                let reason = match refusal {
                    Refusal::NotPresenter | Refusal::PresenterCannotDecide => refusal.into(),
                    _ => MessageKey::NotAllowedForRole,
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

    pub(super) fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Queues a message in the command's transaction: it is sent only if the command
    /// commits.
    async fn notify(&self, message: impl Into<Option<Message>>) -> Result<(), StoreError> {
        if let Some(message) = message.into() {
            outbox::queue(&self.txn, self.ctx.at, message).await?;
        }
        Ok(())
    }

    /// The version the case has once this command is written (names the event in
    /// dedupe keys).
    fn next_version(&self) -> i32 {
        self.loaded_version + 1
    }

    /// Writes the row (version + 1) only if nobody changed it meanwhile, then the history
    /// event and the audit entry, and commits.
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
        return Err(StoreError::validation(field, MessageKey::Required));
    }
    if value.chars().count() > max {
        return Err(StoreError::validation(field, MessageKey::MaxChars { max }));
    }
    Ok(value.to_owned())
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
