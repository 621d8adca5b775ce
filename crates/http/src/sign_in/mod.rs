//! Sign-in through OpenID Connect providers, server side (the backend-for-frontend pattern):
//! the browser holds only a session cookie, never a token.
//!
//! - `GET /auth/providers`: the configured providers, for the sign-in page.
//! - `GET /auth/login?provider=..&return=..`: a pending attempt (state, nonce, PKCE) is
//!   written to the database, and the browser sent to the provider.
//! - `GET /auth/callback?code&state`: the attempt is taken once, the code exchanged, the ID
//!   token verified, claims mapped (roles, organisation, identity code), the session started.
//! - `POST /auth/logout`: the session ends; the answer names the provider's end-session URL.
//! - `POST /dev/session` (dev mode): a session for a demo user, for the sign-in picker.

mod callback;
mod cookie;
mod page;
pub mod session;

use std::collections::BTreeSet;
use std::time::Duration;
use tietolupa_domain::MessageKey;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::header::{ACCEPT_LANGUAGE, LOCATION, USER_AGENT};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tietolupa_auth::oidc::{OidcClient, OidcSetupError, ProviderSpec};
use tietolupa_config::sign_in::{ProviderConfig, ProviderNames, SignInConfig};
use tietolupa_domain::sign_in::{ReturnPath, SessionTimeouts, UiLanguage};
use tietolupa_domain::{Hetu, Role};
use tietolupa_store::seed::demo_users;
use tietolupa_store::sessions::{self, EndReason, NewSession, attempts};

pub use cookie::CookieSettings;
use page::{Problem, error_page};

use crate::error::HttpError;
use crate::request::{Caller, RequestId};
use crate::state::AppState;

/// A configured provider and its relying party.
pub struct Provider {
    pub config: ProviderConfig,
    pub client: OidcClient,
}

/// Everything sign-in needs at run time. Cheap to share (`Arc`).
pub struct SignIn {
    pub providers: Vec<Provider>,
    pub timeouts: SessionTimeouts,
    pub roles_check_interval: Duration,
    pub public_url: String,
    pub cookie: CookieSettings,
}

impl SignIn {
    /// The providers of the configuration, each a relying party redirecting to
    /// `<public_url>/auth/callback`.
    pub fn new(config: &SignInConfig, public_url: &str) -> Result<SignIn, OidcSetupError> {
        let redirect_uri = format!("{public_url}/auth/callback");
        let providers = config
            .providers
            .iter()
            .map(|p| {
                Ok(Provider {
                    client: OidcClient::new(ProviderSpec {
                        issuer: p.issuer.clone(),
                        client_id: p.client_id.clone(),
                        client_secret: p.client_secret.expose_secret().to_owned(),
                        redirect_uri: redirect_uri.clone(),
                        scopes: p.scopes.clone(),
                    })?,
                    config: p.clone(),
                })
            })
            .collect::<Result<Vec<_>, OidcSetupError>>()?;
        Ok(SignIn {
            providers,
            timeouts: config.timeouts,
            roles_check_interval: config.roles_check_interval,
            public_url: public_url.to_owned(),
            cookie: CookieSettings {
                name: config.cookie_name,
                secure: config.secure_cookie,
                max_age_seconds: config.timeouts.absolute.as_secs(),
            },
        })
    }

    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.config.id == id)
    }
}

pub fn router(dev_mode: bool) -> Router<AppState> {
    let router = Router::new()
        .route("/auth/providers", get(providers))
        .route("/auth/login", get(login))
        .route("/auth/callback", get(callback::callback))
        .route("/auth/logout", post(logout));
    if dev_mode {
        router.route("/dev/session", post(dev_session))
    } else {
        router
    }
}

#[derive(Serialize)]
struct ProviderListing {
    id: String,
    name: ProviderNames,
    kind: &'static str,
}

#[tracing::instrument(skip_all, fields(route = "/auth/providers"))]
async fn providers(State(state): State<AppState>) -> Json<Vec<ProviderListing>> {
    let listing = state
        .sign_in
        .providers
        .iter()
        .map(|p| ProviderListing {
            id: p.config.id.clone(),
            name: p.config.name.clone(),
            kind: p.config.kind.as_str(),
        })
        .collect();
    Json(listing)
}

/// The language of a page: the `lang` asked for, else the browser's, else Finnish.
pub(crate) fn language(asked: Option<&str>, headers: &HeaderMap) -> UiLanguage {
    asked
        .and_then(UiLanguage::from_tag)
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(UiLanguage::from_accept_language)
        })
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct LoginQuery {
    provider: Option<String>,
    #[serde(rename = "return")]
    return_path: Option<String>,
    lang: Option<String>,
}

