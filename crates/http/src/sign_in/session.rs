//! The caller of a request that carries the session cookie: the live session's actor, with
//! a staff session's roles checked again with the provider when they are older than the
//! configured interval.

use axum::http::{HeaderMap, Method};
use tietolupa_domain::Actor;
use tietolupa_domain::sign_in::{ProviderKind, roles_for};
use tietolupa_store::CallContext;
use tietolupa_store::sessions::{self, ActiveSession, EndReason};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::HttpError;
use crate::state::AppState;

/// The session a request was made with, for `mySessions`, `endOtherSessions` and logout.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub id: Uuid,
    pub provider: String,
}

/// The actor and session of a cookie already resolved by the rate limiter, so the session
/// is read once per request.
#[derive(Clone)]
pub struct ResolvedSession(pub Actor, pub CurrentSession);

/// The header a cookie-authenticated request must carry: a custom header cannot be sent
/// cross-site without a CORS preflight, which fails (CORS is off for other origins).
pub const CSRF_HEADER: &str = "x-tietolupa-csrf";

/// Whether a cookie-authenticated request needs the CSRF header: every request that may
/// change something, and every `/graphql` request (a GraphQL GET can carry a mutation).
pub fn needs_csrf_header(method: &Method, path: &str) -> bool {
    !(method == Method::GET || method == Method::HEAD) || path == "/graphql"
}

pub fn has_csrf_header(headers: &HeaderMap) -> bool {
    headers
        .get(CSRF_HEADER)
        .is_some_and(|v| v.as_bytes() == b"1")
}

/// The actor and session of the request's cookie, or `None` without a live session.
pub async fn from_cookie(
    state: &AppState,
    headers: &HeaderMap,
    at: OffsetDateTime,
) -> Result<Option<(Actor, CurrentSession)>, HttpError> {
    let sign_in = &state.sign_in;
    let Some(token) = sign_in.cookie.token(headers) else {
        return Ok(None);
    };
    let Some(session) = sessions::resolve(&state.db, token, &sign_in.timeouts, at).await? else {
        return Ok(None);
    };
    if !roles_still_hold(state, &session, at).await? {
        return Ok(None);
    }
    let current = CurrentSession {
        id: session.id,
        provider: session.provider.clone(),
    };
    Ok(Some((session.actor(), current)))
}

/// Checks a staff session's roles with the provider when they are due: a refresh gives a
/// new ID token, whose mapped roles must equal the session's. A change, or a refresh that
/// fails, ends the session (audited); the request then counts as anonymous.
async fn roles_still_hold(
    state: &AppState,
    session: &ActiveSession,
    at: OffsetDateTime,
) -> Result<bool, HttpError> {
    let sign_in = &state.sign_in;
    let Some(provider) = sign_in.provider(&session.provider) else {
        // Dev sessions and sessions of a provider since removed keep the roles they have.
        return Ok(true);
    };
    let due = at - session.roles_checked_at >= sign_in.roles_check_interval;
    if provider.config.kind != ProviderKind::Staff || !due {
        return Ok(true);
    }
    let context = CallContext::new(session.actor()).at(at);
    let refreshed = match session.refresh_token(&state.objection_crypto) {
        Some(token) => provider.client.refresh(&token).await.ok(),
        None => None,
    };
    let Some(refreshed) = refreshed else {
        sessions::end(&state.db, &context, session.id, EndReason::RefreshFailed).await?;
        return Ok(false);
    };
    let roles = roles_for(
        provider.config.kind,
        &provider.config.role_mapping,
        refreshed.claims.strings(&provider.config.roles_claim),
    );
    if refreshed.claims.subject != session.subject || roles != session.roles {
        sessions::end(&state.db, &context, session.id, EndReason::RolesChanged).await?;
        return Ok(false);
    }
    sessions::roles_confirmed(
        &state.db,
        &state.objection_crypto,
        session.id,
        refreshed.refresh_token.as_deref(),
        at,
    )
    .await?;
    Ok(true)
}
