use async_graphql::http::GraphiQLSource;
use async_graphql::{ErrorExtensionValues, ParseRequestError, ServerError, Value};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tietolupa_domain::MessageKey;
use tietolupa_graphql::ApiError;
use tietolupa_graphql::operation_metrics::SharedObserver;
use tietolupa_store::public_register;

use crate::error::HttpError;
use crate::request::{Caller, CurrentSession};
use crate::security_headers::GRAPHIQL_CONTENT_SECURITY_POLICY;
use crate::state::AppState;

/// `/graphql`; `router` puts its body limits around it.
pub fn router() -> Router<AppState> {
    Router::new().route("/graphql", get(graphql).post(graphql))
}

/// The in-browser IDE; `router` mounts it only in dev mode.
pub fn ide_router() -> Router<AppState> {
    Router::new().route("/graphiql", get(graphiql))
}

/// `/graphql`, GET and POST. The caller is resolved before the body is read, so a bad
/// token costs no parsing. Public register reads are answered from the register cache
/// when the register has not changed since (`register_cache`).
#[tracing::instrument(skip_all, fields(route = "/graphql", request_id = context.request_id.as_deref()))]
async fn graphql(
    State(state): State<AppState>,
    Caller(context): Caller,
    current_session: Option<axum::Extension<CurrentSession>>,
    headers: axum::http::HeaderMap,
    request: GraphQLRequest<RequestRejection>,
) -> Response {
    let language = crate::error::language_of(&headers);
    // Resolvers may read it too; error texts are chosen below, once.
    let mut request = request.into_inner().data(language);
    if let Some(axum::Extension(current)) = current_session {
        request = request.data(tietolupa_graphql::sessions::CurrentSessionId(current.id));
    }
    let today = context.today();
    // The generation is read before anything else, so an answer is never newer-labelled
    // than its data (see register_cache).
    let cacheable = match state.register_cache.key(&request, language) {
        Some(key) => match public_register::generation(&state.db).await {
            Ok(generation) => Some((key, generation)),
            Err(error) => {
                tracing::warn!(%error, "register generation unreadable; not caching");
                None
            }
        },
        None => None,
    };
    if let Some((key, generation)) = &cacheable
        && let Some(body) = state.register_cache.get(*generation, today, key)
    {
        return json_response(body);
    }
    let observer: SharedObserver = state.metrics.clone();
    let mut response = state
        .schema
        .execute(request.data(context).data(observer))
        .await;
    // A malformed query can yield one error per variable, argument or fragment; the first
    // few say what is wrong without multiplying the request into megabytes.
    response.errors.truncate(MAX_ERRORS);
    for error in &mut response.errors {
        tietolupa_graphql::localise(error, language);
        ensure_code(error);
        truncate_message(error);
    }
    if unavailable(&response) {
        return unavailable_response(response);
    }
    match cacheable {
        Some((key, generation)) if response.is_ok() => match serde_json::to_vec(&response) {
            Ok(body) => {
                let body = Bytes::from(body);
                state
                    .register_cache
                    .put(generation, today, key, body.clone());
                json_response(body)
            }
            Err(_) => GraphQLResponse::from(response).into_response(),
        },
        _ => GraphQLResponse::from(response).into_response(),
    }
}

/// Whether nothing was answered because the database is down: no data, and an
/// `UNAVAILABLE` error. A partial answer stays 200, as every answer with data does.
fn unavailable(response: &async_graphql::Response) -> bool {
    response.data == Value::Null
        && response
            .errors
            .iter()
            .any(|e| e.source::<ApiError>() == Some(&ApiError::Unavailable))
}

/// 503 with `Retry-After`, as the REST routes answer `UNAVAILABLE`, so that clients and
/// balancers that look only at the status see an outage, not a success.
fn unavailable_response(response: async_graphql::Response) -> Response {
    let mut answer = GraphQLResponse::from(response).into_response();
    *answer.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    answer.headers_mut().insert(
        RETRY_AFTER,
        HeaderValue::from(crate::error::UNAVAILABLE_RETRY_AFTER_SECONDS),
    );
    answer
}

/// A GraphQL answer already serialised, with the content type async-graphql-axum uses.
fn json_response(body: Bytes) -> Response {
    let mut response = Response::new(body.into());
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/graphql-response+json"),
    );
    response
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
        ApiError::Validation(Vec::new()).code()
    } else {
        tracing::error!(message = %error.message, "resolver error without a code");
        error.message = ApiError::Internal.message();
        ApiError::Internal.code()
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
                HttpError::validation("body", MessageKey::UnreadableGraphqlRequest)
            }
            error => HttpError::validation(
                "body",
                MessageKey::UnreadableBody {
                    detail: error.to_string(),
                },
            ),
        }
        .into_response()
    }
}

/// The in-browser IDE, dev mode only.
#[tracing::instrument(skip_all, fields(route = "/graphiql"))]
async fn graphiql() -> impl IntoResponse {
    (
        [(CONTENT_SECURITY_POLICY, GRAPHIQL_CONTENT_SECURITY_POLICY)],
        Html(GraphiQLSource::build().endpoint("/graphql").finish()),
    )
}
