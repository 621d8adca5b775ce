use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::Limited;
use tietolupa_auth::{DevIssuer, Verifier};
use tietolupa_graphql::AppSchema;
use tietolupa_registry::Registry;
use tietolupa_store::Db;
use tietolupa_store::applications::attachments::AttachmentFiles;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::HttpError;
use crate::register_cache::RegisterCache;
use crate::{attachments, cohort_filter, dev, graphql, health, objections, public_register, web};

/// What handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub registry: Registry,
    pub schema: AppSchema,
    pub verifier: Arc<Verifier>,
    /// Present only in dev mode.
    pub dev_issuer: Option<Arc<DevIssuer>>,
    pub files: AttachmentFiles,
    pub register_cache: Arc<RegisterCache>,
}

pub struct RouterSettings<'a> {
    pub dev_mode: bool,
    pub web_dir: &'a std::path::Path,
    pub body_limit: usize,
    /// For multipart (file upload) requests to `/graphql`.
    pub upload_limit: usize,
    /// The body limit of `POST /api/cohort-filter`, which streams large lists.
    pub cohort_filter_body_limit: usize,
    pub timeout: Duration,
}

pub fn router(state: AppState, settings: RouterSettings<'_>) -> Router {
    let limits = BodyLimits {
        body: settings.body_limit,
        upload: settings.upload_limit,
    };
    let graphql = Router::new()
        .route("/graphql", get(graphql::graphql).post(graphql::graphql))
        .layer(middleware::from_fn_with_state(limits, limit_graphql_body));
    let mut rest = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/attachments/{id}", get(attachments::download))
        .route("/api/objections/me/export", get(objections::export))
        .route("/api/decisions.csv", get(public_register::csv_export))
        .route("/api/decisions.json", get(public_register::json_export))
        .route("/api/decisions.atom", get(public_register::atom_feed))
        .route("/api/{*rest}", get(api_not_found).post(api_not_found));
    if settings.dev_mode {
        rest = rest
            .route("/graphiql", get(graphql::graphiql))
            .route("/dev/token", post(dev::token))
            .route("/dev/users", get(dev::users));
    } else {
        // Without these, the SPA fallback would answer 200 for dev-only paths.
        rest = rest
            .route("/graphiql", get(api_not_found))
            .route("/dev/{*rest}", get(api_not_found).post(api_not_found));
    }
    let rest = rest
        .layer(DefaultBodyLimit::max(settings.body_limit))
        .layer(RequestBodyLimitLayer::new(settings.body_limit));
    // Streams millions of lines, so it has a limit of its own; the timeout below covers
    // only the time to the first response byte.
    let cohort = Router::new()
        .route("/api/cohort-filter", post(cohort_filter::cohort_filter))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(
            settings.cohort_filter_body_limit,
        ));
    graphql
        .merge(rest)
        .merge(cohort)
        .with_state(state)
        .merge(web::service(settings.web_dir))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.timeout,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
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
                    path = %request.uri().path(),
                    request_id = %request_id,
                )
            }),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

#[derive(Debug, Clone, Copy)]
struct BodyLimits {
    body: usize,
    upload: usize,
}

/// `/graphql` takes ordinary-sized bodies, except multipart uploads which may carry an
/// attachment. Declared lengths over the limit are refused before reading; streamed
/// bodies are cut off at the limit.
async fn limit_graphql_body(
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
    if declared.is_some_and(|length| length > limit) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = request.into_parts();
    next.run(Request::from_parts(
        parts,
        Body::new(Limited::new(body, limit)),
    ))
    .await
}

async fn api_not_found() -> HttpError {
    HttpError::not_found()
}
