use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answered outside GraphQL, in the same shape GraphQL errors have:
/// `{"errors":[{"message", "extensions":{"code", "fields"?}}]}`.
#[derive(Debug, Clone)]
pub struct HttpError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<(String, String)>,
}

impl HttpError {
    pub fn unauthenticated() -> HttpError {
        HttpError {
            status: StatusCode::UNAUTHORIZED,
            code: "UNAUTHENTICATED",
            message: "invalid or expired token".to_owned(),
            fields: Vec::new(),
        }
    }

    pub fn validation(field: &str, message: impl Into<String>) -> HttpError {
        HttpError {
            status: StatusCode::BAD_REQUEST,
            code: "VALIDATION",
            message: "invalid input".to_owned(),
            fields: vec![(field.to_owned(), message.into())],
        }
    }

    pub fn not_found() -> HttpError {
        HttpError {
            status: StatusCode::NOT_FOUND,
            code: "NOT_FOUND",
            message: "no such resource".to_owned(),
            fields: Vec::new(),
        }
    }

    pub fn internal() -> HttpError {
        HttpError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "INTERNAL",
            message: "internal error".to_owned(),
            fields: Vec::new(),
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let mut extensions = json!({ "code": self.code });
        if !self.fields.is_empty() {
            extensions["fields"] = self
                .fields
                .iter()
                .map(|(field, message)| json!({ "field": field, "message": message }))
                .collect();
        }
        let body = json!({ "errors": [{ "message": self.message, "extensions": extensions }] });
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response
    }
}

/// Store errors map once to HTTP, in the shape and codes GraphQL uses.
impl From<tietolupa_store::StoreError> for HttpError {
    fn from(error: tietolupa_store::StoreError) -> Self {
        use tietolupa_store::StoreError;
        let simple = |status, code, message: String| HttpError {
            status,
            code,
            message,
            fields: Vec::new(),
        };
        match error {
            StoreError::Unauthenticated => HttpError {
                message: "authentication required".to_owned(),
                ..HttpError::unauthenticated()
            },
            StoreError::Forbidden { reason } => {
                simple(StatusCode::FORBIDDEN, "FORBIDDEN", reason.to_owned())
            }
            StoreError::NotFound { entity } => simple(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                format!("{entity} not found"),
            ),
            StoreError::Validation(problems) => HttpError {
                status: StatusCode::BAD_REQUEST,
                code: "VALIDATION",
                message: "invalid input".to_owned(),
                fields: problems.into_iter().map(|p| (p.field, p.message)).collect(),
            },
            StoreError::Conflict { message } => simple(StatusCode::CONFLICT, "CONFLICT", message),
            StoreError::InvalidTransition { message } => {
                simple(StatusCode::CONFLICT, "INVALID_TRANSITION", message)
            }
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database error");
                HttpError::internal()
            }
        }
    }
}
