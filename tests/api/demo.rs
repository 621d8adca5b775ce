//! The living demo (issue 15 §1): dev mode with demo data seeds work in every state for the
//! demo users, every role's first screen has something to do, and a second start adds
//! nothing. Issue 16: the output check has a request in each role's step.

use std::collections::BTreeMap;

use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tietolupa_entity::{application, objection, permit};
use tietolupa_test_support::{Backend, TestApp, on_both_databases, today_in_finland};

const QUEUE: &str = "query($filter: ApplicationQueueFilter) {
  applicationQueue(filter: $filter, first: 100) {
    edges { node { state kind title presenter { name } deadline { dueOn overdue extended } } }
  }
}";

const MINE: &str = "{ myApplications(first: 100) {
  edges { node { state kind title informationRequests { respondBy answeredAt }
    draftDeletionWarning } }
} }";

/// A dev-mode server on `database_url` (or a fresh database) with the demo cases seeded.
async fn demo_app(backend: Backend, database_url: Option<String>) -> TestApp {
    TestApp::spawn_with(backend, |vars| {
        vars.retain(|(k, _)| {
            k != "TIETOLUPA_DEMO_CASES" && (database_url.is_none() || k != "TIETOLUPA_DATABASE_URL")
        });
        vars.push(("TIETOLUPA_DEMO_CASES".into(), "true".into()));
        if let Some(url) = database_url {
            vars.push(("TIETOLUPA_DATABASE_URL".into(), url));
        }
    })
    .await
}

fn nodes(data: &Value, field: &str) -> Vec<Value> {
    data[field]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{field}: {data}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

fn count_by(nodes: &[Value], key: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for node in nodes {
        *counts
            .entry(node[key].as_str().unwrap_or("").to_owned())
            .or_default() += 1;
    }
    counts
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

const OUTPUTS: &str = "{ outputRequests(first: 100) { nodes { id version state status
  awaitingSecondApproval reviewerName overrides { reason } files { name sha256 downloadUrl } } } }";

async fn as_demo(app: &TestApp, subject: &str, query: &str, variables: Value) -> Value {
    let token = app.demo_token(subject).await;
    app.query_ok(Some(&token), query, variables).await
}

