//! The permit as a signed credential, issued by the server (issue 17 section 2): on grant,
//! amendment, revocation, expiry and data destruction, verifiable offline against the
//! served JWKS and status list; downloaded by its holder only.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tietolupa_entity::audit_entry;
use tietolupa_permit_credential::{Jwks, VerifiedPermit, VerifyError, verify};
use tietolupa_store::CallContext;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, permit, permit_command};
use crate::cli::tietolupa;
use crate::permits::{AMEND, grant_amendment, in_days};

const CREDENTIALS: &str = "query($id: UUID!) { permit(id: $id) {
    credential { id event status amendmentVersion kid statusIndex token }
    credentialHistory { id event status amendmentVersion kid issuedAt statusIndex token } } }";

const CURRENT: &str = "query($id: UUID!) { permit(id: $id) {
    credential { id event status amendmentVersion kid token } } }";

async fn jwks(app: &TestApp) -> Jwks {
    let response = app
        .client
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public, max-age=")
    );
    Jwks::from_json(&response.text().await.unwrap()).unwrap()
}

/// The status list from the URL the credential names.
async fn status_list(app: &TestApp, credential: &str) -> String {
    let claims = claims(credential);
    let uri = claims["status"]["status_list"]["uri"].as_str().unwrap();
    assert_eq!(uri, app.url("/api/permit-status-list"));
    let response = app.client.get(uri).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/statuslist+jwt"
    );
    assert_eq!(response.headers()["cache-control"], "public, max-age=3600");
    response.text().await.unwrap()
}

fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

async fn check(app: &TestApp, token: &str) -> Result<VerifiedPermit, VerifyError> {
    let list = status_list(app, token).await;
    verify(
        token,
        &jwks(app).await,
        Some(&list),
        time::OffsetDateTime::now_utc(),
    )
}

async fn download(app: &TestApp, token: &str, permit_id: &Value) -> reqwest::Response {
    app.client
        .get(app.url(&format!(
            "/api/permits/{}/credential",
            permit_id.as_str().unwrap()
        )))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn history(app: &TestApp, staff: &str, permit_id: &Value) -> Vec<Value> {
    app.query_ok(Some(staff), CREDENTIALS, json!({ "id": permit_id }))
        .await["permit"]["credentialHistory"]
        .as_array()
        .unwrap()
        .clone()
}

async fn audited(app: &TestApp, action: &str, permit_id: &Value) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .filter(audit_entry::Column::TargetId.eq(permit_id.as_str().unwrap()))
        .order_by_asc(audit_entry::Column::Seq)
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
}

