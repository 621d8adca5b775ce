//! The objection registry through the API: filing, representation, clerks' records,
//! withdrawal, who sees what, the GDPR export, cohort filtering, and that no identity code
//! ever appears in plain text in the database, the logs or a response.
//!
//! Only temporary codes (individual numbers 900-999), which no real person has, are used.

use std::sync::Mutex;

use serde_json::{Value, json};
use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_test_support::{Backend, TestApp, on_both_databases, test_environment};
use time::macros::date;

const OBJECTION_FIELDS: &str = "id status maskedIdentityCode channel representationBasis \
    identityVerification receivedOn processedOn withdrawnOn version filedForRepresentedPerson";

/// The demo citizens' codes (see crates/store/src/seed/demo_users.rs).
const CITIZEN: &str = "010180-9004";
const GUARDIAN: &str = "150275-901P";

fn code(date: time::Date, sign: char, individual: u16) -> String {
    Hetu::compose(date, sign, individual, HetuPolicy::ALLOW_TEMPORARY)
        .unwrap()
        .expose()
        .to_owned()
}

fn child() -> String {
    code(date!(2015 - 06 - 01), 'A', 950)
}

fn adult() -> String {
    code(date!(1985 - 03 - 12), '-', 960)
}

fn letter_writer() -> String {
    code(date!(1950 - 07 - 20), 'Y', 970)
}

fn today() -> time::Date {
    tietolupa_test_support::today_in_finland()
}

/// Every response body of a test, for the plain-code scan.
struct Client<'a> {
    app: &'a TestApp,
    seen: Mutex<Vec<String>>,
}

impl<'a> Client<'a> {
    fn new(app: &'a TestApp) -> Client<'a> {
        Client {
            app,
            seen: Mutex::new(Vec::new()),
        }
    }

    fn keep(&self, text: &str) {
        self.seen.lock().unwrap().push(text.to_owned());
    }

    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let (_, body) = self.app.graphql(token, query, variables).await;
        self.keep(&body.to_string());
        body
    }

