//! The public register: nothing confidential ever appears in it, search and filters,
//! pagination over many decisions, and the open-data exports.

use std::collections::HashSet;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, PUBLISHED_FIELDS, ok};

const MARKERS: [&str; 12] = [
    "SECRET-PLAN-q7",
    "SECRET-PROCESSOR-w2",
    "secret-contact-e5@example.fi",
    "SECRET-BILLING-r1",
    "SECRET-ATTACHMENT-t9",
    "SECRET-INTERNAL-REMARK-y4",
    "SECRET-REMARK-TO-APPLICANT-u3",
    "SECRET-APPLICANT-NAME-i8",
    "SECRET-COHORT-o6",
    "SECRET-MINIMISATION-p0",
    "SECRET-REASONING-a2",
    "SECRET-NEW-PROCESSOR-s5",
];

const CSV_HEADER: &str = "diary_number,decision_number,decided_on,kind,outcome,purpose,title,public_summary,holder,data_controllers,registers,processing_environment,valid_from,valid_until,permit_status,amends_diary_number,amendments,combined_into_diary_number,data_controllers_fi,data_controllers_sv,registers_fi,registers_sv,document_url,revocation_document_url";

async fn upload(app: &TestApp, token: &str, application_id: &Value, file_name: &str) {
    let operations = json!({
        "query": "mutation($id: UUID!, $file: Upload!) { uploadAttachment(applicationId: $id, kind: RESEARCH_PLAN, file: $file) { id } }",
        "variables": { "id": application_id, "file": null }
    });
    let form = Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.file"] }).to_string())
        .part(
            "0",
            Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name(file_name.to_owned()),
        );
    let body: Value = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body.get("errors").is_none(), "{body}");
}

/// Every public response there is: the queries with every field, and the exports.
async fn every_public_response(app: &TestApp, diaries: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    let list = app.graphql(None, &format!("{{ publishedDecisions(first: 100) {{ edges {{ cursor node {{ {PUBLISHED_FIELDS} }} }} }} }}"), json!({})).await;
    out.push(list.1.to_string());
    for diary in diaries {
        out.push(cases::published(app, diary).await.to_string());
    }
    let stats = app.graphql(None, "{ decisionStatistics { total medianProcessingDays byYear { key count medianProcessingDays } byKind { key count } byOutcome { key count } byPurpose { key count } } }", json!({})).await;
    out.push(stats.1.to_string());
    for path in [
        "/api/decisions.csv",
        "/api/decisions.json",
        "/api/decisions.atom",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        out.push(response.text().await.unwrap());
    }
    out
}

