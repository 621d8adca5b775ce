use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http_body_util::Limited;
use tietolupa_config::{RateLimit, TrustedProxies};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::HttpError;
use crate::rate_limit::{Limiter, RateLimits};
use crate::security_headers::SecurityHeaders;
use crate::state::AppState;
use crate::{
    attachments, audit_tree, catalogue, client_address, cohort_filter, credentials, dev, documents,
    graphql, health, metrics, objections, output_files, preparation, public_register, rate_limit,
    security_headers, sign_in, web,
};

pub struct RouterSettings<'a> {
    pub dev_mode: bool,
    pub web_dir: &'a std::path::Path,
    pub body_limit: usize,
    /// For multipart (file upload) requests to `/graphql`.
    pub upload_limit: usize,
    /// The body limit of `POST /api/cohort-filter`, which streams large lists.
    pub cohort_filter_body_limit: usize,
    /// The body limit of `POST /api/delivery-orders/{id}/preparation`, which streams whole
    /// datasets.
    pub preparation_body_limit: usize,
    /// The body limit of output-request uploads (several result tables).
    pub output_upload_limit: usize,
    pub timeout: Duration,
    pub rate_limit_anonymous: RateLimit,
    pub rate_limit_dev_token: RateLimit,
    pub cors_allowed_origins: &'a [String],
    pub hsts_max_age: Option<Duration>,
    /// The load balancers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
}

/// Each module brings its own routes; this merges them and puts the layers around them.
pub fn router(state: AppState, settings: RouterSettings<'_>) -> Router {
    let limits = BodyLimits {
        body: settings.body_limit,
        upload: settings.upload_limit,
    };
    let graphql_routes =
        graphql::router().layer(middleware::from_fn_with_state(limits, limit_body));
    let mut rest = Router::new()
        .merge(health::router())
        .merge(metrics::router())
        .merge(attachments::router())
        .merge(documents::router())
        .merge(objections::router())
        .merge(public_register::router())
        .merge(catalogue::router())
        .merge(credentials::router())
        .merge(audit_tree::router())
        .merge(sign_in::router(settings.dev_mode))
        .route("/api/{*rest}", get(api_not_found).post(api_not_found));
    if settings.dev_mode {
        rest = rest.merge(graphql::ide_router()).merge(dev::router());
    } else {
        // Without these, the SPA fallback would answer 200 for dev-only paths.
        rest = rest
            .route("/graphiql", get(api_not_found))
            .route("/dev/{*rest}", get(api_not_found).post(api_not_found));
    }
    let rest = rest
        .layer(DefaultBodyLimit::max(settings.body_limit))
        .layer(middleware::from_fn_with_state(
            BodyLimits {
                body: settings.body_limit,
                upload: settings.body_limit,
            },
            limit_body,
        ));
    let request_metrics = state.metrics.clone();
    let rate_limits = RateLimits {
        anonymous: Arc::new(Limiter::new(settings.rate_limit_anonymous)),
        dev_token: Arc::new(Limiter::new(settings.rate_limit_dev_token)),
        verifier: state.verifier.clone(),
        state: state.clone(),
    };
    let app = graphql_routes
        .merge(rest)
        .merge(cohort_filter::router(settings.cohort_filter_body_limit))
        .merge(output_files::router(settings.output_upload_limit))
        .merge(preparation::router(settings.preparation_body_limit))
        .with_state(state)
        .merge(web::service(settings.web_dir))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.timeout,
        ))
        .layer(middleware::from_fn_with_state(
            rate_limits,
            rate_limit::limit,
        ))
        // Outside the rate limit, which keys on the address, and the handlers, which
        // record it.
        .layer(middleware::from_fn_with_state(
            Arc::new(settings.trusted_proxies),
            client_address::resolve,
        ))
        // Outside the timeout and the rate limit, so requests that time out or are refused
        // are counted too.
        .layer(middleware::from_fn_with_state(
            request_metrics,
            metrics::track,
        ));
    // Outside the rate limit, so preflights are answered without spending a token.
    let app = match security_headers::cors(settings.cors_allowed_origins) {
        Some(cors) => app.layer(cors),
        None => app,
    };
    app.layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            // Only method and path: query strings and bodies may hold personal data.
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let request_id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %loggable_path(request.uri().path()),
                    request_id = %request_id,
                )
            }),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn(keep_only_plain_request_ids))
        // Outside the body and rate limits, whose refusals it renders too.
        .layer(middleware::from_fn(crate::error::localise_errors))
        // Outermost, so every response has them: errors, 404s, 408s, 413s and 429s too.
        .layer(middleware::from_fn_with_state(
            SecurityHeaders::new(settings.hsts_max_age),
            security_headers::add,
        ))
}

