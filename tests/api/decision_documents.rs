//! Decision documents (issue 17): rendered and stored in the deciding transaction with
//! their SHA-256 in the audit entry, served publicly and in full with the access rules.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tietolupa_decision_document::Variant;
use tietolupa_entity::{audit_entry, decision, decision_document, permit};
use tietolupa_store::documents;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, ok};
use crate::permits::{AMEND, grant_amendment, in_days};

/// The latest audit entry of `action` on `target_id`.
async fn audit(app: &TestApp, action: &str, target_id: &str) -> audit_entry::Model {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .filter(audit_entry::Column::TargetId.eq(target_id))
        .order_by_desc(audit_entry::Column::Seq)
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("an audit entry {action} on {target_id}"))
}

fn details_of(entry: &audit_entry::Model) -> Value {
    serde_json::from_str(entry.details.as_deref().expect("details")).unwrap()
}

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

fn public_path(diary_number: &Value, file: &str) -> String {
    format!(
        "/api/decisions/{}/{file}",
        diary_number.as_str().unwrap().replace('/', "%2F")
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The text of a PDF, by poppler's `pdftotext`.
fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// A PDF download: status 200, the headers, and the body.
async fn pdf(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let response = get(app, token, path).await;
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    let body = response.bytes().await.unwrap().to_vec();
    assert!(body.starts_with(b"%PDF-"), "{path}");
    (headers, body)
}

async fn grant_stores_and_serves_both_versions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let id = granted["id"].as_str().unwrap();
    let diary = &granted["diaryNumber"];

    // Both versions are stored, their SHA-256 in the decision's audit entry.
    let entry = audit(&app, "application.decide", id).await;
    let details = details_of(&entry);
    let recorded = &details["documents"];
    let number = recorded["decisionNumber"].as_str().unwrap();
    assert_eq!(number, details["decisionNumber"]);
    let full = documents::stored(&app.db, number, Variant::Full)
        .await
        .unwrap()
        .expect("the full version");
    let public = documents::stored(&app.db, number, Variant::Public)
        .await
        .unwrap()
        .expect("the public version");
    assert_eq!(recorded["full"]["sha256"], sha256_hex(&full.content));
    assert_eq!(recorded["public"]["sha256"], sha256_hex(&public.content));
    assert_ne!(full.sha256, public.sha256);

    // Anyone gets the public version: the diary number, no processor, no contact data.
    let (headers, body) = pdf(&app, None, &public_path(diary, "document.pdf")).await;
    assert_eq!(body, public.content);
    assert_eq!(headers["etag"], format!("\"{}\"", public.sha256));
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let file = diary.as_str().unwrap().replace('/', "-");
    assert_eq!(
        headers["content-disposition"],
        format!("attachment; filename=\"{file}.pdf\"")
    );
    let text = text_of(&body);
    assert!(text.contains(diary.as_str().unwrap()), "{text}");
    assert!(text.contains(number), "{text}");
    assert!(
        !text.contains("Virtanen"),
        "a processor's name in public: {text}"
    );
    assert!(
        !text.contains("aino.virtanen"),
        "contact data in public: {text}"
    );

    // The applicant (the holder) and staff get the full version.
    let full_path = format!("/api/applications/{id}/decision.pdf");
    let (headers, body) = pdf(&app, Some(&applicant), &full_path).await;
    assert_eq!(body, full.content);
    assert_eq!(headers["etag"], format!("\"{}\"", full.sha256));
    assert!(text_of(&body).contains("Virtanen"));
    let (_, body) = pdf(&app, Some(&handler), &full_path).await;
    assert_eq!(body, full.content);
    let staff_read = audit(&app, "decision_document.download", id).await;
    assert_eq!(staff_read.outcome, "SUCCESS");
    assert_eq!(staff_read.actor_id, "demo-handler-1");

    // Another applicant is told it does not exist, and the refusal is audited.
    let other = app.demo_token("demo-applicant-company").await;
    assert_eq!(get(&app, Some(&other), &full_path).await.status(), 404);
    let denial = audit(&app, "decision_document.download", id).await;
    assert_eq!(denial.outcome, "DENIED");
    assert_eq!(denial.actor_id, "demo-applicant-company");
    assert_eq!(get(&app, None, &full_path).await.status(), 401);
    assert_eq!(
        get(
            &app,
            None,
            &public_path(&json!("TL/999/1999"), "document.pdf")
        )
        .await
        .status(),
        404
    );

    // Rendering again from the same rows gives the same bytes.
    for variant in [Variant::Full, Variant::Public] {
        let again = documents::render_again(&app.db, number, variant)
            .await
            .unwrap()
            .unwrap();
        assert!(
            again.from_input == again.stored,
            "{variant:?} from its input"
        );
        assert!(
            again.from_rows.as_ref() == Some(&again.stored),
            "{variant:?} from the rows"
        );
    }
}

async fn rejection_amendment_and_revocation_have_documents(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;

    // A rejection.
    let case = cases::case_in_preparation(&app, &applicant, &handler).await;
    let proposal = json!({ "outcome": "REJECTED", "feeCategory": "PERMIT",
        "reasoning": "Aggregate statistics would serve the purpose." });
    let proposed = ok(
        &app,
        &handler,
        "proposeDecision",
        &case,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    let rejected = ok(&app, &director, "decide", &proposed, "", json!({})).await;
    let (_, body) = pdf(
        &app,
        None,
        &public_path(&rejected["diaryNumber"], "document.pdf"),
    )
    .await;
    let text = text_of(&body);
    assert!(
        text.contains("Aggregate statistics would serve the purpose."),
        "{text}"
    );
    let rejected_id = rejected["id"].as_str().unwrap();
    pdf(
        &app,
        Some(&applicant),
        &format!("/api/applications/{rejected_id}/decision.pdf"),
    )
    .await;

    // An amendment of a granted permit.
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let permit_id = granted["permit"]["id"].clone();
    let amendment = json!({ "changes": ["EXTEND_VALIDITY"], "newValidUntil": in_days(365 * 5) });
    let draft = app
        .query_ok(
            Some(&applicant),
            AMEND,
            json!({ "permit": permit_id, "amendment": amendment }),
        )
        .await["createApplication"]
        .clone();
    let amended = grant_amendment(&app, &applicant, &draft).await;
    let (_, body) = pdf(
        &app,
        None,
        &public_path(&amended["diaryNumber"], "document.pdf"),
    )
    .await;
    let text = text_of(&body);
    assert!(
        text.contains(granted["diaryNumber"].as_str().unwrap()),
        "the permit's diary number: {text}"
    );
    let amendment_entry = audit(&app, "application.decide", amended["id"].as_str().unwrap()).await;
    assert!(details_of(&amendment_entry)["documents"]["full"]["sha256"].is_string());

    // A revocation: a decision number of its own, its documents in the revocation's entry.
    let current = cases::permit(&app, &director, &permit_id).await.unwrap();
    cases::permit_command(
        &app,
        Some(&director),
        "revokePermit",
        &current,
        "$reason: String!",
        json!({ "reason": "Data were processed outside the environment." }),
    )
    .await
    .unwrap();
    let entry = audit(&app, "permit.revoke", permit_id.as_str().unwrap()).await;
    let recorded = details_of(&entry)["documents"].clone();
    let number = recorded["decisionNumber"].as_str().unwrap().to_owned();
    assert_ne!(number, current["decisionNumber"].as_str().unwrap());
    let (headers, body) = pdf(
        &app,
        None,
        &public_path(&granted["diaryNumber"], "revocation.pdf"),
    )
    .await;
    assert_eq!(
        headers["etag"],
        format!("\"{}\"", recorded["public"]["sha256"].as_str().unwrap())
    );
    let text = text_of(&body);
    assert!(text.contains(&number), "{text}");
    assert!(
        text.contains("Data were processed outside the environment."),
        "{text}"
    );
    assert!(!text.contains("Virtanen"), "{text}");
    let granted_id = granted["id"].as_str().unwrap();
    let (_, body) = pdf(
        &app,
        Some(&applicant),
        &format!("/api/applications/{granted_id}/revocation.pdf"),
    )
    .await;
    assert_eq!(
        sha256_hex(&body),
        recorded["full"]["sha256"].as_str().unwrap()
    );
    let again = documents::render_again(&app.db, &number, Variant::Full)
        .await
        .unwrap()
        .unwrap();
    assert!(again.from_input == again.stored);
}

/// Every decision of the demo data (the cases decided through the store and the public
/// register's volume, seeded directly) has both versions, and every revoked permit its
/// revocation's.
async fn every_demo_decision_has_its_documents(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.retain(|(k, _)| k != "TIETOLUPA_DEMO_CASES" && k != "TIETOLUPA_DEMO_DECISIONS");
        vars.push(("TIETOLUPA_DEMO_CASES".into(), "true".into()));
        vars.push(("TIETOLUPA_DEMO_DECISIONS".into(), "40".into()));
    })
    .await;
    let conn = app.db.raw_connection_for_tests();
    let stored = decision_document::Entity::find().all(conn).await.unwrap();
    let decisions = decision::Entity::find().all(conn).await.unwrap();
    assert!(decisions.len() >= 40, "{}", decisions.len());
    for d in &decisions {
        for variant in ["FULL", "PUBLIC"] {
            assert!(
                stored
                    .iter()
                    .any(|s| s.decision_id == Some(d.id) && s.variant == variant),
                "decision {} has no {variant} document",
                d.decision_number
            );
        }
    }
    let revoked = permit::Entity::find()
        .filter(permit::Column::Status.eq("REVOKED"))
        .all(conn)
        .await
        .unwrap();
    assert!(!revoked.is_empty());
    for p in &revoked {
        assert_eq!(
            stored
                .iter()
                .filter(|s| s.permit_id == Some(p.id) && s.kind == "REVOCATION")
                .count(),
            2,
            "permit {} has its revocation's documents",
            p.id
        );
    }
    for s in &stored {
        assert_eq!(s.sha256, sha256_hex(&s.content));
    }

    // The open-data exports link the public versions, and the links resolve to them.
    let export: Value = get(&app, None, "/api/decisions.json?status=REVOKED")
        .await
        .json()
        .await
        .unwrap();
    let first = &export["decisions"][0];
    for (column, kind) in [
        ("document_url", "DECISION"),
        ("revocation_document_url", "REVOCATION"),
    ] {
        let path = first[column]
            .as_str()
            .unwrap_or_else(|| panic!("{column}: {first}"));
        let (_, body) = pdf(&app, None, path).await;
        let stored = stored
            .iter()
            .find(|s| s.sha256 == sha256_hex(&body))
            .unwrap_or_else(|| panic!("{path} serves a stored document"));
        assert_eq!(
            (stored.kind.as_str(), stored.variant.as_str()),
            (kind, "PUBLIC")
        );
        assert_eq!(
            Some(stored.diary_number.as_str()),
            first["diary_number"].as_str()
        );
    }
    let active: Value = get(&app, None, "/api/decisions.json?status=ACTIVE")
        .await
        .json()
        .await
        .unwrap();
    assert!(active["decisions"][0]["document_url"].is_string());
    assert!(active["decisions"][0]["revocation_document_url"].is_null());
    let atom = get(&app, None, "/api/decisions.atom?status=REVOKED")
        .await
        .text()
        .await
        .unwrap();
    let revoked_entry = atom.split("<entry>").nth(1).unwrap();
    for column in ["document_url", "revocation_document_url"] {
        let href = format!("href=\"{}\"", first[column].as_str().unwrap());
        assert!(
            revoked_entry.contains(&href),
            "the feed's newest revoked entry links {href}"
        );
    }
}

on_both_databases!(
    grant_stores_and_serves_both_versions,
    rejection_amendment_and_revocation_have_documents,
    every_demo_decision_has_its_documents,
);