    async fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.gql(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    async fn error(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.gql(token, query, variables).await;
        body["errors"][0].clone()
    }

    async fn file(&self, token: &str, input: Value) -> Value {
        let query = format!(
            "mutation($input: FileObjectionInput) {{ fileObjection(input: $input) \
             {{ created objection {{ {OBJECTION_FIELDS} }} }} }}"
        );
        self.ok(Some(token), &query, json!({ "input": input }))
            .await["fileObjection"]
            .clone()
    }

    async fn record(&self, token: &str, input: Value) -> Value {
        let query = format!(
            "mutation($input: RecordObjectionInput!) {{ recordObjection(input: $input) \
             {{ created objection {{ {OBJECTION_FIELDS} }} }} }}"
        );
        self.ok(Some(token), &query, json!({ "input": input }))
            .await["recordObjection"]
            .clone()
    }

    async fn mine(&self, token: &str) -> Vec<Value> {
        let query =
            format!("{{ myObjections {{ edges {{ node {{ {OBJECTION_FIELDS} }} cursor }} }} }}");
        let data = self.ok(Some(token), &query, json!({})).await;
        data["myObjections"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect()
    }

    async fn withdraw(&self, token: &str, objection: &Value) -> Value {
        self.gql(
            Some(token),
            &format!(
                "mutation($id: UUID!, $version: Int!) {{ withdrawObjection(id: $id, \
                 version: $version) {{ {OBJECTION_FIELDS} }} }}"
            ),
            json!({ "id": objection["id"], "version": objection["version"] }),
        )
        .await
    }

    async fn read(&self, token: &str, id: &Value, reason: &str) -> Value {
        self.gql(
            Some(token),
            &format!(
                "query($id: UUID!, $reason: String!) {{ objection(id: $id, reason: $reason) \
                 {{ {OBJECTION_FIELDS} }} }}"
            ),
            json!({ "id": id, "reason": reason }),
        )
        .await
    }

    async fn export(&self, token: Option<&str>) -> (u16, Value) {
        let mut request = self
            .app
            .client
            .get(self.app.url("/api/objections/me/export"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        self.keep(&text);
        (status, serde_json::from_str(&text).unwrap())
    }

    async fn cohort(&self, token: &str, query: &str, body: String) -> (u16, String) {
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/api/cohort-filter?{query}")))
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    async fn audit_actions(&self, auditor: &str) -> Vec<Value> {
        let data = self
            .ok(
                Some(auditor),
                "{ auditLog(first: 200) { edges { node { action actorRole targetType targetId \
                 reason outcome details } } } }",
                json!({}),
            )
            .await;
        data["auditLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect()
    }
}

fn code_of(error: &Value) -> &str {
    error["extensions"]["code"].as_str().unwrap_or_default()
}

async fn self_service_objection_is_idempotent(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let citizen = app.demo_token("demo-citizen").await;
    let filed = c.file(&citizen, json!(null)).await;
    assert_eq!(filed["created"], true);
    let objection = &filed["objection"];
    assert_eq!(objection["status"], "IN_FORCE");
    assert_eq!(objection["channel"], "E_SERVICE");
    assert_eq!(objection["identityVerification"], "STRONG_E_IDENTIFICATION");
    assert_eq!(objection["representationBasis"], Value::Null);
    assert_eq!(objection["maskedIdentityCode"], "010180-****");
    assert_eq!(objection["processedOn"], today().to_string());

    let again = c.file(&citizen, json!({})).await;
    assert_eq!(again["created"], false);
    assert_eq!(again["objection"]["id"], objection["id"]);

    let mine = c.mine(&citizen).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], objection["id"]);
    assert_eq!(mine[0]["filedForRepresentedPerson"], false);

    // A token without an identity code cannot file.
    let nameless = app.dev_token("no-hetu", &["CITIZEN"], None).await;
    let error = c
        .error(
            Some(&nameless),
            "mutation { fileObjection { created } }",
            json!({}),
        )
        .await;
    assert_eq!(code_of(&error), "VALIDATION");
}

async fn representative_objection(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let guardian = app.demo_token("demo-citizen-guardian").await;
    let filed = c
        .file(
            &guardian,
            json!({ "representedIdentityCode": child(), "representationBasis": "GUARDIAN_OF_MINOR" }),
        )
        .await;
    assert_eq!(filed["created"], true);
    assert_eq!(
        filed["objection"]["representationBasis"],
        "GUARDIAN_OF_MINOR"
    );
    assert_eq!(filed["objection"]["maskedIdentityCode"], "010615A****");

    let mine = c.mine(&guardian).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["filedForRepresentedPerson"], true);

    // The child, signing in themselves, sees the same objection as their own.
    let child_token = app.dev_token("child", &["CITIZEN"], Some(&child())).await;
    let theirs = c.mine(&child_token).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["id"], filed["objection"]["id"]);
    assert_eq!(theirs[0]["filedForRepresentedPerson"], false);

    // An adult is nobody's minor; a bad code is refused without being echoed.
    let query = "mutation($input: FileObjectionInput) { fileObjection(input: $input) { created } }";
    let error = c
        .error(
            Some(&guardian),
            query,
            json!({ "input": { "representedIdentityCode": adult(), "representationBasis": "GUARDIAN_OF_MINOR" } }),
        )
        .await;
    assert_eq!(code_of(&error), "VALIDATION");
    assert_eq!(
        error["extensions"]["fields"][0]["field"],
        "representationBasis"
    );
    let mut corrupted = adult();
    corrupted.replace_range(10..11, "Q");
    let error = c
        .error(
            Some(&guardian),
            query,
            json!({ "input": { "representedIdentityCode": corrupted, "representationBasis": "MANDATE" } }),
        )
        .await;
    assert_eq!(code_of(&error), "VALIDATION");
    assert_eq!(error["extensions"]["fields"][0]["field"], "identityCode");
    assert!(!error.to_string().contains(&corrupted[..6]), "{error}");
    let error = c
        .error(
            Some(&guardian),
            query,
            json!({ "input": { "representedIdentityCode": adult() } }),
        )
        .await;
    assert_eq!(code_of(&error), "VALIDATION");
}

async fn clerk_recorded_objection(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let clerk = app.demo_token("demo-registry-clerk").await;
    let received = today() - time::Duration::days(3);
    let recorded = c
        .record(
            &clerk,
            json!({
                "identityCode": letter_writer(),
                "channel": "POST",
                "identityVerification": "NOTARISED_SIGNATURE",
                "receivedOn": received.to_string(),
            }),
        )
        .await;
    assert_eq!(recorded["created"], true);
    let objection = &recorded["objection"];
    assert_eq!(objection["channel"], "POST");
    assert_eq!(objection["identityVerification"], "NOTARISED_SIGNATURE");
    assert_eq!(objection["receivedOn"], received.to_string());
    assert_eq!(objection["processedOn"], today().to_string());

    // The person later files in the e-service: the same objection comes back.
    let person = app
        .dev_token("letter-writer", &["CITIZEN"], Some(&letter_writer()))
        .await;
    let filed = c.file(&person, json!(null)).await;
    assert_eq!(filed["created"], false);
    assert_eq!(filed["objection"]["id"], objection["id"]);

    let query =
        "mutation($input: RecordObjectionInput!) { recordObjection(input: $input) { created } }";
    let mismatched = json!({ "input": {
        "identityCode": adult(), "channel": "IN_PERSON",
        "identityVerification": "NOTARISED_SIGNATURE", "receivedOn": received.to_string(),
    }});
    let error = c.error(Some(&clerk), query, mismatched.clone()).await;
    assert_eq!(code_of(&error), "VALIDATION");
    assert_eq!(
        error["extensions"]["fields"][0]["field"],
        "identityVerification"
    );
    let future = json!({ "input": {
        "identityCode": adult(), "channel": "IN_PERSON",
        "identityVerification": "ID_DOCUMENT_AT_OFFICE", "receivedOn": today().to_string(),
        "processedOn": (today() + time::Duration::days(1)).to_string(),
    }});
    assert_eq!(
        code_of(&c.error(Some(&clerk), query, future).await),
        "VALIDATION"
    );
    let citizen = app.demo_token("demo-citizen").await;
    assert_eq!(
        code_of(&c.error(Some(&citizen), query, mismatched).await),
        "FORBIDDEN"
    );
}

async fn withdrawal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let citizen = app.demo_token("demo-citizen").await;
    let filed = c.file(&citizen, json!(null)).await["objection"].clone();

    let mut stale = filed.clone();
    stale["version"] = json!(7);
    let body = c.withdraw(&citizen, &stale).await;
    assert_eq!(code_of(&body["errors"][0]), "CONFLICT");

    let other = app.demo_token("demo-citizen-guardian").await;
    let body = c.withdraw(&other, &filed).await;
    assert_eq!(code_of(&body["errors"][0]), "NOT_FOUND");

    let body = c.withdraw(&citizen, &filed).await;
    let withdrawn = &body["data"]["withdrawObjection"];
    assert_eq!(withdrawn["status"], "WITHDRAWN", "{body}");
    assert_eq!(withdrawn["withdrawnOn"], today().to_string());
    assert_eq!(withdrawn["version"], 2);
    let body = c.withdraw(&citizen, withdrawn).await;
    assert_eq!(code_of(&body["errors"][0]), "INVALID_TRANSITION");

    // After a withdrawal, filing again makes a new objection.
    let refiled = c.file(&citizen, json!(null)).await;
    assert_eq!(refiled["created"], true);
    assert_ne!(refiled["objection"]["id"], filed["id"]);
    assert_eq!(c.mine(&citizen).await.len(), 2);

    // A clerk may withdraw on the person's behalf; so may a representative.
    let clerk = app.demo_token("demo-registry-clerk").await;
    let body = c.withdraw(&clerk, &refiled["objection"]).await;
    assert_eq!(body["data"]["withdrawObjection"]["status"], "WITHDRAWN");
    let guardian = app.demo_token("demo-citizen-guardian").await;
    let for_child = c
        .file(
            &guardian,
            json!({ "representedIdentityCode": child(), "representationBasis": "GUARDIAN_OF_MINOR" }),
        )
        .await;
    let body = c.withdraw(&guardian, &for_child["objection"]).await;
    assert_eq!(body["data"]["withdrawObjection"]["status"], "WITHDRAWN");
}

async fn citizens_see_only_their_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let citizen = app.demo_token("demo-citizen").await;
    let other = app.demo_token("demo-citizen-guardian").await;
    let filed = c.file(&citizen, json!(null)).await["objection"].clone();
    assert!(c.mine(&other).await.is_empty());
    let error = c.read(&other, &filed["id"], "curious").await["errors"][0].clone();
    assert_eq!(code_of(&error), "FORBIDDEN");
    let error = c
        .error(None, "{ myObjections { edges { cursor } } }", json!({}))
        .await;
    assert_eq!(code_of(&error), "UNAUTHENTICATED");
}

