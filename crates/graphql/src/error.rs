use async_graphql::{ErrorExtensions, ServerError};
use tietolupa_domain::MessageKey;
use tietolupa_domain::sign_in::UiLanguage;
use tietolupa_store::StoreError;

/// A field-level problem in `VALIDATION` errors; sent as `{field, message, key}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: MessageKey,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: MessageKey) -> FieldError {
        FieldError {
            field: field.into(),
            message,
        }
    }
}

/// The language of error messages when the caller asks for none: API clients and scripts
/// written against the English messages keep reading them (docs/operations.md).
pub const DEFAULT_LANGUAGE: UiLanguage = UiLanguage::En;

/// Every error a resolver or an HTTP handler returns, each with its `extensions.code`
/// (DESIGN.md section 7). Each code and message is defined here once; the HTTP layer adds
/// only a status (`tietolupa_http`'s `HttpError`).
///
/// Deliberately not `Display`: async-graphql converts any `Display` type into an error
/// without a code, so a `?` on some other error type would silently lose the code and
/// could leak internals. Without `Display`, only [`From<ApiError>`] below applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No credentials where the operation needs them.
    Unauthenticated,
    /// A bearer token was presented but does not verify (bad signature, expired, unknown
    /// key); same code as [`ApiError::Unauthenticated`], a message that says why.
    InvalidToken,
    Forbidden(MessageKey),
    NotFound {
        entity: &'static str,
    },
    /// A path or resource that does not exist, or whose existence is not disclosed.
    NoSuchResource,
    Validation(Vec<FieldError>),
    InvalidTransition(MessageKey),
    Conflict(MessageKey),
    /// The caller must wait `retry_after_seconds` (whole seconds, at least 1).
    RateLimited {
        retry_after_seconds: u64,
    },
    /// The request's shape or size exceeds a limit (depth, complexity, aliases, root
    /// fields, recursion, directives, body, batch); `limit` names it and `max` is its
    /// value where known.
    LimitExceeded {
        limit: &'static str,
        max: Option<usize>,
    },
    /// A request authenticated by the session cookie without the `X-Tietolupa-Csrf: 1`
    /// header: it may come from another site.
    Csrf,
    /// The database cannot be reached (the primary is down, say): nothing was done, and
    /// the same request may succeed later. HTTP answers 503 with `Retry-After`.
    Unavailable,
    /// Details are logged where the error arose; the client sees only the code.
    Internal,
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated | ApiError::InvalidToken => "UNAUTHENTICATED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound { .. } | ApiError::NoSuchResource => "NOT_FOUND",
            ApiError::Validation(_) => "VALIDATION",
            ApiError::InvalidTransition(_) => "INVALID_TRANSITION",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::RateLimited { .. } => "RATE_LIMITED",
            ApiError::LimitExceeded { .. } => "LIMIT_EXCEEDED",
            ApiError::Csrf => "CSRF",
            ApiError::Unavailable => "UNAVAILABLE",
            ApiError::Internal => "INTERNAL",
        }
    }

    /// The key of the error's top-level message.
    pub fn message_key(&self) -> MessageKey {
        match self {
            ApiError::Unauthenticated => MessageKey::AuthenticationRequired,
            ApiError::InvalidToken => MessageKey::InvalidToken,
            ApiError::Forbidden(key)
            | ApiError::InvalidTransition(key)
            | ApiError::Conflict(key) => key.clone(),
            ApiError::NotFound { entity } => MessageKey::not_found(entity),
            ApiError::NoSuchResource => MessageKey::NoSuchResource,
            ApiError::Validation(_) => MessageKey::InvalidInput,
            ApiError::RateLimited { .. } => MessageKey::TooManyRequests,
            ApiError::LimitExceeded {
                limit,
                max: Some(max),
            } => MessageKey::LimitExceeded { limit, max: *max },
            ApiError::LimitExceeded { limit, max: None } => {
                MessageKey::LimitExceededUnknownMax { limit }
            }
            ApiError::Csrf => MessageKey::CsrfHeaderMissing,
            ApiError::Unavailable => MessageKey::ServiceUnavailable,
            ApiError::Internal => MessageKey::InternalError,
        }
    }

    /// The message in the default language.
    pub fn message(&self) -> String {
        self.message_in(DEFAULT_LANGUAGE)
    }

    pub fn message_in(&self, language: UiLanguage) -> String {
        self.message_key().text(language)
    }

    /// The extensions with messages in the default language.
    pub fn extensions(&self) -> serde_json::Map<String, serde_json::Value> {
        self.extensions_in(DEFAULT_LANGUAGE)
    }

    /// The error's `extensions`, as both GraphQL and plain HTTP answers carry them: `code`
    /// first, then what the variant adds (`limit` and `max`, `retryAfterSeconds`, or
    /// `fields`, each field's message in `language` with its key).
    pub fn extensions_in(
        &self,
        language: UiLanguage,
    ) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::json;
        let mut extensions = serde_json::Map::new();
        extensions.insert("code".to_owned(), json!(self.code()));
        match self {
            ApiError::LimitExceeded { limit, max } => {
                extensions.insert("limit".to_owned(), json!(limit));
                if let Some(max) = max {
                    extensions.insert("max".to_owned(), json!(max));
                }
            }
            ApiError::RateLimited {
                retry_after_seconds,
            } => {
                extensions.insert("retryAfterSeconds".to_owned(), json!(retry_after_seconds));
            }
            ApiError::Validation(fields) => {
                let fields: Vec<_> = fields
                    .iter()
                    .map(|f| {
                        json!({
                            "field": f.field,
                            "message": f.message.text(language),
                            "key": f.message.key(),
                        })
                    })
                    .collect();
                extensions.insert("fields".to_owned(), json!(fields));
            }
            _ => {}
        }
        extensions
    }

    pub fn validation(field: impl Into<String>, message: MessageKey) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }
}

