//! The proposal and the decision: the presenter proposes, the director returns it or
//! decides.

use sea_orm::{DatabaseTransaction, EntityTrait, Set};
use tietolupa_domain::MessageKey;
use tietolupa_domain::application::{
    Action, ApplicationKind, DecisionEdits, DecisionNumber, FeeSchedule, ProposalContent,
    ProposalContext, validate_proposal,
};
use tietolupa_domain::organisation::fee_notice_due;
use tietolupa_entity::{application, decision};
use time::Date;
use uuid::Uuid;

use super::super::rows::{self, StoredProposal};
use super::super::{Application, Decision};
use super::{Command, MAX_TEXT, amendment_problems, required_text};
use crate::delivery::orders;
use crate::organisations::acting;
use crate::outbox::{Directors, notices};
use crate::{
    CallContext, Db, StoreError, documents, environments, numbers, permits, public_register,
};

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
    let requested = application.content.requested_source_ids();
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

/// The presenter's proposed decision, with the fee from the schedule.
#[tracing::instrument(skip_all, fields(application_id = %id))]
pub async fn propose(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    proposal: ProposalContent,
    fees: &FeeSchedule,
    directors: &Directors,
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
    let waiting = notices::proposal_waiting(
        command.txn(),
        directors,
        &command.row,
        command.next_version(),
    )
    .await?;
    for message in waiting {
        command.notify(message).await?;
    }
    command
        .finish(
            None,
            false,
            Some(serde_json::json!({ "outcome": outcome.as_str(), "feeCents": fee_cents })),
        )
        .await
}

/// The director sends the proposal back to the presenter; the reason is for staff.
#[tracing::instrument(skip_all, fields(application_id = %id))]
pub async fn return_for_preparation(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    reason: String,
) -> Result<Application, StoreError> {
    let reason = required_text("reason", &reason, MAX_TEXT)?;
    let command = Command::start(db, ctx, id, Some(version), Action::ReturnForPreparation).await?;
    command
        .notify(notices::case_returned(&command.row, command.next_version()))
        .await?;
    command.finish(Some(reason), true, None).await
}

/// The director decides: four eyes, the proposal as edited, and a decision numbered per
/// year.
#[tracing::instrument(skip_all, fields(application_id = %id))]
pub async fn decide(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    edits: DecisionEdits,
    fees: &FeeSchedule,
) -> Result<(Application, Decision), StoreError> {
    let command = Command::start(db, ctx, id, Some(version), Action::Decide).await?;
    let application = rows::load(&command.txn, command.row.clone()).await?;
    let proposal = application
        .proposal
        .clone()
        .ok_or_else(|| StoreError::InvalidTransition {
            message: MessageKey::NoProposalToDecide,
        })?;
    let edited = !edits.is_empty();
    let final_text = proposal.content.apply(edits);
    let today = ctx.today();
    let environment = environment_facts(&command.txn, &command.row).await?;
    check_proposal(&application, &final_text, environment, today)?;
    let year = today.year();
    let number = DecisionNumber::new(
        numbers::next(&command.txn, numbers::DECISION, year).await?,
        year,
    );
    let decided = Decided {
        id: Uuid::now_v7(),
        number,
        text: &final_text,
        fee_cents: fees.amount(final_text.fee_category),
        edited,
    };
    insert_decision(&command, &decided).await?;
    command
        .notify(notices::decided(
            &command.row,
            application.kind == ApplicationKind::Amendment,
            &number.to_string(),
            today,
            final_text.outcome,
        ))
        .await?;
    if let Some(organisation_id) = fee_notice_due(decided.fee_cents, command.row.organisation_id) {
        let invoicing = acting::invoicing_address(&command.txn, organisation_id).await?;
        command
            .notify(notices::fee_notice(
                &command.row,
                invoicing,
                &number.to_string(),
                today,
                decided.fee_cents,
            ))
            .await?;
    }
    let (permit, amends_diary_number) =
        permit_effect(&command, &application, &decided, db.delivery_due_days()).await?;
    if let Some(permit) = permit.as_ref().filter(|_| decided.text.outcome.grants()) {
        crate::credentials::on_decision(&command.txn, db, command.ctx, permit, command.row.id)
            .await?;
    }
    publish(
        &command,
        &application,
        &decided,
        permit.as_ref(),
        amends_diary_number,
    )
    .await?;
    let documents = documents::on_decision(&command.txn, ctx, decided.id).await?;
    let application = command
        .finish(
            None,
            false,
            Some(serde_json::json!({
                "outcome": final_text.outcome.as_str(),
                "decisionNumber": number.to_string(),
                "edited": edited,
                "documents": documents.audit(),
            })),
        )
        .await?;
    crate::audit_tree::checkpoint_after_decision(db).await;
    let decision = super::super::views::decision(db, id)
        .await?
        .ok_or(StoreError::NotFound { entity: "decision" })?;
    Ok((application, decision))
}

