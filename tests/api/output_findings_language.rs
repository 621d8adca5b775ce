//! A report's findings are explained in the caller's language (issue 16): the same flagged
//! cells read with `Accept-Language` fi, sv and en, figures written as each language writes
//! them, in the current files and in the submissions' history alike.

use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases;
use crate::output_requests::{SMALL_CELL, read, submit};

/// One cell of 12 500 whose two largest contributions are 11 300 (90.4 %): dominance fails,
/// with figures that need grouping and a decimal in Finnish and Swedish.
const DOMINATED: &[u8] =
    b"sector,Income:sum,Income:count,Income:largest,Income:second\nA,12500,12,11000,300\n";

/// The explanation of each file's first finding of `rule`, from the current files and from
/// the history's (only) submission.
fn explanations(request: &Value, rule: &str) -> Vec<String> {
    let current = request["files"].as_array().unwrap();
    let history = request["submissions"][0]["files"].as_array().unwrap();
    current
        .iter()
        .chain(history)
        .filter_map(|file| {
            file["findings"]
                .as_array()?
                .iter()
                .find(|f| f["rule"] == rule)
                .map(|f| f["explanation"].as_str().unwrap().to_owned())
        })
        .collect()
}

async fn read_in(app: &TestApp, token: &str, language: &str, id: &Value) -> Value {
    let findings = "findings { rule explanation }";
    let (_, body) = app
        .graphql_in(
            Some(token),
            Some(language),
            &format!(
                "query($id: UUID!) {{ outputRequest(id: $id) {{
                    files {{ {findings} }} submissions {{ files {{ {findings} }} }} }} }}"
            ),
            json!({ "id": id }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["outputRequest"].clone()
}

async fn findings_are_explained_in_the_callers_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let holder = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-2").await;
    let permit = cases::granted_case(&app, &holder, &handler).await["permit"].clone();
    let (status, created) = submit(
        &app,
        &holder,
        &permit["id"],
        &[
            ("FREQUENCY", "counts.csv", SMALL_CELL),
            ("MAGNITUDE", "income.csv", DOMINATED),
        ],
    )
    .await;
    assert_eq!(status, 201, "{created}");

    for (token, language, small, dominated) in [
        (
            &holder,
            "fi",
            "3 alittaa vähimmäisfrekvenssin 10",
            "2 suurinta arvoa (yhteensä 11\u{a0}300) on 90,4\u{a0}% solun summasta \
             (12\u{a0}500) eli vähintään dominanssisäännön raja 90,0\u{a0}%",
        ),
        (
            &handler,
            "sv-FI,sv;q=0.9,en;q=0.5",
            "3 understiger minimifrekvensen 10",
            "de 2 största värdena (sammanlagt 11\u{a0}300) utgör 90,4\u{a0}% av cellens summa \
             (12\u{a0}500) och når därmed dominansregelns gräns på 90,0\u{a0}%",
        ),
        (
            &holder,
            "en-GB",
            "3 is below the minimum frequency of 10",
            "the 2 largest contributions (11300) are 90.4 % of the cell total (12500), at \
             least the limit of 90.0 %",
        ),
    ] {
        let request = read_in(&app, token, language, &created["id"]).await;
        assert_eq!(
            explanations(&request, "MINIMUM_FREQUENCY"),
            [small, small],
            "{language}: {request}"
        );
        assert_eq!(
            explanations(&request, "DOMINANCE"),
            [dominated, dominated],
            "{language}: {request}"
        );
    }

    // No Accept-Language (an API client, a script): English, as the field has always read.
    let request = read(&app, &holder, &created["id"]).await.unwrap();
    assert_eq!(
        explanations(&request, "MINIMUM_FREQUENCY")[0],
        "3 is below the minimum frequency of 10"
    );
}

on_both_databases!(findings_are_explained_in_the_callers_language);
