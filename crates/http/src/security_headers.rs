//! Security headers on every response (API, web app, errors, 404s, timeouts), and CORS,
//! which is off unless origins are configured.

use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{
    AUTHORIZATION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, Method, Request};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The web app is one bundle from this origin with no inline scripts and no third-party
/// content; the API is same-origin. Responses other than the app's HTML shell get this fixed
/// policy: they load no styles of their own.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The policy of one HTML shell response: the fixed policy, with the `<style>` elements that
/// carry this response's nonce allowed (styled-components inserts them for the Suomi.fi
/// components). Scripts stay `'self'` only; there is never `'unsafe-inline'`.
pub fn content_security_policy_with_style_nonce(nonce: &str) -> String {
    CONTENT_SECURITY_POLICY_VALUE.replacen(
        "style-src 'self';",
        &format!("style-src 'self' 'nonce-{nonce}';"),
        1,
    )
}

/// GraphiQL (dev mode only) loads React and GraphiQL from unpkg and starts from an inline
/// script; only that page gets this policy.
pub const GRAPHIQL_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'unsafe-inline' https://unpkg.com; \
     style-src 'self' 'unsafe-inline' https://unpkg.com; \
     img-src 'self' data: https://graphql.org; font-src 'self' data: https://unpkg.com; \
     connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; \
     object-src 'none'";

const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
     magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

#[derive(Clone)]
pub struct SecurityHeaders {
    hsts: Option<HeaderValue>,
}

impl SecurityHeaders {
    pub fn new(hsts_max_age: Option<Duration>) -> SecurityHeaders {
        SecurityHeaders {
            hsts: hsts_max_age.map(|age| {
                HeaderValue::from_str(&format!("max-age={}; includeSubDomains", age.as_secs()))
                    .expect("a number is a valid header value")
            }),
        }
    }
}

/// Adds each header unless the handler set its own (GraphiQL's CSP).
pub async fn add(
    State(settings): State<SecurityHeaders>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_VALUE),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (X_FRAME_OPTIONS, "DENY"),
        (REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    if let Some(hsts) = &settings.hsts {
        headers
            .entry(STRICT_TRANSPORT_SECURITY)
            .or_insert(hsts.clone());
    }
    response
}

/// CORS for the configured origins only; `None` when none are, so no
/// `Access-Control-Allow-Origin` is ever sent by default.
pub fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = origins
        .iter()
        .map(|o| HeaderValue::from_str(o).expect("origins are validated by the config crate"))
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                AUTHORIZATION,
                CONTENT_TYPE,
                HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([HeaderName::from_static("x-request-id")])
            .max_age(Duration::from_secs(600)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_policy_adds_the_nonce_to_style_src_only() {
        let policy = content_security_policy_with_style_nonce("abc+/=");
        assert_eq!(
            policy,
            CONTENT_SECURITY_POLICY_VALUE
                .replace("style-src 'self';", "style-src 'self' 'nonce-abc+/=';")
        );
        assert!(policy.contains("script-src 'self';"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
