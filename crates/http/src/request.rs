//! What every handler needs to know about the caller: the verified actor, the client
//! address and the request id, gathered into the store's `CallContext`.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tietolupa_auth::Verifier;
use tietolupa_domain::Actor;
use tietolupa_store::CallContext;

use tietolupa_graphql::ApiError;

use crate::client_address::ClientAddress;
use crate::error::HttpError;
use crate::sign_in::session;
pub use crate::sign_in::session::CurrentSession;
use crate::state::AppState;

/// The actor of a token already verified by the rate limiter, so it is verified once.
#[derive(Clone)]
pub struct VerifiedActor(pub Actor);

/// Extracts the caller. An `Authorization` header must hold a valid bearer token, or the
/// request is refused with 401. Without one, the session cookie names the caller (see
/// `sign_in::session`), and a request it authenticates must carry the CSRF header, or it
/// is refused with 403 `CSRF`; the [`CurrentSession`] is then in the request's extensions.
/// Neither: the anonymous public.
pub struct Caller(pub CallContext);

impl FromRequestParts<AppState> for Caller {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let at = time::OffsetDateTime::now_utc();
        let actor = match parts.extensions.get::<VerifiedActor>() {
            Some(VerifiedActor(actor)) => actor.clone(),
            None if parts.headers.contains_key(AUTHORIZATION) => {
                actor_from(parts, &state.verifier)?
            }
            None => match resolved_session(parts, state, at).await? {
                Some((actor, current)) => {
                    if session::needs_csrf_header(&parts.method, parts.uri.path())
                        && !session::has_csrf_header(&parts.headers)
                    {
                        return Err(ApiError::Csrf.into());
                    }
                    parts.extensions.insert(current);
                    actor
                }
                None => Actor::public(),
            },
        };
        let client_address = parts
            .extensions
            .get::<ClientAddress>()
            .map(|ClientAddress(address)| address.to_string());
        Ok(Caller(CallContext {
            actor,
            client_address,
            request_id: request_id(parts),
            at,
        }))
    }
}

/// The request's session: as the rate limiter resolved it, or read now.
async fn resolved_session(
    parts: &Parts,
    state: &AppState,
    at: time::OffsetDateTime,
) -> Result<Option<(Actor, CurrentSession)>, HttpError> {
    if let Some(session::ResolvedSession(actor, current)) = parts.extensions.get() {
        return Ok(Some((actor.clone(), current.clone())));
    }
    session::from_cookie(state, &parts.headers, at).await
}

/// The request's id, for handlers that need no [`Caller`] but log: each handler's span
/// carries it, since a log line names only its innermost span (the router replaced
/// anything but a plain id, so it holds no personal data).
pub struct RequestId(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestId(request_id(parts)))
    }
}

fn request_id(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn actor_from(parts: &Parts, verifier: &Arc<Verifier>) -> Result<Actor, HttpError> {
    let Some(value) = parts.headers.get(AUTHORIZATION) else {
        return Ok(Actor::public());
    };
    let token = bearer_token(value).ok_or_else(HttpError::invalid_token)?;
    verifier.verify(token).map_err(|rejected| {
        // The reason helps operators debug an identity provider set-up; clients never see it.
        tracing::debug!(reason = ?rejected.reason, "bearer token rejected");
        HttpError::invalid_token()
    })
}

/// The token of an `Authorization: Bearer ...` header.
pub fn bearer_token(value: &axum::http::HeaderValue) -> Option<&str> {
    value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}
