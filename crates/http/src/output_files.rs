//! Output requests' files over plain HTTP (multipart/form-data, as GraphQL uploads are):
//!
//! - `POST /api/output-requests`: `permitId` (a holder) or `deliveryOrderId` (a handler, a
//!   data request's statistics), `description`, then per table a `kind` field
//!   (`FREQUENCY` | `MAGNITUDE`) followed by its `file` part. `201 {"id", "version"}`.
//! - `POST /api/output-requests/{id}/submissions?version=N`: the same parts (no ids), after
//!   changes were asked for. `200 {"id", "version"}`.
//! - `GET /api/output-requests/{id}/files/{fileId}`: a file; staff always, the holder only
//!   once the request is released.
//!
//! The caller's role is checked before the body is read. Each file is read into memory up
//! to the configured limit (the check needs the whole
//! table); a larger one is refused with a `VALIDATION` error naming it, before anything is
//! stored.

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::header::{
    CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use tietolupa_domain::MessageKey;
use tietolupa_store::output::commands::{self, NewOutputFile, NewOutputRequest, NewSubmission};
use tietolupa_store::output::{OutputTableKind, views};
use tokio_util::io::ReaderStream;
use tower_http::limit::RequestBodyLimitLayer;
use uuid::Uuid;

use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

/// The most tables one submission may carry.
pub const MAX_FILES: usize = 20;

/// Room for the form's other parts next to the files.
const FORM_ALLOWANCE: usize = 64 * 1024;

/// The body limit of an upload: [`MAX_FILES`] files of `max_file_bytes` and the form.
pub fn body_limit(max_file_bytes: usize) -> usize {
    max_file_bytes
        .saturating_mul(MAX_FILES)
        .saturating_add(FORM_ALLOWANCE)
}

pub fn router(body_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/api/output-requests", post(submit))
        .route("/api/output-requests/{id}/submissions", post(resubmit))
        .route("/api/output-requests/{id}/files/{fileId}", get(download))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(body_limit))
}

/// The form as read: ids, description, the tables.
#[derive(Default)]
struct Form {
    permit_id: Option<Uuid>,
    delivery_order_id: Option<Uuid>,
    description: String,
    files: Vec<NewOutputFile>,
}

const KNOWN_FIELDS: &str = "permitId, deliveryOrderId, description, kind, file";

fn unreadable() -> HttpError {
    HttpError::validation("file", MessageKey::UploadUnreadable)
}

async fn read_form(mut multipart: Multipart, max_file_bytes: usize) -> Result<Form, HttpError> {
    let mut form = Form::default();
    let mut kind: Option<OutputTableKind> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "permitId" | "deliveryOrderId" => {
                let text = field.text().await.map_err(|_| unreadable())?;
                let id = Uuid::parse_str(text.trim())
                    .map_err(|_| HttpError::validation(&name, MessageKey::UnknownValue))?;
                if name == "permitId" {
                    form.permit_id = Some(id);
                } else {
                    form.delivery_order_id = Some(id);
                }
            }
            "description" => form.description = field.text().await.map_err(|_| unreadable())?,
            "kind" => {
                let text = field.text().await.map_err(|_| unreadable())?;
                kind = Some(match text.trim() {
                    "FREQUENCY" => OutputTableKind::Frequency,
                    "MAGNITUDE" => OutputTableKind::Magnitude,
                    _ => return Err(HttpError::validation("kind", MessageKey::UnknownValue)),
                });
            }
            "file" => {
                let index = form.files.len();
                if index == MAX_FILES {
                    return Err(HttpError::validation("files", MessageKey::TooLong));
                }
                let file_name = field.file_name().unwrap_or("table.csv").to_owned();
                let label = format!(
                    "files[{index}]:{}",
                    tietolupa_domain::application::attachment::safe_file_name(&file_name)
                );
                // Each table names its kind just before it.
                let kind = kind
                    .take()
                    .ok_or_else(|| HttpError::validation("kind", MessageKey::Required))?;
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
                    if bytes.len() + chunk.len() > max_file_bytes {
                        return Err(HttpError::validation(
                            &label,
                            MessageKey::FileTooLarge {
                                megabytes: (max_file_bytes as u64) / 1_000_000,
                            },
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                form.files.push(NewOutputFile {
                    name: file_name,
                    kind,
                    bytes,
                });
            }
            _ => {
                return Err(HttpError::validation(
                    "form",
                    MessageKey::UnknownParameter {
                        known: KNOWN_FIELDS.to_owned(),
                    },
                ));
            }
        }
    }
    Ok(form)
}

#[tracing::instrument(skip_all, fields(route = "/api/output-requests", request_id = ctx.request_id.as_deref()))]
async fn submit(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    multipart: Multipart,
) -> Result<Response, HttpError> {
    commands::authorize_submission(&state.db, &ctx).await?;
    let form = read_form(multipart, state.output_check.limits.max_bytes).await?;
    let created = commands::submit(
        &state.db,
        &ctx,
        &state.files,
        &state.output_check,
        NewOutputRequest {
            permit_id: form.permit_id,
            delivery_order_id: form.delivery_order_id,
            description: form.description,
            files: form.files,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": created.id, "version": created.version })),
    )
        .into_response())
}

#[derive(Deserialize)]
struct VersionParam {
    version: Option<String>,
}

#[tracing::instrument(skip_all, fields(route = "/api/output-requests/{id}/submissions", request_id = ctx.request_id.as_deref()))]
async fn resubmit(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    Query(params): Query<VersionParam>,
    multipart: Multipart,
) -> Result<Response, HttpError> {
    let id = Uuid::parse_str(&id).map_err(|_| HttpError::not_found())?;
    let version = params
        .version
        .as_deref()
        .and_then(|v| v.parse::<i32>().ok())
        .ok_or_else(|| HttpError::validation("version", MessageKey::Required))?;
    commands::authorize_submission(&state.db, &ctx).await?;
    let form = read_form(multipart, state.output_check.limits.max_bytes).await?;
    if form.permit_id.is_some() || form.delivery_order_id.is_some() {
        return Err(HttpError::validation(
            "form",
            MessageKey::UnknownParameter {
                known: "description, kind, file".to_owned(),
            },
        ));
    }
    let updated = commands::resubmit(
        &state.db,
        &ctx,
        &state.files,
        &state.output_check,
        id,
        version,
        NewSubmission {
            description: form.description,
            files: form.files,
        },
    )
    .await?;
    Ok(Json(json!({ "id": updated.id, "version": updated.version })).into_response())
}

#[tracing::instrument(skip_all, fields(route = "/api/output-requests/{id}/files/{fileId}", request_id = ctx.request_id.as_deref()))]
async fn download(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let id = Uuid::parse_str(&id).map_err(|_| HttpError::not_found())?;
    let file_id = Uuid::parse_str(&file_id).map_err(|_| HttpError::not_found())?;
    let (file, key) = views::for_download(&state.db, &ctx, id, file_id).await?;
    let bytes = state.files.open(&key).map_err(|e| {
        tracing::error!(error = %e, output_file = %file_id, "output file bytes missing");
        HttpError::internal()
    })?;
    let body = Body::from_stream(ReaderStream::new(tokio::fs::File::from_std(bytes)));
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(CONTENT_LENGTH, HeaderValue::from(file.size_bytes as u64));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The SHA-256 the release was recorded with, so the receiver can compare.
    if let Ok(value) = HeaderValue::from_str(&file.sha256) {
        headers.insert("x-content-sha256", value);
    }
    let ascii: String = file
        .name
        .chars()
        .map(|c| if c.is_ascii() && c != '"' { c } else { '_' })
        .collect();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
