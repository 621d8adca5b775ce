//! Preparation runs of delivery orders (issue 16 section 2, docs/preparation.md): through
//! `POST /api/delivery-orders/{id}/preparation` and `tietolupa deliver`, bound to the
//! order, audited with counts only, and never leaving a plain code anywhere.

use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};
use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_entity::{delivery_order, preparation_run};
use tietolupa_test_support::{Backend, TestApp, on_both_databases, test_environment};
use time::macros::date;
use uuid::Uuid;

use crate::cases;

/// The demo citizen's own code: the citizen files an objection for themself.
const CITIZEN: &str = "010180-9004";

fn person(individual: u16) -> String {
    Hetu::compose(
        date!(1985 - 03 - 12),
        '-',
        individual,
        HetuPolicy::ORDINARY_ONLY,
    )
    .unwrap()
    .expose()
    .to_owned()
}

/// Every code an input of these tests holds.
fn codes() -> Vec<String> {
    vec![CITIZEN.to_owned(), person(123), person(124), person(125)]
}

/// A controller's dataset: the objector, two people, an invalid code (line 4), and a
/// quoted note over two lines.
fn dataset() -> String {
    format!(
        "id;hetu;note\r\n1;{CITIZEN};a\r\n2;{};b\r\n3;{}X;c\r\n4;{};\"two\r\nlines\"\r\n",
        person(123),
        person(124),
        person(125)
    )
}

struct Case {
    app: TestApp,
    handler: String,
    applicant: String,
    permit_id: Uuid,
    application_id: Uuid,
    /// Every response body, for the plain-code scan.
    seen: std::sync::Mutex<Vec<String>>,
}

