//! Each message the store queues, built from the rows of the event: its recipient, its
//! dedupe key and its payload.
//!
//! Payloads carry ids, diary and decision numbers, dates, outcomes and the application's
//! title (which the public register shows anyway). Never the research plan, a remark, the
//! question or answer of an information request, a director's reasons or an identity code:
//! a message says that something waits and links to it.
//!
//! Dedupe keys name the event, so a retried command or two instances running a job queue
//! a message once: one per application (received, decided), per numbered request, per
//! version the case reached (returned, proposed), per deadline date.

use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use tietolupa_domain::Role;
use tietolupa_domain::application::DecisionOutcome;
use tietolupa_domain::message::MessageKind;
use tietolupa_entity::{application, permit, user_account};
use time::Date;

use super::{DIRECTORS_GROUP, Directors, Message, Recipient};
use crate::StoreError;

/// The applicant's messages go to the application's contact address when it has one
/// (written in the owner's language), else to the owner's own address.
pub(crate) fn applicant_of(app: &application::Model) -> Recipient {
    match app.contact_email.as_deref().map(str::trim) {
        Some(email) if !email.is_empty() => Recipient::Address {
            owner: app.applicant_id.clone(),
            email: email.to_owned(),
        },
        _ => Recipient::User(app.applicant_id.clone()),
    }
}

/// What every message about an application names.
fn about(app: &application::Model) -> Value {
    json!({
        "applicationId": app.id,
        "diaryNumber": app.diary_number,
        "title": app.title,
    })
}

fn with(mut payload: Value, extra: Value) -> Value {
    if let (Value::Object(base), Value::Object(extra)) = (&mut payload, extra) {
        base.extend(extra);
    }
    payload
}

pub(crate) fn application_received(app: &application::Model) -> Message {
    Message {
        kind: MessageKind::ApplicationReceived,
        recipient: applicant_of(app),
        dedupe_key: format!("application-received:{}", app.id),
        payload: about(app),
    }
}

pub(crate) fn information_requested(
    app: &application::Model,
    request_number: i32,
    respond_by: Option<Date>,
) -> Message {
    Message {
        kind: MessageKind::InformationRequested,
        recipient: applicant_of(app),
        dedupe_key: format!("information-requested:{}:{request_number}", app.id),
        payload: with(
            about(app),
            json!({
                "requestNumber": request_number,
                "respondBy": respond_by.map(|d| d.to_string()),
            }),
        ),
    }
}

pub(crate) fn information_reminder(
    app: &application::Model,
    request_number: i32,
    requested_on: Date,
    respond_by: Option<Date>,
) -> Message {
    Message {
        kind: MessageKind::InformationReminder,
        recipient: applicant_of(app),
        dedupe_key: format!("information-reminder:{}:{request_number}", app.id),
        payload: with(
            about(app),
            json!({
                "requestNumber": request_number,
                "requestedOn": requested_on.to_string(),
                "respondBy": respond_by.map(|d| d.to_string()),
            }),
        ),
    }
}

/// Once per deletion day: saving the draft moves the day on, and a draft left alone again
/// is reminded of again.
pub(crate) fn draft_deletion_reminder(app: &application::Model, deleted_on: Date) -> Message {
    Message {
        kind: MessageKind::DraftDeletionReminder,
        recipient: applicant_of(app),
        dedupe_key: format!("draft-deletion-reminder:{}:{deleted_on}", app.id),
        payload: with(about(app), json!({ "deletedOn": deleted_on.to_string() })),
    }
}

/// The decision on an application, or on an amendment of a permit.
pub(crate) fn decided(
    app: &application::Model,
    amendment: bool,
    decision_number: &str,
    decided_on: Date,
    outcome: DecisionOutcome,
) -> Message {
    let (kind, key) = if amendment {
        (MessageKind::AmendmentDecided, "amendment-decided")
    } else {
        (MessageKind::DecisionMade, "decision-made")
    };
    Message {
        kind,
        recipient: applicant_of(app),
        dedupe_key: format!("{key}:{}", app.id),
        payload: with(
            about(app),
            json!({
                "decisionNumber": decision_number,
                "decidedOn": decided_on.to_string(),
                "outcome": outcome.as_str(),
                "permitId": app.permit_id,
            }),
        ),
    }
}

