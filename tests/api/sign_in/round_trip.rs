//! The redirect round trip with the real provider, per kind of user, and the refusals the
//! real provider can provoke.

use serde_json::json;
use tietolupa_test_support::{Backend, on_both_databases};

use super::{Browser, SignInApp, assert_refused, last_audit, location, session_cookie};

async fn a_handler_signs_in_with_a_rotated_httponly_cookie(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let app = &setup.app;
    let browser = Browser::new();
    let response = browser.sign_in(app, "staff", "handler").await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/after");
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    let me = browser.me(app).await;
    assert_eq!(me["id"], "handler");
    assert_eq!(me["roles"], json!(["PUBLIC", "HANDLER"]));
    assert_eq!(last_audit(app, "session.sign_in").await.0, "SUCCESS");

    // Signing in again in the same browser gives a new session and ends the old one.
    let again = browser.sign_in(app, "staff", "handler").await;
    let second = session_cookie(&again).expect("a new session cookie");
    assert_ne!(cookie.split(';').next(), second.split(';').next());
    let sessions = browser
        .graphql(app, "{ mySessions { id current } }", json!({}))
        .await;
    assert_eq!(
        sessions["data"]["mySessions"].as_array().map(Vec::len),
        Some(1),
        "{sessions}"
    );

    // The account is known, with the provider's address and language, for messages.
    let account = tietolupa_store::users::find_by_subject(&app.db, "handler")
        .await
        .unwrap()
        .expect("an account");
    assert!(account.email.is_some());
}

async fn a_director_signs_in_with_the_director_role(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let browser = Browser::new();
    assert_eq!(
        browser
            .sign_in(&setup.app, "staff", "director")
            .await
            .status(),
        302
    );
    assert_eq!(
        browser.me(&setup.app).await["roles"],
        json!(["PUBLIC", "DIRECTOR"])
    );
}

async fn an_applicant_signs_in_with_the_organisation_of_the_claim(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let browser = Browser::new();
    assert_eq!(
        browser
            .sign_in(&setup.app, "applicant", "applicant")
            .await
            .status(),
        302
    );
    assert_eq!(
        browser.me(&setup.app).await["roles"],
        json!(["PUBLIC", "APPLICANT"])
    );
    let account = tietolupa_store::users::find_by_subject(&setup.app.db, "applicant")
        .await
        .unwrap()
        .expect("an account");
    assert_eq!(account.organisation.as_deref(), Some("Helsingin yliopisto"));
}

async fn a_citizen_signs_in_and_files_an_objection_with_the_session(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let app = &setup.app;
    let browser = Browser::new();
    assert_eq!(
        browser.sign_in(app, "citizen", "citizen").await.status(),
        302
    );
    let me = browser.me(app).await;
    assert_eq!(me["roles"], json!(["PUBLIC", "CITIZEN"]));
    assert_eq!(me["hasIdentityCode"], true);
    let filed = browser
        .graphql(app, "mutation { fileObjection { created } }", json!({}))
        .await;
    assert_eq!(filed["data"]["fileObjection"]["created"], true, "{filed}");
    let mine = browser
        .graphql(app, "{ myObjections { edges { node { id } } } }", json!({}))
        .await;
    assert_eq!(
        mine["data"]["myObjections"]["edges"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "{mine}"
    );

    // The identity code is not in the session row in plain.
    let rows = tietolupa_entity::user_session::Entity::find()
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let row = format!("{rows:?}");
    assert!(
        !row.contains("010180-9004") && !row.contains("0101809004"),
        "{row}"
    );
    assert!(rows[0].identity_blind_index.is_some());
}

async fn a_citizen_with_an_invalid_identity_code_is_refused(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let browser = Browser::new();
    let response = browser.sign_in(&setup.app, "citizen", "badcitizen").await;
    assert_refused(&setup.app, response, "invalid_identity_code", "fi").await;
    assert_eq!(browser.me(&setup.app).await["authenticated"], false);
}

async fn a_replayed_callback_is_refused(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let browser = Browser::new();
    let callback = browser
        .through_provider(&setup.app, "staff", "handler")
        .await;
    assert_eq!(browser.get(&callback).await.status(), 302);
    // Another browser replays the same code and state.
    let attacker = Browser::new();
    let replayed = attacker.get(&callback).await;
    assert_refused(&setup.app, replayed, "replayed_state", "fi").await;
}

async fn a_missing_or_unknown_state_is_refused(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let app = &setup.app;
    let browser = Browser::new();
    let missing = browser
        .client
        .get(app.url("/auth/callback?code=abc"))
        .header("Accept-Language", "sv-FI,sv;q=0.9")
        .send()
        .await
        .unwrap();
    assert_refused(app, missing, "missing_state", "sv").await;

    let callback = browser.through_provider(app, "staff", "handler").await;
    let wrong = callback.replace("state=", "state=x");
    let wrong_state = browser
        .client
        .get(&wrong)
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_refused(app, wrong_state, "unknown_state", "en").await;
}

async fn a_foreign_return_address_is_refused_before_the_provider(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let browser = Browser::new();
    for target in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
    ] {
        let url = reqwest::Url::parse_with_params(
            &setup.app.url("/auth/login"),
            &[("provider", "staff"), ("return", target), ("lang", "en")],
        )
        .unwrap();
        let response = browser.get(url.as_str()).await;
        assert!(response.headers().get("location").is_none());
        assert_refused(&setup.app, response, "open_redirect", "en").await;
    }
}