/// Rendered in the default language, with the [`ApiError`] kept as the error's source so
/// that [`localise`] can render it again in the caller's language.
impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        let mut rendered = async_graphql::Error::new(error.message())
            .extend_with(|_, extensions| set_extensions(extensions, &error, DEFAULT_LANGUAGE));
        rendered.source = Some(std::sync::Arc::new(error));
        rendered
    }
}

fn set_extensions(
    extensions: &mut async_graphql::ErrorExtensionValues,
    error: &ApiError,
    language: UiLanguage,
) {
    for (key, value) in error.extensions_in(language) {
        // Strings, numbers and arrays of objects of strings: always representable.
        if let Ok(value) = async_graphql::Value::from_json(value) {
            extensions.set(key, value);
        }
    }
}

/// The single point where an error's text is chosen: renders an error that came from an
/// [`ApiError`] in `language` (message and field messages; the code stays). Errors of
/// async-graphql's own (query syntax and validation) are left as they are.
pub fn localise(error: &mut ServerError, language: UiLanguage) {
    if language == DEFAULT_LANGUAGE {
        return;
    }
    let Some(api_error) = error.source::<ApiError>().cloned() else {
        return;
    };
    error.message = api_error.message_in(language);
    set_extensions(
        error.extensions.get_or_insert_with(Default::default),
        &api_error,
        language,
    );
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unauthenticated => ApiError::Unauthenticated,
            StoreError::Forbidden { reason } => ApiError::Forbidden(reason),
            StoreError::Validation(problems) => ApiError::Validation(
                problems
                    .into_iter()
                    .map(|p| FieldError::new(p.field, p.message))
                    .collect(),
            ),
            StoreError::InvalidTransition { message } => ApiError::InvalidTransition(message),
            StoreError::NotFound { entity } => ApiError::NotFound { entity },
            StoreError::Conflict { message } => ApiError::Conflict(message),
            StoreError::Unavailable => unavailable(),
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database error");
                ApiError::Internal
            }
        }
    }
}

/// Expected while the database is down, and then on every request: a warning, not an
/// error, and without detail (the store logged the cause at debug level).
fn unavailable() -> ApiError {
    tracing::warn!("the database is unavailable: answered UNAVAILABLE");
    ApiError::Unavailable
}

