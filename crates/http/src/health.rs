use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::request::RequestId;
use crate::state::AppState;

/// How long readiness waits for the replica's answer.
const REPLICA_CHECK_TIMEOUT: Duration = Duration::from_secs(1);

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

/// Readiness: the primary database answers, or failing that a usable replica does. With
/// the primary down an instance still serves the public register from the replica (and
/// answers writes with `UNAVAILABLE`), so the balancer must keep routing to it; only when
/// neither answers is it unready. Bounded by about a second: both are asked at once, each
/// for at most that long (`Db::check_primary` bounds its own).
#[tracing::instrument(skip_all, fields(route = "/readyz", request_id = request_id.as_deref()))]
async fn readyz(
    State(state): State<AppState>,
    RequestId(request_id): RequestId,
) -> (StatusCode, &'static str) {
    let replica = async {
        match state.db.replica().filter(|r| r.usable()) {
            Some(replica) => replica.ping(REPLICA_CHECK_TIMEOUT).await.is_ok(),
            None => false,
        }
    };
    // A primary already known to be down is left to the background check (`watch_primary`):
    // asking it again costs the probe's whole connect timeout, and a balancer's health check
    // that slow would take the instance out while its reads still work.
    let primary = async {
        if state.db.primary_up() {
            state.db.check_primary().await
        } else {
            Err(tietolupa_store::StoreError::Unavailable)
        }
    };
    let (primary, replica) = tokio::join!(primary, replica);
    match (primary, replica) {
        (Ok(()), _) => (StatusCode::OK, "ready"),
        (Err(_), true) => (StatusCode::OK, "ready (read-only: primary unavailable)"),
        (Err(e), false) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
