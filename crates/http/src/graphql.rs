use async_graphql::http::GraphiQLSource;
use async_graphql::{ErrorExtensionValues, ParseRequestError, ServerError, Value};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::response::{Html, IntoResponse, Response};
use tietolupa_graphql::operation_metrics::SharedObserver;

use crate::error::HttpError;
use crate::request::Caller;
use crate::router::AppState;
use crate::security_headers::GRAPHIQL_CONTENT_SECURITY_POLICY;

/// `/graphql`, GET and POST. The caller is resolved before the body is read, so a bad
/// token costs no parsing.
pub async fn graphql(
    State(state): State<AppState>,
    Caller(context): Caller,
    request: GraphQLRequest<RequestRejection>,
) -> GraphQLResponse {
    let observer: SharedObserver = state.metrics.clone();
    let request = request.into_inner().data(context).data(observer);
    let mut response = state.schema.execute(request).await;
    // A malformed query can yield one error per variable, argument or fragment; the first
    // few say what is wrong without multiplying the request into megabytes.
    response.errors.truncate(MAX_ERRORS);
    for error in &mut response.errors {
        ensure_code(error);
        truncate_message(error);
    }
    response.into()
}

const MAX_ERRORS: usize = 20;
const MAX_MESSAGE_CHARS: usize = 500;

/// Parse errors quote the offending line of the query, which may be the whole query.
fn truncate_message(error: &mut ServerError) {
    if let Some((cut, _)) = error.message.char_indices().nth(MAX_MESSAGE_CHARS) {
        error.message.truncate(cut);
        error.message.push_str("...");
    }
}

/// Every error leaves with a code. Errors without one come either from async-graphql's
/// own parsing, validation, limits and scalar parsing (the request is at fault) or from a
/// resolver that forgot to map its error (a bug, so no detail is shown).
fn ensure_code(error: &mut ServerError) {
    let has_code = error
        .extensions
        .as_ref()
        .is_some_and(|e| e.get("code").is_some());
    if has_code {
        return;
    }
    // Scalars (UUID, Date, ...) are parsed when the resolver's arguments are read, so their
    // errors carry a path although the request is at fault.
    let bad_input = error.message.starts_with("Failed to parse");
    let code = if error.path.is_empty() || bad_input {
        "VALIDATION"
    } else {
        tracing::error!(message = %error.message, "resolver error without a code");
        error.message = "internal error".to_owned();
        "INTERNAL"
    };
    error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default)
        .set("code", Value::from(code));
}

/// A request body that is not a GraphQL request, in the shape of every other error
/// (async-graphql-axum's own rejection answers plain text with debug output).
pub struct RequestRejection(ParseRequestError);

impl From<ParseRequestError> for RequestRejection {
    fn from(error: ParseRequestError) -> Self {
        RequestRejection(error)
    }
}

impl IntoResponse for RequestRejection {
    fn into_response(self) -> Response {
        match self.0 {
            // One operation per request: a batch would multiply every other limit.
            ParseRequestError::UnsupportedBatch => {
                HttpError::limit_exceeded(StatusCode::BAD_REQUEST, "batch", Some(1))
            }
            ParseRequestError::PayloadTooLarge => {
                HttpError::limit_exceeded(StatusCode::PAYLOAD_TOO_LARGE, "body", None)
            }
            // A body cut off by the streaming limit (see `router::limit_body`).
            ParseRequestError::Io(e) if e.to_string().contains("length limit exceeded") => {
                HttpError::limit_exceeded(StatusCode::PAYLOAD_TOO_LARGE, "body", None)
            }
            ParseRequestError::Io(_) => {
                HttpError::validation("body", "could not be read as a GraphQL request")
                    .into_response()
            }
            error => HttpError::validation("body", error.to_string()).into_response(),
        }
    }
}

/// The in-browser IDE, dev mode only.
pub async fn graphiql() -> impl IntoResponse {
    (
        [(CONTENT_SECURITY_POLICY, GRAPHIQL_CONTENT_SECURITY_POLICY)],
        Html(GraphiQLSource::build().endpoint("/graphql").finish()),
    )
}
