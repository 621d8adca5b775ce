//! Decision documents (issue 17), PDF/A-2b as stored at decision time:
//! - `GET /api/decisions/{diaryNumber}/document.pdf`: the public version of the decision on
//!   that application, for anyone; `.../revocation.pdf` the public version of the
//!   revocation of the permit granted on it. The diary number's slashes are percent-encoded
//!   (`TL%2F12%2F2026`), as in the web app's register links.
//! - `GET /api/applications/{id}/decision.pdf` and `.../revocation.pdf`: the full versions,
//!   for the applicant, the permit holder and staff; anyone else gets 404.
//!
//! Documents never change, so the SHA-256 is the ETag and the public ones are cached for good.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tietolupa_store::documents::{self, Document, Of};
use uuid::Uuid;

use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/decisions/{diary}/document.pdf",
            get(|s, c, p, h| public(s, c, p, h, Of::Decision)),
        )
        .route(
            "/api/decisions/{diary}/revocation.pdf",
            get(|s, c, p, h| public(s, c, p, h, Of::Revocation)),
        )
        .route(
            "/api/applications/{id}/decision.pdf",
            get(|s, c, p, h| full(s, c, p, h, Of::Decision)),
        )
        .route(
            "/api/applications/{id}/revocation.pdf",
            get(|s, c, p, h| full(s, c, p, h, Of::Revocation)),
        )
}

fn suffix(of: Of) -> &'static str {
    match of {
        Of::Decision => "",
        Of::Revocation => "-revocation",
    }
}

#[tracing::instrument(skip_all, fields(route = "/api/decisions/{diary}/{document,revocation}.pdf", of = ?of))]
async fn public(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(diary): Path<String>,
    headers: HeaderMap,
    of: Of,
) -> Result<Response, HttpError> {
    let document = documents::public(&state.db, &ctx, &diary, of).await?;
    Ok(pdf(document, Access::Public, suffix(of), &headers))
}

#[tracing::instrument(skip_all, fields(route = "/api/applications/{id}/{decision,revocation}.pdf", of = ?of))]
async fn full(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    of: Of,
) -> Result<Response, HttpError> {
    let id = Uuid::parse_str(&id).map_err(|_| HttpError::not_found())?;
    let document = documents::full(&state.db, &ctx, id, of).await?;
    Ok(pdf(document, Access::Private, suffix(of), &headers))
}

#[derive(Clone, Copy)]
enum Access {
    Public,
    Private,
}

/// The download name: the diary number with its slashes as dashes (`TL-12-2026.pdf`),
/// anything but ASCII letters, digits and dashes dropped.
pub fn file_name(diary_number: &str, suffix: &str) -> String {
    let base: String = diary_number
        .chars()
        .filter_map(|c| match c {
            '/' | '-' | ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect();
    let base = if base.is_empty() { "decision" } else { &base };
    format!("{base}{suffix}.pdf")
}

fn pdf(document: Document, access: Access, suffix: &str, request: &HeaderMap) -> Response {
    let etag = format!("\"{}\"", document.sha256);
    let cache = match access {
        Access::Public => "public, max-age=31536000, immutable",
        // Personal data: the browser may keep it for its user, no shared cache may.
        Access::Private => "private, no-cache",
    };
    let not_modified = request
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, document.content).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(ETAG, value);
    }
    let name = file_name(&document.diary_number, suffix);
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn download_names_are_the_diary_number() {
        assert_eq!(file_name("TL/12/2026", ""), "TL-12-2026.pdf");
        assert_eq!(
            file_name("TL/12/2026", "-revocation"),
            "TL-12-2026-revocation.pdf"
        );
        assert_eq!(file_name("\"../x\"", ""), "-x.pdf");
        assert_eq!(file_name("", ""), "decision.pdf");
    }
}
