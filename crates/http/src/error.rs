use axum::Json;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tietolupa_domain::MessageKey;
use tietolupa_domain::sign_in::UiLanguage;
use tietolupa_graphql::{ApiError, DEFAULT_LANGUAGE};

/// An error answered outside GraphQL, in the same shape GraphQL errors have:
/// `{"errors":[{"message", "extensions":{"code", ...}}]}`. Its code, message and extensions
/// are those of the [`ApiError`] it carries; this type adds only the HTTP status.
#[derive(Debug, Clone)]
pub struct HttpError {
    pub status: StatusCode,
    pub error: ApiError,
}

impl HttpError {
    /// A bearer token that does not verify.
    pub fn invalid_token() -> HttpError {
        ApiError::InvalidToken.into()
    }

    pub fn validation(field: &str, message: MessageKey) -> HttpError {
        ApiError::validation(field, message).into()
    }

    pub fn not_found() -> HttpError {
        ApiError::NoSuchResource.into()
    }

    pub fn internal() -> HttpError {
        ApiError::Internal.into()
    }

    /// A request (body, batch) over a size limit; `limit` names it as GraphQL's
    /// `LIMIT_EXCEEDED` errors do, and `max` is given where it is known.
    pub fn limit_exceeded(status: StatusCode, limit: &'static str, max: Option<usize>) -> Self {
        HttpError {
            status,
            error: ApiError::LimitExceeded { limit, max },
        }
    }
}

/// The status of each kind of error; the only thing HTTP adds to an [`ApiError`].
fn status_of(error: &ApiError) -> StatusCode {
    match error {
        ApiError::Unauthenticated | ApiError::InvalidToken => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden(_) | ApiError::Csrf => StatusCode::FORBIDDEN,
        ApiError::NotFound { .. } | ApiError::NoSuchResource => StatusCode::NOT_FOUND,
        ApiError::Validation(_) => StatusCode::BAD_REQUEST,
        ApiError::InvalidTransition(_) | ApiError::Conflict(_) => StatusCode::CONFLICT,
        ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        ApiError::LimitExceeded { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<ApiError> for HttpError {
    fn from(error: ApiError) -> Self {
        HttpError {
            status: status_of(&error),
            error,
        }
    }
}

/// Store errors map to HTTP through [`ApiError`], so both surfaces share codes and messages.
impl From<tietolupa_store::StoreError> for HttpError {
    fn from(error: tietolupa_store::StoreError) -> Self {
        ApiError::from(error).into()
    }
}

/// Seconds a client is told to wait before it retries an `UNAVAILABLE` answer: about what a
/// restart of the primary, or a failover to the standby, takes.
pub const UNAVAILABLE_RETRY_AFTER_SECONDS: u64 = 5;

/// The language of the caller's messages: the first known language of `Accept-Language`
/// (the web app sends its current language there on every request), else the default.
pub fn language_of(headers: &HeaderMap) -> UiLanguage {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(UiLanguage::from_accept_language)
        .unwrap_or(DEFAULT_LANGUAGE)
}

fn error_body(error: &ApiError, language: UiLanguage) -> serde_json::Value {
    json!({ "errors": [{
        "message": error.message_in(language),
        "extensions": error.extensions_in(language),
    }] })
}

/// Kept on an error response so that [`localise_errors`] can render it again.
#[derive(Clone)]
struct RenderedError(ApiError);

/// Renders every error answered outside GraphQL in the caller's language (GraphQL errors
/// are rendered in the `/graphql` handler). Outside every other layer, so refusals of the
/// rate limit and the body limits are rendered too.
pub async fn localise_errors(request: Request<Body>, next: Next) -> Response {
    let language = language_of(request.headers());
    let mut response = next.run(request).await;
    let Some(RenderedError(error)) = response.extensions_mut().remove::<RenderedError>() else {
        return response;
    };
    if language == DEFAULT_LANGUAGE {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let body = serde_json::to_vec(&error_body(&error, language)).unwrap_or_default();
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    Response::from_parts(parts, Body::from(body))
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = error_body(&self.error, DEFAULT_LANGUAGE);
        let mut response = (self.status, Json(body)).into_response();
        response
            .extensions_mut()
            .insert(RenderedError(self.error.clone()));
        match self.error {
            ApiError::RateLimited {
                retry_after_seconds,
            } => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            }
            ApiError::Unavailable => {
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECONDS),
                );
            }
            _ if self.status == StatusCode::UNAUTHORIZED => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"invalid_token\""),
                );
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(response: Response) -> serde_json::Value {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn errors_have_the_graphql_shape_and_their_status() {
        let response = HttpError::validation("year", MessageKey::NotAYear).into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            body(response).await,
            json!({ "errors": [{ "message": "invalid input", "extensions": {
                "code": "VALIDATION",
                "fields": [{ "field": "year", "message": "is not a year", "key": "NotAYear" }],
            } }] })
        );

        let response =
            HttpError::limit_exceeded(StatusCode::BAD_REQUEST, "batch", Some(1)).into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            body(response).await["errors"][0]["extensions"],
            json!({ "code": "LIMIT_EXCEEDED", "limit": "batch", "max": 1 })
        );
    }

    #[tokio::test]
    async fn unauthenticated_answers_say_how_to_authenticate() {
        let response = HttpError::invalid_token().into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.headers()[header::WWW_AUTHENTICATE],
            "Bearer error=\"invalid_token\""
        );
        let body = body(response).await;
        assert_eq!(body["errors"][0]["message"], "invalid or expired token");
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");

        let store = tietolupa_store::StoreError::Unauthenticated;
        let response = HttpError::from(store).into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));
    }

    #[tokio::test]
    async fn unavailable_answers_are_503_and_say_when_to_retry() {
        let store = tietolupa_store::StoreError::Unavailable;
        let response = HttpError::from(store).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "5");
        let body = body(response).await;
        assert_eq!(
            body["errors"][0]["extensions"],
            json!({ "code": "UNAVAILABLE" })
        );
        assert_eq!(
            body["errors"][0]["message"],
            "the service is temporarily unavailable; try again shortly"
        );
    }

    #[tokio::test]
    async fn rate_limited_answers_say_when_to_retry() {
        let response = HttpError::from(ApiError::RateLimited {
            retry_after_seconds: 2,
        })
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        assert_eq!(
            body(response).await["errors"][0]["extensions"],
            json!({ "code": "RATE_LIMITED", "retryAfterSeconds": 2 })
        );
    }
}
