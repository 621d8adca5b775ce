//! The built single-page app. Unknown paths fall back to `index.html` so client-side
//! routes survive a reload.

use std::path::Path;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use tower_http::services::{ServeDir, ServeFile};

pub fn service(web_dir: &Path) -> Router {
    let index = web_dir.join("index.html");
    if index.is_file() {
        Router::new().fallback_service(ServeDir::new(web_dir).fallback(ServeFile::new(index)))
    } else {
        tracing::warn!(
            web_dir = %web_dir.display(),
            "web app not built; `/` explains how to build it"
        );
        Router::new().fallback(not_built)
    }
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