/// Whom a fee notice went to, as its payload says (`recipient`).
pub(crate) const FEE_TO_INVOICING: &str = "INVOICING_CONTACT";
pub(crate) const FEE_TO_APPLICANT: &str = "APPLICANT";

pub(crate) fn fee_notice_key(application_id: uuid::Uuid) -> String {
    format!("fee-notice:{application_id}")
}

/// A decision's fee, for an application acting for an organisation: to the organisation's
/// invoicing contact at `invoicing`, or, when it has none, to the applicant to pass on.
/// The billing reference, organisation name and business ID are what an invoice is made
/// out from.
pub(crate) fn fee_notice(
    app: &application::Model,
    invoicing: Option<String>,
    decision_number: &str,
    decided_on: Date,
    fee_cents: i64,
) -> Message {
    let (recipient, to) = match invoicing {
        Some(email) => (
            Recipient::Address {
                owner: app.applicant_id.clone(),
                email,
            },
            FEE_TO_INVOICING,
        ),
        None => (applicant_of(app), FEE_TO_APPLICANT),
    };
    Message {
        kind: MessageKind::FeeNotice,
        recipient,
        dedupe_key: fee_notice_key(app.id),
        payload: with(
            about(app),
            json!({
                "decisionNumber": decision_number,
                "decidedOn": decided_on.to_string(),
                "feeCents": fee_cents,
                "billingReference": app.billing_reference,
                "organisationName": app.organisation_name,
                "businessId": app.business_id,
                "recipient": to,
            }),
        ),
    }
}

/// About a permit: to the holder, as the application it was granted on is addressed.
fn permit_payload(permit: &permit::Model, app: Option<&application::Model>) -> Value {
    json!({
        "permitId": permit.id,
        "applicationId": permit.application_id,
        "diaryNumber": app.and_then(|a| a.diary_number.clone()),
    })
}

fn holder_of(permit: &permit::Model, app: Option<&application::Model>) -> Recipient {
    match app {
        Some(app) if app.applicant_id == permit.holder_id => applicant_of(app),
        _ => Recipient::User(permit.holder_id.clone()),
    }
}

pub(crate) fn permit_revoked(
    permit: &permit::Model,
    app: Option<&application::Model>,
    revoked_on: Date,
) -> Message {
    Message {
        kind: MessageKind::PermitRevoked,
        recipient: holder_of(permit, app),
        dedupe_key: format!("permit-revoked:{}", permit.id),
        payload: with(
            permit_payload(permit, app),
            json!({ "revokedOn": revoked_on.to_string() }),
        ),
    }
}

pub(crate) fn permit_expiry_reminder(
    permit: &permit::Model,
    app: Option<&application::Model>,
    days_before: i64,
) -> Message {
    Message {
        kind: MessageKind::PermitExpiryReminder,
        recipient: holder_of(permit, app),
        dedupe_key: format!(
            "expiry-reminder:{}:{}:{days_before}",
            permit.id, permit.valid_until
        ),
        payload: with(
            permit_payload(permit, app),
            json!({
                "validUntil": permit.valid_until.to_string(),
                "daysBefore": days_before,
            }),
        ),
    }
}

/// To the presenter; `None` when the case has none.
fn to_presenter(
    app: &application::Model,
    kind: MessageKind,
    dedupe_key: String,
    extra: Value,
) -> Option<Message> {
    Some(Message {
        kind,
        recipient: Recipient::User(app.presenter_id.clone()?),
        dedupe_key,
        payload: with(about(app), extra),
    })
}

