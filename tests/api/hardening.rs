//! Hostile input (docs/reliability.md, "Hostile input"): request-shape limits, body limits,
//! rate limits, security headers and CORS.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tietolupa_test_support::{
    Backend, TEST_AUDIENCE, TEST_ISSUER, TestApp, TestKey, on_both_databases, sign_token,
};

fn error_of(body: &Value) -> (&str, &str) {
    let error = &body["errors"][0];
    (
        error["extensions"]["code"].as_str().unwrap_or_default(),
        error["extensions"]["limit"].as_str().unwrap_or_default(),
    )
}

/// Each GraphQL shape limit: refused with `LIMIT_EXCEEDED` naming the limit, before any
/// resolver runs (no `data` at all, not even `null` fields).
async fn graphql_shape_limits_are_refused_with_their_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut deep = String::from("name");
    for _ in 0..20 {
        deep = format!("ofType {{ {deep} }}");
    }
    let aliases: String = (0..31).map(|i| format!("a{i}: id ")).collect();
    let root_fields: String = (0..21).map(|_| "me { id } ").collect();
    let directives: String = (0..17).map(|_| "@include(if: true) ").collect();
    let mut recursive = String::from("id");
    for _ in 0..70 {
        recursive = format!("... on Query {{ {recursive} }}");
    }
    let mut fragments = String::from("fragment F70 on Query { me { id } }\n");
    for i in 0..70 {
        fragments.push_str(&format!("fragment F{i} on Query {{ ...F{} }}\n", i + 1));
    }
    let wide: String = (0..2_001).map(|_| "id ").collect();
    let cases = [
        (format!("{{ __schema {{ types {{ {deep} }} }} }}"), "depth"),
        (format!("{{ me {{ {aliases} }} }}"), "aliases"),
        (format!("{{ {root_fields} }}"), "rootFields"),
        (format!("{{ me {{ id {directives} }} }}"), "directives"),
        (format!("{{ me {{ id }} {recursive} }}"), "recursion"),
        (format!("{{ ...F0 }}\n{fragments}"), "recursion"),
        (format!("{{ me {{ {wide} }} }}"), "complexity"),
        (
            format!("{{ me {{ id }} }} # {}", "x".repeat(32 * 1024)),
            "queryBytes",
        ),
    ];
    for (query, limit) in cases {
        let (status, body) = app.graphql(None, &query, json!({})).await;
        assert_eq!(status, 200, "{limit}: {body}");
        assert_eq!(error_of(&body), ("LIMIT_EXCEEDED", limit), "{body}");
        assert!(body["errors"][0]["extensions"]["max"].is_u64(), "{body}");
        assert!(body.get("data").is_none_or(Value::is_null), "{body}");
    }
    // Just under the limits is fine.
    let aliases: String = (0..30).map(|i| format!("a{i}: id ")).collect();
    let root_fields: String = (0..20).map(|i| format!("r{i}: me {{ id }} ")).collect();
    app.query_ok(None, &format!("{{ me {{ {aliases} }} }}"), json!({}))
        .await;
    app.query_ok(None, &format!("{{ {root_fields} }}"), json!({}))
        .await;
}

/// Complexity as computed by async-graphql (lists multiply), with its own limit.
async fn complexity_over_the_limit_is_limit_exceeded(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_GRAPHQL_MAX_COMPLEXITY".into(), "5".into()));
    })
    .await;
    let (_, body) = app
        .graphql(
            None,
            "{ dataControllers { id name sources { id name } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_of(&body), ("LIMIT_EXCEEDED", "complexity"), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["max"], 5, "{body}");
}

