//! The development token issuer: `POST /dev/token` and the demo-user list behind the web
//! app's sign-in picker. Routed only in dev mode.

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use tietolupa_auth::{DevTokenError, DevTokenRequest, IssuedToken};
use tietolupa_domain::MessageKey;
use tietolupa_store::seed::demo_users;
use tietolupa_store::users;

use crate::error::HttpError;
use crate::request::RequestId;
use crate::state::AppState;

/// The dev-mode routes; `router` mounts them only in dev mode.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dev/token", post(token))
        .route("/dev/users", get(users))
}

/// Issues a token. A request naming only the `sub` of a demo user gets that user's name,
/// roles and (for citizens) identity code, so the picker never handles identity codes.
#[tracing::instrument(skip_all, fields(route = "/dev/token", request_id = request_id.as_deref()))]
async fn token(
    State(state): State<AppState>,
    RequestId(request_id): RequestId,
    body: Result<Json<DevTokenRequest>, JsonRejection>,
) -> Result<Json<IssuedToken>, HttpError> {
    let Json(mut request) = body.map_err(|e| {
        HttpError::validation(
            "body",
            MessageKey::UnreadableBody {
                detail: e.body_text(),
            },
        )
    })?;
    let issuer = state.dev_issuer.as_ref().ok_or_else(HttpError::not_found)?;
    if request.roles.is_empty()
        && let Some(demo) = demo_users::find(&request.sub)
    {
        request.name.get_or_insert_with(|| demo.name.to_owned());
        request.roles = demo.roles.iter().map(|r| r.as_str().to_owned()).collect();
        if request.hetu.is_none() {
            request.hetu = demo.identity_code.map(str::to_owned);
        }
    }
    issuer.issue(&request).map(Json).map_err(|e| match e {
        DevTokenError::Invalid { field, message } => {
            HttpError::validation(field, MessageKey::DevTokenInvalid { detail: message })
        }
        DevTokenError::Signing => HttpError::internal(),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoUser {
    sub: String,
    name: String,
    organisation: Option<String>,
    roles: Vec<&'static str>,
}

#[tracing::instrument(skip_all, fields(route = "/dev/users", request_id = request_id.as_deref()))]
async fn users(
    State(state): State<AppState>,
    RequestId(request_id): RequestId,
) -> Result<Json<Vec<DemoUser>>, HttpError> {
    let users = users::demo_users(&state.db).await.map_err(|e| {
        tracing::error!(error = %e, "listing demo users failed");
        HttpError::internal()
    })?;
    Ok(Json(
        users
            .into_iter()
            .map(|u| DemoUser {
                sub: u.subject,
                name: u.display_name,
                organisation: u.organisation,
                roles: u.roles.iter().map(|r| r.as_str()).collect(),
            })
            .collect(),
    ))
}
