//! The retention job with a controllable clock: a draft untouched for six months is gone
//! (attachments too, a tombstone remains), a newer draft stays, submitted cases are never
//! touched. Its applicant is told the day beforehand, warned in the last 30 days, and
//! reminded by mail once when the warning starts.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tietolupa_domain::message::ReminderPolicy;
use tietolupa_entity::{application, outbox_message};
use tietolupa_mail::{Language, render};
use tietolupa_store::CallContext;
use tietolupa_store::applications::attachments::AttachmentFiles;
use tietolupa_store::reminders::{self, ReminderReport};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};
use uuid::Uuid;

use crate::cases;

/// Ages an application behind the server's back, as if untouched since `at`.
pub(crate) async fn set_updated_at(app: &TestApp, id: &Value, at: time::OffsetDateTime) {
    application::Entity::update_many()
        .col_expr(application::Column::UpdatedAt, Expr::value(at))
        .filter(application::Column::Id.eq(Uuid::parse_str(id.as_str().unwrap()).unwrap()))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
}

fn attachment_files(app: &TestApp) -> usize {
    let dir = app.data_dir.path().join("attachments");
    walk(&dir)
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

async fn old_drafts_go_newer_ones_and_submitted_cases_stay(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let now = time::OffsetDateTime::now_utc();
    let old = cases::create(
        &app,
        &applicant,
        "DATA_PERMIT",
        json!({ "title": "Old draft" }),
    )
    .await;
    let operations = json!({
        "query": "mutation($id: UUID!, $file: Upload!) { uploadAttachment(applicationId: $id, kind: OTHER, file: $file) { id } }",
        "variables": { "id": old["id"], "file": null }
    });
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.file"] }).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(b"plain text".to_vec()).file_name("notes.txt"),
        );
    let uploaded: Value = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&applicant)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(uploaded.get("errors").is_none(), "{uploaded}");
    assert_eq!(attachment_files(&app), 1);
    let newer = cases::create(
        &app,
        &applicant,
        "DATA_REQUEST",
        json!({ "title": "Newer draft" }),
    )
    .await;
    let submitted = cases::submitted_permit(&app, &applicant).await;
    set_updated_at(&app, &old["id"], now - time::Duration::days(190)).await;
    set_updated_at(&app, &newer["id"], now - time::Duration::days(150)).await;
    set_updated_at(&app, &submitted["id"], now - time::Duration::days(3_650)).await;

    let files = AttachmentFiles::new(app.data_dir.path().join("attachments"), 1 << 20);
    let ctx = CallContext::system("retention").at(now);
    let report = tietolupa_store::retention::run(&app.db, &ctx, &files)
        .await
        .unwrap();
    let old_id = Uuid::parse_str(old["id"].as_str().unwrap()).unwrap();
    assert_eq!(report.deleted, vec![old_id]);
    assert_eq!(attachment_files(&app), 0);
    assert_eq!(
        cases::read(&app, &applicant, old["id"].as_str().unwrap(), "id").await,
        Err("NOT_FOUND".to_owned())
    );
    assert!(
        tietolupa_store::retention::tombstone_exists(&app.db, old_id)
            .await
            .unwrap()
    );
    assert!(
        cases::read(&app, &applicant, newer["id"].as_str().unwrap(), "id")
            .await
            .is_ok()
    );
    assert_eq!(
        cases::read(&app, &applicant, submitted["id"].as_str().unwrap(), "state")
            .await
            .unwrap()["state"],
        "SUBMITTED"
    );

    // Years later the newer draft goes too; the submitted case never does.
    let later = CallContext::system("retention").at(now + time::Duration::days(3_650));
    let report = tietolupa_store::retention::run(&app.db, &later, &files)
        .await
        .unwrap();
    assert_eq!(report.deleted.len(), 1);
    assert!(
        cases::read(&app, &applicant, submitted["id"].as_str().unwrap(), "id")
            .await
            .is_ok()
    );
    // Nothing left to do: nothing written.
    let again = tietolupa_store::retention::run(&app.db, &later, &files)
        .await
        .unwrap();
    assert!(again.deleted.is_empty());
    // Each deletion is in the audit log.
    let entries = tietolupa_store::audit::chain_length(&app.db).await.unwrap();
    assert!(entries > 0);
}

on_both_databases!(old_drafts_go_newer_ones_and_submitted_cases_stay);

const DELETION: &str = "state draftDeletionDate draftDeletionWarning";

async fn save(app: &TestApp, token: &str, draft: &Value, input: Value) -> Value {
    let input = json!({ "input": input });
    let args = "$input: ApplicationInput!";
    cases::ok(app, token, "updateApplication", draft, args, input).await
}

/// The day a draft last changed at `updated_at` is deleted, as the applicant should read it.
fn deletion_day(updated_at: time::OffsetDateTime) -> String {
    let last_change = tietolupa_domain::calendar::helsinki_date(updated_at);
    tietolupa_domain::calendar::add_months(last_change, 6).to_string()
}

