use tietolupa_test_support::{Backend, TestApp, on_both_databases};

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
);