/// A thousand aliases of an audited read by an auditor: refused before any resolver
/// runs, so no audit entry is written (each executed read of the audit log writes one).
async fn alias_amplification_is_refused_without_touching_the_database(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let auditor = app.demo_token("demo-auditor").await;
    let count = || async {
        let data = app
            .query_ok(Some(&auditor), "{ verifyAuditLog { checked } }", json!({}))
            .await;
        data["verifyAuditLog"]["checked"].as_u64().unwrap()
    };
    let read = "auditLog(first: 1) { edges { cursor } }";
    // What one executed read adds, and that counting itself is steady.
    let start = count().await;
    app.query_ok(Some(&auditor), &format!("{{ {read} }}"), json!({}))
        .await;
    let before = count().await;
    let per_count = count().await - before;
    assert!(before - start > per_count, "an executed read is audited");

    for (aliases, limit) in [
        (25, "rootFields"),
        (500, "rootFields"),
        (1_000, "queryBytes"),
    ] {
        let query: String = (0..aliases).map(|i| format!("a{i}: {read} ")).collect();
        let (status, body) = app
            .graphql(Some(&auditor), &format!("{{ {query} }}"), json!({}))
            .await;
        assert_eq!(status, 200);
        assert_eq!(error_of(&body), ("LIMIT_EXCEEDED", limit), "{body}");
    }
    let nested: String = (0..40).map(|i| format!("a{i}: cursor ")).collect();
    let (_, body) = app
        .graphql(
            Some(&auditor),
            &format!("{{ auditLog(first: 1) {{ edges {{ {nested} }} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(error_of(&body), ("LIMIT_EXCEEDED", "aliases"), "{body}");
    let after = count().await;
    assert_eq!(
        after - before,
        2 * per_count,
        "the refused requests wrote audit entries"
    );
}

async fn batched_requests_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!([{ "query": "{ me { id } }" }, { "query": "{ me { id } }" }]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_of(&body), ("LIMIT_EXCEEDED", "batch"), "{body}");

    // Not JSON at all: a typed VALIDATION, not async-graphql's plain-text debug output.
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
}

async fn oversized_bodies_are_refused_with_a_typed_413(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_REQUEST_BODY_LIMIT_BYTES".into(), "4096".into()));
    })
    .await;
    let padding = "x".repeat(8_192);
    let body = json!({ "query": format!("# {padding}\n{{ me {{ id }} }}") }).to_string();
    // Declared length over the limit: refused before reading.
    for path in ["/graphql", "/dev/token"] {
        let response = app
            .client
            .post(app.url(path))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        // The unread body stays on the connection: the client must not reuse it.
        assert_eq!(response.headers()["connection"], "close", "{path}");
        let json: Value = response.json().await.unwrap();
        assert_eq!(
            error_of(&json),
            ("LIMIT_EXCEEDED", "body"),
            "{path}: {json}"
        );
        assert_eq!(json["errors"][0]["extensions"]["max"], 4096);
    }
    // Streamed without a length: cut off at the limit.
    let chunks = vec![Ok::<_, std::io::Error>(body.clone().into_bytes())];
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let json: Value = response.json().await.unwrap();
    assert_eq!(error_of(&json), ("LIMIT_EXCEEDED", "body"), "{json}");
    // A body just under the limit is served.
    app.query_ok(
        None,
        &format!("# {}\n{{ me {{ id }} }}", "x".repeat(3_000)),
        json!({}),
    )
    .await;
}

