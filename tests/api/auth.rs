use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tietolupa_test_support::{
    Backend, TEST_AUDIENCE, TEST_ISSUER, TestApp, TestKey, on_both_databases, sign_token,
};

const ME: &str = "{ me { id name roles authenticated hasIdentityCode } }";

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn claims() -> Value {
    json!({
        "iss": TEST_ISSUER,
        "aud": TEST_AUDIENCE,
        "sub": "researcher-7",
        "name": "Aino Virtanen",
        "roles": ["APPLICANT"],
        "iat": now(),
        "nbf": now() - 5,
        "exp": now() + 600,
    })
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

async fn anonymous_callers_are_the_public(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app.query_ok(None, ME, json!({})).await;
    assert_eq!(
        data["me"],
        json!({ "id": "public", "name": null, "roles": ["PUBLIC"], "authenticated": false, "hasIdentityCode": false })
    );
}

async fn dev_tokens_carry_demo_users_roles(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = app.demo_token("demo-deputy-director").await;
    let data = app.query_ok(Some(&token), ME, json!({})).await;
    assert_eq!(data["me"]["id"], "demo-deputy-director");
    assert_eq!(
        data["me"]["roles"],
        json!(["PUBLIC", "HANDLER", "DIRECTOR"])
    );
    assert_eq!(data["me"]["authenticated"], true);

    // A citizen's token carries an identity code; `me` says so without revealing it.
    let token = app.demo_token("demo-citizen").await;
    let (_, body) = app.graphql(Some(&token), ME, json!({})).await;
    assert_eq!(body["data"]["me"]["hasIdentityCode"], true);
    assert!(!body.to_string().contains("010180"), "{body}");

    // Explicit roles, as DESIGN.md section 10 describes the request.
    let response = app
        .client
        .post(app.url("/dev/token"))
        .json(&json!({ "sub": "someone", "name": "Some One", "roles": ["HANDLER", "AUDITOR"] }))
        .send()
        .await
        .unwrap();
    let token = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let data = app.query_ok(Some(&token), ME, json!({})).await;
    assert_eq!(data["me"]["roles"], json!(["PUBLIC", "HANDLER", "AUDITOR"]));
}

async fn dev_token_requests_are_validated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (body, field) in [
        (json!({ "sub": "x", "roles": ["OVERLORD"] }), "roles"),
        (json!({ "sub": "", "roles": [] }), "sub"),
    ] {
        let response = app
            .client
            .post(app.url("/dev/token"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
        assert_eq!(body["errors"][0]["extensions"]["fields"][0]["field"], field);
    }
    let response = app
        .client
        .post(app.url("/dev/token"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
}

async fn tokens_of_the_configured_identity_provider_are_accepted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for key in [TestKey::Rs256, TestKey::Es256, TestKey::Ed25519] {
        let token = sign_token(key, None, &claims());
        let data = app.query_ok(Some(&token), ME, json!({})).await;
        assert_eq!(data["me"]["id"], "researcher-7", "{key:?}");
        assert_eq!(
            data["me"]["roles"],
            json!(["PUBLIC", "APPLICANT"]),
            "{key:?}"
        );
    }
}

async fn bad_tokens_are_unauthenticated_without_detail(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let none_token = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims().to_string())
    );
    let hs256_with_public_key = {
        let public =
            std::fs::read(tietolupa_test_support::fixture("keys/rs256-public.pem")).unwrap();
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims(),
            &jsonwebtoken::EncodingKey::from_secret(&public),
        )
        .unwrap()
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "expired",
            sign_token(
                TestKey::Rs256,
                None,
                &with(claims(), "exp", json!(now() - 300)),
            ),
        ),
        (
            "not yet valid",
            sign_token(
                TestKey::Es256,
                None,
                &with(claims(), "nbf", json!(now() + 300)),
            ),
        ),
        (
            "wrong issuer",
            sign_token(
                TestKey::Rs256,
                None,
                &with(claims(), "iss", json!("https://evil.test")),
            ),
        ),
        (
            "wrong audience",
            sign_token(
                TestKey::Rs256,
                None,
                &with(claims(), "aud", json!("another-app")),
            ),
        ),
        (
            "bad signature",
            sign_token(TestKey::UntrustedRs256, None, &claims()),
        ),
        ("alg none", none_token),
        ("HS256 signed with the public key", hs256_with_public_key),
        (
            "unknown kid",
            sign_token(TestKey::Rs256, Some("rotated-away"), &claims()),
        ),
        ("garbage", "definitely.not.ajwt".to_owned()),
        ("empty", String::new()),
    ];
    let mut bodies = Vec::new();
    for (case, token) in &cases {
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("authorization", format!("Bearer {token}"))
            .json(&json!({ "query": ME }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{case}");
        assert!(
            response.headers().contains_key("www-authenticate"),
            "{case}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{case}"
        );
        assert!(body.get("data").is_none(), "{case}: nothing executed");
        bodies.push(body);
    }
    // One message for every failure: nothing tells an attacker which check failed.
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
    assert_eq!(
        bodies[0]["errors"][0]["message"],
        "invalid or expired token"
    );

    // A header that is not a bearer token is refused too, not treated as anonymous.
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .json(&json!({ "query": ME }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

async fn production_mode_has_no_development_issuer(backend: Backend) {
    let secrets = tempfile::tempdir().unwrap();
    let secrets_file = secrets.path().join("secrets.toml");
    tietolupa_config::IdentityCodeKeys::load_or_generate(&secrets_file).unwrap();
    let app = TestApp::spawn_with(backend, |vars| {
        vars.retain(|(k, _)| k != "TIETOLUPA_MODE");
        vars.push(("TIETOLUPA_MODE".into(), "production".into()));
        vars.push((
            "TIETOLUPA_SECRETS_FILE".into(),
            secrets_file.display().to_string(),
        ));
    })
    .await;
    for path in ["/dev/token", "/dev/users", "/graphiql"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            response.status(),
            404,
            "{path}: SPA fallback must not hide it"
        );
        let response = app
            .client
            .post(app.url(path))
            .json(&json!({ "sub": "demo-admin" }))
            .send()
            .await
            .unwrap();
        assert_ne!(response.status(), 200, "{path}");
    }
    // The identity provider's tokens still work.
    let data = app
        .query_ok(
            Some(&sign_token(TestKey::Rs256, None, &claims())),
            ME,
            json!({}),
        )
        .await;
    assert_eq!(data["me"]["authenticated"], true);
}

on_both_databases!(
    anonymous_callers_are_the_public,
    dev_tokens_carry_demo_users_roles,
    dev_token_requests_are_validated,
    tokens_of_the_configured_identity_provider_are_accepted,
    bad_tokens_are_unauthenticated_without_detail,
    production_mode_has_no_development_issuer,
);
