use tietolupa_test_support::{Backend, TestApp, on_both_databases};

/// The shell as `npm run build` leaves it: Vite's `html.cspNonce` placeholder in the meta tag
/// styled-components reads and on the tags it emits.
const BUILT_SHELL: &str = "<!doctype html><html lang=\"fi\"><head>\
    <meta property=\"csp-nonce\" nonce=\"__CSP_NONCE__\">\
    <script type=\"module\" src=\"/assets/index.js\" nonce=\"__CSP_NONCE__\"></script>\
    </head><body><div id=\"root\"></div></body></html>";

async fn app_with_built_shell(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |vars| {
        let web_dir = &vars
            .iter()
            .find(|(k, _)| k == "TIETOLUPA_WEB_DIR")
            .expect("the test environment names a web directory")
            .1;
        let web_dir = std::path::Path::new(web_dir);
        std::fs::write(web_dir.join("index.html"), BUILT_SHELL).unwrap();
        std::fs::create_dir_all(web_dir.join("assets")).unwrap();
        std::fs::write(web_dir.join("assets/index.js"), "export {};").unwrap();
    })
    .await
}

fn csp(response: &reqwest::Response) -> String {
    response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned()
}

/// The nonce in `style-src 'self' 'nonce-…'`, if any.
fn style_nonce(policy: &str) -> Option<String> {
    let style_src = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("style-src "))
        .expect("the policy has a style-src");
    style_src
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\''))
        .map(str::to_owned)
}

async fn each_html_response_has_its_own_style_nonce(backend: Backend) {
    let app = app_with_built_shell(backend).await;
    let mut seen = std::collections::HashSet::new();
    // The root, the file by name and a client route (the fallback) are all the shell.
    for path in ["/", "/index.html", "/applications/123", "/", "/assets/"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        let policy = csp(&response);
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert!(policy.contains("script-src 'self';"), "{path}: {policy}");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        let nonce = style_nonce(&policy).unwrap_or_else(|| panic!("{path}: no nonce: {policy}"));
        assert_eq!(
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &nonce)
                .unwrap()
                .len(),
            16,
            "{path}: 128 bits"
        );
        let html = response.text().await.unwrap();
        assert!(!html.contains("__CSP_NONCE__"), "{path}: placeholder left");
        assert!(
            html.contains(&format!("<meta property=\"csp-nonce\" nonce=\"{nonce}\">")),
            "{path}: the meta tag does not carry the header's nonce"
        );
        assert!(seen.insert(nonce), "{path}: a nonce was served twice");
    }
}

async fn other_responses_keep_the_fixed_policy_without_a_nonce(backend: Backend) {
    let app = app_with_built_shell(backend).await;
    let script = app
        .client
        .get(app.url("/assets/index.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    let graphql = app
        .client
        .post(app.url("/graphql"))
        .json(&serde_json::json!({ "query": "{ me { roles } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(graphql.status(), 200);
    let not_found = app
        .client
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(not_found.status(), 404);
    for (what, response) in [
        ("a script", script),
        ("a GraphQL response", graphql),
        ("an API 404", not_found),
    ] {
        let policy = csp(&response);
        assert!(
            policy.starts_with("default-src 'self'; script-src 'self'; style-src 'self'; "),
            "{what}: {policy}"
        );
        assert_eq!(style_nonce(&policy), None, "{what}");
        assert!(!policy.contains("unsafe-inline"), "{what}");
    }
}

async fn the_web_app_is_served_with_a_fallback_for_client_routes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in ["/", "/applications/123", "/fi/decisions"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.text().await.unwrap().contains("web shell"),
            "{path}"
        );
    }
    // API paths never fall back to the app: a client gets a typed 404.
    let response = app
        .client
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
}

async fn an_unbuilt_web_app_explains_how_to_build_it(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.retain(|(k, _)| k != "TIETOLUPA_WEB_DIR");
        vars.push(("TIETOLUPA_WEB_DIR".into(), "/nonexistent/web/dist".into()));
    })
    .await;
    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.text().await.unwrap().contains("just run"));
}

on_both_databases!(
    the_web_app_is_served_with_a_fallback_for_client_routes,
    an_unbuilt_web_app_explains_how_to_build_it,
    each_html_response_has_its_own_style_nonce,
    other_responses_keep_the_fixed_policy_without_a_nonce,
);
