//! Observability: `GET /metrics` (format, counters, histograms, case figures, access) and
//! the logs (JSON lines with request ids; no identity code or bearer token at any level,
//! in the test process and in the real binary's stderr).
//!
//! Only temporary identity codes (individual numbers 900-999), which no real person has,
//! are used.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_test_support::{
    Backend, TestApp, TestDatabase, logs, on_both_databases, test_environment,
};
use time::macros::date;

use crate::cases;

// ---------------------------------------------------------------------------------------
// The exposition format, parsed strictly.

#[derive(Debug, Clone, PartialEq)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses the Prometheus text format (0.0.4): every line is a `# HELP`, a `# TYPE` or a
/// sample of a family whose TYPE came before; label values are quoted with `\\`, `\"` and
/// `\n` escapes. Panics naming the line on anything else.
fn parse_exposition(text: &str) -> Vec<Sample> {
    assert!(text.ends_with('\n'), "the exposition ends with a line feed");
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            let keyword = parts.next().unwrap();
            let name = parts
                .next()
                .unwrap_or_else(|| panic!("bad comment: {line}"));
            assert!(valid_name(name), "bad metric name in: {line}");
            match keyword {
                "HELP" => assert!(parts.next().is_some_and(|h| !h.is_empty()), "{line}"),
                "TYPE" => {
                    let kind = parts.next().unwrap_or_default();
                    assert!(
                        ["counter", "gauge", "histogram"].contains(&kind),
                        "bad type in: {line}"
                    );
                    assert!(
                        types.insert(name.to_owned(), kind.to_owned()).is_none(),
                        "TYPE given twice: {line}"
                    );
                }
                _ => panic!("unknown comment: {line}"),
            }
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            v => v.parse().unwrap_or_else(|_| panic!("bad value: {line}")),
        };
        let (name, labels) = match series.split_once('{') {
            None => (series, BTreeMap::new()),
            Some((name, rest)) => {
                let body = rest
                    .strip_suffix('}')
                    .unwrap_or_else(|| panic!("unclosed labels: {line}"));
                (name, parse_labels(body, line))
            }
        };
        assert!(valid_name(name), "bad metric name in: {line}");
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|suffix| {
                name.strip_suffix(suffix)
                    .filter(|f| types.get(*f).map(String::as_str) == Some("histogram"))
            })
            .unwrap_or(name);
        assert!(types.contains_key(family), "sample before its TYPE: {line}");
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    samples
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn parse_labels(body: &str, line: &str) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let mut chars = body.chars().peekable();
    while chars.peek().is_some() {
        let name: String = chars.by_ref().take_while(|&c| c != '=').collect();
        assert!(valid_name(&name), "bad label name in: {line}");
        assert_eq!(chars.next(), Some('"'), "unquoted label value in: {line}");
        let mut value = String::new();
        loop {
            match chars.next() {
                Some('\\') => match chars.next() {
                    Some('\\') => value.push('\\'),
                    Some('"') => value.push('"'),
                    Some('n') => value.push('\n'),
                    _ => panic!("bad escape in: {line}"),
                },
                Some('"') => break,
                Some(c) => value.push(c),
                None => panic!("unterminated label value in: {line}"),
            }
        }
        assert!(labels.insert(name, value).is_none(), "label twice: {line}");
        match chars.next() {
            Some(',') | None => {}
            Some(c) => panic!("unexpected {c:?} after a label in: {line}"),
        }
    }
    labels
}

/// The value of the one sample of `name` whose labels include `labels`, or 0 if none.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    let found: Vec<&Sample> = samples
        .iter()
        .filter(|s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert!(found.len() <= 1, "{name} {labels:?} matches {found:?}");
    found.first().map_or(0.0, |s| s.value)
}