/// A decision being made, as the rest of the command writes it.
struct Decided<'a> {
    id: Uuid,
    number: DecisionNumber,
    text: &'a ProposalContent,
    fee_cents: i64,
    edited: bool,
}

async fn insert_decision(command: &Command<'_>, decided: &Decided<'_>) -> Result<(), StoreError> {
    let ctx = command.ctx;
    let text = decided.text;
    let row = decision::ActiveModel {
        id: Set(decided.id),
        application_id: Set(command.row.id),
        decision_number: Set(decided.number.to_string()),
        decided_on: Set(ctx.today()),
        decided_at: Set(ctx.at),
        outcome: Set(text.outcome.as_str().to_owned()),
        reasoning: Set(text.reasoning.trim().to_owned()),
        conditions: Set(text.conditions.clone()),
        granted_data_source_ids: Set(serde_json::json!(text.granted_data_source_ids)),
        valid_until: Set(text.valid_until),
        fee_category: Set(text.fee_category.as_str().to_owned()),
        fee_cents: Set(decided.fee_cents),
        presenter_id: Set(command.row.presenter_id.clone().unwrap_or_default()),
        presenter_name: Set(command.row.presenter_name.clone()),
        decider_id: Set(ctx.actor.id.clone()),
        decider_name: Set(ctx.actor.name.clone()),
        edited_by_decider: Set(decided.edited),
    };
    decision::Entity::insert(row)
        .exec_without_returning(&command.txn)
        .await?;
    Ok(())
}

/// What the decision does to permits: a granted data permit issues one, an amendment
/// changes its permit when granted. Returns the permit concerned and, for amendments, the
/// diary number of the application the permit was first granted on. A grant also orders
/// the data from its controllers (`delivery::orders`), in this same transaction.
async fn permit_effect(
    command: &Command<'_>,
    application: &Application,
    decided: &Decided<'_>,
    due_days: u32,
) -> Result<(Option<tietolupa_entity::permit::Model>, Option<String>), StoreError> {
    let ctx = command.ctx;
    let grants = decided.text.outcome.grants();
    let role = command.step.role;
    let granted = &decided.text.granted_data_source_ids;
    match application.kind {
        ApplicationKind::DataPermit if grants => {
            let valid_until = decided.text.valid_until.ok_or_else(|| {
                StoreError::validation("validUntil", MessageKey::ValidUntilRequiredForPermit)
            })?;
            let issued = permits::issue(
                &command.txn,
                ctx,
                permits::Issue {
                    application: &command.row,
                    decision_id: decided.id,
                    processors: &application.content.processors,
                    granted_data_source_ids: &decided.text.granted_data_source_ids,
                    valid_from: ctx.today(),
                    valid_until,
                },
            )
            .await?;
            orders::on_grant(
                &command.txn,
                ctx,
                role,
                &command.row,
                Some(&issued),
                granted,
                due_days,
            )
            .await?;
            Ok((Some(issued), None))
        }
        ApplicationKind::DataRequest if grants => {
            orders::on_grant(
                &command.txn,
                ctx,
                role,
                &command.row,
                None,
                granted,
                due_days,
            )
            .await?;
            Ok((None, None))
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
                let number = decided.number.to_string();
                let permit = permits::amend(
                    &command.txn,
                    ctx,
                    role,
                    permits::Amending {
                        permit_id,
                        amendment_application_id: command.row.id,
                        decision_number: &number,
                        request: &request,
                    },
                )
                .await?;
                orders::on_amendment(
                    &command.txn,
                    ctx,
                    role,
                    &command.row,
                    &request,
                    &permit,
                    due_days,
                )
                .await?;
                permit
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
            Ok((Some(permit), original))
        }
        _ => Ok((None, None)),
    }
}

/// The decision's entry in the public register.
async fn publish(
    command: &Command<'_>,
    application: &Application,
    decided: &Decided<'_>,
    permit: Option<&tietolupa_entity::permit::Model>,
    amends_diary_number: Option<String>,
) -> Result<(), StoreError> {
    let ctx = command.ctx;
    let today = ctx.today();
    let requested = application.content.requested_source_ids();
    let number = decided.number.to_string();
    public_register::publish(
        &command.txn,
        public_register::Publication {
            decision_id: decided.id,
            application_id: command.row.id,
            diary_number: command.row.diary_number.as_deref().unwrap_or_default(),
            decision_number: &number,
            decided_on: today,
            decided_at_micros: (ctx.at.unix_timestamp_nanos() / 1_000) as i64,
            kind: application.kind,
            outcome: decided.text.outcome,
            purpose: application.content.purpose,
            title: application.content.title.as_deref().unwrap_or_default(),
            public_summary: application
                .content
                .public_summary
                .as_deref()
                .unwrap_or_default(),
            organisation: application.content.organisation_name.as_deref(),
            data_source_ids: if decided.text.outcome.grants() {
                &decided.text.granted_data_source_ids
            } else {
                &requested
            },
            processing_days: command.clock().processing_days(today),
            permit,
            amends_diary_number,
        },
    )
    .await
}