async fn the_applicant_is_told_when_an_old_draft_goes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let now = time::OffsetDateTime::now_utc();
    let draft = cases::create(&app, &applicant, "DATA_PERMIT", json!({ "title": "Aged" })).await;
    let id = draft["id"].as_str().unwrap();

    // A fresh draft has six months to go, and no warning.
    let fresh = cases::read(&app, &applicant, id, DELETION).await.unwrap();
    assert_eq!(fresh["draftDeletionDate"], deletion_day(now));
    assert_eq!(fresh["draftDeletionWarning"], false);

    // Untouched for 5½ months, as the demo's old draft: the last weeks, warned.
    let aged = now - time::Duration::days(168);
    set_updated_at(&app, &draft["id"], aged).await;
    let read = cases::read(&app, &applicant, id, DELETION).await.unwrap();
    assert_eq!(read["draftDeletionDate"], deletion_day(aged));
    assert_eq!(read["draftDeletionWarning"], true);
    let (_, listed) = app
        .graphql(
            Some(&applicant),
            &format!("{{ myApplications(first: 50) {{ nodes {{ id {DELETION} }} }} }}"),
            json!({}),
        )
        .await;
    let nodes = listed["data"]["myApplications"]["nodes"]
        .as_array()
        .unwrap();
    let listed = nodes.iter().find(|n| n["id"] == draft["id"]).unwrap();
    assert_eq!(listed["draftDeletionDate"], deletion_day(aged));
    assert_eq!(listed["draftDeletionWarning"], true);

    // Saving the draft starts the six months again.
    let saved = save(
        &app,
        &applicant,
        &draft,
        json!({ "title": "Aged, but saved" }),
    )
    .await;
    let read = cases::read(&app, &applicant, id, DELETION).await.unwrap();
    assert_eq!(read["draftDeletionWarning"], false);
    assert!(read["draftDeletionDate"].as_str().unwrap() >= deletion_day(now).as_str());

    // A submitted application is not a draft: nothing is deleted, nothing told.
    let submitted = cases::submitted_permit(&app, &applicant).await;
    set_updated_at(&app, &submitted["id"], aged).await;
    let read = cases::read(
        &app,
        &applicant,
        submitted["id"].as_str().unwrap(),
        DELETION,
    )
    .await
    .unwrap();
    assert_eq!(read["state"], "SUBMITTED");
    assert_eq!(read["draftDeletionDate"], Value::Null);
    assert_eq!(read["draftDeletionWarning"], false);
    assert_eq!(saved["state"], "DRAFT");
}

on_both_databases!(the_applicant_is_told_when_an_old_draft_goes);

async fn draft_reminders(app: &TestApp) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("DRAFT_DELETION_REMINDER"))
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
}

async fn the_applicant_is_reminded_once_before_a_draft_goes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let now = time::OffsetDateTime::now_utc();
    let input = json!({ "title": "Forgotten", "contactEmail": "tutkimus@example.fi" });
    let draft = cases::create(&app, &applicant, "DATA_PERMIT", input).await;
    cases::create(
        &app,
        &applicant,
        "DATA_REQUEST",
        json!({ "title": "Fresh" }),
    )
    .await;
    let aged = now - time::Duration::days(168);
    set_updated_at(&app, &draft["id"], aged).await;
    // Past its day: the retention job's, not reminded.
    let gone = cases::create(&app, &applicant, "DATA_PERMIT", json!({ "title": "Gone" })).await;
    set_updated_at(&app, &gone["id"], now - time::Duration::days(200)).await;

    let policy = ReminderPolicy::default();
    let job = CallContext::system("reminders").at(now);
    let report = reminders::run(&app.db, &job, &policy).await.unwrap();
    assert_eq!(report.draft_deletion_reminders, 1, "{report:?}");
    let again = reminders::run(&app.db, &job, &policy).await.unwrap();
    assert_eq!(again, ReminderReport::default());
    let queued = draft_reminders(&app).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(
        queued[0].recipient_email.as_deref(),
        Some("tutkimus@example.fi")
    );
    assert_eq!(queued[0].payload["applicationId"], draft["id"]);
    assert_eq!(queued[0].payload["deletedOn"], deletion_day(aged));
    let letter = render(
        &queued[0].kind,
        &queued[0].payload,
        Language::En,
        "https://tietolupa.example/",
    )
    .unwrap();
    assert!(letter.text.contains("Forgotten"), "{}", letter.text);
    assert!(
        letter.text.contains("will be deleted on"),
        "{}",
        letter.text
    );

    // Saved, then left alone again: a new day, told again.
    let saved = save(
        &app,
        &applicant,
        &draft,
        json!({ "title": "Forgotten again" }),
    )
    .await;
    assert_eq!(saved["state"], "DRAFT");
    let aged_again = now - time::Duration::days(160);
    set_updated_at(&app, &draft["id"], aged_again).await;
    let report = reminders::run(&app.db, &job, &policy).await.unwrap();
    assert_eq!(report.draft_deletion_reminders, 1);
    let days: Vec<Value> = draft_reminders(&app)
        .await
        .into_iter()
        .map(|m| m.payload["deletedOn"].clone())
        .collect();
    assert_eq!(days.len(), 2);
    assert!(days.contains(&json!(deletion_day(aged_again))));
}

on_both_databases!(the_applicant_is_reminded_once_before_a_draft_goes);