#[test]
fn the_parser_refuses_malformed_expositions() {
    let good = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\\\"2\"} 3\n";
    assert_eq!(parse_exposition(good)[0].labels["x"], "1\"2");
    for bad in [
        "a_total 1\n",                                    // no TYPE
        "# TYPE a_total counter\na_total{x=1} 1\n",       // unquoted
        "# TYPE a_total counter\na_total{x=\"1\"} one\n", // not a number
        "# TYPE a_total counter\na_total{x=\"1\"\n",      // unclosed
        "# TYPE a_total summary_of_sorts\n",              // unknown type
        "# TYPE a_total counter\na-total 1\n",            // bad name
    ] {
        assert!(
            std::panic::catch_unwind(|| parse_exposition(bad)).is_err(),
            "accepted: {bad:?}"
        );
    }
}

async fn scrape(app: &TestApp) -> Vec<Sample> {
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    parse_exposition(&response.text().await.unwrap())
}

/// Checks each histogram series: buckets cumulative, in order of `le`, ending with `+Inf`
/// equal to `_count`.
fn check_histograms(samples: &[Sample], family: &str) -> usize {
    // Labels without `le` -> (le, cumulative count) per bucket.
    type Buckets = Vec<(f64, f64)>;
    let mut series: BTreeMap<Vec<(String, String)>, Buckets> = BTreeMap::new();
    for s in samples
        .iter()
        .filter(|s| s.name == format!("{family}_bucket"))
    {
        let mut labels = s.labels.clone();
        let le = labels.remove("le").expect("a bucket has le");
        let le = if le == "+Inf" {
            f64::INFINITY
        } else {
            le.parse().unwrap()
        };
        series
            .entry(labels.into_iter().collect())
            .or_default()
            .push((le, s.value));
    }
    for (labels, buckets) in &series {
        assert!(buckets.len() >= 10, "{family} {labels:?} has {buckets:?}");
        assert!(
            buckets
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1)
        );
        let (last_le, last) = *buckets.last().unwrap();
        assert_eq!(last_le, f64::INFINITY);
        let pairs: Vec<(&str, &str)> = labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(value(samples, &format!("{family}_count"), &pairs), last);
        assert!(value(samples, &format!("{family}_sum"), &pairs) >= 0.0);
    }
    series.len()
}

// ---------------------------------------------------------------------------------------
// /metrics