/// Lists in inputs are bounded by the schema, strings by the domain's validation.
async fn huge_lists_and_strings_are_validation_errors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let handler = app.demo_token("demo-handler-1").await;
    let states: Vec<&str> = std::iter::repeat_n("SUBMITTED", 1_000).collect();
    let (_, body) = app
        .graphql(
            Some(&handler),
            "query($s: [ApplicationState!]) { applicationQueue(filter: { states: $s }) { edges { cursor } } }",
            json!({ "s": states }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );

    let (_, body) = app
        .graphql(
            None,
            "query($q: String) { publishedDecisions(first: 5, filter: { text: $q }) { edges { cursor } } }",
            json!({ "q": "x".repeat(100_000) }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );
}

async fn anonymous_traffic_is_rate_limited_per_client(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        set(vars, "TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "60");
        set(vars, "TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST", "5");
    })
    .await;
    // Signed by the test identity provider, so no request is spent on getting it.
    let signed_in = sign_token(
        TestKey::Rs256,
        None,
        &json!({
            "iss": TEST_ISSUER, "aud": TEST_AUDIENCE, "sub": "someone", "name": "Some One",
            "roles": ["HANDLER"], "exp": 4_102_444_800_u64,
        }),
    );
    for _ in 0..5 {
        let response = app.client.get(app.url("/")).send().await.unwrap();
        assert_eq!(response.status(), 200);
    }
    let refused = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=1).contains(&retry_after), "{retry_after}");
    assert!(refused.headers().contains_key("content-security-policy"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    assert_eq!(body["errors"][0]["extensions"]["retryAfterSeconds"], 1);

    // A bad token does not escape the limit; a valid one is not throttled.
    let response = app
        .client
        .get(app.url("/"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let (status, _) = app
        .graphql(Some(&signed_in), "{ me { id } }", json!({}))
        .await;
    assert_eq!(status, 200);
    // Health checks are never throttled (load balancers probe from one address).
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);

    // One token a second: after Retry-After, the client is served again.
    tokio::time::sleep(Duration::from_secs(retry_after)).await;
    let (status, body) = app.graphql(None, "{ me { roles } }", json!({})).await;
    assert_eq!(status, 200, "{body}");
}

/// Behind a trusted balancer (here the test client's own address) each forwarded client
/// has its own bucket and is the address the audit log records; without the setting the
/// header is ignored and everyone behind the balancer shares one bucket.
async fn clients_behind_a_trusted_proxy_are_told_apart_by_x_forwarded_for(backend: Backend) {
    let limited = |vars: &mut Vec<(String, String)>| {
        set(vars, "TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "1");
        set(vars, "TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST", "2");
    };
    let app = TestApp::spawn_with(backend, |vars| {
        limited(vars);
        set(vars, "TIETOLUPA_TRUSTED_PROXIES", "127.0.0.0/8, ::1");
    })
    .await;
    let from = |app: &TestApp, forwarded_for: &'static str| {
        app.client
            .get(app.url("/"))
            .header("x-forwarded-for", forwarded_for)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(from(&app, "192.0.2.1").await.unwrap().status(), 200);
    }
    assert_eq!(
        from(&app, "192.0.2.1").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // A client cannot escape by naming another address left of the one the balancer saw.
    assert_eq!(
        from(&app, "198.51.100.7, 192.0.2.1")
            .await
            .unwrap()
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client behind the same balancer has its own budget.
    assert_eq!(from(&app, "192.0.2.2").await.unwrap().status(), 200);
    // The audit log records the forwarded client, not the balancer.
    let auditor = sign_token(
        TestKey::Rs256,
        None,
        &json!({
            "iss": TEST_ISSUER, "aud": TEST_AUDIENCE, "sub": "demo-auditor", "name": "Auditor",
            "roles": ["AUDITOR"], "exp": 4_102_444_800_u64,
        }),
    );
    let query = json!({ "query": r#"{ auditLog(first: 1, filter: { action: "audit_log.read" }) { edges { node { clientAddress } } } }"# });
    let mut body = Value::Null;
    // The second read sees the first on record, whether or not it records itself first.
    for _ in 0..2 {
        let response = app
            .client
            .post(app.url("/graphql"))
            .bearer_auth(&auditor)
            .header("x-forwarded-for", "203.0.113.5")
            .json(&query)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        body = response.json().await.unwrap();
    }
    assert_eq!(
        body["data"]["auditLog"]["edges"][0]["node"]["clientAddress"], "203.0.113.5",
        "{body}"
    );

    // Without the setting the header is not believed: one bucket for all.
    let app = TestApp::spawn_with(backend, limited).await;
    for _ in 0..2 {
        assert_eq!(from(&app, "192.0.2.1").await.unwrap().status(), 200);
    }
    assert_eq!(
        from(&app, "192.0.2.2").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn dev_tokens_have_a_stricter_limit(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        set(vars, "TIETOLUPA_RATE_LIMIT_DEV_TOKEN_PER_MINUTE", "30");
        set(vars, "TIETOLUPA_RATE_LIMIT_DEV_TOKEN_BURST", "2");
    })
    .await;
    let request = || {
        app.client
            .post(app.url("/dev/token"))
            .json(&json!({ "sub": "demo-handler-1" }))
            .send()
    };
    assert_eq!(request().await.unwrap().status(), 200);
    assert_eq!(request().await.unwrap().status(), 200);
    let refused = request().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers()["retry-after"], "2");
    // Other anonymous traffic still has its own, generous budget.
    let (status, _) = app.graphql(None, "{ me { roles } }", json!({})).await;
    assert_eq!(status, 200);
}

const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=()"),
    ("content-security-policy", "frame-ancestors 'none'"),
];

fn assert_security_headers(response: &reqwest::Response, what: &str) {
    for (name, expected) in SECURITY_HEADERS {
        let value = response
            .headers()
            .get(name)
            .unwrap_or_else(|| panic!("{what} lacks {name}"))
            .to_str()
            .unwrap();
        assert!(value.contains(expected), "{what}: {name}: {value}");
    }
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "{what} has CORS headers though none are configured"
    );
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none(),
        "{what} has HSTS though it is not configured"
    );
}

async fn security_headers_are_on_every_response(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let csp_of_app =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
    let graphql = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ me { roles } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(graphql.status(), 200);
    assert_security_headers(&graphql, "a GraphQL response");
    assert!(
        graphql.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with(csp_of_app)
    );

    let spa = app
        .client
        .get(app.url("/applications/new"))
        .send()
        .await
        .unwrap();
    assert_eq!(spa.status(), 200);
    assert_security_headers(&spa, "an SPA page");
    // The HTML shell's policy is the app's, with this response's style nonce added (web.rs).
    let spa_csp = spa.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        spa_csp.starts_with("default-src 'self'; script-src 'self'; style-src 'self' 'nonce-"),
        "{spa_csp}"
    );
    assert!(spa_csp.contains("; img-src 'self' data:"), "{spa_csp}");
    assert!(!spa_csp.contains("unsafe-inline"), "{spa_csp}");

    let not_found = app
        .client
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(not_found.status(), 404);
    assert_security_headers(&not_found, "a 404");

    let error = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth("forged")
        .json(&json!({ "query": "{ me { roles } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error.status(), 401);
    assert_security_headers(&error, "an error response");

    // GraphiQL (dev only) needs its CDN scripts; only that page gets a wider policy.
    let graphiql = app.client.get(app.url("/graphiql")).send().await.unwrap();
    assert_security_headers(&graphiql, "GraphiQL");
    let csp = graphiql.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(csp.contains("https://unpkg.com"), "{csp}");
}

async fn hsts_is_sent_when_configured(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        set(vars, "TIETOLUPA_HSTS_MAX_AGE_SECONDS", "31536000");
    })
    .await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

async fn cors_is_off_by_default_and_allows_configured_origins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let preflight = |app: &TestApp, origin: &str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/graphql"))
            .header("origin", origin.to_owned())
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    let response = preflight(&app, "https://evil.example").await.unwrap();
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    drop(app);

    let app = TestApp::spawn_with(backend, |vars| {
        set(
            vars,
            "TIETOLUPA_CORS_ALLOWED_ORIGINS",
            "https://tutkija.example, https://other.example",
        );
    })
    .await;
    let response = preflight(&app, "https://tutkija.example").await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://tutkija.example"
    );
    let allowed_headers = response.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed_headers.contains("authorization"),
        "{allowed_headers}"
    );
    assert_security_headers_but_cors(&response);

    let response = app
        .client
        .post(app.url("/graphql"))
        .header("origin", "https://tutkija.example")
        .json(&json!({ "query": "{ me { roles } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://tutkija.example"
    );
    let response = preflight(&app, "https://evil.example").await.unwrap();
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

fn assert_security_headers_but_cors(response: &reqwest::Response) {
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(response.headers().contains_key("content-security-policy"));
}

fn set(vars: &mut Vec<(String, String)>, name: &str, value: &str) {
    vars.retain(|(n, _)| n != name);
    vars.push((name.to_owned(), value.to_owned()));
}

on_both_databases!(
    graphql_shape_limits_are_refused_with_their_code,
    complexity_over_the_limit_is_limit_exceeded,
    alias_amplification_is_refused_without_touching_the_database,
    batched_requests_are_refused,
    oversized_bodies_are_refused_with_a_typed_413,
    huge_lists_and_strings_are_validation_errors,
    anonymous_traffic_is_rate_limited_per_client,
    clients_behind_a_trusted_proxy_are_told_apart_by_x_forwarded_for,
    dev_tokens_have_a_stricter_limit,
    security_headers_are_on_every_response,
    hsts_is_sent_when_configured,
    cors_is_off_by_default_and_allows_configured_origins,
);
