//! The permit as a signed credential, over HTTP (docs/permit-credential.md):
//! `GET /.well-known/jwks.json` (the public keys), `GET /api/permit-status-list` (the
//! signed revocation list) and `GET /api/permits/{id}/credential` (the holder's and
//! staff's download of the permit's current credential).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tietolupa_store::credentials;

use uuid::Uuid;

use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

/// How long a JWKS copy may be reused: a rotation publishes the next key well before it
/// signs (docs/operations.md), so an hour-old copy never misses a signing key.
const JWKS_MAX_AGE: u32 = 3_600;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/.well-known/jwks.json", get(jwks))
        .route("/api/permit-status-list", get(status_list))
        .route("/api/permits/{id}/credential", get(download))
}

#[tracing::instrument(skip_all, fields(route = "/.well-known/jwks.json"))]
async fn jwks(State(state): State<AppState>) -> Result<Response, HttpError> {
    let jwks = credentials::jwks(&state.db).ok_or_else(HttpError::not_found)?;
    Ok(with_headers(
        jwks.to_json(),
        "application/jwk-set+json",
        &format!("public, max-age={JWKS_MAX_AGE}"),
    ))
}

/// Signed afresh on each request: a copy is never older than the `ttl` it is served with.
#[tracing::instrument(skip_all, fields(route = "/api/permit-status-list"))]
async fn status_list(State(state): State<AppState>) -> Result<Response, HttpError> {
    let (token, ttl) =
        credentials::status_list_token(&state.db, time::OffsetDateTime::now_utc()).await?;
    Ok(with_headers(
        token,
        "application/statuslist+jwt",
        &format!("public, max-age={}", ttl.max(0)),
    ))
}

/// The id is recorded only once it has parsed as a UUID: a path segment may hold anything.
#[tracing::instrument(
    skip_all,
    fields(
        route = "/api/permits/{id}/credential",
        request_id = ctx.request_id.as_deref(),
        permit_id = tracing::field::Empty,
    )
)]
async fn download(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let id = Uuid::parse_str(&id).map_err(|_| HttpError::not_found())?;
    tracing::Span::current().record("permit_id", tracing::field::display(id));
    let (credential, diary_number) = credentials::download(&state.db, &ctx, id).await?;
    let mut response = with_headers(credential.token, "application/permit+jwt", "no-store");
    // Named after the case, as the decision's documents are: THL/12/14.02.00/2026 ->
    // THL-12-14.02.00-2026.jwt.
    let name: String = diary_number
        .unwrap_or_else(|| id.to_string())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.jwt\"")) {
        response
            .headers_mut()
            .insert(axum::http::header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

fn with_headers(body: String, content_type: &'static str, cache: &str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(cache) {
        headers.insert(CACHE_CONTROL, value);
    }
    headers.insert(
        axum::http::header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