async fn metrics_count_requests_histograms_and_cases(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_METRICS_CACHE_SECONDS".into(), "0".into()));
    })
    .await;
    let before = scrape(&app).await;
    let health = [("route", "/healthz"), ("method", "GET"), ("status", "2xx")];
    let healthz_before = value(&before, "tietolupa_http_requests_total", &health);

    for _ in 0..3 {
        app.client.get(app.url("/healthz")).send().await.unwrap();
    }
    app.query_ok(None, "query Me { me { roles } }", json!({}))
        .await;
    app.query_ok(None, "{ me { roles } }", json!({})).await;
    let (_, body) = app
        .graphql(
            None,
            "query Broken { application(id: \"nope\") { id } }",
            json!({}),
        )
        .await;
    assert!(body["errors"].is_array());
    // A name the document does not hold is never a label; nor one that could carry data.
    let (_, body) = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "query A { me { roles } }", "operationName": "Elsewhere" }))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .map(|b| ((), b))
        .unwrap();
    assert!(body["errors"].is_array());
    app.query_ok(None, "query x010180_9004 { me { roles } }", json!({}))
        .await;
    app.client
        .get(app.url("/no/such/page"))
        .send()
        .await
        .unwrap();

    let after = scrape(&app).await;
    assert_eq!(
        value(&after, "tietolupa_http_requests_total", &health) - healthz_before,
        3.0
    );
    let graphql_ok = [("route", "/graphql"), ("method", "POST"), ("status", "2xx")];
    assert!(value(&after, "tietolupa_http_requests_total", &graphql_ok) >= 5.0);
    assert_eq!(
        value(
            &after,
            "tietolupa_http_requests_total",
            &[("route", "/metrics")]
        ),
        1.0,
        "the first scrape is counted by the second"
    );
    let op = |name: &str, outcome: &str| {
        value(
            &after,
            "tietolupa_graphql_requests_total",
            &[("operation", name), ("outcome", outcome)],
        )
    };
    assert_eq!(op("Me", "ok"), 1.0);
    assert!(op("anonymous", "ok") >= 1.0);
    assert_eq!(op("Broken", "error"), 1.0);
    assert_eq!(op("unknown", "error"), 1.0);
    assert_eq!(op("other", "ok"), 1.0);
    assert_eq!(
        value(
            &after,
            "tietolupa_graphql_request_duration_seconds_count",
            &[("operation", "Me"), ("outcome", "ok")]
        ),
        1.0
    );
    for sample in &after {
        for label in sample.labels.values() {
            assert!(
                !label.contains("Elsewhere") && !label.contains("010180"),
                "{sample:?}"
            );
            assert!(
                !label.contains("/no/such"),
                "paths are not labels: {sample:?}"
            );
        }
    }
    assert!(check_histograms(&after, "tietolupa_http_request_duration_seconds") >= 3);
    assert!(check_histograms(&after, "tietolupa_graphql_request_duration_seconds") >= 4);
    assert_eq!(value(&after, "tietolupa_database_figures_up", &[]), 1.0);

    // Cases per state, from the database.
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let draft = cases::create(&app, &applicant, "DATA_PERMIT", json!({})).await;
    cases::create(&app, &applicant, "DATA_PERMIT", json!({})).await;
    cases::ok(
        &app,
        &applicant,
        "withdrawApplication",
        &draft,
        "",
        json!({}),
    )
    .await;
    let submitted = cases::submitted_permit(&app, &applicant).await;
    cases::case_in_preparation(&app, &applicant, &handler).await;
    cases::case_awaiting_answers(&app, &applicant, &handler).await;
    // Its clock ran out yesterday.
    let id: uuid::Uuid = submitted["id"].as_str().unwrap().parse().unwrap();
    let row = tietolupa_entity::application::Entity::find_by_id(id)
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .unwrap();
    let mut row: tietolupa_entity::application::ActiveModel = row.into();
    row.due_on = Set(Some(
        tietolupa_test_support::today_in_finland() - time::Duration::days(2),
    ));
    row.update(app.db.raw_connection_for_tests()).await.unwrap();

    let cases = scrape(&app).await;
    let state = |s: &str| value(&cases, "tietolupa_cases", &[("state", s)]);
    assert_eq!(state("DRAFT"), 1.0);
    assert_eq!(state("WITHDRAWN"), 1.0);
    assert_eq!(state("SUBMITTED"), 1.0);
    assert_eq!(state("IN_PREPARATION"), 1.0);
    assert_eq!(state("INFORMATION_REQUESTED"), 1.0);
    assert_eq!(state("PROPOSED"), 0.0);
    assert_eq!(state("DECIDED"), 0.0);
    assert_eq!(
        cases.iter().filter(|s| s.name == "tietolupa_cases").count(),
        7,
        "every state is reported, zero included"
    );
    assert_eq!(value(&cases, "tietolupa_cases_overdue", &[]), 1.0);
    let chain = tietolupa_store::audit::chain_length(&app.db).await.unwrap();
    let reported = value(&cases, "tietolupa_audit_chain_length", &[]);
    assert!(reported > 0.0);
    // Scraping appends nothing to the audit log, so the chain is as long as reported.
    assert_eq!(reported, chain as f64);
}

