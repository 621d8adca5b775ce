use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Request, StatusCode};
use axum::routing::{get, post};
use tietolupa_auth::{DevIssuer, Verifier};
use tietolupa_graphql::AppSchema;
use tietolupa_registry::Registry;
use tietolupa_store::Db;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::HttpError;
use crate::{cohort_filter, dev, graphql, health, objections, web};

/// What handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub registry: Registry,
    pub schema: AppSchema,
    pub verifier: Arc<Verifier>,
    /// Present only in dev mode.
    pub dev_issuer: Option<Arc<DevIssuer>>,
}

pub struct RouterSettings<'a> {
    pub dev_mode: bool,
    pub web_dir: &'a std::path::Path,
    pub body_limit: usize,
    /// The body limit of `POST /api/cohort-filter`, which streams large lists.
    pub cohort_filter_body_limit: usize,
    pub timeout: Duration,
}

pub fn router(state: AppState, settings: RouterSettings<'_>) -> Router {
    let mut api = Router::new()
        .route("/graphql", get(graphql::graphql).post(graphql::graphql))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/objections/me/export", get(objections::export))
        .route("/api/{*rest}", get(api_not_found).post(api_not_found));
    if settings.dev_mode {
        api = api
            .route("/graphiql", get(graphql::graphiql))
            .route("/dev/token", post(dev::token))
            .route("/dev/users", get(dev::users));
    } else {
        // Without these, the SPA fallback would answer 200 for dev-only paths.
        api = api
            .route("/graphiql", get(api_not_found))
            .route("/dev/{*rest}", get(api_not_found).post(api_not_found));
    }
    // Streams millions of lines, so it has a limit of its own; the timeout below covers
    // only the time to the first response byte.
    let cohort = Router::new()
        .route("/api/cohort-filter", post(cohort_filter::cohort_filter))
        .with_state(state.clone())
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(
            settings.cohort_filter_body_limit,
        ));
    api.with_state(state)
        .merge(web::service(settings.web_dir))
        .layer(DefaultBodyLimit::max(settings.body_limit))
        .layer(RequestBodyLimitLayer::new(settings.body_limit))
        .merge(cohort)
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

async fn api_not_found() -> HttpError {
    HttpError::not_found()
}
