//! Open data: the data catalogue as DCAT-AP (HealthDCAT-AP) at `GET /api/catalogue.jsonld`
//! (JSON-LD) and `GET /api/catalogue.ttl` (Turtle), and at `GET /api/catalogue`, the IRI of
//! the catalogue itself, in whichever of the two the `Accept` header prefers (JSON-LD when
//! it names neither). docs/open-data.md describes the graph.

mod dcat;

use axum::Router;
use axum::extract::State;
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tietolupa_store::catalogue;

use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/catalogue", get(negotiated))
        .route("/api/catalogue.jsonld", get(json_ld))
        .route("/api/catalogue.ttl", get(turtle))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    JsonLd,
    Turtle,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::JsonLd => "application/ld+json",
            Format::Turtle => "text/turtle; charset=utf-8",
        }
    }

    /// The format an `Accept` header prefers: the media range with the highest `q` that
    /// names one of them (`application/json` and wildcards count as JSON-LD), the first
    /// on ties; JSON-LD when none does.
    fn negotiate(accept: Option<&str>) -> Format {
        let mut best: Option<(f32, Format)> = None;
        for range in accept.unwrap_or_default().split(',') {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").map(str::trim))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let format = match media.as_str() {
                "text/turtle" => Format::Turtle,
                "application/ld+json" | "application/json" | "application/*" | "*/*" => {
                    Format::JsonLd
                }
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, format));
            }
        }
        best.map(|(_, format)| format).unwrap_or(Format::JsonLd)
    }
}

async fn respond(
    state: &AppState,
    ctx: &tietolupa_store::CallContext,
    format: Format,
) -> Result<Response, HttpError> {
    let controllers = catalogue::for_open_data(&state.db, ctx).await?;
    let graph = dcat::catalogue(&state.public_url, &controllers);
    let body = match format {
        Format::JsonLd => graph.to_json_ld(dcat::PREFIXES).to_string(),
        Format::Turtle => graph.to_turtle(dcat::PREFIXES),
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}

#[tracing::instrument(skip_all, fields(route = "/api/catalogue", request_id = ctx.request_id.as_deref()))]
async fn negotiated(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let accept = headers.get(ACCEPT).and_then(|v| v.to_str().ok());
    let mut response = respond(&state, &ctx, Format::negotiate(accept)).await?;
    // Caches must keep one copy per format.
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("accept"));
    Ok(response)
}

#[tracing::instrument(skip_all, fields(route = "/api/catalogue.jsonld", request_id = ctx.request_id.as_deref()))]
async fn json_ld(
    State(state): State<AppState>,
    Caller(ctx): Caller,
) -> Result<Response, HttpError> {
    respond(&state, &ctx, Format::JsonLd).await
}

#[tracing::instrument(skip_all, fields(route = "/api/catalogue.ttl", request_id = ctx.request_id.as_deref()))]
async fn turtle(State(state): State<AppState>, Caller(ctx): Caller) -> Result<Response, HttpError> {
    respond(&state, &ctx, Format::Turtle).await
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn the_accept_header_chooses_the_format() {
        assert_eq!(Format::negotiate(None), Format::JsonLd);
        assert_eq!(Format::negotiate(Some("text/turtle")), Format::Turtle);
        assert_eq!(
            Format::negotiate(Some("application/ld+json")),
            Format::JsonLd
        );
        assert_eq!(
            Format::negotiate(Some("application/ld+json;q=0.5, text/turtle")),
            Format::Turtle
        );
        assert_eq!(
            Format::negotiate(Some("text/turtle;q=0.8, application/ld+json;q=0.9")),
            Format::JsonLd
        );
        // A browser's header: HTML is not offered, so the wildcard's JSON-LD.
        assert_eq!(
            Format::negotiate(Some("text/html,application/xhtml+xml,*/*;q=0.8")),
            Format::JsonLd
        );
        assert_eq!(
            Format::negotiate(Some("Text/Turtle ; q=1, */*; q=0.1")),
            Format::Turtle
        );
        // q=0 means "not this".
        assert_eq!(
            Format::negotiate(Some("text/turtle;q=0, application/json;q=0.2")),
            Format::JsonLd
        );
        assert_eq!(Format::negotiate(Some("text/csv")), Format::JsonLd);
    }
}