async fn metrics_count_cohort_filter_runs_of_the_api_and_the_command(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_METRICS_CACHE_SECONDS".into(), "0".into()));
    })
    .await;
    let before = scrape(&app).await;
    assert_eq!(
        value(
            &before,
            "tietolupa_cohort_filter_runs_total",
            &[("via", "api")]
        ),
        0.0
    );
    let citizen = app
        .dev_token("obs-citizen", &["CITIZEN"], Some(&code('-', 960)))
        .await;
    app.query_ok(
        Some(&citizen),
        "mutation { fileObjection { created } }",
        json!({}),
    )
    .await;
    let clerk = app.demo_token("demo-registry-clerk").await;
    let today = tietolupa_test_support::today_in_finland();
    let body = format!("{}\n{}\nnot-a-code\n", code('-', 960), code('-', 961));
    let response = app
        .client
        .post(app.url(&format!("/api/cohort-filter?extractionDate={today}")))
        .bearer_auth(&clerk)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("\"completed\":true")
    );

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cohort.txt");
    std::fs::write(&input, &body).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_tietolupa"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(["cohort-filter", "--extraction-date", &today.to_string()])
        .arg(&input)
        .arg(dir.path().join("kept.txt"))
        .envs(test_environment(&app.database, app.data_dir.path()));
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let after = scrape(&app).await;
    for via in ["api", "cli"] {
        let runs = [("via", via), ("outcome", "completed")];
        assert_eq!(
            value(&after, "tietolupa_cohort_filter_runs_total", &runs),
            1.0,
            "{via}"
        );
        let lines = |result: &str| {
            value(
                &after,
                "tietolupa_cohort_filter_lines_total",
                &[("via", via), ("result", result)],
            )
        };
        assert_eq!(lines("kept"), 1.0, "{via}");
        assert_eq!(lines("removed"), 1.0, "{via}");
        assert_eq!(lines("invalid"), 1.0, "{via}");
    }
    // Read on from where the last scrape stopped: the totals do not double.
    let again = scrape(&app).await;
    assert_eq!(
        value(
            &again,
            "tietolupa_cohort_filter_runs_total",
            &[("via", "api"), ("outcome", "completed")]
        ),
        1.0
    );
}

on_both_databases!(
    metrics_count_requests_histograms_and_cases,
    metrics_count_cohort_filter_runs_of_the_api_and_the_command
);

#[tokio::test]
async fn metrics_need_the_configured_token() {
    let token = "scraper-token-0123456789abcdef";
    let app = TestApp::spawn_with(Backend::Sqlite, |vars| {
        vars.push(("TIETOLUPA_METRICS_TOKEN".into(), token.into()));
    })
    .await;
    let get = |auth: Option<&str>| {
        let mut request = app.client.get(app.url("/metrics"));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        async move { request.send().await.unwrap() }
    };
    let refused = get(None).await;
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.headers()["www-authenticate"], "Bearer");
    assert_eq!(get(Some("Bearer wrong")).await.status(), 401);
    assert_eq!(get(Some(&format!("Bearer {token}x"))).await.status(), 401);
    let ok = get(Some(&format!("Bearer {token}"))).await;
    assert_eq!(ok.status(), 200);
    assert!(!parse_exposition(&ok.text().await.unwrap()).is_empty());
}

#[tokio::test]
async fn metrics_are_absent_in_production_without_a_token() {
    let app = TestApp::spawn_with(Backend::Sqlite, |vars| {
        let secrets =
            std::env::temp_dir().join(format!("obs-secrets-{}.toml", uuid::Uuid::new_v4()));
        let key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        std::fs::write(
            &secrets,
            format!(
                "[blind_index]\ncurrent = \"bi-1\"\n[blind_index.keys]\nbi-1 = \"{key}\"\n\
                 [encryption]\ncurrent = \"enc-1\"\n[encryption.keys]\nenc-1 = \"{key}\"\n\
                 [pseudonymisation]\ncurrent = \"ps-1\"\n[pseudonymisation.keys]\nps-1 = \"{key}\"\n"
            ),
        )
        .unwrap();
        vars.retain(|(k, _)| k != "TIETOLUPA_MODE");
        vars.push(("TIETOLUPA_MODE".into(), "production".into()));
        vars.push((
            "TIETOLUPA_SECRETS_FILE".into(),
            secrets.display().to_string(),
        ));
    })
    .await;
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let healthz = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(healthz.status(), 200, "the server itself is up");
}

// ---------------------------------------------------------------------------------------
// Logs

fn code(sign: char, individual: u16) -> String {
    Hetu::compose(
        date!(1979 - 04 - 17),
        sign,
        individual,
        HetuPolicy::ALLOW_TEMPORARY,
    )
    .unwrap()
    .expose()
    .to_owned()
}