async fn the_providers_are_listed_and_logout_is_rp_initiated(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let app = &setup.app;
    let listed: serde_json::Value = reqwest::get(app.url("/auth/providers"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["id"], "staff");
    assert_eq!(listed[0]["kind"], "STAFF");
    assert_eq!(listed[2]["kind"], "CITIZEN");
    assert!(listed[0]["name"]["sv"].is_string());

    let browser = Browser::new();
    browser.sign_in(app, "staff", "handler").await;
    // Without the CSRF header, logout is refused like any cookie-authenticated change.
    let refused = browser
        .client
        .post(app.url("/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "CSRF");

    let out = browser
        .client
        .post(app.url("/auth/logout"))
        .header("X-Tietolupa-Csrf", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 200);
    let cleared = out
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let body: serde_json::Value = out.json().await.unwrap();
    let redirect = body["redirect"].as_str().unwrap();
    assert!(redirect.starts_with(setup.provider.issuer()), "{redirect}");
    assert!(redirect.contains("post_logout_redirect_uri"), "{redirect}");
    assert_eq!(browser.me(app).await["authenticated"], false);
    assert_eq!(last_audit(app, "session.logout").await.0, "SUCCESS");
}

async fn cookie_requests_without_the_csrf_header_are_refused(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let app = &setup.app;
    let browser = Browser::new();
    browser.sign_in(app, "staff", "handler").await;
    for request in [
        browser
            .client
            .post(app.url("/graphql"))
            .json(&json!({ "query": "{ me { id } }" })),
        browser
            .client
            .get(app.url("/graphql?query=%7Bme%7Bid%7D%7D")),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 403);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "CSRF");
    }
    // A bearer token needs no CSRF header: it is not sent by the browser on its own.
    let token = app.demo_token("demo-handler-1").await;
    let data = app.query_ok(Some(&token), "{ me { id } }", json!({})).await;
    assert_eq!(data["me"]["id"], "demo-handler-1");
}

on_both_databases!(
    a_handler_signs_in_with_a_rotated_httponly_cookie,
    a_director_signs_in_with_the_director_role,
    an_applicant_signs_in_with_the_organisation_of_the_claim,
    a_citizen_signs_in_and_files_an_objection_with_the_session,
    a_citizen_with_an_invalid_identity_code_is_refused,
    a_replayed_callback_is_refused,
    a_missing_or_unknown_state_is_refused,
    a_foreign_return_address_is_refused_before_the_provider,
    the_providers_are_listed_and_logout_is_rp_initiated,
    cookie_requests_without_the_csrf_header_are_refused,
);

use sea_orm::EntityTrait;
