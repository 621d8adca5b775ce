//! `GET /metrics` in the Prometheus text exposition format (version 0.0.4).
//!
//! Request figures are kept in memory by this process: HTTP requests by route template,
//! method and status class, GraphQL requests by operation name and outcome, each as a
//! counter and a latency histogram. Case figures (cases per state, overdue cases, the
//! audit chain's length) and cohort-filter runs come from the database at scrape time,
//! cached briefly, so every instance reports the same and command-line runs count too.
//!
//! No label holds personal data: routes are templates (`/api/attachments/{id}`), never
//! paths; operation names come from the executed document and are bounded in number and
//! form (`tietolupa_graphql::operation_metrics`).
//!
//! Who may read it: with `TIETOLUPA_METRICS_TOKEN` set, only a caller sending
//! `Authorization: Bearer <token>`; without it, everyone in dev mode and nobody (404) in
//! production.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{MatchedPath, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use tietolupa_graphql::operation_metrics::{OperationObserver, OperationOutcome};
use tietolupa_store::metrics::{CaseFigures, CohortTotals};
use tietolupa_store::{CallContext, Db, metrics as figures};

use crate::error::HttpError;
use crate::router::AppState;

/// Upper bounds of the latency histograms, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Distinct GraphQL operation names kept; later new names are counted as `other`, so a
/// client inventing names cannot grow the exposition without bound.
pub const MAX_OPERATION_NAMES: usize = 100;

/// Who may read `/metrics`.
#[derive(Clone)]
pub enum MetricsAccess {
    Open,
    Token(SecretString),
    Closed,
}

