//! `GET /api/objections/me/export`: a citizen's GDPR access export of the objection
//! registry (DESIGN.md section 5): their objections, those they filed for others, and the
//! audit entries about them, including staff reads with their reasons.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tietolupa_store::objections;

use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/objections/me/export", get(export))
}

#[tracing::instrument(skip_all, fields(route = "/api/objections/me/export", request_id = ctx.request_id.as_deref()))]
async fn export(State(state): State<AppState>, Caller(ctx): Caller) -> Result<Response, HttpError> {
    let export = objections::export(&state.db, &state.objection_crypto, &ctx).await?;
    Ok((
        [
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"objection-registry-export.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Json(export),
    )
        .into_response())
}