/// From a batch loader, which shares one error among every field waiting on the batch.
impl From<std::sync::Arc<StoreError>> for ApiError {
    fn from(error: std::sync::Arc<StoreError>) -> Self {
        match std::sync::Arc::try_unwrap(error) {
            Ok(error) => error.into(),
            Err(shared) => match shared.as_ref() {
                StoreError::Unavailable => unavailable(),
                StoreError::Database(e) => {
                    tracing::error!(error = %e, "database error in a batch load");
                    ApiError::Internal
                }
                other => {
                    tracing::error!(error = %other, "batch load failed");
                    ApiError::Internal
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_carry_their_fields() {
        let error: async_graphql::Error = ApiError::Validation(vec![
            FieldError::new("title", MessageKey::Required),
            FieldError::new("purpose", MessageKey::PurposeNeedsDataRequest),
        ])
        .into();
        let json = serde_json::to_value(error.extensions.unwrap()).unwrap();
        assert_eq!(json["code"], "VALIDATION");
        assert_eq!(json["fields"][1]["field"], "purpose");
        assert_eq!(json["fields"][0]["message"], "is required");
    }

    #[test]
    fn errors_are_rendered_again_in_the_callers_language() {
        let error: async_graphql::Error =
            ApiError::validation("title", MessageKey::MaxChars { max: 300 }).into();
        let mut server_error = error.into_server_error(async_graphql::Pos::default());
        assert_eq!(server_error.message, "invalid input");
        localise(&mut server_error, UiLanguage::Sv);
        assert_eq!(server_error.message, "ogiltiga uppgifter");
        let json = serde_json::to_value(server_error.extensions.unwrap()).unwrap();
        assert_eq!(json["code"], "VALIDATION");
        assert_eq!(
            json["fields"],
            serde_json::json!([{ "field": "title", "message": "får vara högst 300 tecken", "key": "MaxChars" }])
        );
        // An error async-graphql wrote itself has no key: left as it is.
        let mut own = ServerError::new("Unknown field \"x\"", None);
        localise(&mut own, UiLanguage::Fi);
        assert_eq!(own.message, "Unknown field \"x\"");
    }

    #[test]
    fn database_errors_become_internal_without_detail() {
        let store = StoreError::Database(sea_orm_like_error());
        let error: async_graphql::Error = ApiError::from(store).into();
        assert_eq!(error.message, "internal error");
        let json = serde_json::to_value(error.extensions.unwrap()).unwrap();
        assert_eq!(json["code"], "INTERNAL");
    }

    #[test]
    fn limit_and_rate_extensions_follow_the_code() {
        let error: async_graphql::Error = ApiError::LimitExceeded {
            limit: "depth",
            max: Some(12),
        }
        .into();
        assert_eq!(error.message, "the request exceeds the depth limit of 12");
        let json = serde_json::to_value(error.extensions.unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "code": "LIMIT_EXCEEDED", "limit": "depth", "max": 12 })
        );
        let unknown_max = ApiError::LimitExceeded {
            limit: "body",
            max: None,
        };
        assert_eq!(unknown_max.message(), "the request exceeds the body limit");
        assert!(!unknown_max.extensions().contains_key("max"));
        let rate = ApiError::RateLimited {
            retry_after_seconds: 3,
        };
        assert_eq!(rate.extensions()["retryAfterSeconds"], 3);
    }

    #[test]
    fn an_unreachable_database_is_unavailable() {
        let error: async_graphql::Error = ApiError::from(StoreError::Unavailable).into();
        assert_eq!(
            error.message,
            "the service is temporarily unavailable; try again shortly"
        );
        let json = serde_json::to_value(error.extensions.unwrap()).unwrap();
        assert_eq!(json, serde_json::json!({ "code": "UNAVAILABLE" }));
        let shared = std::sync::Arc::new(StoreError::Unavailable);
        let _keep = shared.clone();
        assert_eq!(ApiError::from(shared), ApiError::Unavailable);
    }

    fn sea_orm_like_error() -> tietolupa_store::DbErr {
        tietolupa_store::DbErr::Custom("relation \"secret_table\" does not exist".into())
    }
}
