//! `GET /auth/callback`: the provider sends the browser back with a code and our state.
//! Every refusal shows a page in the user's language, sets no cookie, and is audited with
//! its reason (never the code, a token or a claim's value).

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tietolupa_domain::sign_in::{ProviderKind, UiLanguage, identity_code_from_claim, roles_for};
use tietolupa_store::sessions::{self, NewSession, attempts};

use super::page::{Problem, error_page};
use super::{language, redirect, refused, user_agent};
use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

#[derive(Deserialize)]
pub(super) struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    /// The provider's own refusal (`access_denied` when the user cancelled).
    error: Option<String>,
}

#[tracing::instrument(skip_all, fields(route = "/auth/callback", request_id = context.request_id.as_deref()))]
pub(super) async fn callback(
    State(state): State<AppState>,
    Caller(context): Caller,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let browser_language = language(None, &headers);
    let Some(state_value) = query.state.as_deref().filter(|s| !s.is_empty()) else {
        refused(&state, &context, None, "missing_state").await;
        return error_page(Problem::InvalidRequest, browser_language);
    };
    let attempt = match attempts::take(&state.db, state_value, context.at).await {
        Ok(Ok(attempt)) => attempt,
        Ok(Err(refusal)) => {
            let language = refusal
                .language()
                .and_then(UiLanguage::from_tag)
                .unwrap_or(browser_language);
            refused(&state, &context, None, refusal.reason()).await;
            let problem = match refusal {
                attempts::AttemptRefused::Expired { .. } => Problem::Expired,
                _ => Problem::InvalidRequest,
            };
            return error_page(problem, language);
        }
        Err(e) => return HttpError::from(e).into_response(),
    };
    let language = UiLanguage::from_tag(&attempt.language).unwrap_or(browser_language);
    let provider_id = attempt.provider.as_str();
    let fail = |reason: &'static str, problem: Problem| {
        let state = state.clone();
        let context = context.clone();
        let provider_id = provider_id.to_owned();
        async move {
            refused(&state, &context, Some(&provider_id), reason).await;
            error_page(problem, language)
        }
    };
    if query.error.is_some() {
        return fail("provider_error", Problem::ProviderAnswer).await;
    }
    let Some(code) = query.code.as_deref().filter(|c| !c.is_empty()) else {
        return fail("missing_code", Problem::InvalidRequest).await;
    };
    let Some(provider) = state.sign_in.provider(provider_id) else {
        return fail("unknown_provider", Problem::UnknownProvider).await;
    };
    let verified = match provider
        .client
        .exchange(code, &attempt.pkce_verifier, &attempt.nonce)
        .await
    {
        Ok(verified) => verified,
        Err(e) => {
            let problem = if e == tietolupa_auth::oidc::SignInRefused::Discovery {
                Problem::Unavailable
            } else {
                Problem::ProviderAnswer
            };
            return fail(e.reason(), problem).await;
        }
    };
    let config = &provider.config;
    let claims = &verified.claims;
    let roles = roles_for(
        config.kind,
        &config.role_mapping,
        claims.strings(&config.roles_claim),
    );
    if roles.is_empty() {
        return fail("no_roles", Problem::NoAccess).await;
    }
    let identity_code = match config.kind {
        ProviderKind::Citizen => match identity_code_from_claim(
            claims.string(&config.identity_code_claim),
            state.objection_crypto.policy,
        ) {
            Ok(code) => Some(code),
            Err(_) => return fail("invalid_identity_code", Problem::IdentityCode).await,
        },
        _ => None,
    };
    let organisation = match config.kind {
        ProviderKind::Applicant => claims.string(&config.organisation_claim).map(str::to_owned),
        _ => None,
    };
    // The user's own language from the provider, else the one they signed in with.
    let user_language = claims
        .locale
        .as_deref()
        .and_then(UiLanguage::from_tag)
        .unwrap_or(language);
    let started = sessions::start(
        &state.db,
        &context,
        &state.objection_crypto,
        &state.sign_in.timeouts,
        NewSession {
            subject: claims.subject.clone(),
            provider: config.id.clone(),
            roles,
            display_name: claims.name.clone(),
            organisation,
            email: claims.email.clone(),
            language: user_language.as_str().to_owned(),
            identity_code,
            refresh_token: verified.refresh_token.clone(),
            user_agent: user_agent(&headers),
        },
        state.sign_in.cookie.token(&headers),
    )
    .await;
    match started {
        Ok(token) => {
            let mut response = redirect(&attempt.return_path);
            state
                .sign_in
                .cookie
                .set(response.headers_mut(), token.expose());
            response
        }
        Err(e) => HttpError::from(e).into_response(),
    }
}
