use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

async fn malformed_queries_are_validation_errors_and_deep_ones_limit_exceeded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for query in [
        "{ me { roles ",
        "{ me { notAField } }",
        "{ dataControllers { sources { nope } } }",
    ] {
        assert_eq!(
            app.query_error_code(None, query, json!({})).await,
            "VALIDATION",
            "{query}"
        );
    }
    // Deeper than the limit (15 by default): introspection types nest without end.
    let mut deep = String::from("name");
    for _ in 0..20 {
        deep = format!("ofType {{ {deep} }}");
    }
    let query = format!("{{ __schema {{ types {{ {deep} }} }} }}");
    let (_, body) = app.graphql(None, &query, json!({})).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["limit"], "depth", "{body}");
}

async fn malformed_scalars_are_validation_errors_not_internal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let handler = app.demo_token("demo-handler-1").await;
    let (_, body) = app
        .graphql(
            Some(&handler),
            "query($id: UUID!) { application(id: $id) { id } }",
            json!({ "id": "not-a-uuid" }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UUID"),
        "{body}"
    );
    let (_, body) = app
        .graphql(
            Some(&handler),
            "query($d: Date) { applicationQueue(filter: { dueBefore: $d }) { edges { cursor } } }",
            json!({ "d": "2026-02-30" }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );
}

async fn complexity_is_limited(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_GRAPHQL_MAX_COMPLEXITY".into(), "20".into()));
    })
    .await;
    let aliases: String = (0..15)
        .map(|i| format!("a{i}: me {{ id roles }} "))
        .collect();
    let (_, body) = app
        .graphql(None, &format!("{{ {aliases} }}"), json!({}))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("complex"),
        "{body}"
    );
}

async fn get_requests_work_like_post(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ me { roles } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["me"]["roles"], json!(["PUBLIC"]));
}

async fn oversized_bodies_are_refused(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_REQUEST_BODY_LIMIT_BYTES".into(), "4096".into()));
    })
    .await;
    let padding = "x".repeat(8_192);
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": format!("# {padding}\n{{ me {{ id }} }}") }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

async fn graphiql_is_served_in_dev_mode(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.client.get(app.url("/graphiql")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("graphiql"));
}

on_both_databases!(
    malformed_queries_are_validation_errors_and_deep_ones_limit_exceeded,
    malformed_scalars_are_validation_errors_not_internal,
    complexity_is_limited,
    get_requests_work_like_post,
    oversized_bodies_are_refused,
    graphiql_is_served_in_dev_mode,
);
