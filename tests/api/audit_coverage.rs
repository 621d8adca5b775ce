//! Issue 20 section 1: every refusal of a signed-in caller and every staff read of personal
//! data leaves an entry naming the operation and the target, with why it was refused. The
//! caller's answer stays what it was: NOT_FOUND reveals nothing.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tietolupa_entity::audit_entry::{self, Column};
use tietolupa_entity::outbox_message;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, APPLICATION_FIELDS};
use crate::output_requests;

on_both_databases!(refusals_and_staff_reads_name_their_target);

/// One row of the table: who did what to which target, and what the log must say.
struct Row<'a> {
    call: &'a str,
    /// The caller's answer: an error code, or `OK`.
    answer: String,
    actor: &'a str,
    action: &'a str,
    role: Option<&'a str>,
    target_type: &'a str,
    target_id: String,
    outcome: &'a str,
    reason: Option<&'a str>,
}

/// The last seq of the log, so a row can ask for the entries written after it.
async fn head(app: &TestApp) -> i64 {
    audit_entry::Entity::find()
        .order_by_desc(Column::Seq)
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .map_or(0, |e| e.seq)
}

async fn written_since(app: &TestApp, seq: i64) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(Column::Seq.gt(seq))
        .order_by_asc(Column::Seq)
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
}

/// The row's call wrote exactly one entry, and it says what the row says.
async fn check(app: &TestApp, before: i64, expected: Row<'_>, answer_wanted: &str) {
    assert_eq!(
        expected.answer, answer_wanted,
        "{}: the caller's answer",
        expected.call
    );
    let entries = written_since(app, before).await;
    assert_eq!(
        entries.len(),
        1,
        "{}: one entry, got {entries:?}",
        expected.call
    );
    let e = &entries[0];
    let got = (
        e.actor_id.as_str(),
        e.action.as_str(),
        e.actor_role.as_deref(),
        e.target_type.as_deref(),
        e.target_id.as_deref(),
        e.outcome.as_str(),
        e.reason.as_deref(),
    );
    let want = (
        expected.actor,
        expected.action,
        expected.role,
        Some(expected.target_type),
        Some(expected.target_id.as_str()),
        expected.outcome,
        expected.reason,
    );
    assert_eq!(got, want, "{}", expected.call);
}

fn code(result: Result<Value, String>) -> String {
    result.map_or_else(|code| code, |_| "OK".to_owned())
}

fn command_code(result: Result<Value, (String, Value)>) -> String {
    result.map_or_else(|(code, _)| code, |_| "OK".to_owned())
}

fn error_code(body: &Value) -> String {
    match body.get("errors") {
        None => "OK".to_owned(),
        Some(errors) => errors[0]["extensions"]["code"]
            .as_str()
            .unwrap_or("NO_CODE")
            .to_owned(),
    }
}

/// The HTTP status of a GET, as the caller's answer.
async fn get_status(app: &TestApp, token: &str, path: &str) -> String {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    response.status().as_u16().to_string()
}

const OBJECTION_WITHDRAW: &str = "mutation($id: UUID!, $version: Int!) { withdrawObjection(id: $id, version: $version) { id status } }";
const OBJECTION_READ: &str =
    "query($id: UUID!, $reason: String!) { objection(id: $id, reason: $reason) { id status } }";
const DELIVERY_ORDER: &str = "query($id: UUID!) { deliveryOrder(id: $id) { id } }";

