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

impl HttpError {
    /// A request (body, batch) over a size limit; `limit` names it as GraphQL's
    /// `LIMIT_EXCEEDED` errors do.
    /// `max` is given where it is known.
    pub fn limit_exceeded(status: StatusCode, limit: &'static str, max: Option<usize>) -> Response {
        let message = match max {
            Some(max) => format!("the request exceeds the {limit} limit of {max}"),
            None => format!("the request exceeds the {limit} limit"),
        };
        let extra = match max {
            Some(max) => json!({ "limit": limit, "max": max }),
            None => json!({ "limit": limit }),
        };
        HttpError {
            status,
            code: "LIMIT_EXCEEDED",
            message,
            fields: Vec::new(),
        }
        .into_response_with(extra)
    }

    /// The response with `extra` merged into `extensions` (which keeps `code` first).
    pub fn into_response_with(self, extra: serde_json::Value) -> Response {
        let mut extensions = json!({ "code": self.code });
        if let (Some(target), serde_json::Value::Object(extra)) =
            (extensions.as_object_mut(), extra)
        {
            target.extend(extra);
        }
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

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        self.into_response_with(serde_json::Value::Null)
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
