//! ID tokens the real provider would never send, from a small provider of our own: a real
//! HTTP server with discovery, JWKS, an authorization endpoint that sends the browser
//! straight back, and a token endpoint that answers with the forged ID token. It advertises
//! HS256 next to RS256, so the refusal of HS256 is ours, not the advertisement's.

use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, TestKey, fixture, on_both_databases, sign_token};

use super::{Browser, assert_refused, location, session_cookie};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Forgery {
    None,
    WrongNonce,
    Expired,
    IssuedInTheFuture,
    WrongIssuer,
    WrongAudience,
    AlgNone,
    Hs256WithThePublicKey,
    UntrustedKey,
}

#[derive(Clone)]
struct Forger {
    forgery: Forgery,
    issuer: String,
    nonce: Arc<Mutex<Option<String>>>,
}

const CLIENT_ID: &str = "tietolupa-staff";

async fn discovery(State(forger): State<Forger>) -> Json<Value> {
    let issuer = &forger.issuer;
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "HS256", "none"],
    }))
}

async fn jwks() -> Json<Value> {
    let text = std::fs::read_to_string(fixture("keys/trusted-jwks.json")).unwrap();
    Json(serde_json::from_str(&text).unwrap())
}

async fn authorize(
    State(forger): State<Forger>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> impl IntoResponse {
    *forger.nonce.lock().unwrap() = query.get("nonce").cloned();
    let target = reqwest::Url::parse_with_params(
        &query["redirect_uri"],
        &[("code", "forged-code"), ("state", query["state"].as_str())],
    )
    .unwrap();
    Redirect::to(target.as_str())
}

async fn token(State(forger): State<Forger>) -> Json<Value> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let nonce = forger.nonce.lock().unwrap().clone().unwrap_or_default();
    let mut claims = json!({
        "iss": forger.issuer, "aud": CLIENT_ID, "sub": "forged-handler",
        "groups": ["tietolupa-handlers"], "nonce": nonce,
        "iat": now, "exp": now + 300,
    });
    match forger.forgery {
        Forgery::WrongNonce => claims["nonce"] = json!("not-the-nonce"),
        Forgery::Expired => {
            claims["iat"] = json!(now - 400);
            claims["exp"] = json!(now - 100);
        }
        Forgery::IssuedInTheFuture => {
            claims["iat"] = json!(now + 3600);
            claims["exp"] = json!(now + 7200);
        }
        Forgery::WrongIssuer => claims["iss"] = json!("https://someone-else.example"),
        Forgery::WrongAudience => claims["aud"] = json!("another-client"),
        _ => {}
    }
    let id_token = match forger.forgery {
        Forgery::AlgNone => {
            let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
            let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
            format!("{header}.{payload}.")
        }
        Forgery::Hs256WithThePublicKey => {
            let public = std::fs::read(fixture("keys/rs256-public.pem")).unwrap();
            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
            header.kid = Some("test-rsa".to_owned());
            jsonwebtoken::encode(
                &header,
                &claims,
                &jsonwebtoken::EncodingKey::from_secret(&public),
            )
            .unwrap()
        }
        Forgery::UntrustedKey => sign_token(TestKey::UntrustedRs256, Some("test-rsa"), &claims),
        _ => sign_token(TestKey::Rs256, Some("test-rsa"), &claims),
    };
    Json(json!({
        "access_token": "forged-access", "token_type": "Bearer", "expires_in": 300,
        "id_token": id_token,
    }))
}

/// Starts the small provider and a server configured with it as provider `forged`.
async fn start(backend: Backend, forgery: Forgery) -> (TestApp, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let forger = Forger {
        forgery,
        issuer: issuer.clone(),
        nonce: Arc::default(),
    };
    let router = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .with_state(forger);
    let server = tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    let providers = json!([{
        "id": "forged", "kind": "staff", "issuer": issuer,
        "name": { "fi": "f", "sv": "f", "en": "f" },
        "client_id": CLIENT_ID, "client_secret": "forged-secret",
        "role_mapping": { "tietolupa-handlers": "HANDLER" },
    }]);
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push((
            "TIETOLUPA_SIGN_IN_PROVIDERS".to_owned(),
            providers.to_string(),
        ));
    })
    .await;
    (app, server)
}

/// Signs in through the small provider; the callback's answer.
async fn sign_in(app: &TestApp) -> reqwest::Response {
    let browser = Browser::new();
    let start = browser
        .get(&app.url("/auth/login?provider=forged&lang=en"))
        .await;
    let at_provider = browser.get(&location(&start)).await;
    browser.get(&location(&at_provider)).await
}

async fn refused_with(backend: Backend, forgery: Forgery, reason: &str) {
    let (app, server) = start(backend, forgery).await;
    assert_refused(&app, sign_in(&app).await, reason, "en").await;
    server.abort();
}

async fn a_well_formed_token_of_the_small_provider_signs_in(backend: Backend) {
    let (app, server) = start(backend, Forgery::None).await;
    let response = sign_in(&app).await;
    assert_eq!(response.status(), 302);
    assert!(session_cookie(&response).is_some());
    server.abort();
}

async fn a_wrong_nonce_is_refused(backend: Backend) {
    refused_with(backend, Forgery::WrongNonce, "id_token_nonce").await;
}

async fn an_expired_id_token_is_refused(backend: Backend) {
    refused_with(backend, Forgery::Expired, "id_token_expired").await;
}

async fn an_id_token_from_the_future_is_refused(backend: Backend) {
    refused_with(backend, Forgery::IssuedInTheFuture, "id_token_issued_at").await;
}

async fn an_unknown_issuer_is_refused(backend: Backend) {
    refused_with(backend, Forgery::WrongIssuer, "id_token_issuer").await;
}

async fn an_unknown_audience_is_refused(backend: Backend) {
    refused_with(backend, Forgery::WrongAudience, "id_token_audience").await;
}

async fn alg_none_is_refused(backend: Backend) {
    refused_with(backend, Forgery::AlgNone, "id_token_signature").await;
}

async fn hs256_signed_with_the_public_key_is_refused(backend: Backend) {
    refused_with(
        backend,
        Forgery::Hs256WithThePublicKey,
        "id_token_signature",
    )
    .await;
}

async fn a_token_signed_with_an_untrusted_key_is_refused(backend: Backend) {
    refused_with(backend, Forgery::UntrustedKey, "id_token_signature").await;
}

on_both_databases!(
    a_well_formed_token_of_the_small_provider_signs_in,
    a_wrong_nonce_is_refused,
    an_expired_id_token_is_refused,
    an_id_token_from_the_future_is_refused,
    an_unknown_issuer_is_refused,
    an_unknown_audience_is_refused,
    alg_none_is_refused,
    hs256_signed_with_the_public_key_is_refused,
    a_token_signed_with_an_untrusted_key_is_refused,
);
