use tietolupa_test_support::{Backend, TestApp, on_both_databases};

async fn health_and_readiness(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

async fn every_response_carries_a_request_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");

    // A caller's own id is kept, so requests can be traced across systems.
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-123");
}

async fn seeding_is_idempotent_across_restarts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let query = "{ dataControllers { code sources { code } } }";
    let first = app.query_ok(None, query, serde_json::json!({})).await;

    // A second server on the same database seeds again and must add nothing.
    let url = app.database.url().to_owned();
    let second = TestApp::spawn_with(backend, |vars| {
        vars.retain(|(k, _)| k != "TIETOLUPA_DATABASE_URL");
        vars.push(("TIETOLUPA_DATABASE_URL".into(), url));
    })
    .await;
    let again = second.query_ok(None, query, serde_json::json!({})).await;
    assert_eq!(first, again);
    let users = second
        .client
        .get(second.url("/dev/users"))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(users.as_array().unwrap().len(), 11, "{users}");
}

async fn the_catalogue_lists_the_real_landscape(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .query_ok(
            None,
            "{ dataControllers { code name sources { name kind } } }",
            serde_json::json!({}),
        )
        .await;
    let controllers = data["dataControllers"].as_array().unwrap();
    let thl = controllers.iter().find(|c| c["code"] == "thl").unwrap();
    let names: Vec<&str> = thl["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Care Register for Health Care (Hilmo)"),
        "{names:?}"
    );
    assert!(names.contains(&"FinRegistry"));
    let counties = controllers
        .iter()
        .filter(|c| c["code"].as_str().unwrap().starts_with("county-"))
        .count();
    assert_eq!(counties, 22, "21 wellbeing services counties and Helsinki");
}

on_both_databases!(
    health_and_readiness,
    every_response_carries_a_request_id,
    seeding_is_idempotent_across_restarts,
    the_catalogue_lists_the_real_landscape,
);