impl Case {
    async fn new(backend: Backend) -> Case {
        let app = TestApp::spawn(backend).await;
        let citizen = app.demo_token("demo-citizen").await;
        let filed = app
            .query_ok(
                Some(&citizen),
                "mutation { fileObjection { created } }",
                json!({}),
            )
            .await;
        assert_eq!(filed["fileObjection"]["created"], true);
        let applicant = app.demo_token("demo-applicant-researcher").await;
        let handler = app.demo_token("demo-handler-2").await;
        let granted = cases::granted_case(&app, &applicant, &handler).await;
        let id = |v: &Value| Uuid::parse_str(v.as_str().unwrap()).unwrap();
        Case {
            permit_id: id(&granted["permit"]["id"]),
            application_id: id(&granted["id"]),
            app,
            handler,
            applicant,
            seen: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// A delivery order of the permit in `state`, arranged directly in the database.
    async fn order(&self, state: &str) -> Uuid {
        let id = Uuid::now_v7();
        let now = time::OffsetDateTime::now_utc();
        let today = tietolupa_test_support::today_in_finland();
        delivery_order::ActiveModel {
            id: Set(id),
            version: Set(1),
            state: Set(state.to_owned()),
            kind: Set("DATA_PERMIT".to_owned()),
            application_id: Set(self.application_id),
            permit_id: Set(Some(self.permit_id)),
            data_source_id: Set(None),
            data_source_ids: Set(json!([])),
            variables: Set(json!(["diagnosis"])),
            period_from: Set(None),
            period_to: Set(None),
            cohort_definition: Set(None),
            processing_environment_id: Set(None),
            extraction_date: Set(today),
            due_date: Set(today + time::Duration::days(30)),
            cancellation_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(self.app.db.raw_connection_for_tests())
        .await
        .unwrap();
        id
    }

    async fn prepare(&self, token: &str, order: Uuid, query: &str, body: String) -> (u16, String) {
        let response = self
            .app
            .client
            .post(
                self.app
                    .url(&format!("/api/delivery-orders/{order}/preparation?{query}")),
            )
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        self.seen.lock().unwrap().push(text.clone());
        (status, text)
    }

    async fn stored(&self, order: Uuid) -> delivery_order::Model {
        delivery_order::Entity::find_by_id(order)
            .one(self.app.db.raw_connection_for_tests())
            .await
            .unwrap()
            .unwrap()
    }

    async fn runs(&self) -> Vec<preparation_run::Model> {
        preparation_run::Entity::find()
            .all(self.app.db.raw_connection_for_tests())
            .await
            .unwrap()
    }

    async fn audit(&self) -> Vec<Value> {
        let auditor = self.app.demo_token("demo-auditor").await;
        let data = self
            .app
            .query_ok(
                Some(&auditor),
                "{ auditLog(first: 200) { edges { node { action actorRole targetId outcome details } } } }",
                json!({}),
            )
            .await;
        self.seen.lock().unwrap().push(data.to_string());
        data["auditLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect()
    }
}

/// The prepared rows and the summary line of a response.
fn split(body: &str) -> (Vec<&str>, Value) {
    let (data, summary) = body.trim_end().rsplit_once('\n').unwrap();
    let summary = summary.strip_prefix("# ").expect("a summary line");
    (
        data.split('\n').collect(),
        serde_json::from_str(summary).unwrap(),
    )
}

async fn a_run_through_the_api_prepares_its_order(backend: Backend) {
    let case = Case::new(backend).await;
    let order = case.order("RECEIVED").await;
    let (status, body) = case
        .prepare(
            &case.handler,
            order,
            "version=1&identityColumn=hetu&delimiter=%3B",
            dataset(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (rows, summary) = split(&body);
    assert_eq!(rows[0], "id;pseudonym;note");
    assert_eq!(rows.len(), 1 + 2 + 1, "two rows, one over two lines");
    assert!(rows[1].starts_with("2;") && rows[1].ends_with(";b"));
    let pseudonym = rows[1].split(';').nth(1).unwrap().to_owned();
    assert_eq!(pseudonym.len(), 32);
    assert_eq!(
        summary,
        json!({ "rowsRead": 4, "droppedAsObjectors": 1, "invalid": 1, "written": 2,
                "invalidLines": [4], "version": 2, "completed": true })
    );
    let stored = case.stored(order).await;
    assert_eq!((stored.state.as_str(), stored.version), ("PREPARED", 2));

    let runs = case.runs().await;
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert!(run.completed && run.finished_at.is_some());
    assert_eq!(run.delivery_order_id, order);
    assert_eq!(run.via, "API");
    assert_eq!(
        (
            run.rows_read,
            run.dropped_as_objectors,
            run.invalid,
            run.written
        ),
        (4, 1, 1, 2)
    );
    assert_eq!(run.invalid_lines, json!([4]));
    assert_eq!(run.key_id, "ps-1");

    let audit = case.audit().await;
    let of =
        |action: &str| -> Vec<&Value> { audit.iter().filter(|e| e["action"] == action).collect() };
    assert_eq!(of("delivery_order.preparation_start").len(), 1);
    let finish = of("delivery_order.preparation_finish");
    assert_eq!(finish.len(), 1);
    assert_eq!(finish[0]["targetId"], order.to_string());
    assert_eq!(finish[0]["actorRole"], "HANDLER");
    let details: Value = serde_json::from_str(finish[0]["details"].as_str().unwrap()).unwrap();
    assert_eq!(
        (
            &details["rowsRead"],
            &details["droppedAsObjectors"],
            &details["invalid"],
            &details["written"]
        ),
        (&json!(4), &json!(1), &json!(1), &json!(2))
    );

    // A stale version is refused; the current one reruns a PREPARED order, and the same
    // permit gives the same pseudonym.
    let (status, _) = case
        .prepare(
            &case.handler,
            order,
            "version=1&identityColumn=hetu&delimiter=%3B",
            dataset(),
        )
        .await;
    assert_eq!(status, 409);
    let again = format!("hetu,x\n{},again\n", person(123));
    let (status, body) = case
        .prepare(&case.handler, order, "version=2&identityColumn=hetu", again)
        .await;
    assert_eq!(status, 200, "{body}");
    let (rows, summary) = split(&body);
    assert_eq!(rows[1], format!("{pseudonym},again"));
    assert_eq!(summary["version"], 3);
}

async fn wrong_states_callers_and_headers_are_refused(backend: Backend) {
    let case = Case::new(backend).await;
    let ordered = case.order("ORDERED").await;
    let (status, body) = case
        .prepare(
            &case.handler,
            ordered,
            "version=1&identityColumn=hetu",
            dataset(),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("ORDERED"), "{body}");

    let received = case.order("RECEIVED").await;
    let (status, _) = case
        .prepare(
            &case.applicant,
            received,
            "version=1&identityColumn=hetu",
            dataset(),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = case
        .prepare(
            &case.handler,
            received,
            "version=1&identityColumn=ssn&delimiter=%3B",
            dataset(),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("identityColumn") && body.contains("VALIDATION"),
        "{body}"
    );
    let (status, body) = case
        .prepare(&case.handler, received, "identityColumn=hetu", dataset())
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("version"), "{body}");
    assert_eq!(case.stored(received).await.state, "RECEIVED");
    assert_eq!(case.stored(ordered).await.state, "ORDERED");

    let audit = case.audit().await;
    let denied: Vec<&Value> = audit
        .iter()
        .filter(|e| e["action"] == "delivery_order.preparation_start" && e["outcome"] == "DENIED")
        .collect();
    assert_eq!(denied.len(), 1, "the applicant's refusal is audited");
    // The bad header's run is on record as not completed.
    let runs = case.runs().await;
    assert_eq!(runs.len(), 1);
    assert!(!runs[0].completed);
}

fn deliver(
    case: &Case,
    order: Uuid,
    input: &std::path::Path,
    output: &std::path::Path,
) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tietolupa"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args([
            "deliver",
            "--order",
            &order.to_string(),
            "--identity-column",
            "hetu",
            "--delimiter",
            ";",
        ])
        .arg(input)
        .arg(output);
    for (name, value) in test_environment(&case.app.database, case.app.data_dir.path()) {
        command.env(name, value);
    }
    command.output().unwrap()
}

async fn a_run_through_the_command(backend: Backend) {
    let case = Case::new(backend).await;
    let order = case.order("RECEIVED").await;
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
    std::fs::write(&input, dataset()).unwrap();
    let result = deliver(&case, order, &input, &output);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(
        stderr.contains("4 rows: 2 written, 1 dropped as objectors, 1 invalid (lines 4)"),
        "{stderr}"
    );
    let prepared = std::fs::read_to_string(&output).unwrap();
    assert!(prepared.starts_with("id;pseudonym;note\n2;"), "{prepared}");
    assert!(!dir.path().join("out.csv.partial").exists());
    let stored = case.stored(order).await;
    assert_eq!((stored.state.as_str(), stored.version), ("PREPARED", 2));
    let runs = case.runs().await;
    assert_eq!((runs[0].via.as_str(), runs[0].written), ("CLI", 2));
    for code in codes() {
        assert!(!prepared.contains(&code) && !stderr.contains(&code));
    }

    // The API gives the same pseudonyms: one permit, one key.
    let (status, body) = case
        .prepare(
            &case.handler,
            order,
            "version=2&identityColumn=hetu&delimiter=%3B",
            dataset(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (rows, _) = split(&body);
    assert_eq!(rows.join("\n"), prepared.trim_end());
}

/// After a run through the API and one through the command, no code of the input is in
/// the database files (SQLite with its WAL, every PostgreSQL table), the responses or the
/// logs: the existing scan of `objections.rs`, over a preparation's inputs.
async fn no_plain_code_after_preparation(backend: Backend) {
    let case = Case::new(backend).await;
    let order = case.order("RECEIVED").await;
    let (status, body) = case
        .prepare(
            &case.handler,
            order,
            "version=1&identityColumn=hetu&delimiter=%3B",
            dataset(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
    std::fs::write(&input, dataset()).unwrap();
    let result = deliver(&case, order, &input, &output);
    assert!(result.status.success());
    case.audit().await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    let mut stores = crate::objections::stored_bytes(&case.app, backend).await;
    let responses = case.seen.lock().unwrap().join("\n");
    assert!(responses.contains("pseudonym"), "the scan sees responses");
    stores.push(("responses".to_owned(), responses.into_bytes()));
    stores.push(("prepared file".to_owned(), std::fs::read(&output).unwrap()));
    stores.push(("command stderr".to_owned(), result.stderr));
    let logs = tietolupa_test_support::logs::captured();
    assert!(
        logs.contains("preparation run"),
        "the scan sees the run's log"
    );
    stores.push(("logs".to_owned(), logs.into_bytes()));
    let forms = |code: &str| {
        [
            code.to_owned(),
            code.replace(['-', 'A', 'Y'], ""),
            hex::encode(code),
        ]
    };
    let found = |bytes: &[u8]| {
        codes().iter().any(|code| {
            forms(code).iter().any(|form| {
                bytes
                    .windows(form.len())
                    .any(|w| w.eq_ignore_ascii_case(form.as_bytes()))
            })
        })
    };
    assert!(
        found(format!("x{}\n", person(124)).as_bytes()),
        "the scan finds a code"
    );
    for (place, bytes) in &stores {
        assert!(
            !found(bytes),
            "an identity code appears in plain form in {place}"
        );
    }
}

on_both_databases!(
    a_run_through_the_api_prepares_its_order,
    wrong_states_callers_and_headers_are_refused,
    a_run_through_the_command,
    no_plain_code_after_preparation,
);