/// A client of a running server, the in-process one or the binary.
struct Target {
    base: String,
    client: reqwest::Client,
    /// Every token issued, to look for in the logs.
    tokens: Mutex<Vec<String>>,
    /// The `x-request-id` of every response.
    request_ids: Mutex<Vec<String>>,
}

impl Target {
    fn new(base: String) -> Target {
        Target {
            base,
            client: reqwest::Client::new(),
            tokens: Mutex::default(),
            request_ids: Mutex::default(),
        }
    }

    fn keep_id(&self, response: &reqwest::Response) {
        if let Some(id) = response.headers().get("x-request-id") {
            self.request_ids
                .lock()
                .unwrap()
                .push(id.to_str().unwrap().to_owned());
        }
    }

    async fn token(&self, sub: &str, roles: &[&str], hetu: Option<&str>) -> String {
        let request = match roles {
            [] => json!({ "sub": sub }),
            _ => json!({ "sub": sub, "roles": roles, "hetu": hetu }),
        };
        let response = self
            .client
            .post(format!("{}/dev/token", self.base))
            .json(&request)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        let token = body["token"].as_str().unwrap().to_owned();
        self.tokens.lock().unwrap().push(token.clone());
        token
    }

    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> (u16, Value) {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        self.keep_id(&response);
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let (status, body) = self.gql(token, query, variables).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("errors").is_none(), "{body}");
        body["data"].clone()
    }

    async fn error_code(&self, token: Option<&str>, query: &str, variables: Value) -> String {
        let (_, body) = self.gql(token, query, variables).await;
        body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("an error with a code: {body}"))
            .to_owned()
    }

    async fn raw(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: String,
    ) -> (u16, String) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        self.keep_id(&response);
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

/// The identity codes the flow uses, valid and not.
struct Codes {
    citizen: String,
    guardian: String,
    child: String,
    letter_writer: String,
    representative: String,
    /// Not valid codes, but shaped like them and just as personal.
    wrong_check: String,
    lower_case: String,
}

impl Codes {
    fn new() -> Codes {
        let representative = code('-', 975);
        let mut wrong_check = code('X', 976);
        let last = wrong_check.pop().unwrap();
        wrong_check.push(if last == 'X' { 'Y' } else { 'X' });
        Codes {
            citizen: code('-', 970),
            guardian: code('-', 971),
            child: Hetu::compose(date!(2016 - 02 - 29), 'A', 972, HetuPolicy::ALLOW_TEMPORARY)
                .unwrap()
                .expose()
                .to_owned(),
            letter_writer: code('Y', 973),
            lower_case: code('W', 974).to_lowercase(),
            representative,
            wrong_check,
        }
    }

    fn all(&self) -> Vec<&str> {
        vec![
            &self.citizen,
            &self.guardian,
            &self.child,
            &self.letter_writer,
            &self.representative,
            &self.wrong_check,
            &self.lower_case,
        ]
    }
}