async fn grant_amend_revoke(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-2").await;
    let director = app.demo_token("demo-director").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let permit_id = granted["permit"]["id"].clone();

    // The grant issued a credential; its holder downloads it, and it verifies offline
    // against the served keys and the list it names.
    let response = download(&app, &applicant, &permit_id).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/permit+jwt");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.ends_with(".jwt\""), "{disposition}");
    let granted_token = response.text().await.unwrap();
    let verified = check(&app, &granted_token).await.unwrap();
    let stated = &verified.credential.permit;
    assert_eq!(stated.id.to_string(), permit_id.as_str().unwrap());
    assert_eq!(
        Some(stated.diary_number.as_str()),
        granted["diaryNumber"].as_str()
    );
    assert_eq!(stated.amendment_version, 0);
    assert_eq!(stated.datasets.len(), 2, "{:?}", stated.datasets);
    assert_eq!(stated.processing_environment.name, "Kapseli");
    assert_eq!(
        stated.validity.until.to_string(),
        granted["permit"]["validUntil"].as_str().unwrap()
    );
    // No processor's name in what is shown to environments.
    assert!(!claims(&granted_token).to_string().contains("Virtanen"));
    let download_entries = audited(&app, "permit.credential_download", &permit_id).await;
    assert_eq!(download_entries.len(), 1);
    assert_eq!(download_entries[0].outcome, "SUCCESS");
    let issued = audited(&app, "permit.credential_issue", &permit_id).await;
    assert_eq!(issued.len(), 1);
    let details: Value = serde_json::from_str(issued[0].details.as_deref().unwrap()).unwrap();
    assert_eq!(details["event"], "GRANT");
    assert_eq!(details["kid"], "permit-1");
    assert_eq!(details["jti"], claims(&granted_token)["jti"]);

    // The holder sees the current credential; only staff see its history.
    let current = app
        .query_ok(Some(&applicant), CURRENT, json!({ "id": permit_id }))
        .await;
    assert_eq!(
        current["permit"]["credential"]["token"],
        json!(granted_token)
    );
    assert_eq!(current["permit"]["credential"]["event"], "GRANT");
    assert_eq!(
        app.query_error_code(Some(&applicant), CREDENTIALS, json!({ "id": permit_id }))
            .await,
        "FORBIDDEN"
    );

    // Another applicant is told there is no such permit, and the attempt is audited.
    let other = app.demo_token("demo-applicant-company").await;
    assert_eq!(download(&app, &other, &permit_id).await.status(), 404);
    let download_entries = audited(&app, "permit.credential_download", &permit_id).await;
    assert_eq!(download_entries.len(), 2);
    assert_eq!(download_entries[1].outcome, "DENIED");
    assert_eq!(download_entries[1].actor_id, "demo-applicant-company");
    let anonymous = app
        .client
        .get(app.url(&format!(
            "/api/permits/{}/credential",
            permit_id.as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    // An amendment issues a new credential with the next amendment version; the granted
    // one is superseded and refused with the fresh list.
    let amendment = json!({ "changes": ["EXTEND_VALIDITY"], "newValidUntil": in_days(365 * 5) });
    let draft = app
        .query_ok(
            Some(&applicant),
            AMEND,
            json!({ "permit": permit_id, "amendment": amendment }),
        )
        .await["createApplication"]
        .clone();
    grant_amendment(&app, &applicant, &draft).await;
    let amended_token = download(&app, &applicant, &permit_id)
        .await
        .text()
        .await
        .unwrap();
    let verified = check(&app, &amended_token).await.unwrap();
    assert_eq!(verified.credential.permit.amendment_version, 1);
    assert_eq!(
        verified.credential.permit.validity.until.to_string(),
        in_days(365 * 5)
    );
    assert_eq!(
        check(&app, &granted_token).await.unwrap_err(),
        VerifyError::Revoked
    );

    // The command verifies the downloaded credential against the served keys and list.
    let files = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let jwks_file = write("jwks.json", &jwks(&app).await.to_json());
    let list_file = write("list.jwt", &status_list(&app, &amended_token).await);
    let credential_file = write("permit.jwt", &amended_token);
    let output = tietolupa()
        .args(["permit", "verify"])
        .arg(&credential_file)
        .arg("--jwks")
        .arg(&jwks_file)
        .arg("--status-list")
        .arg(&list_file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["credential"]["permit"]["amendment_version"], 1);
    assert_eq!(printed["revocation"]["checked"], true);

    // Revocation flips the bit of the current credential in its own transaction: the
    // list fetched right after the mutation refuses it.
    let current = permit(&app, &director, &permit_id).await.unwrap();
    permit_command(
        &app,
        Some(&director),
        "revokePermit",
        &current,
        "$reason: String!",
        json!({ "reason": "Results were published against the conditions." }),
    )
    .await
    .unwrap();
    assert_eq!(
        check(&app, &amended_token).await.unwrap_err(),
        VerifyError::Revoked
    );
    let revoked_token = download(&app, &applicant, &permit_id)
        .await
        .text()
        .await
        .unwrap();
    assert!(check(&app, &revoked_token).await.is_err());
    assert_eq!(claims(&revoked_token)["permit"]["status"], "REVOKED");

    // Staff see every issuance, each with its own index.
    let events: Vec<(Value, Value, Value)> = history(&app, &handler, &permit_id)
        .await
        .iter()
        .map(|c| {
            (
                c["event"].clone(),
                c["amendmentVersion"].clone(),
                c["kid"].clone(),
            )
        })
        .collect();
    assert_eq!(
        events,
        vec![
            (json!("GRANT"), json!(0), json!("permit-1")),
            (json!("AMENDMENT"), json!(1), json!("permit-1")),
            (json!("REVOCATION"), json!(1), json!("permit-1")),
        ]
    );
}

async fn expiry_and_destruction(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let permit_id = granted["permit"]["id"].clone();

    // The daily job stores the expiry and issues the EXPIRED credential as it does.
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(365 * 5 + 2);
    let report = tietolupa_store::permits::run_expiry(
        &app.server_db,
        &CallContext::system("test").at(later),
    )
    .await
    .unwrap();
    assert_eq!(report.expired, 1);
    let expired = permit(&app, &applicant, &permit_id).await.unwrap();
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
    let credentials = history(&app, &handler, &permit_id).await;
    let events: Vec<(&Value, &Value)> = credentials
        .iter()
        .map(|c| (&c["event"], &c["status"]))
        .collect();
    assert_eq!(
        events,
        vec![
            (&json!("GRANT"), &json!("ACTIVE")),
            (&json!("EXPIRY"), &json!("EXPIRED")),
            (&json!("DATA_DESTRUCTION"), &json!("DATA_DESTROYED")),
        ]
    );
    let destruction = credentials[2]["token"].as_str().unwrap();
    assert_eq!(
        check(&app, destruction).await.unwrap_err(),
        VerifyError::NotInForce(tietolupa_domain::permit::PermitStatus::DataDestroyed)
    );
    // Every index is set once the permit is no longer in force.
    let granted_token = credentials[0]["token"].as_str().unwrap();
    assert_eq!(
        check(&app, granted_token).await.unwrap_err(),
        VerifyError::Revoked
    );
    let issued = audited(&app, "permit.credential_issue", &permit_id).await;
    let jtis: Vec<Value> = issued
        .iter()
        .map(|e| {
            serde_json::from_str::<Value>(e.details.as_deref().unwrap()).unwrap()["jti"].clone()
        })
        .collect();
    let expected: Vec<Value> = credentials
        .iter()
        .map(|c| json!(format!("urn:uuid:{}", c["id"].as_str().unwrap())))
        .collect();
    assert_eq!(jtis, expected);
}

/// With `TIETOLUPA_PERMIT_VISAS` on, each credential comes with a GA4GH
/// ControlledAccessGrants visa per processor per granted dataset, signed by the same keys.
async fn visas(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_PERMIT_VISAS".to_owned(), "true".to_owned()));
    })
    .await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let permit_id = granted["permit"]["id"].clone();
    let data = app
        .query_ok(
            Some(&applicant),
            "query($id: UUID!) { permit(id: $id) { processors { lastName }
                credential { token visas { processor dataset token } } } }",
            json!({ "id": permit_id }),
        )
        .await;
    let credential = &data["permit"]["credential"];
    let datasets = claims(credential["token"].as_str().unwrap())["permit"]["datasets"].clone();
    let processors = data["permit"]["processors"].as_array().unwrap().len();
    let visas = credential["visas"].as_array().unwrap();
    assert_eq!(visas.len(), processors * datasets.as_array().unwrap().len());
    let keys = jwks(&app).await;
    for visa in visas {
        let token = visa["token"].as_str().unwrap();
        let header: Value = {
            use base64::Engine;
            serde_json::from_slice(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(token.split('.').next().unwrap())
                    .unwrap(),
            )
            .unwrap()
        };
        assert_eq!(header["alg"], "EdDSA");
        assert_eq!(header["jku"], app.url("/.well-known/jwks.json"));
        assert!(
            keys.keys
                .iter()
                .any(|k| k.kid.as_deref() == header["kid"].as_str())
        );
        let visa_claims = claims(token);
        assert_eq!(
            visa_claims["ga4gh_visa_v1"]["type"],
            "ControlledAccessGrants"
        );
        assert_eq!(visa_claims["ga4gh_visa_v1"]["by"], "dac");
        assert_eq!(visa_claims["ga4gh_visa_v1"]["value"], visa["dataset"]);
        assert_eq!(visa_claims["sub"], visa["processor"]);
        // The processor is named by the permit's reference, never by name.
        assert!(!token.contains("Virtanen"));
        assert!(!visa_claims.to_string().contains("Virtanen"));
    }
}

on_both_databases!(grant_amend_revoke, expiry_and_destruction, visas);
