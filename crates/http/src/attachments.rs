//! `GET /api/attachments/{id}`: the applicant's and staff's download of an attachment.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::{
    CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_util::io::ReaderStream;
use uuid::Uuid;

use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/attachments/{id}", get(download))
}

/// The id is recorded only once it has parsed as a UUID: a path segment may hold anything.
#[tracing::instrument(
    skip_all,
    fields(
        route = "/api/attachments/{id}",
        request_id = ctx.request_id.as_deref(),
        attachment_id = tracing::field::Empty,
    )
)]
async fn download(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let id = Uuid::parse_str(&id).map_err(|_| HttpError::not_found())?;
    tracing::Span::current().record("attachment_id", tracing::field::display(id));
    let (attachment, key) =
        tietolupa_store::applications::attachments::for_download(&state.db, &ctx, id)
            .await
            .map_err(HttpError::from)?;
    let file = state.files.open(&key).map_err(|e| {
        tracing::error!(error = %e, attachment = %id, "attachment bytes missing");
        HttpError::internal()
    })?;
    let body = Body::from_stream(ReaderStream::new(tokio::fs::File::from_std(file)));
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&attachment.media_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    headers.insert(
        CONTENT_LENGTH,
        HeaderValue::from(attachment.size_bytes as u64),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The stored name is already cleaned of quotes and control characters; non-ASCII
    // names go in the RFC 5987 form.
    let ascii: String = attachment
        .file_name
        .chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect();
    let encoded: String = attachment
        .file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    )) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
