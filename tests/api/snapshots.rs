//! Snapshots of what clients build on: the shape of each error code, in GraphQL and on the
//! plain HTTP routes, and the open-data exports and catalogue (docs/open-data.md). A change to any of them
//! shows in review as a changed file under `tests/api/snapshots/`.
//!
//! Both engines compare with the same files: the snapshot names do not name the engine, and
//! what differs between runs (ids, times, dates, this year, the port) is replaced by a
//! placeholder first. To accept an intended change, run the tests with `INSTA_UPDATE=always`
//! or review the `.snap.new` files with `cargo insta review`; with `CI=true` (as `just test`
//! runs in CI) insta writes nothing and a mismatch fails.

use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, ok, refused};

/// Placeholders for what varies between runs; applied in this order.
const FILTERS: [(&str, &str); 5] = [
    (
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[uuid]",
    ),
    (
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
        "[timestamp]",
    ),
    (r"\d{4}-\d{2}-\d{2}", "[date]"),
    // Diary and decision numbers, `TL/3/2026`, also URL-encoded: the year is today's.
    (r"\b(TL|D)(/|%2F)(\d+)(/|%2F)\d{4}\b", "$1$2$3$4[year]"),
    (r"(127\.0\.0\.1|localhost):\d+", "[host]"),
];

/// Runs `assertions` with the [`FILTERS`] in force.
fn stable(assertions: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    // The file shows the value only, so rewording the test does not touch the snapshots.
    settings.set_omit_expression(true);
    for (pattern, replacement) in FILTERS {
        settings.add_filter(pattern, replacement);
    }
    settings.bind(assertions);
}

/// An HTTP response as a snapshot shows it: status, the headers a client reads, body.
async fn http_response(response: reqwest::Response) -> Value {
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let content_type = header("content-type");
    let authenticate = header("www-authenticate");
    let body: Value = response.json().await.expect("a JSON error body");
    json!({
        "status": status,
        "content-type": content_type,
        "www-authenticate": authenticate,
        "body": body,
    })
}

