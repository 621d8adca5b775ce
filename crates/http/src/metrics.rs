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
//! The figures are kept and rendered by `metrics-exporter-prometheus`, through a recorder
//! owned by this router instance rather than the process-global one: several apps may run
//! in one process (the test suite does), and each must report only its own requests.
//!
//! Who may read it: with `TIETOLUPA_METRICS_TOKEN` set, only a caller sending
//! `Authorization: Bearer <token>`; without it, everyone in dev mode and nobody (404) in
//! production.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ::metrics::{
    counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram,
    with_local_recorder,
};
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusRecorder};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;
use tietolupa_graphql::operation_metrics::{OperationObserver, OperationOutcome};
use tietolupa_store::metrics::{CaseFigures, CohortTotals};
use tietolupa_store::outbox::delivery::{self, OutboxFigures};
use tietolupa_store::{CallContext, Db, metrics as figures};

use crate::error::HttpError;
use crate::request::RequestId;
use crate::state::AppState;

/// Upper bounds of the latency histograms, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Distinct GraphQL operation names kept; later new names are counted as `other`, so a
/// client inventing names cannot grow the exposition without bound.
pub const MAX_OPERATION_NAMES: usize = 100;

/// Observations wait in the recorder until they are drained into their histogram's
/// buckets. A scrape drains them, and so does every this-many-th request, so memory stays
/// bounded when nobody scrapes.
const UPKEEP_EVERY: u64 = 1024;

const HTTP_REQUESTS: &str = "tietolupa_http_requests_total";
const HTTP_DURATION: &str = "tietolupa_http_request_duration_seconds";
const GRAPHQL_REQUESTS: &str = "tietolupa_graphql_requests_total";
const GRAPHQL_DURATION: &str = "tietolupa_graphql_request_duration_seconds";
const CASES: &str = "tietolupa_cases";
const CASES_OVERDUE: &str = "tietolupa_cases_overdue";
const AUDIT_CHAIN_LENGTH: &str = "tietolupa_audit_chain_length";
const COHORT_RUNS: &str = "tietolupa_cohort_filter_runs_total";
const COHORT_LINES: &str = "tietolupa_cohort_filter_lines_total";
const DATABASE_FIGURES_UP: &str = "tietolupa_database_figures_up";
const MAIL_QUEUED: &str = "tietolupa_mail_queued_total";
const MAIL_PENDING: &str = "tietolupa_mail_pending";
const MAIL_DEAD_LETTERS: &str = "tietolupa_mail_dead_letters";
const MAIL_SENT: &str = "tietolupa_mail_sent_total";
const MAIL_RETRIED: &str = "tietolupa_mail_retried_total";
const MAIL_DEAD: &str = "tietolupa_mail_dead_total";

/// What this process's mail worker did with one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailEvent {
    Sent,
    /// Failed; tried again later.
    Retried,
    /// Became a dead letter.
    Dead,
}

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
    requests: PrometheusRecorder,
    /// The operation names with series of their own, at most [`MAX_OPERATION_NAMES`].
    operations: Mutex<HashSet<String>>,
    observed: AtomicU64,
    stored: tokio::sync::Mutex<Stored>,
}

#[derive(Default)]
struct Stored {
    cases: Option<(Instant, CaseFigures)>,
    outbox: OutboxFigures,
    cohort: CohortTotals,
}

fn recorder() -> PrometheusRecorder {
    PrometheusBuilder::new()
        .set_buckets(&BUCKETS)
        .expect("the bucket list is not empty")
        .build_recorder()
}

pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

impl Metrics {
    pub fn new(access: MetricsAccess, cache_for: Duration) -> Metrics {
        let requests = recorder();
        with_local_recorder(&requests, || {
            describe_counter!(
                HTTP_REQUESTS,
                "HTTP requests answered, by route template, method and status class."
            );
            describe_histogram!(
                HTTP_DURATION,
                "Time to the response head, by route template, method and status class."
            );
            describe_counter!(
                GRAPHQL_REQUESTS,
                "GraphQL requests executed, by operation name and outcome (ok, or error when the response holds errors)."
            );
            describe_histogram!(
                GRAPHQL_DURATION,
                "Time to execute a GraphQL request, parsing included, by operation name and outcome."
            );
            describe_counter!(
                MAIL_SENT,
                "Messages this process's mail worker handed to the SMTP server."
            );
            describe_counter!(
                MAIL_RETRIED,
                "Failed delivery attempts of this process's mail worker that will be retried."
            );
            describe_counter!(
                MAIL_DEAD,
                "Messages this process's mail worker made dead letters (no address, no template, or out of attempts)."
            );
        });
        Metrics {
            access,
            cache_for,
            requests,
            operations: Mutex::default(),
            observed: AtomicU64::new(0),
            stored: tokio::sync::Mutex::default(),
        }
    }