async fn refusals_and_staff_reads_name_their_target(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let stranger = app
        .dev_token("audit-other-applicant", &["APPLICANT"], None)
        .await;
    let citizen = app.demo_token("demo-citizen").await;
    let other_citizen = app.demo_token("demo-citizen-guardian").await;
    let clerk = app.demo_token("demo-registry-clerk").await;

    let granted = cases::granted_case(&app, &owner, &handler).await;
    let application_id = granted["id"].as_str().unwrap().to_owned();
    let permit = granted["permit"].clone();
    let permit_id = permit["id"].as_str().unwrap().to_owned();
    let submitted = cases::submitted_permit(&app, &owner).await;
    let submitted_id = submitted["id"].as_str().unwrap().to_owned();
    let nowhere = uuid::Uuid::now_v7().to_string();
    let order_id = app
        .query_ok(
            Some(&owner),
            "query($p: UUID!) { deliveryOrders(filter: { permitId: $p }, first: 1) { edges { node { id } } } }",
            json!({ "p": permit_id }),
        )
        .await["deliveryOrders"]["edges"][0]["node"]["id"]
        .as_str()
        .expect("the grant ordered the data")
        .to_owned();
    let objection = app
        .query_ok(
            Some(&citizen),
            "mutation { fileObjection { objection { id version } } }",
            json!({}),
        )
        .await["fileObjection"]["objection"]
        .clone();
    let objection_id = objection["id"].as_str().unwrap().to_owned();

    // Ownership: another applicant opening the case, its permit and its data order.
    let before = head(&app).await;
    let answer = code(cases::read(&app, &stranger, &application_id, "id").await);
    let row = Row {
        call: "another's application",
        answer,
        actor: "audit-other-applicant",
        action: "application.read",
        role: Some("APPLICANT"),
        target_type: "application",
        target_id: application_id.clone(),
        outcome: "DENIED",
        reason: Some("ownership"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    let before = head(&app).await;
    let answer = code(cases::permit(&app, &stranger, &permit["id"]).await);
    let row = Row {
        call: "another's permit",
        answer,
        actor: "audit-other-applicant",
        action: "permit.read",
        role: Some("APPLICANT"),
        target_type: "permit",
        target_id: permit_id.clone(),
        outcome: "DENIED",
        reason: Some("ownership"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    let before = head(&app).await;
    let (_, body) = app
        .graphql(Some(&stranger), DELIVERY_ORDER, json!({ "id": order_id }))
        .await;
    let row = Row {
        call: "another's delivery order",
        answer: error_code(&body),
        actor: "audit-other-applicant",
        action: "delivery_order.read",
        role: Some("APPLICANT"),
        target_type: "delivery_order",
        target_id: order_id.clone(),
        outcome: "DENIED",
        reason: Some("ownership"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    let before = head(&app).await;
    let answer = command_code(
        cases::command(
            &app,
            &stranger,
            "withdrawApplication",
            &submitted,
            "",
            json!({}),
        )
        .await,
    );
    let row = Row {
        call: "withdrawing another's application",
        answer,
        actor: "audit-other-applicant",
        action: "application.withdraw",
        role: Some("APPLICANT"),
        target_type: "application",
        target_id: submitted_id.clone(),
        outcome: "DENIED",
        reason: Some("ownership"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    let before = head(&app).await;
    let (_, body) = app
        .graphql(Some(&other_citizen), OBJECTION_WITHDRAW, objection.clone())
        .await;
    let row = Row {
        call: "withdrawing another citizen's objection",
        answer: error_code(&body),
        actor: "demo-citizen-guardian",
        action: "objection.withdraw",
        role: Some("CITIZEN"),
        target_type: "objection",
        target_id: objection_id.clone(),
        outcome: "DENIED",
        reason: Some("ownership"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    let before = head(&app).await;
    let path = format!("/api/applications/{application_id}/decision.pdf");
    let row = Row {
        call: "another's decision document",
        answer: get_status(&app, &stranger, &path).await,
        actor: "audit-other-applicant",
        action: "decision_document.download",
        role: Some("APPLICANT"),
        target_type: "application",
        target_id: application_id.clone(),
        outcome: "DENIED",
        reason: Some("ownership"),
    };
    check(&app, before, row, "404").await;

    let input = cases::complete_permit_input(&app).await;
    let draft = cases::create(&app, &owner, "DATA_PERMIT", input).await;
    let draft_id = draft["id"].as_str().unwrap().to_owned();
    let attachment_url = crate::permissions::upload(&app, &owner, &draft_id)
        .await
        .unwrap();
    let attachment_id = attachment_url.rsplit('/').next().unwrap().to_owned();
    let before = head(&app).await;
    let row = Row {
        call: "another's attachment",
        answer: get_status(&app, &stranger, &attachment_url).await,
        actor: "audit-other-applicant",
        action: "attachment.download",
        role: Some("APPLICANT"),
        target_type: "attachment",
        target_id: attachment_id.clone(),
        outcome: "DENIED",
        reason: Some("ownership"),
    };
    check(&app, before, row, "404").await;

    let tables = [("FREQUENCY", "counts.csv", output_requests::CLEAN)];
    let (status, created) = output_requests::submit(&app, &owner, &permit["id"], &tables).await;
    assert_eq!(status, 201, "{created}");
    let before = head(&app).await;
    let row = Row {
        call: "another's output request",
        answer: code(output_requests::read(&app, &stranger, &created["id"]).await),
        actor: "audit-other-applicant",
        action: "output_request.read",
        role: Some("APPLICANT"),
        target_type: "output_request",
        target_id: created["id"].as_str().unwrap().to_owned(),
        outcome: "DENIED",
        reason: Some("ownership"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    // A target that does not exist: the same answer, and the id that was asked for.
    let before = head(&app).await;
    let answer = code(cases::read(&app, &stranger, &nowhere, "id").await);
    let row = Row {
        call: "an application that does not exist",
        answer,
        actor: "audit-other-applicant",
        action: "application.read",
        role: Some("APPLICANT"),
        target_type: "application",
        target_id: nowhere.clone(),
        outcome: "DENIED",
        reason: Some("not_found"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    let before = head(&app).await;
    let answer = code(cases::permit(&app, &stranger, &json!(nowhere)).await);
    let row = Row {
        call: "a permit that does not exist",
        answer,
        actor: "audit-other-applicant",
        action: "permit.read",
        role: Some("APPLICANT"),
        target_type: "permit",
        target_id: nowhere.clone(),
        outcome: "DENIED",
        reason: Some("not_found"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    let before = head(&app).await;
    let (_, body) = app
        .graphql(
            Some(&clerk),
            OBJECTION_READ,
            json!({ "id": nowhere, "reason": "Checking a letter" }),
        )
        .await;
    let row = Row {
        call: "an objection that does not exist",
        answer: error_code(&body),
        actor: "demo-registry-clerk",
        action: "objection.read",
        role: Some("REGISTRY_CLERK"),
        target_type: "objection",
        target_id: nowhere.clone(),
        outcome: "DENIED",
        reason: Some("not_found"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    let before = head(&app).await;
    let (_, body) = app
        .graphql(
            Some(&stranger),
            "query($id: UUID!) { organisation(id: $id) { id } }",
            json!({ "id": nowhere }),
        )
        .await;
    let row = Row {
        call: "an organisation that does not exist",
        answer: error_code(&body),
        actor: "audit-other-applicant",
        action: "organisation.read",
        role: Some("APPLICANT"),
        target_type: "organisation",
        target_id: nowhere.clone(),
        outcome: "DENIED",
        reason: Some("not_found"),
    };
    check(&app, before, row, "NOT_FOUND").await;

    // State: a message that is not a dead letter cannot be retried.
    let queued = outbox_message::Entity::find()
        .filter(outbox_message::Column::DeadAt.is_null())
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .expect("the granted case queued mail")
        .id
        .to_string();
    let before = head(&app).await;
    let (_, body) = app
        .graphql(
            Some(&handler),
            "mutation($id: UUID!) { retryMessage(id: $id) }",
            json!({ "id": queued }),
        )
        .await;
    let row = Row {
        call: "a retry of a message that is not dead",
        answer: error_code(&body),
        actor: "demo-handler-1",
        action: "outbox.retry",
        role: Some("HANDLER"),
        target_type: "outbox_message",
        target_id: queued.clone(),
        outcome: "DENIED",
        reason: Some("state"),
    };
    check(&app, before, row, "INVALID_TRANSITION").await;

    // Role: the caller holds no role the operation allows; the entry names the target.
    let before = head(&app).await;
    let answer = code(cases::read(&app, &citizen, &application_id, "id").await);
    let row = Row {
        call: "a citizen opening an application",
        answer,
        actor: "demo-citizen",
        action: "application.read",
        role: None,
        target_type: "application",
        target_id: application_id.clone(),
        outcome: "DENIED",
        reason: Some("role"),
    };
    check(&app, before, row, "FORBIDDEN").await;

    let before = head(&app).await;
    let answer = command_code(
        cases::command(&app, &owner, "takeApplication", &submitted, "", json!({})).await,
    );
    let row = Row {
        call: "an applicant taking a case",
        answer,
        actor: "demo-applicant-researcher",
        action: "application.take",
        role: None,
        target_type: "application",
        target_id: submitted_id.clone(),
        outcome: "DENIED",
        reason: Some("role"),
    };
    check(&app, before, row, "FORBIDDEN").await;

    let before = head(&app).await;
    let answer = code(
        cases::permit_command(
            &app,
            Some(&handler),
            "revokePermit",
            &permit,
            "$reason: String!",
            json!({ "reason": "Not the director" }),
        )
        .await,
    );
    let row = Row {
        call: "a handler revoking a permit",
        answer,
        actor: "demo-handler-1",
        action: "permit.revoke",
        role: None,
        target_type: "permit",
        target_id: permit_id.clone(),
        outcome: "DENIED",
        reason: Some("role"),
    };
    check(&app, before, row, "FORBIDDEN").await;

    let before = head(&app).await;
    let (_, body) = app
        .graphql(
            Some(&handler),
            OBJECTION_READ,
            json!({ "id": objection_id, "reason": "Curious" }),
        )
        .await;
    let row = Row {
        call: "a handler reading an objection",
        answer: error_code(&body),
        actor: "demo-handler-1",
        action: "objection.read",
        role: None,
        target_type: "objection",
        target_id: objection_id.clone(),
        outcome: "DENIED",
        reason: Some("role"),
    };
    check(&app, before, row, "FORBIDDEN").await;

    // State: the caller may act on the target, but not in the state it is in.
    let before = head(&app).await;
    let answer = command_code(
        cases::command(&app, &owner, "submitApplication", &submitted, "", json!({})).await,
    );
    let row = Row {
        call: "submitting a submitted application",
        answer,
        actor: "demo-applicant-researcher",
        action: "application.submit",
        role: Some("APPLICANT"),
        target_type: "application",
        target_id: submitted_id.clone(),
        outcome: "DENIED",
        reason: Some("state"),
    };
    check(&app, before, row, "INVALID_TRANSITION").await;

    let withdrawn = app
        .query_ok(Some(&citizen), OBJECTION_WITHDRAW, objection.clone())
        .await["withdrawObjection"]
        .clone();
    assert_eq!(withdrawn["status"], "WITHDRAWN");
    let before = head(&app).await;
    let (_, body) = app
        .graphql(
            Some(&citizen),
            OBJECTION_WITHDRAW,
            json!({ "id": objection_id, "version": 2 }),
        )
        .await;
    let row = Row {
        call: "withdrawing a withdrawn objection",
        answer: error_code(&body),
        actor: "demo-citizen",
        action: "objection.withdraw",
        role: Some("CITIZEN"),
        target_type: "objection",
        target_id: objection_id.clone(),
        outcome: "DENIED",
        reason: Some("state"),
    };
    check(&app, before, row, "INVALID_TRANSITION").await;

    // Staff reads of personal data: one entry per request, however many fields it asks.
    let before = head(&app).await;
    let answer = code(
        cases::read(
            &app,
            &handler,
            &application_id,
            &format!("{APPLICATION_FIELDS} researchPlan"),
        )
        .await,
    );
    let row = Row {
        call: "a handler reading an application",
        answer,
        actor: "demo-handler-1",
        action: "application.read",
        role: Some("HANDLER"),
        target_type: "application",
        target_id: application_id.clone(),
        outcome: "SUCCESS",
        reason: None,
    };
    check(&app, before, row, "OK").await;

    let before = head(&app).await;
    let answer = code(cases::read(&app, &director, &submitted_id, "id researchPlan").await);
    let row = Row {
        call: "a director reading an application",
        answer,
        actor: "demo-director",
        action: "application.read",
        role: Some("DIRECTOR"),
        target_type: "application",
        target_id: submitted_id.clone(),
        outcome: "SUCCESS",
        reason: None,
    };
    check(&app, before, row, "OK").await;

    let before = head(&app).await;
    let row = Row {
        call: "a handler downloading an attachment",
        answer: get_status(&app, &handler, &attachment_url).await,
        actor: "demo-handler-1",
        action: "attachment.download",
        role: Some("HANDLER"),
        target_type: "application",
        target_id: draft_id.clone(),
        outcome: "SUCCESS",
        reason: None,
    };
    check(&app, before, row, "200").await;

    let before = head(&app).await;
    let answer = code(cases::permit(&app, &handler, &permit["id"]).await);
    let row = Row {
        call: "a handler reading a permit",
        answer,
        actor: "demo-handler-1",
        action: "permit.read",
        role: Some("HANDLER"),
        target_type: "permit",
        target_id: permit_id.clone(),
        outcome: "SUCCESS",
        reason: None,
    };
    check(&app, before, row, "OK").await;

    // The owner's own reads are not audited.
    let before = head(&app).await;
    cases::read(&app, &owner, &application_id, APPLICATION_FIELDS)
        .await
        .unwrap();
    cases::permit(&app, &owner, &permit["id"]).await.unwrap();
    assert_eq!(get_status(&app, &owner, &attachment_url).await, "200");
    let written = written_since(&app, before).await;
    assert!(written.is_empty(), "{written:?}");

    // Anonymous callers are not signed in: refused, and not audited.
    let before = head(&app).await;
    assert_eq!(
        app.query_error_code(
            None,
            "query($id: UUID!) { application(id: $id) { id } }",
            json!({ "id": application_id }),
        )
        .await,
        "UNAUTHENTICATED"
    );
    let written = written_since(&app, before).await;
    assert!(written.is_empty(), "{written:?}");
}
