//! Each person's own access log (issue 20 §3): a citizen sees which staff roles read or
//! handled the objections about them, an applicant the same for their applications; staff
//! are shown by role and organisation, never by name, and nobody sees another's log.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tietolupa_entity::audit_entry::{self, Column};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases;

const ENTRY_FIELDS: &str =
    "seq occurredAt kind action role organisation subjectType subjectId reason";

async fn access_log(app: &TestApp, token: &str, application_id: Option<&Value>) -> Vec<Value> {
    let data = app
        .query_ok(
            Some(token),
            &format!(
                "query($id: UUID) {{ myAccessLog(applicationId: $id) \
                 {{ edges {{ node {{ {ENTRY_FIELDS} }} }} }} }}"
            ),
            json!({ "id": application_id }),
        )
        .await;
    data["myAccessLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["node"].clone())
        .collect()
}

async fn a_citizen_sees_the_staff_reads_of_their_objections_with_the_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let citizen = app.demo_token("demo-citizen").await;
    let guardian = app.demo_token("demo-citizen-guardian").await;
    let clerk = app.demo_token("demo-registry-clerk").await;

    let filed = app
        .query_ok(
            Some(&citizen),
            "mutation { fileObjection { objection { id } } }",
            json!({}),
        )
        .await;
    let objection = filed["fileObjection"]["objection"]["id"].clone();
    // The citizen's own filing and listing are theirs already: not in their access log.
    app.query_ok(
        Some(&citizen),
        "{ myObjections { nodes { id } } }",
        json!({}),
    )
    .await;
    assert_eq!(access_log(&app, &citizen, None).await, Vec::<Value>::new());

    app.query_ok(
        Some(&clerk),
        "query($id: UUID!) { objection(id: $id, reason: \"Letter from the person, ref 12\") { id } }",
        json!({ "id": objection }),
    )
    .await;

    let log = access_log(&app, &citizen, None).await;
    assert_eq!(log.len(), 1, "{log:?}");
    let entry = &log[0];
    assert_eq!(entry["kind"], "READ");
    assert_eq!(entry["action"], "objection.read");
    assert_eq!(entry["role"], "REGISTRY_CLERK");
    assert_eq!(entry["organisation"], "PERMIT_AUTHORITY");
    assert_eq!(entry["subjectType"], "OBJECTION");
    assert_eq!(entry["subjectId"], objection);
    assert_eq!(entry["reason"], "Letter from the person, ref 12");
    // The staff member is never named, by subject or by display name.
    let text = entry.to_string();
    assert!(!text.contains("demo-registry-clerk"), "{text}");

    // Another citizen has objections of their own, not this one's log.
    assert_eq!(access_log(&app, &guardian, None).await, Vec::<Value>::new());
}

async fn an_applicant_sees_which_staff_roles_handled_their_application(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let other = app.demo_token("demo-applicant-company").await;
    let handler = app.demo_token("demo-handler-1").await;
    let case = cases::proposed_case(&app, &applicant, &handler).await;
    let id = case["id"].clone();
    // The handler opens the case: a staff read of the applicant's contact data and plan.
    app.query_ok(
        Some(&handler),
        "query($id: UUID!) { application(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    // The applicant's own read is theirs: not listed.
    app.query_ok(
        Some(&applicant),
        "query($id: UUID!) { application(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;

    let log = access_log(&app, &applicant, Some(&id)).await;
    let actions: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
                e["role"].as_str().unwrap(),
            )
        })
        .collect();
    // Newest first; the applicant's own create, update and submit are not listed.
    assert_eq!(
        actions,
        [
            ("application.read", "READ", "HANDLER"),
            ("application.propose", "HANDLED", "HANDLER"),
            ("application.take", "HANDLED", "HANDLER"),
        ]
    );
    assert!(log.iter().all(|e| e["subjectId"] == id
        && e["subjectType"] == "APPLICATION"
        && e["organisation"] == "PERMIT_AUTHORITY"));
    assert!(
        !Value::from(log.clone())
            .to_string()
            .contains("demo-handler-1")
    );

    // Unfiltered, the log holds the same entries (the applicant has one application).
    assert_eq!(access_log(&app, &applicant, None).await, log);

    // Another applicant's log is empty, and this application does not exist to them.
    assert_eq!(access_log(&app, &other, None).await, Vec::<Value>::new());
    let code = app
        .query_error_code(
            Some(&other),
            "query($id: UUID) { myAccessLog(applicationId: $id) { edges { cursor } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code, "NOT_FOUND");
    // The probe is audited with the id asked for, though the answer reveals nothing.
    let denied = audit_entry::Entity::find()
        .filter(Column::Action.eq("access_log.read"))
        .filter(Column::Outcome.eq("DENIED"))
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(denied[0].actor_id, "demo-applicant-company");
    assert_eq!(denied[0].target_type.as_deref(), Some("application"));
    assert_eq!(denied[0].target_id.as_deref(), id.as_str());
    assert_eq!(denied[0].reason.as_deref(), Some("ownership"));
}

async fn the_access_log_is_for_citizens_and_applicants_and_pages_by_cursor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    cases::proposed_case(&app, &applicant, &handler).await;

    let query = "query($after: String) { myAccessLog(first: 1, after: $after) \
                 { edges { node { action } } pageInfo { hasNextPage endCursor } } }";
    let first = app
        .query_ok(Some(&applicant), query, json!({ "after": null }))
        .await;
    assert_eq!(
        first["myAccessLog"]["edges"][0]["node"]["action"],
        "application.propose"
    );
    assert_eq!(first["myAccessLog"]["pageInfo"]["hasNextPage"], true);
    let second = app
        .query_ok(
            Some(&applicant),
            query,
            json!({ "after": first["myAccessLog"]["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(
        second["myAccessLog"]["edges"][0]["node"]["action"],
        "application.take"
    );
    assert_eq!(second["myAccessLog"]["pageInfo"]["hasNextPage"], false);

    // Staff read the audit log itself; this view is the owner's.
    let code = app
        .query_error_code(
            Some(&handler),
            "{ myAccessLog { edges { cursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let code = app
        .query_error_code(None, "{ myAccessLog { edges { cursor } } }", json!({}))
        .await;
    assert_eq!(code, "UNAUTHENTICATED");
}

on_both_databases!(
    a_citizen_sees_the_staff_reads_of_their_objections_with_the_reason,
    an_applicant_sees_which_staff_roles_handled_their_application,
    the_access_log_is_for_citizens_and_applicants_and_pages_by_cursor,
);