    fn observe_http(&self, route: String, method: &Method, status: StatusCode, elapsed: Duration) {
        let labels = [
            ("route", route),
            ("method", method_label(method).to_owned()),
            ("status", status_class(status).to_owned()),
        ];
        with_local_recorder(&self.requests, || {
            counter!(HTTP_REQUESTS, &labels).increment(1);
            histogram!(HTTP_DURATION, &labels).record(elapsed);
        });
        self.upkeep();
    }

    /// Counts what the mail worker did with a message.
    pub fn observe_mail(&self, event: MailEvent) {
        let name = match event {
            MailEvent::Sent => MAIL_SENT,
            MailEvent::Retried => MAIL_RETRIED,
            MailEvent::Dead => MAIL_DEAD,
        };
        with_local_recorder(&self.requests, || counter!(name).increment(1));
    }

    fn upkeep(&self) {
        if self.observed.fetch_add(1, Ordering::Relaxed) % UPKEEP_EVERY == UPKEEP_EVERY - 1 {
            self.requests.handle().run_upkeep();
        }
    }

    /// `operation`, or `other` once [`MAX_OPERATION_NAMES`] other names have series.
    fn bounded(&self, operation: &str) -> String {
        let Ok(mut names) = self.operations.lock() else {
            return "other".to_owned();
        };
        if names.contains(operation) || names.len() < MAX_OPERATION_NAMES {
            names.insert(operation.to_owned());
            operation.to_owned()
        } else {
            "other".to_owned()
        }
    }

    /// The exposition: request figures, then database figures (omitted, with
    /// `tietolupa_database_figures_up 0`, when the database does not answer).
    pub async fn render(&self, db: &Db) -> String {
        let requests = self.requests.handle().render();
        // Database figures are set, not accumulated, so each scrape records them afresh in
        // a recorder of its own: when the database does not answer they are left out
        // rather than repeated from an earlier scrape.
        let stored = recorder();
        let up = match self.stored_figures(db).await {
            Ok((cases, cohort, outbox)) => {
                with_local_recorder(&stored, || {
                    record_stored(&cases, &cohort);
                    record_outbox(&outbox);
                });
                1.0
            }
            Err(e) => {
                tracing::warn!(error = %e, "metrics: database figures unavailable");
                0.0
            }
        };
        with_local_recorder(&stored, || {
            describe_gauge!(
                DATABASE_FIGURES_UP,
                "1 when the database figures of this scrape could be read."
            );
            gauge!(DATABASE_FIGURES_UP).set(up);
        });
        exposition(&[requests, stored.handle().render()])
    }

    async fn stored_figures(
        &self,
        db: &Db,
    ) -> Result<(CaseFigures, CohortTotals, OutboxFigures), tietolupa_store::StoreError> {
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
                stored.outbox = delivery::figures(db).await?;
                stored.cases = Some((Instant::now(), cases.clone()));
                cases
            }
        };
        Ok((cases, stored.cohort.clone(), stored.outbox))
    }
}

impl OperationObserver for Metrics {
    fn observe(&self, operation: &str, outcome: OperationOutcome, elapsed: Duration) {
        let labels = [
            ("operation", self.bounded(operation)),
            ("outcome", outcome.as_str().to_owned()),
        ];
        with_local_recorder(&self.requests, || {
            counter!(GRAPHQL_REQUESTS, &labels).increment(1);
            histogram!(GRAPHQL_DURATION, &labels).record(elapsed);
        });
        self.upkeep();
    }
}

/// Into the current (scrape-local) recorder.
fn record_stored(cases: &CaseFigures, cohort: &CohortTotals) {
    describe_gauge!(CASES, "Applications by the state of their case.");
    for (state, n) in &cases.by_state {
        gauge!(CASES, "state" => state.as_str()).set(*n as f64);
    }
    describe_gauge!(
        CASES_OVERDUE,
        "Cases whose decision clock runs and is past its due date."
    );
    gauge!(CASES_OVERDUE).set(cases.overdue as f64);
    describe_gauge!(AUDIT_CHAIN_LENGTH, "Entries in the audit hash chain.");
    gauge!(AUDIT_CHAIN_LENGTH).set(cases.audit_chain_length as f64);
    describe_counter!(
        COHORT_RUNS,
        "Finished cohort-filter runs on record, by where they ran (api, cli) and outcome."
    );
    for ((via, outcome), n) in &cohort.runs {
        counter!(COHORT_RUNS, "via" => via.clone(), "outcome" => *outcome).absolute(*n);
    }
    describe_counter!(
        COHORT_LINES,
        "Input lines of finished cohort-filter runs, by where they ran and result (kept, removed, invalid)."
    );
    for ((via, result), n) in &cohort.lines {
        counter!(COHORT_LINES, "via" => via.clone(), "result" => *result).absolute(*n);
    }
}