async fn error_shapes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;

    let unauthenticated = app
        .graphql(
            None,
            "mutation { createApplication(kind: DATA_PERMIT) { id } }",
            json!({}),
        )
        .await
        .1;
    let forbidden = app
        .graphql(
            Some(&applicant),
            "{ applicationQueue { edges { cursor } } }",
            json!({}),
        )
        .await
        .1;
    let not_found = app
        .graphql(
            None,
            "{ publishedDecision(diaryNumber: \"TL/0/1999\") { title } }",
            json!({}),
        )
        .await
        .1;
    let draft = cases::create(
        &app,
        &applicant,
        "DATA_PERMIT",
        json!({ "title": "Statin use and dementia in older adults" }),
    )
    .await;
    let (_, validation) =
        refused(&app, &applicant, "submitApplication", &draft, "", json!({})).await;
    let (_, invalid_transition) =
        refused(&app, &handler, "takeApplication", &draft, "", json!({})).await;
    ok(
        &app,
        &applicant,
        "updateApplication",
        &draft,
        "$input: ApplicationInput!",
        json!({ "input": { "title": "Second" } }),
    )
    .await;
    let (_, conflict) = refused(
        &app,
        &applicant,
        "updateApplication",
        &draft,
        "$input: ApplicationInput!",
        json!({ "input": { "title": "Stale" } }),
    )
    .await;
    let mut deep = String::from("name");
    for _ in 0..20 {
        deep = format!("ofType {{ {deep} }}");
    }
    let limit_exceeded = app
        .graphql(
            None,
            &format!("{{ __schema {{ types {{ {deep} }} }} }}"),
            json!({}),
        )
        .await
        .1;

    let http_unauthenticated = http_response(
        app.client
            .get(app.url("/api/objections/me/export"))
            .bearer_auth("not-a-token")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let http_validation = http_response(
        app.client
            .get(app.url("/api/decisions.csv?kind=NOPE"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let http_not_found = http_response(
        app.client
            .get(app.url("/api/no-such-route"))
            .send()
            .await
            .unwrap(),
    )
    .await;

    stable(|| {
        insta::assert_json_snapshot!("graphql_unauthenticated", unauthenticated);
        insta::assert_json_snapshot!("graphql_forbidden", forbidden);
        insta::assert_json_snapshot!("graphql_not_found", not_found);
        insta::assert_json_snapshot!("graphql_validation", validation);
        insta::assert_json_snapshot!("graphql_invalid_transition", invalid_transition);
        insta::assert_json_snapshot!("graphql_conflict", conflict);
        insta::assert_json_snapshot!("graphql_limit_exceeded", limit_exceeded);
        insta::assert_json_snapshot!("http_unauthenticated", http_unauthenticated);
        insta::assert_json_snapshot!("http_validation", http_validation);
        insta::assert_json_snapshot!("http_not_found", http_not_found);
    });
}

/// Proposes `proposal` as `handler` on a submitted case and has the director decide it.
async fn decide(app: &TestApp, handler: &str, submitted: &Value, proposal: Value) -> Value {
    let director = app.demo_token("demo-director").await;
    let taken = ok(app, handler, "takeApplication", submitted, "", json!({})).await;
    let proposed = ok(
        app,
        handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    ok(app, &director, "decide", &proposed, "", json!({})).await
}

/// A granted data permit, a rejected data request and a granted amendment of the permit,
/// decided in that order: every column of the exports has a value in some row.
async fn three_decisions(app: &TestApp) {
    let researcher = app.demo_token("demo-applicant-researcher").await;
    let company = app.demo_token("demo-applicant-company").await;
    let handler = app.demo_token("demo-handler-1").await;

    let permit = cases::submitted_permit(app, &researcher).await;
    let proposal = cases::grant_proposal(app).await;
    let granted = decide(app, &handler, &permit, proposal).await;

    let input = cases::complete_data_request_input(app).await;
    let draft = cases::create(app, &company, "DATA_REQUEST", input).await;
    let request = ok(app, &company, "submitApplication", &draft, "", json!({})).await;
    let rejection = json!({ "outcome": "REJECTED", "reasoning": "Counts this small would identify people.", "feeCategory": "DATA_REQUEST" });
    decide(app, &handler, &request, rejection).await;

    let permit_id = cases::read(
        app,
        &researcher,
        granted["id"].as_str().unwrap(),
        "permit { id }",
    )
    .await
    .unwrap()["permit"]["id"]
        .clone();
    let until = tietolupa_test_support::today_in_finland() + time::Duration::days(365 * 5);
    let amendment = json!({ "changes": ["EXTEND_VALIDITY"], "newValidUntil": until.to_string() });
    let draft = app.query_ok(Some(&researcher),
        "mutation($p: UUID!, $a: AmendmentInput) { createApplication(kind: AMENDMENT, permit: $p, amendment: $a) { id version } }",
        json!({ "p": permit_id, "a": amendment })).await["createApplication"].clone();
    let submitted = ok(app, &researcher, "submitApplication", &draft, "", json!({})).await;
    let proposal = json!({ "outcome": "GRANTED", "reasoning": "The extension is justified.", "feeCategory": "AMENDMENT" });
    decide(app, &handler, &submitted, proposal).await;
}

async fn open_data_exports(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    three_decisions(&app).await;
    let get = |path: &'static str| {
        let request = app.client.get(app.url(path));
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let content_type = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            (content_type, response.text().await.unwrap())
        }
    };
    let (csv_type, csv) = get("/api/decisions.csv").await;
    let (json_type, json_body) = get("/api/decisions.json").await;
    let (atom_type, atom) = get("/api/decisions.atom").await;
    let json_body: Value = serde_json::from_str(&json_body).unwrap();

    stable(|| {
        // Line ends are part of the format (RFC 4180: CRLF), so the snapshot shows them.
        insta::assert_snapshot!(
            "export_csv",
            format!(
                "content-type: {csv_type}\n\n{}",
                csv.replace("\r\n", "\\r\n")
            )
        );
        insta::assert_json_snapshot!(
            "export_json",
            json!({ "content-type": json_type, "body": json_body })
        );
        insta::assert_snapshot!(
            "export_atom",
            format!("content-type: {atom_type}\n\n{atom}")
        );
    });
}

/// The data catalogue as Turtle (docs/open-data.md): the seeded catalogue, so the whole
/// published graph shows in review. The JSON-LD holds the same triples
/// (`just dcat-validate` compares the two graphs).
async fn data_catalogue(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .client
        .get(app.url("/api/catalogue.ttl"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let turtle = response.text().await.unwrap();
    stable(|| {
        insta::assert_snapshot!(
            "catalogue_turtle",
            format!("content-type: {content_type}\n\n{turtle}")
        );
    });
}

on_both_databases!(error_shapes, open_data_exports, data_catalogue);