/// Everything a code or a token could leave in a log: objections filed, recorded, read,
/// exported and withdrawn, bad codes, codes in GraphQL arguments, variables, operation
/// names, query strings, paths and request ids, a cohort filter, valid, tampered and
/// garbage tokens.
async fn realistic_flow(target: &Target, codes: &Codes) {
    let today = tietolupa_test_support::today_in_finland().to_string();
    let citizen = target
        .token("obs-citizen", &["CITIZEN"], Some(&codes.citizen))
        .await;
    let guardian = target
        .token("obs-guardian", &["CITIZEN"], Some(&codes.guardian))
        .await;
    let clerk = target.token("demo-registry-clerk", &[], None).await;
    let auditor = target.token("demo-auditor", &[], None).await;
    let handler = target.token("demo-handler-1", &[], None).await;

    let own = target
        .ok(
            Some(&citizen),
            "mutation FileOwn { fileObjection { created objection { id version maskedIdentityCode } } }",
            json!({}),
        )
        .await["fileObjection"]["objection"]
        .clone();
    target
        .ok(
            Some(&guardian),
            "mutation($input: FileObjectionInput) { fileObjection(input: $input) { created } }",
            json!({ "input": { "representedIdentityCode": codes.child, "representationBasis": "GUARDIAN_OF_MINOR" } }),
        )
        .await;
    let record = "mutation Record($input: RecordObjectionInput!) { recordObjection(input: $input) { created } }";
    target
        .ok(
            Some(&clerk),
            record,
            json!({ "input": { "identityCode": codes.letter_writer, "channel": "POST",
                "identityVerification": "NOTARISED_SIGNATURE", "receivedOn": today,
                "representationBasis": "MANDATE", "representativeIdentityCode": codes.representative } }),
        )
        .await;
    // Bad codes in variables.
    for bad in [
        &codes.wrong_check,
        &codes.lower_case,
        &format!(" {}", codes.citizen),
    ] {
        assert_eq!(
            target
                .error_code(
                    Some(&clerk),
                    record,
                    json!({ "input": { "identityCode": bad, "channel": "POST",
                        "identityVerification": "NOTARISED_SIGNATURE", "receivedOn": today } }),
                )
                .await,
            "VALIDATION"
        );
    }
    // Codes inline in the document, in arguments of the wrong type, and in a document
    // that does not parse.
    let inline = format!(
        "mutation {{ recordObjection(input: {{ identityCode: \"{}\", channel: POST, \
         identityVerification: NOTARISED_SIGNATURE, receivedOn: \"{}\" }}) {{ created }} }}",
        codes.wrong_check, codes.citizen
    );
    assert_eq!(
        target.error_code(Some(&clerk), &inline, json!({})).await,
        "VALIDATION"
    );
    let wrong_type = format!(
        "{{ objection(id: \"{}\", reason: \"check\") {{ id }} }}",
        codes.guardian
    );
    assert_eq!(
        target
            .error_code(Some(&clerk), &wrong_type, json!({}))
            .await,
        "VALIDATION"
    );
    let unparsable = format!("{{ objection(id: \"{}\" reason: ", codes.child);
    assert_eq!(
        target
            .error_code(Some(&clerk), &unparsable, json!({}))
            .await,
        "VALIDATION"
    );
    assert_eq!(
        target
            .error_code(
                Some(&clerk),
                "query($id: UUID!) { objection(id: $id, reason: \"check\") { id } }",
                json!({ "id": codes.letter_writer }),
            )
            .await,
        "VALIDATION"
    );
    let named = format!(
        "query q{} {{ me {{ roles }} }}",
        codes.citizen.replace(['-', '+'], "_")
    );
    target.ok(Some(&citizen), &named, json!({})).await;
    // Not allowed: a citizen recording for someone else.
    assert_eq!(
        target
            .error_code(
                Some(&citizen),
                record,
                json!({ "input": { "identityCode": codes.guardian, "channel": "POST",
                    "identityVerification": "NOTARISED_SIGNATURE", "receivedOn": today } }),
            )
            .await,
        "FORBIDDEN"
    );
    target
        .ok(
            Some(&clerk),
            "query($id: UUID!) { objection(id: $id, reason: \"Checking a letter\") { id maskedIdentityCode } }",
            json!({ "id": own["id"] }),
        )
        .await;
    target
        .ok(
            Some(&citizen),
            "{ myObjections { edges { node { id maskedIdentityCode } } } }",
            json!({}),
        )
        .await;
    let (status, _) = target
        .raw(
            reqwest::Method::GET,
            "/api/objections/me/export",
            Some(&citizen),
            String::new(),
        )
        .await;
    assert_eq!(status, 200);

    // The cohort filter, with codes in the body and in the query string.
    let list = format!(
        "{}\n{}\n{}\n{}\n{}\n",
        codes.citizen, codes.child, codes.representative, codes.wrong_check, codes.lower_case
    );
    let (status, body) = target
        .raw(
            reqwest::Method::POST,
            &format!("/api/cohort-filter?extractionDate={today}&permit=TL%2F1%2F2026"),
            Some(&clerk),
            list.clone(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"completed\":true"), "{body}");
    let (status, _) = target
        .raw(
            reqwest::Method::POST,
            &format!(
                "/api/cohort-filter?extractionDate={}&permit={}",
                codes.citizen, codes.guardian
            ),
            Some(&handler),
            list,
        )
        .await;
    assert_eq!(status, 400);

    // Codes in paths and in a request id.
    let (status, _) = target
        .raw(
            reqwest::Method::GET,
            &format!("/api/objections/{}", codes.citizen),
            Some(&clerk),
            String::new(),
        )
        .await;
    assert_eq!(status, 404);
    target
        .raw(
            reqwest::Method::GET,
            &format!("/objections/{}", codes.guardian),
            None,
            String::new(),
        )
        .await;
    let response = target
        .client
        .post(format!("{}/graphql", target.base))
        .header("x-request-id", codes.child.as_str())
        .json(&json!({ "query": "{ me { roles } }" }))
        .send()
        .await
        .unwrap();
    assert_ne!(response.headers()["x-request-id"], codes.child.as_str());

    // Tokens: tampered, garbage, and one in the wrong place.
    let mut tampered = citizen.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let (status, _) = target
        .gql(Some(&tampered), "{ me { roles } }", json!({}))
        .await;
    assert_eq!(status, 401);
    let garbage = format!("x{}y", codes.guardian);
    target.tokens.lock().unwrap().push(garbage.clone());
    let (status, _) = target
        .gql(Some(&garbage), "{ me { roles } }", json!({}))
        .await;
    assert_eq!(status, 401);
    let (status, _) = target
        .raw(
            reqwest::Method::GET,
            &format!("/api/decisions.json?token={citizen}"),
            None,
            String::new(),
        )
        .await;
    assert!(status < 500);

    target
        .ok(
            Some(&citizen),
            "mutation($id: UUID!, $version: Int!) { withdrawObjection(id: $id, version: $version) { status } }",
            json!({ "id": own["id"], "version": own["version"] }),
        )
        .await;
    target
        .ok(
            Some(&auditor),
            "{ verifyAuditLog { intact } auditLog(first: 100) { edges { node { action } } } }",
            json!({}),
        )
        .await;
}

