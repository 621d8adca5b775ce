//! The primary database going away, through HTTP (docs/operations.md, "Read replica"): a
//! signed-in mutation answers 503 `UNAVAILABLE` within about two seconds, the public register
//! is still read from the replica, and the instance stays ready for the balancer. The primary
//! is reached through a proxy the test cuts (the shared server cannot stop); the replica is
//! the same database, reached directly.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TcpProxy, TestApp};

const CREATE: &str = "mutation { createApplication(kind: DATA_PERMIT) { id } }";
const LIST: &str = "{ publishedDecisions(first: 10) { edges { node { diaryNumber } } } }";

async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn readiness(app: &TestApp) -> (u16, String) {
    let response = app.client.get(app.url("/readyz")).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_primary_down_writes_answer_503_and_the_register_reads_on() {
    let mut proxy = TcpProxy::to_postgres().await;
    let app = TestApp::spawn_with(Backend::Postgres, |vars| {
        let direct = vars
            .iter()
            .find(|(k, _)| k == "TIETOLUPA_DATABASE_URL")
            .map(|(_, url)| url.clone())
            .unwrap();
        vars.retain(|(k, _)| k != "TIETOLUPA_DATABASE_URL");
        vars.push(("TIETOLUPA_DATABASE_URL".into(), proxy.route(&direct)));
        vars.push(("TIETOLUPA_DATABASE_REPLICA_URL".into(), direct));
    })
    .await;
    tietolupa_store::seed::demo_decisions(&app.db, 2, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let token = app.demo_token("demo-applicant-researcher").await;
    app.query_ok(Some(&token), CREATE, json!({})).await;
    let replica = app.server_db.replica().unwrap().clone();
    wait_until("the replica is measured", || replica.usable()).await;

    proxy.cut();
    let started = Instant::now();
    let response = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": CREATE }))
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    assert_eq!(body["data"], Value::Null);
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    assert!(!app.server_db.primary_up());

    // Once marked down, at once; in the caller's language.
    let started = Instant::now();
    let (status, body) = app
        .graphql_in(Some(&token), Some("fi"), CREATE, json!({}))
        .await;
    assert_eq!(status, 503);
    assert_eq!(
        body["errors"][0]["message"],
        "palvelu ei ole tilapäisesti käytettävissä; yritä hetken kuluttua uudelleen"
    );
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );

    // The public register, from the replica; the balancer keeps the instance.
    let reads = replica.reads();
    let data = app.query_ok(None, LIST, json!({})).await;
    assert_eq!(
        data["publishedDecisions"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(replica.reads() > reads);
    let started = Instant::now();
    assert_eq!(
        readiness(&app).await,
        (200, "ready (read-only: primary unavailable)".to_owned())
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );

    // Back: writes resume.
    proxy.resume().await;
    wait_until("the primary is seen again", || app.server_db.primary_up()).await;
    assert_eq!(readiness(&app).await, (200, "ready".to_owned()));
    app.query_ok(Some(&token), CREATE, json!({})).await;
}
