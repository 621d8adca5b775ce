//! What the load work relies on: public register answers are cached and never stale after
//! a decision is made or changes, also across server instances sharing the database; list
//! queries run a fixed number of SQL statements whatever their length.

use serde_json::{Value, json};
use tietolupa_config::Config;
use tietolupa_http::Application;
use tietolupa_test_support::{Backend, TestApp, on_both_databases, test_environment};

use crate::cases::{self, PUBLISHED_FIELDS};

fn page_query() -> String {
    format!(
        "{{ publishedDecisions(first: 50) {{ edges {{ node {{ {PUBLISHED_FIELDS} }} }} }} decisionStatistics {{ total }} }}"
    )
}

/// The register page and statistics as the SPA asks for them: a GET request.
async fn read_register(client: &reqwest::Client, address: &str) -> Value {
    let response = client
        .get(format!("{address}/graphql"))
        .query(&[("query", page_query())])
        .send()
        .await
        .expect("request reaches the server");
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("a JSON body");
    assert!(body.get("errors").is_none(), "{body}");
    body["data"].clone()
}

fn statuses(data: &Value) -> Vec<(String, Value)> {
    data["publishedDecisions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["diaryNumber"].as_str().unwrap().to_owned(),
                e["node"]["permitStatus"].clone(),
            )
        })
        .collect()
}

/// Runs `read` and returns its result with the statements the server ran meanwhile.
async fn counted<F: Future<Output = Value>>(app: &TestApp, read: F) -> (Value, u64) {
    let before = app.server_db.statements();
    let value = read.await;
    (value, app.server_db.statements() - before)
}

/// A second server on the same database, as behind a load balancer.
async fn second_instance(
    app: &TestApp,
) -> (String, tokio::task::JoinHandle<()>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a data directory");
    let config = Config::from_vars(test_environment(&app.database, dir.path()))
        .expect("valid configuration");
    let instance = Application::build(&config)
        .await
        .expect("the second server starts");
    let address = format!("http://{}", instance.local_addr());
    let server = tokio::spawn(async move {
        instance
            .run_until(std::future::pending())
            .await
            .expect("server runs");
    });
    (address, server, dir)
}

async fn register_pages_are_cached_and_never_stale(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let first = cases::granted_case(&app, &applicant, &handler).await;
    let (other, _other_server, _other_dir) = second_instance(&app).await;
    let client = reqwest::Client::new();

    let (before, _) = counted(&app, read_register(&client, &app.address)).await;
    assert_eq!(before["decisionStatistics"]["total"], 1);
    // Served from the cache: the only statement is the generation check.
    let (again, statements) = counted(&app, read_register(&client, &app.address)).await;
    assert_eq!(again, before);
    assert_eq!(
        statements, 1,
        "a cached page reads only the register generation"
    );
    // The other instance caches the same page.
    assert_eq!(read_register(&client, &other).await, before);
    assert_eq!(read_register(&client, &other).await, before);

    // A decision through the first instance is in the next read of both.
    let second = cases::granted_case(&app, &applicant, &handler).await;
    for address in [&app.address, &other] {
        let after = read_register(&client, address).await;
        assert_eq!(after["decisionStatistics"]["total"], 2, "{address}");
        let listed = statuses(&after);
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].0, second["diaryNumber"].as_str().unwrap());
        assert_eq!(listed[1].0, first["diaryNumber"].as_str().unwrap());
    }
    let single = cases::published(&app, &second["diaryNumber"]).await;
    assert_eq!(single["permitStatus"], "ACTIVE");

    // Revoking the permit shows at once, in the page and in the single decision.
    let current = cases::permit(&app, &director, &second["permit"]["id"])
        .await
        .unwrap();
    cases::permit_command(
        &app,
        Some(&director),
        "revokePermit",
        &current,
        "$reason: String!",
        json!({ "reason": "Results were published against the conditions." }),
    )
    .await
    .unwrap();
    for address in [&app.address, &other] {
        let after = read_register(&client, address).await;
        assert_eq!(statuses(&after)[0].1, "REVOKED", "{address}");
        assert_eq!(statuses(&after)[1].1, "ACTIVE", "{address}");
    }
    assert_eq!(
        cases::published(&app, &second["diaryNumber"]).await["permitStatus"],
        "REVOKED"
    );
}

async fn the_register_cache_can_be_turned_off(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_REGISTER_CACHE".to_owned(), "false".to_owned()));
    })
    .await;
    let client = reqwest::Client::new();
    let (first, _) = counted(&app, read_register(&client, &app.address)).await;
    let (again, statements) = counted(&app, read_register(&client, &app.address)).await;
    assert_eq!(first, again);
    assert!(
        statements >= 2,
        "without the cache the page and the statistics are read: {statements}"
    );
}

const LIST_FIELDS: &str =
    "edges { node { id state dataSources { dataControllerName dataSourceName }
    processingEnvironment { name } decision { decisionNumber outcome } } }";

async fn list_queries_run_a_fixed_number_of_statements(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let mine = format!("{{ myApplications(first: 50) {{ {LIST_FIELDS} }} }}");
    let queue = format!(
        "{{ applicationQueue(filter: {{ states: [SUBMITTED, IN_PREPARATION, PROPOSED, DECIDED] }}, first: 50) {{ {LIST_FIELDS} }} }}"
    );
    // Run three times: the reads of a page must not depend on how its rows' resolvers are
    // scheduled (a time-window batcher split them now and then on a busy machine).
    let count = |token: String, query: String| {
        let app = &app;
        async move {
            let mut runs = Vec::new();
            let mut rows = 0;
            for _ in 0..3 {
                let (data, statements) = counted(app, async {
                    app.query_ok(Some(&token), &query, json!({})).await
                })
                .await;
                rows = data.as_object().unwrap().values().next().unwrap()["edges"]
                    .as_array()
                    .unwrap()
                    .len();
                runs.push(statements);
            }
            assert!(runs.iter().all(|&r| r == runs[0]), "{runs:?}");
            (rows, runs[0])
        }
    };

    cases::granted_case(&app, &applicant, &handler).await;
    cases::case_in_preparation(&app, &applicant, &handler).await;
    let (rows_mine, few_mine) = count(applicant.clone(), mine.clone()).await;
    let (rows_queue, few_queue) = count(handler.clone(), queue.clone()).await;
    assert_eq!((rows_mine, rows_queue), (2, 2));

    for _ in 0..3 {
        cases::granted_case(&app, &applicant, &handler).await;
        cases::case_in_preparation(&app, &applicant, &handler).await;
    }
    let (rows_mine, many_mine) = count(applicant.clone(), mine).await;
    let (rows_queue, many_queue) = count(handler.clone(), queue).await;
    assert_eq!((rows_mine, rows_queue), (8, 8));
    assert_eq!(many_mine, few_mine, "myApplications: 2 rows vs 8 rows");
    assert_eq!(many_queue, few_queue, "applicationQueue: 2 rows vs 8 rows");
    // Page, data sources, processors, source names (2), environments, decisions, and
    // the caller's own look-ups: far below one per row.
    assert!(many_mine <= 10, "myApplications ran {many_mine} statements");
}

on_both_databases!(
    register_pages_are_cached_and_never_stale,
    the_register_cache_can_be_turned_off,
    list_queries_run_a_fixed_number_of_statements
);