/// A delivery order past its due date, to the presenter of the case that granted it: once
/// per order and due date.
pub(crate) fn delivery_order_overdue(
    app: &application::Model,
    order: &tietolupa_entity::delivery_order::Model,
    today: Date,
) -> Option<Message> {
    to_presenter(
        app,
        MessageKind::DeliveryOrderOverdue,
        format!("delivery-order-overdue:{}:{}", order.id, order.due_date),
        json!({
            "deliveryOrderId": order.id,
            "dueOn": order.due_date.to_string(),
            "daysOverdue": (today - order.due_date).whole_days(),
        }),
    )
}

/// `version` is the case's version after the return: each return is its own event.
pub(crate) fn case_returned(app: &application::Model, version: i32) -> Option<Message> {
    to_presenter(
        app,
        MessageKind::CaseReturned,
        format!("case-returned:{}:v{version}", app.id),
        json!({}),
    )
}

pub(crate) fn information_answered(
    app: &application::Model,
    request_number: i32,
) -> Option<Message> {
    to_presenter(
        app,
        MessageKind::InformationAnswered,
        format!("information-answered:{}:{request_number}", app.id),
        json!({ "requestNumber": request_number }),
    )
}

/// Once per deadline: a pause or an extension moves `due_on`, and that deadline is warned
/// of again.
pub(crate) fn deadline_approaching(
    app: &application::Model,
    due_on: Date,
    today: Date,
) -> Option<Message> {
    to_presenter(
        app,
        MessageKind::DeadlineApproaching,
        format!("deadline-approaching:{}:{due_on}", app.id),
        json!({
            "dueOn": due_on.to_string(),
            "daysLeft": (due_on - today).whole_days(),
        }),
    )
}

/// A proposal waits: one message per director (or one to the group address). `version` is
/// the case's version after the proposal, so a proposal made again after a return is told
/// again.
pub(crate) async fn proposal_waiting<C: ConnectionTrait>(
    conn: &C,
    directors: &Directors,
    app: &application::Model,
    version: i32,
) -> Result<Vec<Message>, StoreError> {
    let recipients = match directors {
        Directors::GroupAddress { email, language } => vec![Recipient::Group {
            name: DIRECTORS_GROUP.to_owned(),
            email: email.clone(),
            language: language.clone(),
        }],
        Directors::EachDirector => directors_by_role(conn)
            .await?
            .into_iter()
            .filter(|subject| app.presenter_id.as_deref() != Some(subject))
            .map(Recipient::User)
            .collect(),
    };
    Ok(recipients
        .into_iter()
        .map(|recipient| Message {
            kind: MessageKind::ProposalWaiting,
            dedupe_key: format!(
                "proposal-waiting:{}:v{version}:{}",
                app.id,
                recipient.owner()
            ),
            recipient,
            payload: about(app),
        })
        .collect())
}

/// The subjects of every account holding the Director role. The roles are a JSON array;
/// the text match narrows the rows in SQL (accounts are mostly applicants and citizens),
/// the parse decides.
async fn directors_by_role<C: ConnectionTrait>(conn: &C) -> Result<Vec<String>, StoreError> {
    let director = Role::Director.as_str();
    let rows: Vec<(String, Value)> = user_account::Entity::find()
        .select_only()
        .column(user_account::Column::Subject)
        .column(user_account::Column::Roles)
        // A constant pattern (the wire name of the role), so no value is spliced in.
        .filter(sea_orm::sea_query::Expr::cust(
            r#"CAST(roles AS TEXT) LIKE '%"DIRECTOR"%'"#,
        ))
        .into_tuple()
        .all(conn)
        .await?;
    let mut subjects: Vec<String> = rows
        .into_iter()
        .filter(|(_, roles)| {
            roles
                .as_array()
                .is_some_and(|r| r.iter().any(|v| v.as_str() == Some(director)))
        })
        .map(|(subject, _)| subject)
        .collect();
    subjects.sort();
    Ok(subjects)
}
