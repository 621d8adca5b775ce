use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::request::RequestId;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// Liveness: the process answers.
#[tracing::instrument(skip_all, fields(route = "/healthz"))]
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers too.
#[tracing::instrument(skip_all, fields(route = "/readyz", request_id = request_id.as_deref()))]
async fn readyz(
    State(state): State<AppState>,
    RequestId(request_id): RequestId,
) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