async fn nothing_confidential_is_ever_public(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let mut input = cases::complete_permit_input(&app).await;
    input["researchPlan"] = json!(MARKERS[0]);
    input["processors"][0]["lastName"] = json!(MARKERS[1]);
    input["contactEmail"] = json!(MARKERS[2]);
    input["billingReference"] = json!(MARKERS[3]);
    input["applicantName"] = json!(MARKERS[7]);
    input["cohortDefinition"] = json!(MARKERS[8]);
    input["minimisationJustification"] = json!(MARKERS[9]);
    let draft = cases::create(&app, &applicant, "DATA_PERMIT", input).await;
    upload(
        &app,
        &applicant,
        &draft["id"],
        &format!("{}.pdf", MARKERS[4]),
    )
    .await;
    let submitted = ok(&app, &applicant, "submitApplication", &draft, "", json!({})).await;
    let taken = ok(&app, &handler, "takeApplication", &submitted, "", json!({})).await;
    for (visibility, body) in [("INTERNAL", MARKERS[5]), ("TO_APPLICANT", MARKERS[6])] {
        app.query_ok(Some(&handler),
            "mutation($id: UUID!, $v: RemarkVisibility!, $b: String!) { addRemark(applicationId: $id, visibility: $v, body: $b) { id } }",
            json!({ "id": taken["id"], "v": visibility, "b": body })).await;
    }
    let mut proposal = cases::grant_proposal(&app).await;
    proposal["reasoning"] = json!(MARKERS[10]);
    let proposed = ok(
        &app,
        &handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    let decided = ok(&app, &director, "decide", &proposed, "", json!({})).await;
    let granted = cases::read(
        &app,
        &director,
        decided["id"].as_str().unwrap(),
        "permit { id }",
    )
    .await
    .unwrap();
    // An amendment adds a named processor: the permit changes, the register must not show it.
    let amendment = json!({ "changes": ["ADD_PROCESSORS"], "addProcessors": [{ "firstName": "Eero", "lastName": MARKERS[11], "organisation": "HUS", "ndaSigned": true }] });
    let draft = app.query_ok(Some(&applicant),
        "mutation($p: UUID!, $a: AmendmentInput) { createApplication(kind: AMENDMENT, permit: $p, amendment: $a) { id version } }",
        json!({ "p": granted["permit"]["id"], "a": amendment })).await["createApplication"].clone();
    let submitted = ok(&app, &applicant, "submitApplication", &draft, "", json!({})).await;
    let taken = ok(&app, &handler, "takeApplication", &submitted, "", json!({})).await;
    let proposed = ok(&app, &handler, "proposeDecision", &taken, "$input: ProposalInput!",
        json!({ "input": { "outcome": "GRANTED", "reasoning": MARKERS[10], "feeCategory": "AMENDMENT" } })).await;
    let amended = ok(&app, &director, "decide", &proposed, "", json!({})).await;
    // Staff do see the markers (so the test would notice if they were never stored).
    let staff_view = cases::read(
        &app,
        &director,
        decided["id"].as_str().unwrap(),
        "researchPlan contactEmail",
    )
    .await
    .unwrap();
    assert_eq!(staff_view["researchPlan"], MARKERS[0]);

    let responses = every_public_response(
        &app,
        &[
            decided["diaryNumber"].clone(),
            amended["diaryNumber"].clone(),
        ],
    )
    .await;
    assert!(
        responses[0].contains("Statin use and dementia"),
        "the register lists the decision"
    );
    for response in &responses {
        for marker in MARKERS {
            assert!(
                !response.contains(marker),
                "{marker} leaked into a public response: {response}"
            );
        }
    }
}

fn nodes(data: &Value) -> Vec<Value> {
    data["publishedDecisions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

async fn search(app: &TestApp, filter: Value, first: i32) -> Vec<Value> {
    let data = app.query_ok(None,
        &format!("query($f: PublishedDecisionFilter, $n: Int) {{ publishedDecisions(filter: $f, first: $n) {{ edges {{ node {{ {PUBLISHED_FIELDS} }} }} }} }}"),
        json!({ "f": filter, "n": first })).await;
    nodes(&data)
}

async fn search_filters_and_pagination(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let added =
        tietolupa_store::seed::demo_decisions(&app.db, 1_000, time::OffsetDateTime::now_utc())
            .await
            .unwrap();
    assert_eq!(added, 1_000);

    // Every decision exactly once, newest first, across pages.
    let mut seen = HashSet::new();
    let mut previous: Option<String> = None;
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let data = app.query_ok(None,
            "query($after: String) { publishedDecisions(first: 100, after: $after) { edges { cursor node { diaryNumber decidedOn } } pageInfo { hasNextPage endCursor } } }",
            json!({ "after": after })).await;
        let connection = &data["publishedDecisions"];
        for edge in connection["edges"].as_array().unwrap() {
            let decided = edge["node"]["decidedOn"].as_str().unwrap().to_owned();
            if let Some(p) = &previous {
                assert!(decided <= *p, "not newest first: {decided} after {p}");
            }
            previous = Some(decided);
            assert!(
                seen.insert(edge["node"]["diaryNumber"].as_str().unwrap().to_owned()),
                "duplicate {edge}"
            );
        }
        pages += 1;
        if !connection["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = connection["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
    }
    assert_eq!(seen.len(), 1_000);
    assert_eq!(pages, 10);

    // Filters: every row matches.
    for row in search(&app, json!({ "kind": "DATA_REQUEST" }), 100).await {
        assert_eq!(row["kind"], "DATA_REQUEST");
        assert!(row["permitStatus"].is_null());
    }
    for row in search(
        &app,
        json!({ "outcome": "REJECTED", "purpose": "STATISTICS" }),
        100,
    )
    .await
    {
        assert_eq!(
            (row["outcome"].as_str(), row["purpose"].as_str()),
            (Some("REJECTED"), Some("STATISTICS"))
        );
    }
    let year = time::OffsetDateTime::now_utc().year() - 1;
    let in_year = search(&app, json!({ "year": year }), 100).await;
    assert!(!in_year.is_empty());
    assert!(in_year.iter().all(|r| {
        r["decidedOn"]
            .as_str()
            .unwrap()
            .starts_with(&year.to_string())
    }));
    let thl = search(&app, json!({ "dataController": "thl" }), 100).await;
    assert!(!thl.is_empty());
    assert!(thl.iter().all(|r| {
        r["registers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["dataControllerCode"] == "thl")
    }));
    for status in ["ACTIVE", "EXPIRED", "REVOKED"] {
        let rows = search(&app, json!({ "permitStatus": status }), 100).await;
        assert!(!rows.is_empty(), "{status}");
        assert!(rows.iter().all(|r| r["permitStatus"] == status), "{status}");
    }

    // Full text: case-insensitive words over title and summary, Finnish letters too.
    let statins = search(&app, json!({ "text": "STATIN dementia" }), 100).await;
    assert!(!statins.is_empty());
    assert!(statins.iter().all(|r| {
        format!("{} {}", r["title"], r["publicSummary"])
            .to_lowercase()
            .contains("statin")
    }));
    let finnish = search(&app, json!({ "text": "ÄITIYSNEUVOLAN käynnit" }), 100).await;
    assert!(!finnish.is_empty());
    assert!(
        finnish
            .iter()
            .all(|r| r["title"].as_str().unwrap().starts_with("Äitiysneuvolan"))
    );
    // Special characters are not words: they match nothing and inject nothing.
    for text in [
        "%",
        "_",
        "\\",
        "a_b",
        "' OR '1'='1",
        "\"quoted\" %_ -- ;DROP TABLE decision",
        "å ä ö",
    ] {
        let rows = search(&app, json!({ "text": text }), 100).await;
        assert!(rows.is_empty(), "{text} matched {} rows", rows.len());
    }
    // "%" is no wildcard: "100%" is the word 100, first as a whole word, then the words it
    // begins, as it is the last word.
    let hundred = search(&app, json!({ "text": "100%" }), 100).await;
    let summary = |r: &Value| r["publicSummary"].as_str().unwrap().to_owned();
    assert!(summary(&hundred[0]).contains("(case 100)"), "{hundred:?}");
    assert!(hundred.iter().all(|r| summary(r).contains("(case 100")));
    // A cursor of another list, an over-long query and a bad page size are typed errors.
    let code = app
        .query_error_code(
            None,
            "{ publishedDecisions(after: \"bm90LWEtY3Vyc29y\") { edges { cursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let long = "x".repeat(201);
    let code = app
        .query_error_code(
            None,
            "query($t: String) { publishedDecisions(filter: { text: $t }) { edges { cursor } } }",
            json!({ "t": long }),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let code = app
        .query_error_code(
            None,
            "{ publishedDecision(diaryNumber: \"TL/0/1999\") { title } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "NOT_FOUND");

    // Statistics add up.
    let stats = app.query_ok(None, "{ decisionStatistics { total medianProcessingDays byKind { key count } byYear { key count } } }", json!({})).await;
    assert_eq!(stats["decisionStatistics"]["total"], 1_000);
    let by_kind: i64 = stats["decisionStatistics"]["byKind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["count"].as_i64().unwrap())
        .sum();
    assert_eq!(by_kind, 1_000);
    assert!(
        stats["decisionStatistics"]["medianProcessingDays"]
            .as_f64()
            .unwrap()
            > 30.0
    );

    // Open data: the CSV's header is the documented one, one line per decision; the JSON
    // has the same columns; the Atom feed is XML with one entry per decision (newest 50).
    let csv = app
        .client
        .get(app.url("/api/decisions.csv?kind=DATA_REQUEST"))
        .send()
        .await
        .unwrap();
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let mut lines = csv.split("\r\n");
    assert_eq!(lines.next(), Some(CSV_HEADER));
    let json_export: Value = app
        .client
        .get(app.url("/api/decisions.json?kind=DATA_REQUEST"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        json_export["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect::<Vec<_>>()
            .join(","),
        CSV_HEADER
    );
    let count = json_export["count"].as_u64().unwrap();
    assert_eq!(count, 200);
    assert_eq!(lines.filter(|l| !l.is_empty()).count() as u64, count);
    let bad = app
        .client
        .get(app.url("/api/decisions.csv?kind=NOPE"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let atom = app
        .client
        .get(app.url("/api/decisions.atom"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let document = roxmltree::Document::parse(&atom).expect("the Atom feed is well-formed XML");
    let feed = document.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 50);
    let ids: HashSet<_> = entries
        .iter()
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("id"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 50);
    let newest = &search(&app, json!({}), 1).await[0];
    let first_title = entries[0]
        .children()
        .find(|c| c.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert!(first_title.contains(newest["decisionNumber"].as_str().unwrap()));
}

async fn atom_escapes_and_stays_well_formed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let mut input = cases::complete_permit_input(&app).await;
    input["title"] = json!("<script>alert('x')</script> & \"Ääkköset\" ]]>");
    let draft = cases::create(&app, &applicant, "DATA_PERMIT", input).await;
    let submitted = ok(&app, &applicant, "submitApplication", &draft, "", json!({})).await;
    let taken = ok(&app, &handler, "takeApplication", &submitted, "", json!({})).await;
    let proposal = cases::grant_proposal(&app).await;
    let proposed = ok(
        &app,
        &handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    ok(&app, &director, "decide", &proposed, "", json!({})).await;
    let atom = app
        .client
        .get(app.url("/api/decisions.atom"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let document = roxmltree::Document::parse(&atom).expect("well-formed");
    let entries: Vec<_> = document
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 1);
    let title = entries[0]
        .children()
        .find(|c| c.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        title.ends_with("<script>alert('x')</script> & \"Ääkköset\" ]]>"),
        "{title}"
    );
    let csv = app
        .client
        .get(app.url("/api/decisions.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("\"<script>alert('x')</script> & \"\"Ääkköset\"\" ]]>\""),
        "{csv}"
    );
}

on_both_databases!(
    nothing_confidential_is_ever_public,
    search_filters_and_pagination,
    atom_escapes_and_stays_well_formed
);