async fn staff_read_needs_a_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let citizen = app.demo_token("demo-citizen").await;
    let clerk = app.demo_token("demo-registry-clerk").await;
    let handler = app.demo_token("demo-handler-1").await;
    let auditor = app.demo_token("demo-auditor").await;
    let filed = c.file(&citizen, json!(null)).await["objection"].clone();

    for reason in ["", "   "] {
        let error = c.read(&clerk, &filed["id"], reason).await["errors"][0].clone();
        assert_eq!(code_of(&error), "VALIDATION");
        assert_eq!(error["extensions"]["fields"][0]["field"], "reason");
    }
    let error = c
        .error(
            Some(&clerk),
            "query($id: UUID!) { objection(id: $id) { id } }",
            json!({ "id": filed["id"] }),
        )
        .await;
    assert_eq!(code_of(&error), "VALIDATION");
    let error = c.read(&handler, &filed["id"], "checking").await["errors"][0].clone();
    assert_eq!(code_of(&error), "FORBIDDEN");

    let body = c
        .read(&clerk, &filed["id"], "Call from the person, ticket 42")
        .await;
    assert_eq!(
        body["data"]["objection"]["maskedIdentityCode"],
        "010180-****"
    );
    let missing_id = uuid::Uuid::now_v7();
    let missing = c.read(&clerk, &json!(missing_id), "checking").await;
    assert_eq!(code_of(&missing["errors"][0]), "NOT_FOUND");

    let entries = c.audit_actions(&auditor).await;
    let read = entries
        .iter()
        .find(|e| e["action"] == "objection.read" && e["outcome"] == "SUCCESS")
        .expect("the read is audited");
    assert_eq!(read["reason"], "Call from the person, ticket 42");
    assert_eq!(read["targetId"], filed["id"]);
    assert_eq!(read["actorRole"], "REGISTRY_CLERK");
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "objection.read" && e["outcome"] == "DENIED"),
        "the handler's refused read is audited"
    );
    let missing_id = missing_id.to_string();
    assert!(
        entries.iter().any(|e| e["action"] == "objection.read"
            && e["outcome"] == "DENIED"
            && e["reason"] == "not_found"
            && e["targetId"] == missing_id.as_str()),
        "the read of a missing objection is audited with the id asked for"
    );
}