/// The outbox as the database has it, the same from every instance.
fn record_outbox(outbox: &OutboxFigures) {
    describe_counter!(
        MAIL_QUEUED,
        "Messages ever queued in the outbox (by every instance)."
    );
    counter!(MAIL_QUEUED).absolute(outbox.queued);
    describe_gauge!(
        MAIL_PENDING,
        "Outbox messages waiting to be sent (neither delivered nor dead)."
    );
    gauge!(MAIL_PENDING).set(outbox.pending as f64);
    describe_gauge!(
        MAIL_DEAD_LETTERS,
        "Dead letters waiting for staff (deadLetters, retryMessage)."
    );
    gauge!(MAIL_DEAD_LETTERS).set(outbox.dead as f64);
}

/// The renderings joined, without the blank lines the exporter puts between families:
/// the text format allows them, but not every consumer skips them.
fn exposition(parts: &[String]) -> String {
    let mut out = String::new();
    for line in parts.iter().flat_map(|part| part.lines()) {
        if !line.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
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
#[tracing::instrument(skip_all, fields(route = "/metrics", request_id = request_id.as_deref()))]
async fn metrics(
    State(state): State<AppState>,
    RequestId(request_id): RequestId,
    headers: HeaderMap,
) -> Response {
    match &state.metrics.access {
        MetricsAccess::Open => {}
        MetricsAccess::Closed => return HttpError::not_found().into_response(),
        MetricsAccess::Token(token) => {
            let presented = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or_default();
            // In time independent of where the first difference is.
            let same: bool = presented
                .as_bytes()
                .ct_eq(token.expose_secret().as_bytes())
                .into();
            if !same {
                let mut response = HttpError::invalid_token().into_response();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn requests(metrics: &Metrics) -> String {
        exposition(&[metrics.requests.handle().render()])
    }

    #[test]
    fn histogram_buckets_are_cumulative_in_the_exposition() {
        let metrics = Metrics::new(MetricsAccess::Open, Duration::ZERO);
        for seconds in [0.001, 0.004, 0.2, 50.0] {
            metrics.observe_http(
                "/healthz".to_owned(),
                &Method::GET,
                StatusCode::OK,
                Duration::from_secs_f64(seconds),
            );
        }
        let out = requests(&metrics);
        let labels = "route=\"/healthz\",method=\"GET\",status=\"2xx\"";
        let h = HTTP_DURATION;
        assert!(
            out.contains(&format!("{h}_bucket{{{labels},le=\"0.005\"}} 2\n")),
            "{out}"
        );
        assert!(
            out.contains(&format!("{h}_bucket{{{labels},le=\"0.25\"}} 3\n")),
            "{out}"
        );
        assert!(
            out.contains(&format!("{h}_bucket{{{labels},le=\"30\"}} 3\n")),
            "{out}"
        );
        assert!(
            out.contains(&format!("{h}_bucket{{{labels},le=\"+Inf\"}} 4\n")),
            "{out}"
        );
        assert!(out.contains(&format!("{h}_count{{{labels}}} 4\n")), "{out}");
        assert!(
            out.contains(&format!("{HTTP_REQUESTS}{{{labels}}} 4\n")),
            "{out}"
        );
        assert!(out.contains(&format!("# TYPE {h} histogram\n")), "{out}");
        assert!(!out.contains("\n\n"), "{out}");
    }

    #[test]
    fn operation_names_are_capped() {
        let metrics = Metrics::new(MetricsAccess::Open, Duration::ZERO);
        for i in 0..MAX_OPERATION_NAMES + 10 {
            metrics.observe(&format!("Op{i}"), OperationOutcome::Ok, Duration::ZERO);
        }
        metrics.observe("Op0", OperationOutcome::Error, Duration::ZERO);
        let out = requests(&metrics);
        let counts: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with(&format!("{GRAPHQL_REQUESTS}{{")))
            .collect();
        let names: HashSet<&str> = counts
            .iter()
            .filter_map(|l| l.split("operation=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(names.len(), MAX_OPERATION_NAMES + 1);
        assert!(names.contains("other"));
        let count = |operation: &str, outcome: &str| {
            counts
                .iter()
                .find(|l| {
                    l.contains(&format!("operation=\"{operation}\""))
                        && l.contains(&format!("outcome=\"{outcome}\""))
                })
                .and_then(|l| l.rsplit(' ').next())
                .map(str::to_owned)
        };
        assert_eq!(count("other", "ok").as_deref(), Some("10"));
        assert_eq!(count("Op0", "error").as_deref(), Some("1"));
    }

    #[test]
    fn label_values_are_escaped() {
        let metrics = Metrics::new(MetricsAccess::Open, Duration::ZERO);
        metrics.observe_http(
            "/a\"b\nc".to_owned(),
            &Method::GET,
            StatusCode::OK,
            Duration::ZERO,
        );
        let out = requests(&metrics);
        assert!(out.contains("route=\"/a\\\"b\\nc\""), "{out}");
    }
}
