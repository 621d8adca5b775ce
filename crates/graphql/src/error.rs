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

/// Every error a resolver returns, each with its `extensions.code` (DESIGN.md section 7).
///
/// Deliberately not `Display`: async-graphql converts any `Display` type into an error
/// without a code, so a `?` on some other error type would silently lose the code and
/// could leak internals. Without `Display`, only [`From<ApiError>`] below applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    Unauthenticated,
    Forbidden(String),
    NotFound {
        entity: &'static str,
    },
    Validation(Vec<FieldError>),
    InvalidTransition(String),
    Conflict(String),
    RateLimited,
    /// The request's shape exceeds a limit (depth, complexity, aliases, root fields,
    /// recursion, directives); `limit` names it and `max` is its value.
    LimitExceeded {
        limit: &'static str,
        max: usize,
    },
    /// Details are logged where the error arose; the client sees only the code.
    Internal,
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "UNAUTHENTICATED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound { .. } => "NOT_FOUND",
            ApiError::Validation(_) => "VALIDATION",
            ApiError::InvalidTransition(_) => "INVALID_TRANSITION",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::RateLimited => "RATE_LIMITED",
            ApiError::LimitExceeded { .. } => "LIMIT_EXCEEDED",
            ApiError::Internal => "INTERNAL",
        }
    }

    pub fn message(&self) -> String {
        match self {
            ApiError::Unauthenticated => "authentication required".to_owned(),
            ApiError::Forbidden(reason) => reason.clone(),
            ApiError::NotFound { entity } => format!("{entity} not found"),
            ApiError::Validation(_) => "invalid input".to_owned(),
            ApiError::InvalidTransition(message) | ApiError::Conflict(message) => message.clone(),
            ApiError::RateLimited => "too many requests".to_owned(),
            ApiError::LimitExceeded { limit, max } => {
                format!("the request exceeds the {limit} limit of {max}")
            }
            ApiError::Internal => "internal error".to_owned(),
        }
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        async_graphql::Error::new(error.message()).extend_with(|_, extensions| {
            extensions.set("code", error.code());
            if let ApiError::LimitExceeded { limit, max } = &error {
                extensions.set("limit", *limit);
                extensions.set("max", *max as u64);
            }
            if let ApiError::Validation(fields) = &error {
                let fields: Vec<async_graphql::Value> = fields
                    .iter()
                    .map(|f| {
                        let mut object = async_graphql::indexmap::IndexMap::new();
                        object.insert(
                            async_graphql::Name::new("field"),
                            async_graphql::Value::from(f.field.as_str()),
                        );
                        object.insert(
                            async_graphql::Name::new("message"),
                            async_graphql::Value::from(f.message.as_str()),
                        );
                        async_graphql::Value::Object(object)
                    })
                    .collect();
                extensions.set("fields", fields);
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

    fn sea_orm_like_error() -> tietolupa_store::DbErr {
        tietolupa_store::DbErr::Custom("relation \"secret_table\" does not exist".into())
    }
}
