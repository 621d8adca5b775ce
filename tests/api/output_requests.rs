//! Output requests end to end (issue 16 section 3): a holder submits result tables, the
//! check's report flags cells, a handler reviews, four eyes on overrides, release with the
//! SHA-256 in the audit log; changes asked for and a new submission; rejection; bad files
//! refused with nothing saved; a permit's stricter thresholds.

use reqwest::multipart::{Form, Part};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tietolupa_entity::{
    audit_entry, output_file, output_request, output_request_event, output_request_version,
};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases;

/// Every cell well above the thresholds, no zeros, no row or column in one cell.
pub(crate) const CLEAN: &[u8] = b"region,2024,2025\nNorth,20,30\nSouth,40,50\n";
/// South 2024 is 3 persons: below the minimum frequency of 10.
pub(crate) const SMALL_CELL: &[u8] = b"region,2024,2025\nNorth,25,30\nSouth,3,40\n";
const MAGNITUDE: &[u8] = b"group,Income:sum,Income:count,Income:largest,Income:second\nA,1000,20,100,90\nB,2000,30,150,120\n";

const FIELDS: &str = "id version state status submission description diaryNumber permitId
    awaitingSecondApproval reviewerName secondApproverName decisionReason
    files { id name kind sizeBytes sha256 status downloadUrl findings { row column rowLabel columnLabel rule status explanation } }
    submissions { number description files { id name } }
    overrides { fileId row column rule reason byName }
    history { fromState toState comment }";

/// A table to upload: its kind, name and bytes.
pub(crate) type Table<'a> = (&'a str, &'a str, &'a [u8]);