/// What must never be in a log: each code as given, without its century sign, and each
/// token whole and by its claims and signature parts.
fn secrets(codes: &Codes, tokens: &[String]) -> Vec<String> {
    let mut secrets = Vec::new();
    for code in codes.all() {
        secrets.push(code.to_owned());
        // Without the century sign.
        let mut bare = code.trim().to_owned();
        if bare.len() == 11 {
            bare.remove(6);
        }
        secrets.push(bare);
        secrets.push(hex::encode(code));
    }
    for token in tokens {
        secrets.push(token.clone());
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() == 3 {
            secrets.push(parts[1].to_owned());
            secrets.push(parts[2].to_owned());
        }
    }
    secrets
}

/// The secrets found in `text`, compared without regard to case.
fn leaked<'a>(text: &str, secrets: &'a [String]) -> Vec<&'a str> {
    let text = text.to_lowercase();
    secrets
        .iter()
        .filter(|s| text.contains(&s.to_lowercase()))
        .map(String::as_str)
        .collect()
}

fn assert_no_leak(logs: &str, codes: &Codes, tokens: &[String]) {
    let secrets = secrets(codes, tokens);
    assert!(secrets.len() > 25, "{} secrets", secrets.len());
    // The scan finds what it looks for.
    assert_eq!(
        leaked(&format!("x {} y", codes.child.to_lowercase()), &secrets).len(),
        1
    );
    let leaks = leaked(logs, &secrets);
    if !leaks.is_empty() {
        let lines: Vec<&str> = logs
            .lines()
            .filter(|line| !leaked(line, &secrets).is_empty())
            .take(5)
            .collect();
        panic!(
            "{} secrets in the logs, e.g. in:\n{}",
            leaks.len(),
            lines.join("\n")
        );
    }
}