async fn every_role_finds_work_in_every_state(backend: Backend) {
    let app = demo_app(backend, None).await;

    // The handler's queue: every open state, deadlines near, overdue and extended.
    let queue = nodes(
        &as_demo(&app, "demo-handler-1", QUEUE, json!({})).await,
        "applicationQueue",
    );
    assert_eq!(
        count_by(&queue, "state"),
        counts(&[
            ("SUBMITTED", 3),
            ("IN_PREPARATION", 5),
            ("INFORMATION_REQUESTED", 2),
            ("PROPOSED", 2),
        ]),
        "{queue:#?}"
    );
    // The delivery orders of the demo permits (docs/delivery.md), made by their grants:
    // every state, and one overdue.
    let orders =
        crate::delivery_orders::orders(&app, &app.demo_token("demo-handler-1").await, json!({}))
            .await;
    let states: std::collections::BTreeSet<&str> =
        orders.iter().filter_map(|o| o["state"].as_str()).collect();
    assert_eq!(
        states.into_iter().collect::<Vec<_>>(),
        ["CANCELLED", "DELIVERED", "ORDERED", "PREPARED", "RECEIVED"],
        "{orders:#?}"
    );
    assert!(orders.iter().any(|o| o["overdue"] == true));
    let deadline = |n: &Value, k: &str| n["deadline"][k].as_bool() == Some(true);
    assert_eq!(queue.iter().filter(|n| deadline(n, "overdue")).count(), 1);
    assert_eq!(queue.iter().filter(|n| deadline(n, "extended")).count(), 1);
    let today = today_in_finland();
    let near = queue.iter().filter(|n| {
        n["state"] == "IN_PREPARATION"
            && !deadline(n, "overdue")
            && n["deadline"]["dueOn"].as_str().is_some_and(|d| {
                let due =
                    time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE)
                        .unwrap();
                (due - today).whole_days() <= 14
            })
    });
    assert!(near.count() >= 1, "a deadline near due: {queue:#?}");
    assert_eq!(
        queue.iter().filter(|n| n["kind"] == "AMENDMENT").count(),
        1,
        "an amendment waiting"
    );
    let mine = as_demo(
        &app,
        "demo-handler-1",
        QUEUE,
        json!({ "filter": { "presenterId": "demo-handler-1" } }),
    )
    .await;
    assert!(nodes(&mine, "applicationQueue").len() >= 3);

    // The Director's proposals.
    let proposals = as_demo(
        &app,
        "demo-director",
        QUEUE,
        json!({ "filter": { "states": ["PROPOSED"] } }),
    )
    .await;
    assert_eq!(nodes(&proposals, "applicationQueue").len(), 2);

    // The applicants' own: a draft untouched for 5½ months, one waiting for information.
    let researcher = nodes(
        &as_demo(&app, "demo-applicant-researcher", MINE, json!({})).await,
        "myApplications",
    );
    let states = count_by(&researcher, "state");
    assert_eq!(states.get("DRAFT"), Some(&1), "{states:?}");
    // ... so the retention warning shows.
    assert!(
        researcher
            .iter()
            .any(|a| a["state"] == "DRAFT" && a["draftDeletionWarning"] == true),
        "{researcher:?}"
    );
    assert_eq!(states.get("INFORMATION_REQUESTED"), Some(&1), "{states:?}");
    assert!(states.get("DECIDED").is_some_and(|n| *n >= 3), "{states:?}");
    let company = nodes(
        &as_demo(&app, "demo-applicant-company", MINE, json!({})).await,
        "myApplications",
    );
    assert_eq!(
        count_by(&company, "state").get("INFORMATION_REQUESTED"),
        Some(&1)
    );
    let old_draft = application::Entity::find()
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.state == "DRAFT")
        .map(|a| (today - a.updated_at.date()).whole_days())
        .max()
        .unwrap();
    assert!((160..=175).contains(&old_draft), "{old_draft} days");

    // Permits in every status, one expiring within 30 days.
    let permits = permit::Entity::find()
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let mut statuses = BTreeMap::new();
    for p in &permits {
        *statuses.entry(p.status.clone()).or_insert(0) += 1;
    }
    assert_eq!(
        statuses,
        counts(&[
            ("ACTIVE", 2),
            ("EXPIRED", 1),
            ("REVOKED", 1),
            ("DATA_DESTROYED", 1)
        ])
    );
    assert!(
        permits
            .iter()
            .any(|p| p.status == "ACTIVE"
                && (1..=30).contains(&(p.valid_until - today).whole_days()))
    );

    // Objections: the guardian's own (withdrawn) and her child's, and the clerk's.
    let mine = "{ myObjections(first: 10) { edges { node { status channel } } } }";
    let guardian = nodes(
        &as_demo(&app, "demo-citizen-guardian", mine, json!({})).await,
        "myObjections",
    );
    assert_eq!(
        guardian,
        vec![
            json!({ "status": "IN_FORCE", "channel": "E_SERVICE" }),
            json!({ "status": "WITHDRAWN", "channel": "E_SERVICE" }),
        ]
    );
    let objections = objection::Entity::find()
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(
        count_by(
            &objections
                .iter()
                .map(|o| json!({ "channel": o.channel }))
                .collect::<Vec<_>>(),
            "channel"
        ),
        counts(&[("E_SERVICE", 2), ("POST", 2), ("IN_PERSON", 1)])
    );

    // Output requests under the demo permits: one released, one waiting in the handlers'
    // queue, one approved over a failing cell and waiting for a Director.
    let outputs =
        as_demo(&app, "demo-handler-1", OUTPUTS, json!({})).await["outputRequests"]["nodes"]
            .as_array()
            .unwrap()
            .clone();
    assert_eq!(
        count_by(&outputs, "state"),
        counts(&[("RELEASED", 1), ("SUBMITTED", 1), ("IN_REVIEW", 1)]),
        "{outputs:#?}"
    );
    let in_state = |nodes: &[Value], state: &str| {
        nodes
            .iter()
            .find(|n| n["state"] == state)
            .cloned()
            .unwrap_or_else(|| panic!("{state}: {nodes:#?}"))
    };
    assert_eq!(in_state(&outputs, "SUBMITTED")["status"], "FAIL");
    let awaiting = in_state(&outputs, "IN_REVIEW");
    assert_eq!(awaiting["awaitingSecondApproval"], true, "{awaiting:#?}");
    assert_eq!(awaiting["overrides"].as_array().map(Vec::len), Some(1));
    assert_eq!(awaiting["reviewerName"], "Jukka Nieminen");

    // The holder downloads the released tables, byte for byte what the check saw; the one
    // still waiting has no link.
    let holder = app.demo_token("demo-applicant-researcher").await;
    let mine = app.query_ok(Some(&holder), OUTPUTS, json!({})).await["outputRequests"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        count_by(&mine, "state"),
        counts(&[("RELEASED", 1), ("SUBMITTED", 1)])
    );
    let released = in_state(&mine, "RELEASED");
    let files = released["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{released:#?}");
    for file in files {
        let url = file["downloadUrl"].as_str().expect("a download link");
        let response = app
            .client
            .get(app.url(url))
            .bearer_auth(&holder)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{url}");
        let bytes = response.bytes().await.unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            file["sha256"].as_str().unwrap()
        );
    }
    assert!(in_state(&mine, "SUBMITTED")["files"][0]["downloadUrl"].is_null());

    // The Director's second pair of eyes works on the seeded approval.
    let director = app.demo_token("demo-director").await;
    let confirmed = app
        .query_ok(
            Some(&director),
            "mutation($id: UUID!, $version: Int!) { confirmOutputApproval(id: $id, version: $version) { state awaitingSecondApproval } }",
            json!({ "id": awaiting["id"], "version": awaiting["version"] }),
        )
        .await;
    assert_eq!(
        confirmed["confirmOutputApproval"],
        json!({ "state": "APPROVED", "awaitingSecondApproval": false })
    );

    // The auditor's log tells the whole story.
    let token = app.demo_token("demo-auditor").await;
    for action in [
        "application.submit",
        "application.propose",
        "application.decide",
        "permit.revoke",
        "objection.record",
        "objection.withdraw",
        "output_request.submit",
        "output_request.approve",
        "output_request.release",
        "seed.demo_cases",
    ] {
        let log = app
            .query_ok(
                Some(&token),
                "query($action: String) { auditLog(filter: { action: $action }, first: 1) { edges { node { action } } } }",
                json!({ "action": action }),
            )
            .await;
        assert_eq!(nodes(&log, "auditLog").len(), 1, "{action}");
    }
}