/// Starts a sign-in: refuses a foreign `return` before anything else, records the attempt
/// and sends the browser to the provider.
#[tracing::instrument(skip_all, fields(route = "/auth/login", request_id = context.request_id.as_deref()))]
async fn login(
    State(state): State<AppState>,
    Caller(context): Caller,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let language = language(query.lang.as_deref(), &headers);
    let provider_id = query.provider.as_deref().unwrap_or_default();
    let return_path = match query.return_path.as_deref().map(ReturnPath::parse) {
        None => ReturnPath::home(),
        Some(Ok(path)) => path,
        Some(Err(_)) => {
            refused(&state, &context, Some(provider_id), "open_redirect").await;
            return error_page(Problem::ReturnAddress, language);
        }
    };
    let Some(provider) = state.sign_in.provider(provider_id) else {
        refused(&state, &context, None, "unknown_provider").await;
        return error_page(Problem::UnknownProvider, language);
    };
    let request = match provider.client.authorization().await {
        Ok(request) => request,
        Err(e) => {
            refused(&state, &context, Some(provider_id), e.reason()).await;
            return error_page(Problem::Unavailable, language);
        }
    };
    let attempt = attempts::SignInAttempt {
        provider: provider.config.id.clone(),
        nonce: request.nonce,
        pkce_verifier: request.pkce_verifier,
        return_path: return_path.as_str().to_owned(),
        language: language.as_str().to_owned(),
    };
    if let Err(e) = attempts::begin(&state.db, &request.state, attempt, context.at).await {
        tracing::error!(error = %e, "recording a sign-in attempt failed");
        return HttpError::internal().into_response();
    }
    redirect(&request.url)
}

pub(crate) fn redirect(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// Audits a refused sign-in; a failure to audit is logged, and the user still gets the
/// page.
pub(crate) async fn refused(
    state: &AppState,
    context: &tietolupa_store::CallContext,
    provider: Option<&str>,
    reason: &'static str,
) {
    tracing::info!(reason, provider, "sign-in refused");
    if let Err(e) = sessions::record_refused_sign_in(&state.db, context, provider, reason).await {
        tracing::error!(error = %e, "auditing a refused sign-in failed");
    }
}

/// Ends the caller's session and clears the cookie. The answer names where to go next:
/// the provider's end-session URL (RP-initiated logout) or `/`.
#[tracing::instrument(skip_all, fields(route = "/auth/logout", request_id = context.request_id.as_deref()))]
async fn logout(
    State(state): State<AppState>,
    Caller(context): Caller,
    current: Option<axum::Extension<session::CurrentSession>>,
) -> Result<Response, HttpError> {
    let mut redirect_to = "/".to_owned();
    if let Some(axum::Extension(current)) = current {
        sessions::end(&state.db, &context, current.id, EndReason::Logout).await?;
        if let Some(provider) = state.sign_in.provider(&current.provider)
            && let Some(url) = provider
                .client
                .end_session_url(&format!("{}/", state.sign_in.public_url))
                .await
        {
            redirect_to = url;
        }
    }
    let mut response = Json(json!({ "redirect": redirect_to })).into_response();
    state.sign_in.cookie.clear(response.headers_mut());
    Ok(response)
}

#[derive(Deserialize)]
struct DevSessionRequest {
    subject: String,
}

/// Dev mode: a session for a seeded demo user, as the sign-in picker's button.
#[tracing::instrument(skip_all, fields(route = "/dev/session", request_id = request_id.as_deref()))]
async fn dev_session(
    State(state): State<AppState>,
    RequestId(request_id): RequestId,
    headers: HeaderMap,
    body: Result<Json<DevSessionRequest>, JsonRejection>,
) -> Result<Response, HttpError> {
    let Json(request) = body.map_err(|e| {
        HttpError::validation(
            "body",
            MessageKey::UnreadableBody {
                detail: e.body_text(),
            },
        )
    })?;
    let demo = demo_users::find(&request.subject)
        .ok_or_else(|| HttpError::validation("subject", MessageKey::NotADemoUser))?;
    let identity_code = demo
        .identity_code
        .map(|code| Hetu::parse(code, state.objection_crypto.policy))
        .transpose()
        .map_err(|_| HttpError::internal())?;
    let roles: BTreeSet<Role> = demo.roles.iter().copied().collect();
    let context = tietolupa_store::CallContext {
        request_id,
        ..tietolupa_store::CallContext::new(tietolupa_domain::Actor::public())
    };
    let token = sessions::start(
        &state.db,
        &context,
        &state.objection_crypto,
        &state.sign_in.timeouts,
        NewSession {
            subject: demo.subject.to_owned(),
            provider: "dev".to_owned(),
            roles,
            display_name: Some(demo.name.to_owned()),
            organisation: demo.organisation.map(str::to_owned),
            email: Some(demo.email.to_owned()),
            language: UiLanguage::Fi.as_str().to_owned(),
            identity_code,
            refresh_token: None,
            user_agent: user_agent(&headers),
        },
        state.sign_in.cookie.token(&headers),
    )
    .await?;
    let mut response = Json(json!({ "subject": demo.subject })).into_response();
    state
        .sign_in
        .cookie
        .set(response.headers_mut(), token.expose());
    Ok(response)
}

/// The browser's `User-Agent`, cut short: shown in the user's own session list.
pub(crate) fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(200).collect())
}
