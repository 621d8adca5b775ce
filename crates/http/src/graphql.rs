use async_graphql::http::GraphiQLSource;
use async_graphql::{ErrorExtensionValues, ServerError, Value};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::response::Html;
use tietolupa_graphql::operation_metrics::SharedObserver;

use crate::request::Caller;
use crate::router::AppState;

/// `/graphql`, GET and POST. The caller is resolved before the body is read, so a bad
/// token costs no parsing.
pub async fn graphql(
    State(state): State<AppState>,
    Caller(context): Caller,
    request: GraphQLRequest,
) -> GraphQLResponse {
    let observer: SharedObserver = state.metrics.clone();
    let request = request.into_inner().data(context).data(observer);
    let mut response = state.schema.execute(request).await;
    for error in &mut response.errors {
        ensure_code(error);
    }
    response.into()
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

/// The in-browser IDE, dev mode only.
pub async fn graphiql() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").finish())
}