async fn export_contents(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let citizen = app.demo_token("demo-citizen").await;
    let guardian = app.demo_token("demo-citizen-guardian").await;
    let clerk = app.demo_token("demo-registry-clerk").await;
    let own = c.file(&citizen, json!(null)).await["objection"].clone();
    c.read(&clerk, &own["id"], "Checking a letter").await;
    let for_child = c
        .file(
            &guardian,
            json!({ "representedIdentityCode": child(), "representationBasis": "GUARDIAN_OF_MINOR" }),
        )
        .await["objection"]
        .clone();

    let (status, export) = c.export(Some(&citizen)).await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["maskedIdentityCode"], "010180-****");
    assert_eq!(export["objections"].as_array().unwrap().len(), 1);
    assert_eq!(export["objections"][0]["id"], own["id"]);
    assert_eq!(export["objections"][0]["status"], "IN_FORCE");
    assert!(
        export["objectionsFiledForOthers"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let actions: Vec<&str> = export["auditEntries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["objection.file", "objection.read"]);
    assert_eq!(export["auditEntries"][1]["reason"], "Checking a letter");
    assert_eq!(export["auditEntries"][1]["actorRole"], "REGISTRY_CLERK");
    assert_eq!(
        export["auditEntries"][1]["organisation"],
        "PERMIT_AUTHORITY"
    );
    assert_eq!(export["auditEntries"][0]["organisation"], Value::Null);

    // Each entry comes with an inclusion proof that checks offline against the checkpoint
    // in the export and the server's public key.
    let key: Value = app
        .client
        .get(app.url("/api/audit/checkpoint-keys"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let checkpoint = export["checkpoint"].as_str().expect("a signed checkpoint");
    for entry in export["auditEntries"].as_array().unwrap() {
        let proof: tietolupa_audit_proof::offline::PublishedProof =
            serde_json::from_value(entry["inclusionProof"].clone()).unwrap();
        let vouched = tietolupa_audit_proof::offline::verify_against_checkpoint(
            checkpoint,
            key["current"].as_str().unwrap(),
            &proof,
            None,
        )
        .unwrap_or_else(|e| panic!("{entry}: {e}"));
        let tietolupa_audit_proof::offline::PublishedProof::Inclusion { leaf_index, .. } = proof
        else {
            panic!("an inclusion proof");
        };
        assert_eq!(leaf_index + 1, entry["seq"].as_u64().unwrap());
        assert!(leaf_index < vouched.size);
    }

    let (_, export) = c.export(Some(&guardian)).await;
    assert!(export["objections"].as_array().unwrap().is_empty());
    assert_eq!(export["objectionsFiledForOthers"][0]["id"], for_child["id"]);
    assert_eq!(
        export["objectionsFiledForOthers"][0]["maskedIdentityCode"],
        "010615A****"
    );

    let (status, _) = c.export(None).await;
    assert_eq!(status, 401);
    let (status, body) = c.export(Some(&clerk)).await;
    assert_eq!(status, 403);
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
}

/// The summary line and the kept lines of a cohort-filter response.
fn split_summary(body: &str) -> (Vec<&str>, Value) {
    let mut lines: Vec<&str> = body.lines().collect();
    let summary = lines.pop().expect("a summary line");
    let summary = summary.strip_prefix("# ").expect("the summary comes last");
    (lines, serde_json::from_str(summary).unwrap())
}

async fn cohort_filter_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let clerk = app.demo_token("demo-registry-clerk").await;
    let citizen = app.demo_token("demo-citizen").await;
    let guardian = app.demo_token("demo-citizen-guardian").await;
    let auditor = app.demo_token("demo-auditor").await;
    // In force from today.
    c.record(
        &clerk,
        json!({ "identityCode": letter_writer(), "channel": "IN_PERSON",
                "identityVerification": "ID_DOCUMENT_AT_OFFICE",
                "receivedOn": today().to_string() }),
    )
    .await;
    // Filed, then withdrawn today.
    let filed = c.file(&citizen, json!(null)).await["objection"].clone();
    c.withdraw(&citizen, &filed).await;
    // In force.
    c.file(&guardian, json!(null)).await;

    let input = format!(
        "{}\n{CITIZEN}\r\n{}\nnot-a-code\n{}\n{GUARDIAN}\n\n{}",
        letter_writer(),
        adult(),
        adult(),
        letter_writer()
    );
    let query = format!("extractionDate={}&permit=TL%2F12%2F2026", today());
    let (status, body) = c.cohort(&clerk, &query, input.clone()).await;
    assert_eq!(status, 200, "{body}");
    let (kept, summary) = split_summary(&body);
    assert_eq!(kept, [CITIZEN, adult().as_str(), adult().as_str()]);
    assert_eq!(summary["lines"], 8);
    assert_eq!(summary["kept"], 3);
    assert_eq!(summary["removed"], 3);
    assert_eq!(summary["invalid"], 2);
    assert_eq!(summary["invalidLines"], json!([4, 7]));
    assert!(!body.contains("not-a-code"));

    // Yesterday nothing was in force yet: only the invalid lines go.
    let yesterday = today() - time::Duration::days(1);
    let handler = app.demo_token("demo-handler-1").await;
    let (status, body) = c
        .cohort(&handler, &format!("extractionDate={yesterday}"), input)
        .await;
    assert_eq!(status, 200, "{body}");
    let (kept, summary) = split_summary(&body);
    assert_eq!(kept.len(), 6);
    assert_eq!(summary["removed"], 0);

    let (status, _) = c
        .cohort(
            &citizen,
            &format!("extractionDate={yesterday}"),
            String::new(),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = c
        .cohort(&clerk, "extractionDate=tomorrow", String::new())
        .await;
    assert_eq!(status, 400, "{body}");

    let entries = c.audit_actions(&auditor).await;
    let finish: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "cohort_filter.finish")
        .collect();
    assert_eq!(finish.len(), 2);
    let details: Value = serde_json::from_str(finish[1]["details"].as_str().unwrap()).unwrap();
    assert_eq!(details["removed"], 3);
    assert_eq!(details["invalid"], 2);
    assert_eq!(finish[1]["targetId"], "TL/12/2026");
    assert_eq!(finish[1]["actorRole"], "REGISTRY_CLERK");
}

/// curl sends `Expect: 100-continue` with any upload over 1 MiB and holds the body back until
/// told to go on (or its timeout passes: 1.8 s per run before the filter answered it). The
/// filter answers as soon as the caller is authorised, and refuses others before they send
/// the list.
async fn cohort_filter_answers_expect_continue(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;
    use tokio::time::{Duration, timeout};

    async fn head(stream: &mut TcpStream) -> String {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            let read = timeout(Duration::from_secs(10), stream.read(&mut byte))
                .await
                .expect("the server answers the head without the body")
                .unwrap();
            assert_eq!(read, 1, "the connection stays open");
            head.push(byte[0]);
        }
        String::from_utf8(head).unwrap()
    }

    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let citizen = app.demo_token("demo-citizen").await;
    c.file(&citizen, json!(null)).await;
    let clerk = app.demo_token("demo-registry-clerk").await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let body = format!("{CITIZEN}\n{}\n", adult());
    let request = |token: &str| {
        format!(
            "POST /api/cohort-filter?extractionDate={} HTTP/1.1\r\nhost: {host}\r\n\
             authorization: Bearer {token}\r\ncontent-length: {}\r\n\
             expect: 100-continue\r\nconnection: close\r\n\r\n",
            today(),
            body.len()
        )
    };

    let mut stream = TcpStream::connect(&host).await.unwrap();
    stream.write_all(request(&clerk).as_bytes()).await.unwrap();
    let interim = head(&mut stream).await;
    assert!(
        interim.starts_with("HTTP/1.1 100 Continue\r\n"),
        "{interim}"
    );
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200 "), "{response}");
    assert!(
        response.contains("\"kept\":1") && response.contains("\"removed\":1"),
        "{response}"
    );

    // Someone who may not filter is refused without being asked for the list.
    let mut stream = TcpStream::connect(&host).await.unwrap();
    stream
        .write_all(request(&citizen).as_bytes())
        .await
        .unwrap();
    let refusal = head(&mut stream).await;
    assert!(refusal.starts_with("HTTP/1.1 403 "), "{refusal}");
}

async fn cohort_filter_command(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let citizen = app.demo_token("demo-citizen").await;
    c.file(&citizen, json!(null)).await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cohort.txt");
    let output = dir.path().join("kept.txt");
    std::fs::write(&input, format!("{CITIZEN}\n{}\nbad\n{GUARDIAN}\n", adult())).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tietolupa"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(["cohort-filter", "--extraction-date"])
        .arg(today().to_string())
        .args(["--permit", "TL/3/2026"])
        .arg(&input)
        .arg(&output);
    for (name, value) in test_environment(&app.database, app.data_dir.path()) {
        command.env(name, value);
    }
    let result = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        format!("{}\n{GUARDIAN}\n", adult())
    );
    assert!(
        stderr.contains("4 lines: 2 kept, 1 removed, 1 invalid (lines 3)"),
        "{stderr}"
    );
    for plain in [CITIZEN, GUARDIAN, adult().as_str()] {
        assert!(!stderr.contains(plain), "{stderr}");
    }
}

fn run_command(app: &TestApp, args: &[&str]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tietolupa"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(args);
    for (name, value) in test_environment(&app.database, app.data_dir.path()) {
        command.env(name, value);
    }
    command.output().unwrap()
}

/// Rotation as README.md describes it: new keys become current, lookups keep working for
/// rows under the old keys, `tietolupa objections reindex` re-keys them, and the old keys
/// can then be removed.
async fn key_rotation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let guardian = app.demo_token("demo-citizen-guardian").await;
    c.file(
        &guardian,
        json!({ "representedIdentityCode": child(), "representationBasis": "GUARDIAN_OF_MINOR" }),
    )
    .await;
    let secrets = app.data_dir.path().join("secrets.toml");
    let original = std::fs::read_to_string(&secrets).unwrap();
    let rotated = original
        .replace("current = \"bi-1\"", "current = \"bi-2\"")
        .replace("current = \"enc-1\"", "current = \"enc-2\"")
        .replace(
            "[blind_index.keys]\n",
            "[blind_index.keys]\nbi-2 = \"AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=\"\n",
        )
        .replace(
            "[encryption.keys]\n",
            "[encryption.keys]\nenc-2 = \"BAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ=\"\n",
        );
    assert_ne!(rotated, original);
    std::fs::write(&secrets, &rotated).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    let output = dir.path().join("out.txt");
    std::fs::write(&input, format!("{}\n{}\n", child(), adult())).unwrap();
    let filter = |app: &TestApp| {
        let result = run_command(
            app,
            &[
                "cohort-filter",
                "--extraction-date",
                &today().to_string(),
                input.to_str().unwrap(),
                output.to_str().unwrap(),
            ],
        );
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        std::fs::read_to_string(&output).unwrap()
    };
    // Rows under the old key still filter.
    assert_eq!(filter(&app), format!("{}\n", adult()));

    // Without the old encryption key before re-keying, the filter refuses to run rather
    // than pass the objector through.
    let early: String = rotated
        .lines()
        .filter(|l| !l.starts_with("enc-1 ="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&secrets, early).unwrap();
    let refused = run_command(
        &app,
        &[
            "cohort-filter",
            "--extraction-date",
            &today().to_string(),
            input.to_str().unwrap(),
            output.to_str().unwrap(),
        ],
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("`enc-1`, which the secrets file no longer holds"),
        "{stderr}"
    );
    std::fs::write(&secrets, &rotated).unwrap();

    let result = run_command(&app, &["objections", "reindex"]);
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}");
    assert!(stdout.contains("1 of 1 rows rewritten"), "{stdout}");

    // The old keys can go.
    let retired: String = rotated
        .lines()
        .filter(|l| !l.starts_with("bi-1 =") && !l.starts_with("enc-1 ="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&secrets, retired).unwrap();
    assert_eq!(filter(&app), format!("{}\n", adult()));
    let result = run_command(&app, &["objections", "reindex"]);
    assert!(String::from_utf8_lossy(&result.stdout).contains("0 of 1 rows rewritten"));
}

/// Scans everything the suite can see for the identity codes it used: the database (the
/// SQLite file with its WAL, or every PostgreSQL table as JSON), every response body, and
/// the captured logs at debug level. The one place codes legitimately leave the system,
/// the kept lines of a cohort filter, is exercised here with objectors and invalid lines
/// only, so its output must hold none either.
async fn no_plain_identity_code_anywhere(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = Client::new(&app);
    let citizen = app.demo_token("demo-citizen").await;
    let guardian = app.demo_token("demo-citizen-guardian").await;
    let clerk = app.demo_token("demo-registry-clerk").await;
    let auditor = app.demo_token("demo-auditor").await;

    let own = c.file(&citizen, json!(null)).await["objection"].clone();
    c.file(&citizen, json!(null)).await;
    c.file(&guardian, json!(null)).await;
    c.file(
        &guardian,
        json!({ "representedIdentityCode": child(), "representationBasis": "GUARDIAN_OF_MINOR" }),
    )
    .await;
    c.record(
        &clerk,
        json!({ "identityCode": letter_writer(), "channel": "POST",
                "identityVerification": "NOTARISED_SIGNATURE",
                "receivedOn": today().to_string(),
                "representationBasis": "MANDATE",
                "representativeIdentityCode": adult() }),
    )
    .await;
    let mut bad = adult();
    bad.replace_range(0..2, "32");
    c.error(
        Some(&clerk),
        "mutation($input: RecordObjectionInput!) { recordObjection(input: $input) { created } }",
        json!({ "input": { "identityCode": bad, "channel": "POST",
                "identityVerification": "NOTARISED_SIGNATURE",
                "receivedOn": today().to_string() } }),
    )
    .await;
    c.read(&clerk, &own["id"], "Checking").await;
    c.mine(&citizen).await;
    c.mine(&guardian).await;
    c.export(Some(&citizen)).await;
    c.export(Some(&guardian)).await;
    let (status, body) = c
        .cohort(
            &clerk,
            &format!("extractionDate={}", today()),
            format!(
                "{CITIZEN}\n{GUARDIAN}\n{}\n{}\n{bad}\n",
                child(),
                letter_writer()
            ),
        )
        .await;
    assert_eq!(status, 200);
    c.keep(&body);
    c.withdraw(&citizen, &own).await;
    c.audit_actions(&auditor).await;
    c.ok(Some(&auditor), "{ verifyAuditLog { intact } }", json!({}))
        .await;

    let codes = [
        CITIZEN.to_owned(),
        GUARDIAN.to_owned(),
        child(),
        adult(),
        letter_writer(),
        bad.clone(),
    ];
    let forms = |code: &str| {
        [
            code.to_owned(),
            code.replace(['-', 'A', 'Y'], ""),
            hex::encode(code),
        ]
    };

    let mut stores = stored_bytes(&app, backend).await;
    let responses = c.seen.lock().unwrap().join("\n");
    assert!(responses.contains("010180-****"), "the scan sees responses");
    let logs = tietolupa_test_support::logs::captured();
    assert!(!logs.is_empty(), "the scan sees logs");
    stores.push(("responses".to_owned(), responses.into_bytes()));
    stores.push(("logs".to_owned(), logs.into_bytes()));

    let found = |bytes: &[u8]| {
        codes.iter().any(|code| {
            forms(code).iter().any(|form| {
                bytes
                    .windows(form.len())
                    .any(|w| w.eq_ignore_ascii_case(form.as_bytes()))
            })
        })
    };
    // The scan does find a code where there is one.
    assert!(found(format!("x{}\n", adult()).as_bytes()));
    assert!(found(hex::encode(CITIZEN).as_bytes()));
    for (place, bytes) in &stores {
        assert!(
            !found(bytes),
            "an identity code appears in plain form in {place}"
        );
    }
}

/// The database as bytes, for the plain-code scans: the SQLite file with its WAL and
/// shared-memory files, or every PostgreSQL table as JSON rows.
pub(crate) async fn stored_bytes(app: &TestApp, backend: Backend) -> Vec<(String, Vec<u8>)> {
    let mut stores: Vec<(String, Vec<u8>)> = Vec::new();
    match backend {
        Backend::Sqlite => {
            let path = app
                .database
                .url()
                .trim_start_matches("sqlite://")
                .split('?')
                .next()
                .unwrap()
                .to_owned();
            for suffix in ["", "-wal", "-shm"] {
                if let Ok(bytes) = std::fs::read(format!("{path}{suffix}")) {
                    stores.push((format!("sqlite file{suffix}"), bytes));
                }
            }
            assert!(!stores.is_empty());
        }
        Backend::Postgres => {
            use sea_orm::{ConnectionTrait, Statement};
            let conn = app.db.raw_connection_for_tests();
            let tables = conn
                .query_all_raw(Statement::from_string(
                    conn.get_database_backend(),
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
                ))
                .await
                .unwrap();
            assert!(tables.len() >= 5);
            for table in tables {
                let name: String = table.try_get("", "tablename").unwrap();
                let rows = conn
                    .query_all_raw(Statement::from_string(
                        conn.get_database_backend(),
                        format!("SELECT row_to_json(t)::text AS row FROM \"{name}\" t"),
                    ))
                    .await
                    .unwrap();
                let mut text = Vec::new();
                for row in rows {
                    let json: String = row.try_get("", "row").unwrap();
                    text.extend_from_slice(json.as_bytes());
                    text.push(b'\n');
                }
                stores.push((format!("table {name}"), text));
            }
        }
    }
    stores
}

/// Objection dates are days in Finland: half an hour after midnight in Helsinki (still the
/// previous day in UTC) a clerk records a letter received that day, and filing and
/// withdrawing date themselves that day too.
async fn dates_are_days_in_finland(backend: Backend) {
    use tietolupa_domain::objection::{Channel, IdentityVerification};
    use tietolupa_domain::{Actor, IdentityCodeClaim, Role};
    use tietolupa_store::CallContext;
    use tietolupa_store::objections::{self, FileObjection, RecordObjection};

    let app = TestApp::spawn(backend).await;
    let config =
        tietolupa_config::Config::from_vars(test_environment(&app.database, app.data_dir.path()))
            .unwrap();
    let crypto = tietolupa_http::objection_crypto(&config).unwrap();
    let just_after_midnight = time::macros::datetime!(2026-11-23 22:30 UTC);
    let finnish_day = date!(2026 - 11 - 24);
    let clerk = CallContext::new(Actor::person(
        "demo-registry-clerk",
        None,
        [Role::RegistryClerk],
        None,
    ))
    .at(just_after_midnight);

    let recorded = objections::record(
        &app.db,
        &crypto,
        &clerk,
        RecordObjection {
            identity_code: letter_writer(),
            channel: Channel::Post,
            identity_verification: IdentityVerification::NotarisedSignature,
            received_on: finnish_day,
            processed_on: None,
            representation: None,
        },
    )
    .await
    .expect("a letter received today in Finland is not in the future");
    assert_eq!(recorded.objection.received_on, finnish_day);
    assert_eq!(recorded.objection.processed_on, finnish_day);

    let withdrawn = objections::withdraw(
        &app.db,
        &crypto,
        &clerk,
        recorded.objection.id,
        recorded.objection.version,
    )
    .await
    .unwrap();
    assert_eq!(withdrawn.withdrawn_on, Some(finnish_day));

    let citizen = CallContext::new(Actor::person(
        "dates-citizen",
        None,
        [Role::Citizen],
        Some(IdentityCodeClaim::new(adult())),
    ))
    .at(just_after_midnight);
    let filed = objections::file(
        &app.db,
        &crypto,
        &citizen,
        FileObjection { represented: None },
    )
    .await
    .unwrap();
    assert_eq!(filed.objection.received_on, finnish_day);
    assert_eq!(filed.objection.processed_on, finnish_day);
}

on_both_databases!(
    self_service_objection_is_idempotent,
    representative_objection,
    clerk_recorded_objection,
    withdrawal,
    citizens_see_only_their_own,
    staff_read_needs_a_reason,
    export_contents,
    cohort_filter_api,
    cohort_filter_answers_expect_continue,
    cohort_filter_command,
    key_rotation,
    no_plain_identity_code_anywhere,
    dates_are_days_in_finland,
);