fn form(ids: &[(&str, String)], description: &str, tables: &[Table<'_>]) -> Form {
    let mut form = Form::new();
    for (name, value) in ids {
        form = form.text(name.to_string(), value.clone());
    }
    form = form.text("description", description.to_owned());
    for (kind, name, bytes) in tables {
        form = form.text("kind", kind.to_string()).part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    }
    form
}

async fn post(app: &TestApp, token: &str, path: &str, form: Form) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn submit(
    app: &TestApp,
    token: &str,
    permit: &Value,
    tables: &[Table<'_>],
) -> (u16, Value) {
    let ids = [("permitId", permit.as_str().unwrap().to_owned())];
    post(
        app,
        token,
        "/api/output-requests",
        form(&ids, "Tables for the article.", tables),
    )
    .await
}

pub(crate) async fn read(app: &TestApp, token: &str, id: &Value) -> Result<Value, String> {
    let (_, body) = app
        .graphql(
            Some(token),
            &format!("query($id: UUID!) {{ outputRequest(id: $id) {{ {FIELDS} }} }}"),
            json!({ "id": id }),
        )
        .await;
    match body["errors"][0]["extensions"]["code"].as_str() {
        Some(code) => Err(code.to_owned()),
        None => Ok(body["data"]["outputRequest"].clone()),
    }
}

/// Runs a review mutation `name(id, version, ...)`; the request or the error code.
async fn step(
    app: &TestApp,
    token: &str,
    name: &str,
    request: &Value,
    args: &str,
    mut variables: Value,
) -> Result<Value, String> {
    let params = if args.is_empty() {
        String::new()
    } else {
        format!(", {args}")
    };
    let call: String = args
        .split(',')
        .filter_map(|a| a.split(':').next())
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| format!(", {}: {a}", &a[1..]))
        .collect();
    let query = format!(
        "mutation($id: UUID!, $version: Int!{params}) {{ {name}(id: $id, version: $version{call}) {{ {FIELDS} }} }}"
    );
    variables["id"] = request["id"].clone();
    variables["version"] = request["version"].clone();
    let (_, body) = app.graphql(Some(token), &query, variables).await;
    match body["errors"][0]["extensions"]["code"].as_str() {
        Some(code) => Err(code.to_owned()),
        None => Ok(body["data"][name].clone()),
    }
}

async fn download(app: &TestApp, token: &str, url: &str) -> (u16, Vec<u8>) {
    let response = app
        .client
        .get(app.url(url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.bytes().await.unwrap().to_vec(),
    )
}

/// A granted permit of the researcher; its `{ id version }`.
async fn granted_permit(app: &TestApp, applicant: &str) -> Value {
    let handler = app.demo_token("demo-handler-2").await;
    cases::granted_case(app, applicant, &handler).await["permit"].clone()
}

async fn holder_submits_and_staff_release_with_four_eyes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let holder = app.demo_token("demo-applicant-researcher").await;
    let other = app.demo_token("demo-applicant-company").await;
    let handler = app.demo_token("demo-handler-1").await;
    let handler2 = app.demo_token("demo-handler-2").await;
    let director = app.demo_token("demo-director").await;
    let permit = granted_permit(&app, &holder).await;

    let (status, created) = submit(
        &app,
        &holder,
        &permit["id"],
        &[
            ("FREQUENCY", "counts.csv", SMALL_CELL),
            ("MAGNITUDE", "income.csv", MAGNITUDE),
        ],
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let request = read(&app, &holder, &created["id"]).await.unwrap();
    assert_eq!(request["state"], "SUBMITTED");
    assert_eq!(request["status"], "FAIL");
    assert_eq!(request["submission"], 1);
    assert_eq!(request["permitId"], permit["id"]);
    let counts = &request["files"][0];
    assert_eq!(counts["name"], "counts.csv");
    assert_eq!(counts["sha256"], hex::encode(Sha256::digest(SMALL_CELL)));
    let small = counts["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "MINIMUM_FREQUENCY")
        .unwrap_or_else(|| panic!("{counts}"))
        .clone();
    assert_eq!(
        (small["rowLabel"].as_str(), small["columnLabel"].as_str()),
        (Some("South"), Some("2024"))
    );
    assert_eq!(small["status"], "FAIL");
    assert_eq!(request["files"][1]["status"], "PASS", "{request}");
    // Before release the holder has no download link, and the URL is refused.
    assert!(counts["downloadUrl"].is_null());
    let url = format!(
        "/api/output-requests/{}/files/{}",
        request["id"].as_str().unwrap(),
        counts["id"].as_str().unwrap()
    );
    assert_eq!(download(&app, &holder, &url).await.0, 403);
    // Another applicant neither sees nor downloads it.
    assert_eq!(
        read(&app, &other, &request["id"]).await,
        Err("NOT_FOUND".into())
    );
    assert_eq!(download(&app, &other, &url).await.0, 404);
    // The holder cannot review their own request.
    assert_eq!(
        step(&app, &holder, "startOutputReview", &request, "", json!({})).await,
        Err("FORBIDDEN".into())
    );

    let review = step(&app, &handler, "startOutputReview", &request, "", json!({}))
        .await
        .unwrap();
    assert_eq!(review["state"], "IN_REVIEW");
    // A stale version is a conflict.
    assert_eq!(
        step(&app, &handler, "startOutputReview", &request, "", json!({})).await,
        Err("CONFLICT".into())
    );
    // A failing cell must be overridden.
    let approve = "$overrides: [OutputOverrideInput!]";
    assert_eq!(
        step(
            &app,
            &handler,
            "approveOutputRequest",
            &review,
            approve,
            json!({ "overrides": [] })
        )
        .await,
        Err("INVALID_TRANSITION".into())
    );
    let over = |row: &Value, reason: &str| json!([{ "fileId": counts["id"], "row": row, "column": small["column"], "rule": "MINIMUM_FREQUENCY", "reason": reason }]);
    // An override names an existing finding, with a reason.
    assert_eq!(
        step(
            &app,
            &handler,
            "approveOutputRequest",
            &review,
            approve,
            json!({ "overrides": over(&json!(0), "Fine.") })
        )
        .await,
        Err("VALIDATION".into())
    );
    assert_eq!(
        step(
            &app,
            &handler,
            "approveOutputRequest",
            &review,
            approve,
            json!({ "overrides": over(&small["row"], " ") })
        )
        .await,
        Err("VALIDATION".into())
    );
    let first = step(
        &app,
        &handler,
        "approveOutputRequest",
        &review,
        approve,
        json!({ "overrides": over(&small["row"], "Published in the register already.") }),
    )
    .await
    .unwrap();
    assert_eq!(first["state"], "IN_REVIEW");
    assert_eq!(first["awaitingSecondApproval"], true);
    assert_eq!(
        first["overrides"][0]["reason"],
        "Published in the register already."
    );
    // Four eyes: the reviewer cannot confirm, nor another handler; a Director can.
    assert_eq!(
        step(
            &app,
            &handler,
            "confirmOutputApproval",
            &first,
            "",
            json!({})
        )
        .await,
        Err("FORBIDDEN".into())
    );
    assert_eq!(
        step(
            &app,
            &handler2,
            "confirmOutputApproval",
            &first,
            "",
            json!({})
        )
        .await,
        Err("FORBIDDEN".into())
    );
    assert_eq!(
        step(&app, &handler, "releaseOutput", &first, "", json!({})).await,
        Err("INVALID_TRANSITION".into())
    );
    let approved = step(
        &app,
        &director,
        "confirmOutputApproval",
        &first,
        "",
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(approved["state"], "APPROVED");
    assert_eq!(approved["awaitingSecondApproval"], false);
    assert!(approved["secondApproverName"].is_string(), "{approved}");
    assert_eq!(download(&app, &holder, &url).await.0, 403);

    let released = step(&app, &handler, "releaseOutput", &approved, "", json!({}))
        .await
        .unwrap();
    assert_eq!(released["state"], "RELEASED");
    let history: Vec<_> = released["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["toState"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        history,
        [
            "SUBMITTED",
            "IN_REVIEW",
            "IN_REVIEW",
            "APPROVED",
            "RELEASED"
        ]
    );
    let mine = read(&app, &holder, &request["id"]).await.unwrap();
    assert_eq!(mine["files"][0]["downloadUrl"], json!(url));
    let (status, bytes) = download(&app, &holder, &url).await;
    assert_eq!((status, bytes.as_slice()), (200, SMALL_CELL));
    assert_eq!(download(&app, &other, &url).await.0, 404);

    // The release's audit entry is the decision record, with every file's SHA-256.
    let entry = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("output_request.release"))
        // Refused releases before it are audited too (DENIED, without the record).
        .filter(audit_entry::Column::Outcome.eq("SUCCESS"))
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .expect("a release entry");
    let details: Value = serde_json::from_str(entry.details.as_deref().unwrap()).unwrap();
    let shas: Vec<_> = details["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["sha256"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        shas,
        [
            hex::encode(Sha256::digest(SMALL_CELL)),
            hex::encode(Sha256::digest(MAGNITUDE))
        ]
    );
    assert_eq!(details["thresholds"]["minimumFrequency"], 10);
    assert!(
        details["toolVersion"]
            .as_str()
            .unwrap()
            .starts_with("tietolupa-output-check"),
        "{details}"
    );
    assert_eq!(details["rules"].as_array().unwrap().len(), 5);
    assert_eq!(details["overrides"][0]["rule"], "MINIMUM_FREQUENCY");
}

async fn changes_then_a_new_submission_then_rejection(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let holder = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let permit = granted_permit(&app, &holder).await;
    let (_, created) = submit(
        &app,
        &holder,
        &permit["id"],
        &[("FREQUENCY", "counts.csv", SMALL_CELL)],
    )
    .await;
    let request = read(&app, &holder, &created["id"]).await.unwrap();
    let review = step(&app, &handler, "startOutputReview", &request, "", json!({}))
        .await
        .unwrap();
    assert_eq!(
        step(
            &app,
            &handler,
            "requestOutputChanges",
            &review,
            "$reason: String!",
            json!({ "reason": "  " })
        )
        .await,
        Err("VALIDATION".into())
    );
    let changes = step(
        &app,
        &handler,
        "requestOutputChanges",
        &review,
        "$reason: String!",
        json!({ "reason": "Merge South into a larger area." }),
    )
    .await
    .unwrap();
    assert_eq!(changes["state"], "CHANGES_REQUESTED");
    assert_eq!(changes["decisionReason"], "Merge South into a larger area.");

    // A new submission: stale version refused, then accepted as number 2, history kept.
    let path = format!(
        "/api/output-requests/{}/submissions",
        created["id"].as_str().unwrap()
    );
    let tables: &[Table<'_>] = &[("FREQUENCY", "counts-v2.csv", CLEAN)];
    let (status, _) = post(
        &app,
        &holder,
        &format!("{path}?version={}", request["version"]),
        form(&[], "Merged.", tables),
    )
    .await;
    assert_eq!(status, 409);
    let (status, body) = post(
        &app,
        &holder,
        &format!("{path}?version={}", changes["version"]),
        form(&[], "Merged.", tables),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let second = read(&app, &holder, &created["id"]).await.unwrap();
    assert_eq!(second["state"], "SUBMITTED");
    assert_eq!(second["submission"], 2);
    assert_eq!(second["status"], "PASS");
    assert_eq!(second["description"], "Merged.");
    assert!(second["decisionReason"].is_null());
    let submissions = second["submissions"].as_array().unwrap();
    assert_eq!(submissions.len(), 2);
    assert_eq!(submissions[0]["files"][0]["name"], "counts.csv");
    assert_eq!(submissions[1]["files"][0]["name"], "counts-v2.csv");
    // A second resubmission while not CHANGES_REQUESTED is refused.
    let (status, _) = post(
        &app,
        &holder,
        &format!("{path}?version={}", second["version"]),
        form(&[], "Again.", tables),
    )
    .await;
    assert_eq!(status, 409);

    let review = step(&app, &handler, "startOutputReview", &second, "", json!({}))
        .await
        .unwrap();
    let rejected = step(
        &app,
        &handler,
        "rejectOutputRequest",
        &review,
        "$reason: String!",
        json!({ "reason": "Not covered by the permit." }),
    )
    .await
    .unwrap();
    assert_eq!(rejected["state"], "REJECTED");
    assert_eq!(
        step(&app, &handler, "releaseOutput", &rejected, "", json!({})).await,
        Err("INVALID_TRANSITION".into())
    );
    // Rejected files are never the holder's to download; staff still may.
    let url = rejected["files"][0]["downloadUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(download(&app, &holder, &url).await.0, 403);
    assert_eq!(download(&app, &handler, &url).await.0, 200);
    assert!(
        read(&app, &holder, &created["id"]).await.unwrap()["files"][0]["downloadUrl"].is_null()
    );
}

async fn the_reviewer_never_confirms_their_own_override(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let holder = app.demo_token("demo-applicant-researcher").await;
    let director = app.demo_token("demo-director").await;
    let deputy = app.demo_token("demo-deputy-director").await;
    let permit = granted_permit(&app, &holder).await;
    let (_, created) = submit(
        &app,
        &holder,
        &permit["id"],
        &[("FREQUENCY", "counts.csv", SMALL_CELL)],
    )
    .await;
    let request = read(&app, &holder, &created["id"]).await.unwrap();
    let review = step(
        &app,
        &director,
        "startOutputReview",
        &request,
        "",
        json!({}),
    )
    .await
    .unwrap();
    let overrides: Vec<Value> = review["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "FAIL")
        .map(|f| json!({ "fileId": review["files"][0]["id"], "row": f["row"], "column": f["column"], "rule": f["rule"], "reason": "Public knowledge." }))
        .collect();
    let first = step(
        &app,
        &director,
        "approveOutputRequest",
        &review,
        "$overrides: [OutputOverrideInput!]",
        json!({ "overrides": overrides }),
    )
    .await
    .unwrap();
    assert_eq!(first["awaitingSecondApproval"], true);
    assert_eq!(
        step(
            &app,
            &director,
            "confirmOutputApproval",
            &first,
            "",
            json!({})
        )
        .await,
        Err("FORBIDDEN".into())
    );
    let confirmed = step(
        &app,
        &deputy,
        "confirmOutputApproval",
        &first,
        "",
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(confirmed["state"], "APPROVED");
    // Nothing left to confirm.
    assert_eq!(
        step(
            &app,
            &deputy,
            "confirmOutputApproval",
            &confirmed,
            "",
            json!({})
        )
        .await,
        Err("INVALID_TRANSITION".into())
    );
}

async fn rows(app: &TestApp) -> [u64; 4] {
    let conn = app.db.raw_connection_for_tests();
    [
        output_request::Entity::find().count(conn).await.unwrap(),
        output_request_version::Entity::find()
            .count(conn)
            .await
            .unwrap(),
        output_file::Entity::find().count(conn).await.unwrap(),
        output_request_event::Entity::find()
            .count(conn)
            .await
            .unwrap(),
    ]
}

async fn bad_files_are_typed_errors_and_leave_nothing(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_OUTPUT_MAX_FILE_BYTES".into(), "2000".into()));
    })
    .await;
    let holder = app.demo_token("demo-applicant-researcher").await;
    let permit = granted_permit(&app, &holder).await;
    let before = rows(&app).await;
    let huge = format!("region,count\n{}", "North,25\n".repeat(400));
    let cases: Vec<(&str, Vec<Table<'_>>, &str, &str)> = vec![
        (
            "malformed",
            vec![("FREQUENCY", "bad.csv", b"region,count\n\"North,25\n")],
            "files[0]:bad.csv",
            "TableMalformed",
        ),
        (
            "ragged",
            vec![(
                "FREQUENCY",
                "ragged.csv",
                b"region,a,b\nNorth,25,30\nSouth,40\n",
            )],
            "files[0]:ragged.csv",
            "TableRagged",
        ),
        (
            "magnitude columns missing",
            vec![(
                "MAGNITUDE",
                "mag.csv",
                b"group,Income:sum,Income:count\nA,1000,20\n",
            )],
            "files[0]:mag.csv",
            "MagnitudeColumnsMissing",
        ),
        (
            "not UTF-8",
            vec![(
                "FREQUENCY",
                "latin1.csv",
                b"region,count\nP\xe4ij\xe4nne,25\n",
            )],
            "files[0]:latin1.csv",
            "TableNotUtf8",
        ),
        (
            "over the size limit",
            vec![("FREQUENCY", "huge.csv", huge.as_bytes())],
            "files[0]:huge.csv",
            "FileTooLarge",
        ),
        (
            "a good file with a bad one",
            vec![
                ("FREQUENCY", "good.csv", CLEAN),
                ("FREQUENCY", "bad.csv", b"region,a\nx,\"1\n"),
            ],
            "files[1]:bad.csv",
            "TableMalformed",
        ),
    ];
    for (what, tables, field, key) in cases {
        let (status, body) = submit(&app, &holder, &permit["id"], &tables).await;
        assert_eq!(status, 400, "{what}: {body}");
        let error = &body["errors"][0]["extensions"];
        assert_eq!(error["code"], "VALIDATION", "{what}: {body}");
        assert_eq!(error["fields"][0]["field"], field, "{what}: {body}");
        assert_eq!(error["fields"][0]["key"], key, "{what}: {body}");
        assert_eq!(rows(&app).await, before, "{what} saved something");
    }
    // No file was left behind in the store either.
    let dir = app.data_dir.path().join("attachments/output");
    let left = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0);
    // A table without its kind, and an unknown kind.
    let ids = [("permitId", permit["id"].as_str().unwrap().to_owned())];
    let bare = Form::new()
        .text("permitId", ids[0].1.clone())
        .text("description", "x")
        .part("file", Part::bytes(CLEAN.to_vec()).file_name("t.csv"));
    let (status, body) = post(&app, &holder, "/api/output-requests", bare).await;
    assert_eq!(
        (
            status,
            &body["errors"][0]["extensions"]["fields"][0]["field"]
        ),
        (400, &json!("kind"))
    );
    let (status, _) = post(
        &app,
        &holder,
        "/api/output-requests",
        form(&ids, "x", &[("PIVOT", "t.csv", CLEAN)]),
    )
    .await;
    assert_eq!(status, 400);
    // Without a token the upload is refused before its body is read.
    let anonymous = app
        .client
        .post(app.url("/api/output-requests"))
        .multipart(form(&ids, "x", &[("FREQUENCY", "t.csv", CLEAN)]))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    // No description, no files.
    let (status, _) = post(
        &app,
        &holder,
        "/api/output-requests",
        form(&ids, " ", &[("FREQUENCY", "t.csv", CLEAN)]),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = post(&app, &holder, "/api/output-requests", form(&ids, "x", &[])).await;
    assert_eq!(status, 400);
    assert_eq!(rows(&app).await, before);
}

async fn a_permits_stricter_thresholds_change_the_report(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let holder = app.demo_token("demo-applicant-researcher").await;
    let other = app.demo_token("demo-applicant-company").await;
    let handler = app.demo_token("demo-handler-1").await;
    let permit = granted_permit(&app, &holder).await;
    let set = "mutation($id: UUID!, $v: Int!, $t: OutputCheckThresholdsInput!) { setOutputCheckThresholds(permitId: $id, version: $v, thresholds: $t) { id version outputCheckThresholds { minimumFrequency } } }";
    // Holders do not set their own thresholds; looser than the default is refused.
    let code = app
        .query_error_code(
            Some(&holder),
            set,
            json!({ "id": permit["id"], "v": permit["version"], "t": { "minimumFrequency": 50 } }),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let code = app
        .query_error_code(
            Some(&handler),
            set,
            json!({ "id": permit["id"], "v": permit["version"], "t": { "minimumFrequency": 5 } }),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let code = app
        .query_error_code(
            Some(&handler),
            set,
            json!({ "id": permit["id"], "v": permit["version"], "t": { "dominanceK": 0.95 } }),
        )
        .await;
    assert_eq!(code, "VALIDATION");

    // 20 persons pass the default of 10 ...
    let (_, before) = submit(
        &app,
        &holder,
        &permit["id"],
        &[("FREQUENCY", "counts.csv", CLEAN)],
    )
    .await;
    assert_eq!(
        read(&app, &holder, &before["id"]).await.unwrap()["status"],
        "PASS"
    );
    let data = app
        .query_ok(
            Some(&handler),
            set,
            json!({ "id": permit["id"], "v": permit["version"], "t": { "minimumFrequency": 25 } }),
        )
        .await;
    assert_eq!(
        data["setOutputCheckThresholds"]["outputCheckThresholds"]["minimumFrequency"],
        25
    );
    // Stale version.
    let code = app
        .query_error_code(
            Some(&handler),
            set,
            json!({ "id": permit["id"], "v": permit["version"], "t": { "minimumFrequency": 30 } }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
    // ... but not the permit's 25.
    let (_, after) = submit(
        &app,
        &holder,
        &permit["id"],
        &[("FREQUENCY", "counts.csv", CLEAN)],
    )
    .await;
    let after = read(&app, &holder, &after["id"]).await.unwrap();
    assert_eq!(after["status"], "FAIL");
    let flagged: Vec<_> = after["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "MINIMUM_FREQUENCY")
        .map(|f| {
            f["rowLabel"].as_str().unwrap().to_owned() + "/" + f["columnLabel"].as_str().unwrap()
        })
        .collect();
    assert_eq!(flagged, ["North/2024"]);
    // The list: the holder's own only, filtered by permit and state.
    let list =
        "query($f: OutputRequestFilter) { outputRequests(filter: $f) { nodes { id state } } }";
    let mine = app
        .query_ok(
            Some(&holder),
            list,
            json!({ "f": { "permitId": permit["id"] } }),
        )
        .await;
    assert_eq!(mine["outputRequests"]["nodes"].as_array().unwrap().len(), 2);
    let theirs = app.query_ok(Some(&other), list, json!({})).await;
    assert_eq!(theirs["outputRequests"]["nodes"], json!([]));
    let staff = app
        .query_ok(
            Some(&handler),
            list,
            json!({ "f": { "state": "IN_REVIEW" } }),
        )
        .await;
    assert_eq!(staff["outputRequests"]["nodes"], json!([]));
    // Someone else's permit does not exist for a submission.
    let (status, _) = submit(
        &app,
        &other,
        &permit["id"],
        &[("FREQUENCY", "counts.csv", CLEAN)],
    )
    .await;
    assert_eq!(status, 404);
}

on_both_databases!(
    holder_submits_and_staff_release_with_four_eyes,
    changes_then_a_new_submission_then_rejection,
    the_reviewer_never_confirms_their_own_override,
    bad_files_are_typed_errors_and_leave_nothing,
    a_permits_stricter_thresholds_change_the_report,
);

/// The delivery order of a data request of `applicant`, granted.
async fn data_request_order(app: &TestApp, applicant: &str) -> Value {
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let input = cases::complete_data_request_input(app).await;
    let draft = cases::create(app, applicant, "DATA_REQUEST", input).await;
    let submitted = cases::ok(app, applicant, "submitApplication", &draft, "", json!({})).await;
    let taken = cases::ok(app, &handler, "takeApplication", &submitted, "", json!({})).await;
    let kela = cases::data_source(app, "kela-prescriptions").await;
    let proposal = json!({ "outcome": "GRANTED", "reasoning": "Statistics can be produced.",
        "grantedDataSourceIds": [kela], "feeCategory": "DATA_REQUEST" });
    let proposed = cases::ok(
        app,
        &handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    cases::ok(app, &director, "decide", &proposed, "", json!({})).await;
    let data = app
        .query_ok(
            Some(applicant),
            "query($a: UUID!) { deliveryOrders(filter: { applicationId: $a }, first: 1) { edges { node { id } } } }",
            json!({ "a": draft["id"] }),
        )
        .await;
    data["deliveryOrders"]["edges"][0]["node"]["id"].clone()
}

const ORDER_STATE: &str = "query($id: UUID!) { deliveryOrder(id: $id) { id version state } }";

async fn order_of(app: &TestApp, token: &str, order: &Value) -> Value {
    app.query_ok(Some(token), ORDER_STATE, json!({ "id": order }))
        .await["deliveryOrder"]
        .clone()
}

/// A data request of `applicant`, granted, the controllers' data received; its delivery
/// order's id. (Statistics are submitted for checking only once the data is there.)
pub(crate) async fn granted_data_request_order(app: &TestApp, applicant: &str) -> Value {
    let handler = app.demo_token("demo-handler-1").await;
    let order = data_request_order(app, applicant).await;
    let current = order_of(app, &handler, &order).await;
    app.query_ok(
        Some(&handler),
        "mutation($id: UUID!, $version: Int!) { markDeliveryOrderReceived(id: $id, version: $version) { id } }",
        json!({ "id": order, "version": current["version"] }),
    )
    .await;
    order
}

/// Submits result tables for a delivery order (a handler, a data request's statistics).
pub(crate) async fn submit_statistics(
    app: &TestApp,
    token: &str,
    order: &Value,
    tables: &[Table<'_>],
) -> (u16, Value) {
    let ids = [(
        "deliveryOrderId",
        order.as_str().unwrap_or_default().to_owned(),
    )];
    post(
        app,
        token,
        "/api/output-requests",
        form(&ids, "Statistics of the data request.", tables),
    )
    .await
}

/// How far along a fixture request is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Submitted,
    InReview,
    /// Approved by the given reviewer with an override, awaiting a Director.
    AwaitingSecondApproval,
    Released,
}

/// An output request of `holder` under a newly granted permit, brought to `stage` by
/// `reviewer` (and the Director); `{ id version files { downloadUrl } ... }` as staff see it.
pub(crate) async fn request_at(
    app: &TestApp,
    holder: &str,
    presenter: &str,
    reviewer: &str,
    stage: Stage,
) -> Value {
    let permit = cases::granted_case(app, holder, presenter).await["permit"].clone();
    let table = if stage == Stage::AwaitingSecondApproval {
        SMALL_CELL
    } else {
        CLEAN
    };
    let (status, created) =
        submit(app, holder, &permit["id"], &[("FREQUENCY", "t.csv", table)]).await;
    assert_eq!(status, 201, "{created}");
    let mut request = read(app, reviewer, &created["id"]).await.unwrap();
    if stage == Stage::Submitted {
        return request;
    }
    request = step(app, reviewer, "startOutputReview", &request, "", json!({}))
        .await
        .unwrap();
    let overrides: Vec<Value> = request["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "FAIL")
        .map(|f| json!({ "fileId": request["files"][0]["id"], "row": f["row"], "column": f["column"], "rule": f["rule"], "reason": "Known." }))
        .collect();
    match stage {
        Stage::InReview => request,
        Stage::AwaitingSecondApproval => step(
            app,
            reviewer,
            "approveOutputRequest",
            &request,
            "$overrides: [OutputOverrideInput!]",
            json!({ "overrides": overrides }),
        )
        .await
        .unwrap(),
        _ => {
            let approved = step(
                app,
                reviewer,
                "approveOutputRequest",
                &request,
                "$overrides: [OutputOverrideInput!]",
                json!({ "overrides": [] }),
            )
            .await
            .unwrap();
            step(app, reviewer, "releaseOutput", &approved, "", json!({}))
                .await
                .unwrap()
        }
    }
}

async fn a_data_requests_statistics_reach_the_requester_after_release(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let requester = app.demo_token("demo-applicant-company").await;
    let other = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let order = granted_data_request_order(&app, &requester).await;
    assert!(order.is_string(), "a data request has its order");
    // The requester does not submit the statistics: the authority does.
    let (status, _) = submit_statistics(
        &app,
        &requester,
        &order,
        &[("FREQUENCY", "stats.csv", CLEAN)],
    )
    .await;
    assert_eq!(status, 403);
    let (status, created) =
        submit_statistics(&app, &handler, &order, &[("FREQUENCY", "stats.csv", CLEAN)]).await;
    assert_eq!(status, 201, "{created}");
    let request = read(&app, &requester, &created["id"]).await.unwrap();
    assert_eq!(request["permitId"], Value::Null);
    assert!(
        request["diaryNumber"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{request}"
    );
    assert_eq!(
        read(&app, &other, &created["id"]).await,
        Err("NOT_FOUND".into())
    );
    let url = format!(
        "/api/output-requests/{}/files/{}",
        request["id"].as_str().unwrap(),
        request["files"][0]["id"].as_str().unwrap()
    );
    assert_eq!(download(&app, &requester, &url).await.0, 403);
    let review = step(&app, &handler, "startOutputReview", &request, "", json!({}))
        .await
        .unwrap();
    let approved = step(
        &app,
        &handler,
        "approveOutputRequest",
        &review,
        "",
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(approved["state"], "APPROVED");
    step(&app, &handler, "releaseOutput", &approved, "", json!({}))
        .await
        .unwrap();
    let (status, bytes) = download(&app, &requester, &url).await;
    assert_eq!((status, bytes.as_slice()), (200, CLEAN));
    assert_eq!(download(&app, &other, &url).await.0, 404);
    // The release was the delivery: the order moved in the same step, by the same handler.
    assert_eq!(order_of(&app, &handler, &order).await["state"], "DELIVERED");
    let delivered = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("delivery_order.deliver"))
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].target_id.as_deref(), order.as_str());
    assert_eq!(delivered[0].actor_role.as_deref(), Some("HANDLER"));
    let release = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("output_request.release"))
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(release.occurred_at, delivered[0].occurred_at);
}

on_both_databases!(a_data_requests_statistics_reach_the_requester_after_release);

/// Statistics need the controllers' data: none are taken for an order still awaiting it or
/// a cancelled one, and a cancelled order's statistics are not released.
async fn statistics_wait_for_the_data_and_not_for_a_cancelled_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let requester = app.demo_token("demo-applicant-company").await;
    let handler = app.demo_token("demo-handler-1").await;
    let order = data_request_order(&app, &requester).await;
    let (status, body) =
        submit_statistics(&app, &handler, &order, &[("FREQUENCY", "stats.csv", CLEAN)]).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "INVALID_TRANSITION",
        "{body}"
    );
    assert_eq!(rows(&app).await, [0; 4], "nothing is saved");

    let order = granted_data_request_order(&app, &requester).await;
    let (status, created) =
        submit_statistics(&app, &handler, &order, &[("FREQUENCY", "stats.csv", CLEAN)]).await;
    assert_eq!(status, 201, "{created}");
    let request = read(&app, &handler, &created["id"]).await.unwrap();
    let review = step(&app, &handler, "startOutputReview", &request, "", json!({}))
        .await
        .unwrap();
    let approved = step(
        &app,
        &handler,
        "approveOutputRequest",
        &review,
        "",
        json!({}),
    )
    .await
    .unwrap();
    let current = order_of(&app, &handler, &order).await;
    app.query_ok(
        Some(&handler),
        "mutation($id: UUID!, $version: Int!) { cancelDeliveryOrder(id: $id, version: $version, reason: \"The requester withdrew.\") { id } }",
        json!({ "id": order, "version": current["version"] }),
    )
    .await;
    assert_eq!(
        step(&app, &handler, "releaseOutput", &approved, "", json!({})).await,
        Err("INVALID_TRANSITION".into())
    );
    let still = read(&app, &handler, &created["id"]).await.unwrap();
    assert_eq!(
        still["state"], "APPROVED",
        "the refused release changed nothing"
    );
    assert_eq!(order_of(&app, &handler, &order).await["state"], "CANCELLED");
}

on_both_databases!(statistics_wait_for_the_data_and_not_for_a_cancelled_order);

/// Submits one output request as `token` (or anonymously) naming `id_field`; the error
/// code as the matrix reads it.
pub(crate) async fn submit_as(
    app: &TestApp,
    token: Option<&str>,
    id_field: &str,
    id: &Value,
    tables: &[Table<'_>],
) -> Result<(), String> {
    let ids = [(id_field, id.as_str().unwrap_or_default().to_owned())];
    let mut request = app
        .client
        .post(app.url("/api/output-requests"))
        .multipart(form(&ids, "Matrix.", tables));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    match request.send().await.unwrap().status().as_u16() {
        201 => Ok(()),
        401 => Err("UNAUTHENTICATED".into()),
        403 => Err("FORBIDDEN".into()),
        404 => Err("NOT_FOUND".into()),
        other => Err(format!("HTTP {other}")),
    }
}
