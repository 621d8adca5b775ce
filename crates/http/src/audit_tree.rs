//! The audit log's tree in public (issue 20 section 2, docs/operations.md "Audit
//! checkpoints"): `GET /api/audit/checkpoint` (the newest signed checkpoint, a C2SP signed
//! note), `GET /api/audit/proof/inclusion?leaf=&size=` and
//! `GET /api/audit/proof/consistency?from=&to=` (hashes only, never entry content), and
//! `GET /api/audit/checkpoint-keys` (the ring's verifier keys, for witnesses).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tietolupa_store::audit_tree::{self, ProofRequestError};

use crate::error::HttpError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/audit/checkpoint", get(checkpoint))
        .route("/api/audit/checkpoint-keys", get(keys))
        .route("/api/audit/proof/inclusion", get(inclusion))
        .route("/api/audit/proof/consistency", get(consistency))
}

/// The newest stored checkpoint; the first request of a fresh log signs one. No cache
/// beyond the scheduled refresh: a minute.
#[tracing::instrument(skip_all, fields(route = "/api/audit/checkpoint"))]
async fn checkpoint(State(state): State<AppState>) -> Result<Response, HttpError> {
    let stored = match audit_tree::latest_checkpoint(&state.db).await? {
        Some(stored) => Some(stored),
        None => audit_tree::sign_checkpoint(&state.db, time::OffsetDateTime::now_utc()).await?,
    };
    let stored = stored.ok_or_else(HttpError::not_found)?;
    Ok((
        [
            (CONTENT_TYPE, "text/plain; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=60"),
        ],
        stored.note,
    )
        .into_response())
}

#[tracing::instrument(skip_all, fields(route = "/api/audit/checkpoint-keys"))]
async fn keys(State(state): State<AppState>) -> Result<Response, HttpError> {
    let keys = state
        .db
        .audit_checkpoints()
        .ok_or_else(HttpError::not_found)?;
    let body = json!({
        "origin": keys.origin(),
        "current": keys.current_verifier_key(),
        "keys": keys
            .verifier_keys()
            .into_iter()
            .map(|(id, vkey)| json!({ "id": id, "verifierKey": vkey }))
            .collect::<Vec<_>>(),
    });
    Ok(([(CACHE_CONTROL, "public, max-age=3600")], Json(body)).into_response())
}

fn bad_request(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": message.into() })),
    )
        .into_response()
}

/// A non-negative integer query parameter, or what is wrong with it (for a 400).
fn number(query: &HashMap<String, String>, name: &str) -> Result<u64, String> {
    let value = query
        .get(name)
        .ok_or_else(|| format!("missing query parameter `{name}`"))?;
    value
        .parse::<u64>()
        .ok()
        .filter(|n| i64::try_from(*n).is_ok())
        .ok_or_else(|| format!("`{name}` must be a non-negative integer"))
}

fn proof_response(
    proof: Result<tietolupa_audit_proof::offline::PublishedProof, ProofRequestError>,
) -> Result<Response, HttpError> {
    match proof {
        Ok(proof) => Ok(([(CACHE_CONTROL, "public, max-age=3600")], Json(proof)).into_response()),
        Err(ProofRequestError::Store(e)) => Err(e.into()),
        Err(refused) => Ok(bad_request(refused.to_string())),
    }
}

/// `leaf` is the entry's index in the tree (its `seq` minus one), `size` the tree size
/// of a checkpoint the caller holds.
#[tracing::instrument(skip_all, fields(route = "/api/audit/proof/inclusion"))]
async fn inclusion(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, HttpError> {
    let (leaf, size) = match (number(&query, "leaf"), number(&query, "size")) {
        (Ok(leaf), Ok(size)) => (leaf, size),
        (Err(bad), _) | (_, Err(bad)) => return Ok(bad_request(bad)),
    };
    proof_response(audit_tree::inclusion_proof(&state.db, leaf, size).await)
}

#[tracing::instrument(skip_all, fields(route = "/api/audit/proof/consistency"))]
async fn consistency(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, HttpError> {
    let (from, to) = match (number(&query, "from"), number(&query, "to")) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(bad), _) | (_, Err(bad)) => return Ok(bad_request(bad)),
    };
    proof_response(audit_tree::consistency_proof(&state.db, from, to).await)
}
