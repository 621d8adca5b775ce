use async_graphql::ErrorExtensions;
use serde::Serialize;
use tietolupa_store::StoreError;

/// A field-level problem in `VALIDATION` errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

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
    Forbidden(String),
    NotFound {
        entity: &'static str,
    },
    /// A path or resource that does not exist, or whose existence is not disclosed.
    NoSuchResource,
    Validation(Vec<FieldError>),
    InvalidTransition(String),
    Conflict(String),
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
            ApiError::Internal => "INTERNAL",
        }
    }

    pub fn message(&self) -> String {
        match self {
            ApiError::Unauthenticated => "authentication required".to_owned(),
            ApiError::InvalidToken => "invalid or expired token".to_owned(),
            ApiError::Forbidden(reason) => reason.clone(),
            ApiError::NotFound { entity } => format!("{entity} not found"),
            ApiError::NoSuchResource => "no such resource".to_owned(),
            ApiError::Validation(_) => "invalid input".to_owned(),
            ApiError::InvalidTransition(message) | ApiError::Conflict(message) => message.clone(),
            ApiError::RateLimited { .. } => "too many requests".to_owned(),
            ApiError::LimitExceeded {
                limit,
                max: Some(max),
            } => format!("the request exceeds the {limit} limit of {max}"),
            ApiError::LimitExceeded { limit, max: None } => {
                format!("the request exceeds the {limit} limit")
            }
            ApiError::Csrf => {
                "a request signed in by cookie must carry the X-Tietolupa-Csrf header".to_owned()
            }
            ApiError::Internal => "internal error".to_owned(),
        }
    }

    /// The error's `extensions`, as both GraphQL and plain HTTP answers carry them: `code`
    /// first, then what the variant adds (`limit` and `max`, `retryAfterSeconds`, or
    /// `fields`).
    pub fn extensions(&self) -> serde_json::Map<String, serde_json::Value> {
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
                extensions.insert("fields".to_owned(), json!(fields));
            }
            _ => {}
        }
        extensions
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        async_graphql::Error::new(error.message()).extend_with(|_, extensions| {
            for (key, value) in error.extensions() {
                // Strings, numbers and arrays of objects of strings: always representable.
                if let Ok(value) = async_graphql::Value::from_json(value) {
                    extensions.set(key, value);
                }
            }
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unauthenticated => ApiError::Unauthenticated,
            StoreError::Forbidden { reason } => ApiError::Forbidden(reason.to_owned()),
            StoreError::Validation(problems) => ApiError::Validation(
                problems
                    .into_iter()
                    .map(|p| FieldError::new(p.field, p.message))
                    .collect(),
            ),
            StoreError::InvalidTransition { message } => ApiError::InvalidTransition(message),
            StoreError::NotFound { entity } => ApiError::NotFound { entity },
            StoreError::Conflict { message } => ApiError::Conflict(message),
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database error");
                ApiError::Internal
            }
        }
    }
}

/// From a batch loader, which shares one error among every field waiting on the batch.
impl From<std::sync::Arc<StoreError>> for ApiError {
    fn from(error: std::sync::Arc<StoreError>) -> Self {
        match std::sync::Arc::try_unwrap(error) {
            Ok(error) => error.into(),
            Err(shared) => match shared.as_ref() {
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
            FieldError::new("title", "is required"),
            FieldError::new("purpose", "is not allowed for DATA_PERMIT"),
        ])
        .into();
        let json = serde_json::to_value(error.extensions.unwrap()).unwrap();
        assert_eq!(json["code"], "VALIDATION");
        assert_eq!(json["fields"][1]["field"], "purpose");
        assert_eq!(json["fields"][0]["message"], "is required");
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

    fn sea_orm_like_error() -> tietolupa_store::DbErr {
        tietolupa_store::DbErr::Custom("relation \"secret_table\" does not exist".into())
    }
}