/// The in-process server, every target at `trace`.
async fn no_identity_code_or_token_in_trace_logs(backend: Backend) {
    assert!(
        logs::install_with("trace"),
        "this test needs a process of its own (cargo nextest)"
    );
    let app = TestApp::spawn(backend).await;
    let target = Target::new(app.address.clone());
    let codes = Codes::new();
    realistic_flow(&target, &codes).await;
    // Let the cohort filter's task log its end.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let logs = logs::captured();
    assert!(logs.contains("TRACE"), "trace lines are captured");
    assert!(logs.contains("DEBUG"), "debug lines are captured");
    assert!(
        logs.contains("bearer token rejected"),
        "the refusals are logged"
    );
    assert!(
        logs.contains("cohort filter run"),
        "the cohort run is logged"
    );
    let tokens = target.tokens.lock().unwrap().clone();
    assert!(tokens.len() >= 6);
    assert_no_leak(&logs, &codes, &tokens);
}

/// A `tietolupa serve` process and everything it writes to stderr.
struct Server {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(
        database: &TestDatabase,
        data_dir: &std::path::Path,
        extra: &[(&str, &str)],
    ) -> (Server, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tietolupa"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .arg("serve")
            .envs(test_environment(database, data_dir))
            .envs(extra.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let reader = {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Ok(json) = serde_json::from_str::<Value>(&line)
                        && json["message"] == "listening"
                    {
                        let _ = tx.send(json["address"].as_str().unwrap_or_default().to_owned());
                    }
                    lines.lock().unwrap().push(line);
                }
            })
        };
        let mut server = Server {
            child,
            lines,
            reader: Some(reader),
        };
        let address = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(address) => address,
            Err(_) => {
                let output = server.stop();
                panic!(
                    "the server did not report listening:\n{}",
                    output.join("\n")
                );
            }
        };
        (server, format!("http://{address}"))
    }

    /// SIGTERM, wait, and every line it wrote.
    fn stop(&mut self) -> Vec<String> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let exited = (0..100).any(|_| {
            std::thread::sleep(Duration::from_millis(100));
            matches!(self.child.try_wait(), Ok(Some(_)))
        });
        if !exited {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.lines.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The real binary with JSON logs at `trace` for every target: every line is JSON, lines
/// written while serving a request carry its id, and no code or token appears.
async fn the_binary_logs_json_with_request_ids_and_no_codes_or_tokens(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let data_dir = tempfile::tempdir().unwrap();
    let (mut server, base) = Server::start(
        &database,
        data_dir.path(),
        &[("TIETOLUPA_LOG", "trace"), ("TIETOLUPA_LOG_FORMAT", "json")],
    );
    let target = Target::new(base);
    let codes = Codes::new();
    realistic_flow(&target, &codes).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let lines = server.stop();
    let output = lines.join("\n");

    let mut levels = BTreeMap::<String, usize>::new();
    let mut by_request = BTreeMap::<String, usize>::new();
    for line in &lines {
        let json: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("a log line that is not JSON ({e}): {line}"));
        *levels
            .entry(json["level"].as_str().unwrap_or("?").to_owned())
            .or_default() += 1;
        if let Some(id) = json["span"]["request_id"].as_str() {
            *by_request.entry(id.to_owned()).or_default() += 1;
        }
    }
    assert!(levels.contains_key("TRACE"), "{levels:?}");
    assert!(levels.contains_key("DEBUG"), "{levels:?}");
    let ids = target.request_ids.lock().unwrap().clone();
    assert!(ids.len() > 20);
    for id in &ids {
        assert!(
            by_request.get(id).is_some_and(|&n| n >= 2),
            "no log lines carry request {id}"
        );
    }
    assert!(output.contains("cohort filter run"));
    let cohort_line: Value = lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l["message"] == "cohort filter run")
        .unwrap();
    assert!(
        cohort_line["span"]["request_id"]
            .as_str()
            .is_some_and(|id| ids.iter().any(|i| i == id)),
        "the cohort filter's own task logs under its request: {cohort_line}"
    );
    let tokens = target.tokens.lock().unwrap().clone();
    assert_no_leak(&output, &codes, &tokens);
}

on_both_databases!(
    no_identity_code_or_token_in_trace_logs,
    the_binary_logs_json_with_request_ids_and_no_codes_or_tokens
);
