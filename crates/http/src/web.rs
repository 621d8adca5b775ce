//! The built single-page app. Unknown paths fall back to `index.html` so client-side
//! routes survive a reload.
//!
//! `index.html` is never served as a plain file: each response gets a fresh style nonce,
//! written into the page where the build left [`NONCE_PLACEHOLDER`] (Vite's `html.cspNonce`
//! puts it in `<meta property="csp-nonce">`, which styled-components reads) and into that
//! response's Content-Security-Policy. The Suomi.fi components insert their styles at run
//! time; the nonce lets exactly those `<style>` elements in without `'unsafe-inline'`.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tower_http::services::ServeDir;

use crate::security_headers;

/// What `web/vite.config.ts` sets as `html.cspNonce`; replaced in every HTML response.
pub const NONCE_PLACEHOLDER: &str = "__CSP_NONCE__";

pub fn service(web_dir: &Path) -> Router {
    let index = web_dir.join("index.html");
    if index.is_file() {
        let shell = get(app_shell).with_state(index.clone());
        Router::new()
            .route("/", get(app_shell))
            .route("/index.html", get(app_shell))
            .with_state(index)
            // With the directory index off, `/assets/` and the like fall back to the shell
            // too, instead of ServeDir answering with the raw index.html.
            .fallback_service(
                ServeDir::new(web_dir)
                    .append_index_html_on_directories(false)
                    .fallback(shell),
            )
    } else {
        tracing::warn!(
            web_dir = %web_dir.display(),
            "web app not built; `/` explains how to build it"
        );
        Router::new().fallback(not_built)
    }
}

/// 128 bits from the operating system's generator, as CSP wants it: base64.
fn fresh_nonce() -> String {
    let bytes: [u8; 16] = rand::random();
    STANDARD.encode(bytes)
}

async fn app_shell(State(index): State<PathBuf>) -> Response {
    // Read per request, as ServeFile did, so a rebuilt web app is served without a restart.
    let html = match tokio::fs::read_to_string(&index).await {
        Ok(html) => html,
        Err(error) => {
            tracing::error!(%error, "cannot read the web app's index.html");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let nonce = fresh_nonce();
    let policy = security_headers::content_security_policy_with_style_nonce(&nonce);
    let mut response = Html(html.replace(NONCE_PLACEHOLDER, &nonce)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&policy).expect("base64 is a valid header value"),
    );
    // A nonce is for one response: a stored copy would replay it.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

async fn not_built() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><html lang=\"en\"><title>Tietolupa</title><main>\
             <h1>Tietolupa</h1><p>The web app has not been built. Run <code>just run</code> \
             (or <code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code>) \
             and reload. The API is at <a href=\"/graphql\">/graphql</a>.</p></main></html>",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_fresh_base64_of_128_bits() {
        let a = fresh_nonce();
        let b = fresh_nonce();
        assert_ne!(a, b);
        assert_eq!(STANDARD.decode(&a).unwrap().len(), 16);
    }
}