async fn a_second_start_adds_nothing(backend: Backend) {
    let app = demo_app(backend, None).await;
    let applications = application::Entity::find()
        .count(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let objections = objection::Entity::find()
        .count(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(applications, 19);
    assert_eq!(objections, 5);

    // The second server seeds the same database; counted through the first one's connection.
    let _again = demo_app(backend, Some(app.database.url().to_owned())).await;
    assert_eq!(
        application::Entity::find()
            .count(app.db.raw_connection_for_tests())
            .await
            .unwrap(),
        applications
    );
    assert_eq!(
        objection::Entity::find()
            .count(app.db.raw_connection_for_tests())
            .await
            .unwrap(),
        objections
    );
}

async fn the_test_baseline_starts_without_demo_cases(backend: Backend) {
    // TIETOLUPA_DEMO_CASES=false (the tests' baseline) seeds the users but no cases;
    // production mode refuses demo data altogether (crates/config tests).
    let app = TestApp::spawn(backend).await;
    assert_eq!(
        application::Entity::find()
            .count(app.db.raw_connection_for_tests())
            .await
            .unwrap(),
        0
    );
}

on_both_databases!(
    every_role_finds_work_in_every_state,
    a_second_start_adds_nothing,
    the_test_baseline_starts_without_demo_cases,
);