/// A client's `x-request-id` is kept (so requests can be traced across systems) only when
/// it is a plain id: a UUID, or up to 64 letters, digits, `.`, `_` and `-` with nothing
/// shaped like an identity code. Anything else is replaced by a fresh one. The id goes
/// into every log line and audit entry of the request, so a free-form value would let a
/// client write whatever it likes there, identity codes too.
async fn keep_only_plain_request_ids(mut request: Request<Body>, next: Next) -> Response {
    let acceptable = request
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().is_ok_and(plain_request_id));
    if acceptable == Some(false) {
        request.headers_mut().remove("x-request-id");
    }
    next.run(request).await
}

fn plain_request_id(id: &str) -> bool {
    if uuid::Uuid::try_parse(id).is_ok() {
        return true;
    }
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        && !holds_identity_code_shape(id)
}

/// Six digits, a century sign, three digits and a check character, in any case: what an
/// identity code looks like, valid or not.
fn holds_identity_code_shape(text: &str) -> bool {
    let bytes = text.to_ascii_uppercase().into_bytes();
    bytes.windows(11).any(|w| {
        w[..6].iter().all(u8::is_ascii_digit)
            && b"+-ABCDEFUVWXY".contains(&w[6])
            && w[7..10].iter().all(u8::is_ascii_digit)
            && w[10].is_ascii_alphanumeric()
    })
}

#[derive(Debug, Clone, Copy)]
struct BodyLimits {
    body: usize,
    upload: usize,
}

/// Ordinary-sized bodies, except multipart uploads to `/graphql` which may carry an
/// attachment. Declared lengths over the limit are refused before reading, with a typed
/// `LIMIT_EXCEEDED`; streamed bodies are cut off at the limit.
///
/// A refused body is left unread on the connection, so the server will not reuse it.
/// `Connection: close` says so: without it a client may send its next request on the
/// connection being closed and see it cut off.
async fn limit_body(
    State(limits): State<BodyLimits>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let multipart = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let limit = if multipart {
        limits.upload
    } else {
        limits.body
    };
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let mut response = if declared.is_some_and(|length| length > limit) {
        HttpError::limit_exceeded(StatusCode::PAYLOAD_TOO_LARGE, "body", Some(limit))
            .into_response()
    } else {
        let (parts, body) = request.into_parts();
        next.run(Request::from_parts(
            parts,
            Body::new(Limited::new(body, limit)),
        ))
        .await
    };
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The request path as logged. Clients may put anything in a path, an identity code too,
/// so a segment holding a digit is shown as `*` unless it is a UUID (the ids our own
/// routes take).
fn loggable_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.bytes().any(|b| b.is_ascii_digit())
                && uuid::Uuid::try_parse(segment).is_err()
            {
                "*"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn api_not_found() -> HttpError {
    HttpError::not_found()
}

#[cfg(test)]
mod tests {
    use super::{loggable_path, plain_request_id};

    #[test]
    fn client_request_ids_are_kept_only_when_plain() {
        assert!(plain_request_id("0192f3a4-5b6c-7d8e-9f00-112233445566"));
        assert!(plain_request_id("trace-me-123"));
        assert!(plain_request_id("lb.4f2a_77"));
        assert!(!plain_request_id(""));
        assert!(!plain_request_id(&"a".repeat(65)));
        assert!(!plain_request_id("has space"));
        assert!(!plain_request_id("010180-9004"));
        assert!(!plain_request_id("x-150275a901p-y"));
        assert!(!plain_request_id("req-170479X976C"));
    }

    #[test]
    fn logged_paths_hide_segments_with_digits_except_uuids() {
        assert_eq!(loggable_path("/graphql"), "/graphql");
        assert_eq!(
            loggable_path("/api/attachments/0192f3a4-5b6c-7d8e-9f00-112233445566"),
            "/api/attachments/0192f3a4-5b6c-7d8e-9f00-112233445566"
        );
        assert_eq!(
            loggable_path("/objections/010180-9004/x"),
            "/objections/*/x"
        );
        assert_eq!(loggable_path("/register/TL%2F12%2F2026"), "/register/*");
        assert_eq!(loggable_path("/"), "/");
    }
}
