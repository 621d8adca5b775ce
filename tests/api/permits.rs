//! Permits through their life: grant, amendment, expiry, destruction, revocation, each as
//! the public register shows it.

use serde_json::{Value, json};
use tietolupa_store::CallContext;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, ok, permit, permit_command, published};

pub(crate) fn in_days(days: i64) -> String {
    (tietolupa_test_support::today_in_finland() + time::Duration::days(days)).to_string()
}

pub(crate) const AMEND: &str =
    "mutation($permit: UUID!, $amendment: AmendmentInput, $input: ApplicationInput! = {}) {
    createApplication(kind: AMENDMENT, permit: $permit, amendment: $amendment, input: $input) {
        id kind state version diaryNumber permitId title amendment { changes newValidUntil } } }";

/// Takes an amendment from draft to a granted decision.
pub(crate) async fn grant_amendment(app: &TestApp, applicant: &str, draft: &Value) -> Value {
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let submitted = ok(app, applicant, "submitApplication", draft, "", json!({})).await;
    let taken = ok(app, &handler, "takeApplication", &submitted, "", json!({})).await;
    let proposal = json!({ "outcome": "GRANTED", "reasoning": "The extension is justified.", "feeCategory": "AMENDMENT" });
    let proposed = ok(
        app,
        &handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    let fee = cases::read(
        app,
        &handler,
        proposed["id"].as_str().unwrap(),
        "proposal { fee { category amountCents } }",
    )
    .await
    .unwrap();
    assert_eq!(
        fee["proposal"]["fee"],
        json!({ "category": "AMENDMENT", "amountCents": 35000 })
    );
    let decided = ok(app, &director, "decide", &proposed, "", json!({})).await;
    assert_eq!(decided["state"], "DECIDED");
    decided
}

async fn grant_amend_expire_destroy(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-2").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let permit_id = granted["permit"]["id"].clone();
    let original = permit(&app, &applicant, &permit_id).await.unwrap();
    assert_eq!(original["status"], "ACTIVE");
    assert_eq!(original["processors"][0]["lastName"], "Virtanen");
    let public = published(&app, &granted["diaryNumber"]).await;
    assert_eq!(public["kind"], "DATA_PERMIT");
    assert_eq!(public["outcome"], "GRANTED");
    assert_eq!(public["permitStatus"], "ACTIVE");
    assert_eq!(public["holder"], "University of Helsinki");
    assert_eq!(public["processingEnvironment"], "Kapseli");
    assert_eq!(public["validUntil"], original["validUntil"]);
    assert!(
        public["dataControllers"].as_array().unwrap().len() == 2,
        "{public}"
    );

    // Another applicant cannot amend someone else's permit, nor see it.
    let other = app.demo_token("demo-applicant-company").await;
    let amendment = json!({ "changes": ["EXTEND_VALIDITY"], "newValidUntil": in_days(365 * 5) });
    let code = app
        .query_error_code(
            Some(&other),
            AMEND,
            json!({ "permit": permit_id, "amendment": amendment }),
        )
        .await;
    assert_eq!(code, "NOT_FOUND");
    assert_eq!(
        permit(&app, &other, &permit_id).await,
        Err("NOT_FOUND".to_owned())
    );

    // Data sources and cohort cannot change: that needs a new application.
    let changed = json!({ "cohortDefinition": "Everyone aged 18+",
        "dataSources": [{ "dataSourceId": cases::data_source(&app, "dvv-population").await, "variables": "x" }] });
    let (_, body) = app
        .graphql(
            Some(&applicant),
            AMEND,
            json!({ "permit": permit_id, "amendment": amendment, "input": changed }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );
    let fields = body["errors"][0]["extensions"]["fields"]
        .as_array()
        .unwrap();
    assert_eq!(fields.len(), 2, "{body}");
    assert!(fields.iter().all(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .contains("submit a new application")
    }));

    // The holder extends the validity; the permit keeps the old terms as a version.
    let draft = app
        .query_ok(
            Some(&applicant),
            AMEND,
            json!({ "permit": permit_id, "amendment": amendment }),
        )
        .await["createApplication"]
        .clone();
    assert_eq!(draft["kind"], "AMENDMENT");
    assert_eq!(draft["title"], "Statin use and dementia in older adults");
    let decided = grant_amendment(&app, &applicant, &draft).await;
    let amended = permit(&app, &applicant, &permit_id).await.unwrap();
    assert_eq!(amended["validUntil"], json!(in_days(365 * 5)));
    assert_eq!(
        amended["previousVersions"][0]["validUntil"],
        original["validUntil"]
    );
    assert!(amended["previousVersions"][0]["amendmentDecisionNumber"].is_string());
    assert_eq!(
        amended["amendments"][0]["diaryNumber"],
        decided["diaryNumber"]
    );
    let public = published(&app, &granted["diaryNumber"]).await;
    assert_eq!(public["validUntil"], json!(in_days(365 * 5)));
    assert_eq!(
        public["amendments"][0]["diaryNumber"],
        decided["diaryNumber"]
    );
    let public_amendment = published(&app, &decided["diaryNumber"]).await;
    assert_eq!(public_amendment["kind"], "AMENDMENT");
    assert_eq!(
        public_amendment["amendsDiaryNumber"],
        granted["diaryNumber"]
    );

    // The scheduled job, run past the validity, expires it; the register follows.
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(365 * 5 + 2);
    let report =
        tietolupa_store::permits::run_expiry(&app.db, &CallContext::system("test").at(later))
            .await
            .unwrap();
    assert_eq!(report.expired, 1);
    let expired = permit(&app, &applicant, &permit_id).await.unwrap();
    assert_eq!(expired["status"], "EXPIRED");
    assert_eq!(
        published(&app, &granted["diaryNumber"]).await["permitStatus"],
        "EXPIRED"
    );
    // A permit already past its end is not reminded of (reminders: tests/api/messages.rs).
    let holder_messages =
        tietolupa_store::permits::outbox_for(&app.db, "demo-applicant-researcher")
            .await
            .unwrap();
    assert!(
        !holder_messages
            .iter()
            .any(|m| m["kind"] == "PERMIT_EXPIRY_REMINDER")
    );

    // The holder confirms destruction of the data.
    let destroyed = permit_command(
        &app,
        Some(&applicant),
        "confirmDataDestruction",
        &expired,
        "$destroyedOn: Date!",
        json!({ "destroyedOn": in_days(0) }),
    )
    .await
    .unwrap();
    assert_eq!(destroyed["status"], "DATA_DESTROYED");
    assert_eq!(destroyed["dataDestroyedOn"], json!(in_days(0)));
    assert_eq!(
        permit_command(
            &app,
            Some(&applicant),
            "confirmDataDestruction",
            &destroyed,
            "$destroyedOn: Date!",
            json!({ "destroyedOn": in_days(0) })
        )
        .await,
        Err("INVALID_TRANSITION".to_owned())
    );
    assert_eq!(
        published(&app, &granted["diaryNumber"]).await["permitStatus"],
        "DATA_DESTROYED"
    );
    let filtered = app
        .query_ok(None, "{ publishedDecisions(filter: { permitStatus: DATA_DESTROYED }) { edges { node { diaryNumber } } } }", json!({}))
        .await;
    let diaries: Vec<&Value> = filtered["publishedDecisions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["diaryNumber"])
        .collect();
    assert!(diaries.contains(&&granted["diaryNumber"]), "{filtered}");
}

async fn revocation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let current = permit(&app, &director, &granted["permit"]["id"])
        .await
        .unwrap();
    let reason = json!({ "reason": "Results were published against the conditions." });
    assert_eq!(
        permit_command(
            &app,
            Some(&handler),
            "revokePermit",
            &current,
            "$reason: String!",
            reason.clone()
        )
        .await,
        Err("FORBIDDEN".to_owned())
    );
    assert_eq!(
        permit_command(
            &app,
            Some(&director),
            "revokePermit",
            &current,
            "$reason: String!",
            json!({ "reason": " " })
        )
        .await,
        Err("VALIDATION".to_owned())
    );
    let mut stale = current.clone();
    stale["version"] = json!(99);
    assert_eq!(
        permit_command(
            &app,
            Some(&director),
            "revokePermit",
            &stale,
            "$reason: String!",
            reason.clone()
        )
        .await,
        Err("CONFLICT".to_owned())
    );
    let revoked = permit_command(
        &app,
        Some(&director),
        "revokePermit",
        &current,
        "$reason: String!",
        reason.clone(),
    )
    .await
    .unwrap();
    assert_eq!(revoked["status"], "REVOKED");
    assert_eq!(revoked["revocationReason"], reason["reason"]);
    assert_eq!(
        permit_command(
            &app,
            Some(&director),
            "revokePermit",
            &revoked,
            "$reason: String!",
            reason
        )
        .await,
        Err("INVALID_TRANSITION".to_owned())
    );
    // The holder sees it, and the outbox holds the notice.
    assert_eq!(
        permit(&app, &applicant, &granted["permit"]["id"])
            .await
            .unwrap()["status"],
        "REVOKED"
    );
    let messages = tietolupa_store::permits::outbox_for(&app.db, "demo-applicant-researcher")
        .await
        .unwrap();
    let notice = messages.iter().find(|m| m["kind"] == "PERMIT_REVOKED");
    // The reason is read in the service, never carried in the message.
    assert!(
        !notice
            .expect("a revocation notice")
            .to_string()
            .contains("against the conditions")
    );
    // The public register shows the status, never the reason.
    let public = published(&app, &granted["diaryNumber"]).await;
    assert_eq!(public["permitStatus"], "REVOKED");
    assert!(!public.to_string().contains("against the conditions"));
    // An amendment of a revoked permit is refused at submission.
    let amendment = json!({ "changes": ["EXTEND_VALIDITY"], "newValidUntil": in_days(365 * 5) });
    let draft = app
        .query_ok(
            Some(&applicant),
            AMEND,
            json!({ "permit": granted["permit"]["id"], "amendment": amendment }),
        )
        .await["createApplication"]
        .clone();
    let (code, body) =
        cases::refused(&app, &applicant, "submitApplication", &draft, "", json!({})).await;
    assert_eq!(code, "VALIDATION");
    assert!(
        body.to_string()
            .contains("only an active permit can be amended"),
        "{body}"
    );
}

on_both_databases!(grant_amend_expire_destroy, revocation);