/// The process's request figures and the cached database figures.
pub struct Metrics {
    access: MetricsAccess,
    cache_for: Duration,
    http: Mutex<BTreeMap<HttpSeries, Histogram>>,
    graphql: Mutex<BTreeMap<(String, &'static str), Histogram>>,
    stored: tokio::sync::Mutex<Stored>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct HttpSeries {
    route: String,
    method: &'static str,
    status: &'static str,
}

#[derive(Debug, Clone, Default)]
struct Histogram {
    /// Non-cumulative: `buckets[i]` counts observations in `(BUCKETS[i-1], BUCKETS[i]]`.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(i) = BUCKETS.iter().position(|&le| seconds <= le) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }
}

#[derive(Default)]
struct Stored {
    cases: Option<(Instant, CaseFigures)>,
    cohort: CohortTotals,
}

impl Metrics {
    pub fn new(access: MetricsAccess, cache_for: Duration) -> Metrics {
        Metrics {
            access,
            cache_for,
            http: Mutex::default(),
            graphql: Mutex::default(),
            stored: tokio::sync::Mutex::default(),
        }
    }

    fn observe_http(&self, route: String, method: &Method, status: StatusCode, elapsed: Duration) {
        let series = HttpSeries {
            route,
            method: method_label(method),
            status: status_class(status),
        };
        if let Ok(mut http) = self.http.lock() {
            http.entry(series)
                .or_default()
                .observe(elapsed.as_secs_f64());
        }
    }

    /// The exposition: request figures, then database figures (omitted, with
    /// `tietolupa_database_figures_up 0`, when the database does not answer).
    pub async fn render(&self, db: &Db) -> String {
        let mut out = String::new();
        let http = self.http.lock().map(|h| h.clone()).unwrap_or_default();
        family(
            &mut out,
            "tietolupa_http_requests_total",
            "counter",
            "HTTP requests answered, by route template, method and status class.",
        );
        for (series, histogram) in &http {
            let labels = http_labels(series);
            let _ = writeln!(
                out,
                "tietolupa_http_requests_total{{{labels}}} {}",
                histogram.count
            );
        }
        family(
            &mut out,
            "tietolupa_http_request_duration_seconds",
            "histogram",
            "Time to the response head, by route template, method and status class.",
        );
        for (series, histogram) in &http {
            write_histogram(
                &mut out,
                "tietolupa_http_request_duration_seconds",
                &http_labels(series),
                histogram,
            );
        }
        let graphql = self.graphql.lock().map(|g| g.clone()).unwrap_or_default();
        family(
            &mut out,
            "tietolupa_graphql_requests_total",
            "counter",
            "GraphQL requests executed, by operation name and outcome (ok, or error when the response holds errors).",
        );
        for ((operation, outcome), histogram) in &graphql {
            let labels = graphql_labels(operation, outcome);
            let _ = writeln!(
                out,
                "tietolupa_graphql_requests_total{{{labels}}} {}",
                histogram.count
            );
        }
        family(
            &mut out,
            "tietolupa_graphql_request_duration_seconds",
            "histogram",
            "Time to execute a GraphQL request, parsing included, by operation name and outcome.",
        );
        for ((operation, outcome), histogram) in &graphql {
            write_histogram(
                &mut out,
                "tietolupa_graphql_request_duration_seconds",
                &graphql_labels(operation, outcome),
                histogram,
            );
        }
        let up = match self.stored_figures(db).await {
            Ok((cases, cohort)) => {
                write_stored(&mut out, &cases, &cohort);
                1
            }
            Err(e) => {
                tracing::warn!(error = %e, "metrics: database figures unavailable");
                0
            }
        };
        family(
            &mut out,
            "tietolupa_database_figures_up",
            "gauge",
            "1 when the database figures of this scrape could be read.",
        );
        let _ = writeln!(out, "tietolupa_database_figures_up {up}");
        out
    }

    async fn stored_figures(
        &self,
        db: &Db,
    ) -> Result<(CaseFigures, CohortTotals), tietolupa_store::StoreError> {
        // One scrape at a time reads the database; the others wait and share its result.
        let mut stored = self.stored.lock().await;
        let fresh = stored
            .cases
            .as_ref()
            .filter(|(at, _)| at.elapsed() < self.cache_for)
            .map(|(_, cases)| cases.clone());
        let cases = match fresh {
            Some(cases) => cases,
            None => {
                let today = CallContext::system("metrics").today();
                let cases = figures::case_figures(db, today).await?;
                let after = stored.cohort.through_seq;
                figures::add_cohort_runs(db, &mut stored.cohort, after).await?;
                stored.cases = Some((Instant::now(), cases.clone()));
                cases
            }
        };
        Ok((cases, stored.cohort.clone()))
    }
}

impl OperationObserver for Metrics {
    fn observe(&self, operation: &str, outcome: OperationOutcome, elapsed: Duration) {
        if let Ok(mut graphql) = self.graphql.lock() {
            let known = graphql.keys().any(|(name, _)| name == operation);
            let names = if known {
                0
            } else {
                let mut names: Vec<&String> = graphql.keys().map(|(name, _)| name).collect();
                names.dedup();
                names.len()
            };
            let operation = if known || names < MAX_OPERATION_NAMES {
                operation.to_owned()
            } else {
                "other".to_owned()
            };
            graphql
                .entry((operation, outcome.as_str()))
                .or_default()
                .observe(elapsed.as_secs_f64());
        }
    }
}

fn write_stored(out: &mut String, cases: &CaseFigures, cohort: &CohortTotals) {
    family(
        out,
        "tietolupa_cases",
        "gauge",
        "Applications by the state of their case.",
    );
    for (state, n) in &cases.by_state {
        let _ = writeln!(out, "tietolupa_cases{{state=\"{}\"}} {n}", state.as_str());
    }
    family(
        out,
        "tietolupa_cases_overdue",
        "gauge",
        "Cases whose decision clock runs and is past its due date.",
    );
    let _ = writeln!(out, "tietolupa_cases_overdue {}", cases.overdue);
    family(
        out,
        "tietolupa_audit_chain_length",
        "gauge",
        "Entries in the audit hash chain.",
    );
    let _ = writeln!(
        out,
        "tietolupa_audit_chain_length {}",
        cases.audit_chain_length
    );
    let counters = [
        (
            "tietolupa_cohort_filter_runs_total",
            "Finished cohort-filter runs on record, by where they ran (api, cli) and outcome.",
            "outcome",
            &cohort.runs,
        ),
        (
            "tietolupa_cohort_filter_lines_total",
            "Input lines of finished cohort-filter runs, by where they ran and result (kept, removed, invalid).",
            "result",
            &cohort.lines,
        ),
    ];
    for (name, help, label, totals) in counters {
        family(out, name, "counter", help);
        for ((via, value), n) in totals {
            let _ = writeln!(
                out,
                "{name}{{via=\"{}\",{label}=\"{value}\"}} {n}",
                escape(via)
            );
        }
    }
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn write_histogram(out: &mut String, name: &str, labels: &str, histogram: &Histogram) {
    let mut cumulative = 0;
    for (le, n) in BUCKETS.iter().zip(histogram.buckets) {
        cumulative += n;
        let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{le}\"}} {cumulative}");
    }
    let _ = writeln!(
        out,
        "{name}_bucket{{{labels},le=\"+Inf\"}} {}",
        histogram.count
    );
    let _ = writeln!(out, "{name}_sum{{{labels}}} {}", histogram.sum);
    let _ = writeln!(out, "{name}_count{{{labels}}} {}", histogram.count);
}

fn http_labels(series: &HttpSeries) -> String {
    format!(
        "route=\"{}\",method=\"{}\",status=\"{}\"",
        escape(&series.route),
        series.method,
        series.status
    )
}

fn graphql_labels(operation: &str, outcome: &str) -> String {
    format!("operation=\"{}\",outcome=\"{outcome}\"", escape(operation))
}

/// Label values escape backslash, double quote and line feed.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// Times every request. Runs after routing, so the route template is known; requests no
/// route matched (the web app, unknown paths) are labelled `other`.
pub async fn track(
    State(metrics): State<std::sync::Arc<Metrics>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    metrics.observe_http(route, &method, response.status(), started.elapsed());
    response
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match &state.metrics.access {
        MetricsAccess::Open => {}
        MetricsAccess::Closed => return HttpError::not_found().into_response(),
        MetricsAccess::Token(token) => {
            let presented = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or_default();
            if !same(presented.as_bytes(), token.expose_secret().as_bytes()) {
                let mut response = HttpError::unauthenticated().into_response();
                response
                    .headers_mut()
                    .insert(WWW_AUTHENTICATE, "Bearer".parse().expect("a valid header"));
                return response;
            }
        }
    }
    let body = state.metrics.render(&state.db).await;
    (
        StatusCode::OK,
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Compares in time independent of where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_in_the_exposition() {
        let mut histogram = Histogram::default();
        for seconds in [0.001, 0.004, 0.2, 50.0] {
            histogram.observe(seconds);
        }
        let mut out = String::new();
        write_histogram(&mut out, "h", "a=\"b\"", &histogram);
        assert!(out.contains("h_bucket{a=\"b\",le=\"0.005\"} 2\n"), "{out}");
        assert!(out.contains("h_bucket{a=\"b\",le=\"0.25\"} 3\n"), "{out}");
        assert!(out.contains("h_bucket{a=\"b\",le=\"30\"} 3\n"), "{out}");
        assert!(out.contains("h_bucket{a=\"b\",le=\"+Inf\"} 4\n"), "{out}");
        assert!(out.contains("h_count{a=\"b\"} 4\n"), "{out}");
    }

    #[test]
    fn operation_names_are_capped() {
        let metrics = Metrics::new(MetricsAccess::Open, Duration::ZERO);
        for i in 0..MAX_OPERATION_NAMES + 10 {
            metrics.observe(&format!("Op{i}"), OperationOutcome::Ok, Duration::ZERO);
        }
        metrics.observe("Op0", OperationOutcome::Error, Duration::ZERO);
        let graphql = metrics.graphql.lock().unwrap();
        let names: std::collections::BTreeSet<&str> =
            graphql.keys().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names.len(), MAX_OPERATION_NAMES + 1);
        assert!(names.contains("other"));
        assert_eq!(graphql[&("other".to_owned(), "ok")].count, 10);
        assert_eq!(graphql[&("Op0".to_owned(), "error")].count, 1);
    }

    #[test]
    fn label_values_are_escaped_and_tokens_compared_whole() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
