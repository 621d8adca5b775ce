//! The handlers' queue under load, against its own bare limit (`just bench`, after the
//! register; see docs/benchmarks.md, "Handler's queue"). Not a test: it measures, prints a
//! Markdown report, and exits.
//!
//! 1. A fresh PostgreSQL database, migrated and seeded by the real binary (`tietolupa
//!    seed` in dev mode: catalogue, demo users, organisations, environments, demo cases),
//!    then N open cases (default 10,000) bulk-inserted with their data sources, processors
//!    and history (`queue/seed.rs`).
//! 2. The real server (this build's `tietolupa serve`) signed in as the demo handler
//!    `demo-handler-1` by session cookie, as the web app is, answering the web app's
//!    `Queue` operation (web/src/features/case/operations.ts) for the queue page's first
//!    page, POSTed as urql sends it (with the `__typename` fields its document cache adds).
//! 3. The limit: a bare axum + sqlx server (this binary, `--bare-server`, `queue/bare.rs`)
//!    running the same three statements and writing the same JSON. Both answers are
//!    compared before anything is measured.
//! 4. wrk at 64 connections, 10 s after a 2 s warm-up, against each, with the CPU time of
//!    each server process per request.
//!
//! Needs `wrk` (Debian: `apt-get install wrk`) and PostgreSQL as for the tests. Knobs:
//! `QUEUE_BENCH_CASES`, `QUEUE_BENCH_SECONDS`, `QUEUE_BENCH_WARMUP`,
//! `QUEUE_BENCH_CONNECTIONS`, `QUEUE_BENCH_PG` (server URL, default
//! `postgres://postgres@127.0.0.1:5432`), `QUEUE_BENCH_KEEP=1` (keep the database).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

#[allow(dead_code)] // The register and cluster benches use the rest.
#[path = "common/wrk.rs"]
mod wrk;

#[allow(dead_code)] // The streaming benches' helpers.
mod common;

#[path = "queue/bare.rs"]
mod bare;
#[path = "queue/load.rs"]
mod load;
#[path = "queue/seed.rs"]
mod seed;

use load::Run;
use wrk::load_average;

/// The product's allocator, so that the limit it is measured against runs on the same one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BINARY: &str = env!("CARGO_BIN_EXE_tietolupa");
const HANDLER: &str = "demo-handler-1";
const PAGE_SIZE: usize = 50;

/// The web app's `Queue` document as urql prints it: `__typename` added to every selection
/// set below the root (its document cache does this), graphql-js layout.
const QUERY: &str = "query Queue($filter: ApplicationQueueFilter, $orderBy: ApplicationQueueOrder, $first: Int, $after: String) {
  applicationQueue(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
      __typename
    }
    nodes {
      id
      kind
      state
      diaryNumber
      title
      applicantName
      organisationName
      submittedAt
      presenter {
        id
        name
        __typename
      }
      deadline {
        dueOn
        paused
        overdue
        dueSoon
        daysLeft
        __typename
      }
      proposal {
        outcome
        proposedAt
        __typename
      }
      __typename
    }
    __typename
  }
}";

/// The body the queue page POSTs for its first page: `queueFilterFromParams` of an empty
/// URL, the default order, 50 rows.
fn body() -> String {
    json!({
        "operationName": "Queue",
        "query": QUERY,
        "variables": {
            "filter": {
                "states": [],
                "kind": null,
                "presenterId": null,
                "unassigned": false,
                "dueBefore": null,
                "overdue": false
            },
            "orderBy": { "field": "DUE_DATE", "direction": "ASC" },
            "first": PAGE_SIZE,
            "after": null
        }
    })
    .to_string()
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The bare server as a child process, stopped when dropped.
struct Bare {
    child: Child,
    base: String,
}

impl Drop for Bare {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

async fn bare_server(url: &str, connections: u32) -> Bare {
    let port = free_port();
    let child = Command::new("taskset")
        .args(["-c", "0,1"])
        .arg(std::env::current_exe().expect("this binary"))
        .args([
            "--bare-server",
            &format!("127.0.0.1:{port}"),
            url,
            &connections.to_string(),
        ])
        .stdout(Stdio::null())
        .spawn()
        .expect("start the bare server");
    // Owned at once, so that it is stopped and waited for on every path.
    let bare = Bare {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client
            .get(format!("{}/readyz", bare.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return bare;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the bare server never became ready");
}

/// The environment of `tietolupa seed` and `serve`: dev mode (demo users, `/dev/session`),
/// no demo register, rate limits out of the way of one load generator.
fn product_env(url: &str, data: &Path) -> Vec<(String, String)> {
    [
        ("TIETOLUPA_MODE", "dev".to_owned()),
        ("TIETOLUPA_DATABASE_URL", url.to_owned()),
        ("TIETOLUPA_DATA_DIR", data.display().to_string()),
        ("TIETOLUPA_WEB_DIR", data.join("web").display().to_string()),
        ("TIETOLUPA_DEMO_DECISIONS", "0".to_owned()),
        (
            "TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE",
            "100000000".to_owned(),
        ),
        (
            "TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST",
            "100000000".to_owned(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The headers the web app sends with the queue's POST: the session cookie of
/// `demo-handler-1`, the CSRF header, JSON, and urql's Accept.
async fn signed_in_headers(base: &str) -> Vec<String> {
    let response = reqwest::Client::new()
        .post(format!("{base}/dev/session"))
        .json(&json!({ "subject": HANDLER }))
        .send()
        .await
        .expect("a session");
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("tietolupa_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    vec![
        format!("Cookie: {cookie}"),
        "X-Tietolupa-Csrf: 1".to_owned(),
        "Content-Type: application/json".to_owned(),
        "Accept: application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed".to_owned(),
    ]
}

async fn post(url: &str, headers: &[String], body: &str) -> Value {
    let mut request = reqwest::Client::new().post(url).body(body.to_owned());
    for header in headers {
        let (name, value) = header.split_once(": ").expect("a header");
        request = request.header(name, value);
    }
    let response = request.send().await.expect("a response");
    let status = response.status();
    let text = response.text().await.expect("a body");
    assert!(status.is_success(), "{url} answered {status}: {text}");
    serde_json::from_str(&text).expect("JSON")
}

/// The two answers must be the same rows in the same order, field for field.
fn assert_same(ours: &Value, bare: &Value) {
    assert!(ours.get("errors").is_none(), "the product answers: {ours}");
    let nodes = |v: &Value| {
        v["data"]["applicationQueue"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let (a, b) = (nodes(ours), nodes(bare));
    assert_eq!(a.len(), PAGE_SIZE, "a full page of the queue");
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "row {i}: the bare server answers as the product does");
    }
    assert_eq!(a.len(), b.len(), "as many rows");
    assert_eq!(ours, bare, "the same answer");
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "not met" }
}

fn row(label: &str, r: &Run) -> String {
    let m = &r.measured;
    format!(
        "| {label} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |",
        m.rps,
        m.p50_ms,
        m.p99_ms,
        m.p99_ms / m.p50_ms,
        r.cpu_ms_per_request,
        r.postgres_ms_per_request,
        r.requests,
        m.errors
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--bare-server") {
        let connections = args.get(at + 3).and_then(|c| c.parse().ok()).unwrap_or(16);
        bare::run(&args[at + 1], &args[at + 2], connections);
        return;
    }
    if args.iter().any(|a| a == "--list") {
        // `cargo test --benches` lists benches; nothing to list here.
        return;
    }
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("queue bench: wrk is missing (Debian: apt-get install wrk)");
        std::process::exit(2);
    }
    let cases = env_usize("QUEUE_BENCH_CASES", 10_000);
    let seconds = env_usize("QUEUE_BENCH_SECONDS", 10);
    let warmup = env_usize("QUEUE_BENCH_WARMUP", 2);
    let connections = env_usize("QUEUE_BENCH_CONNECTIONS", 64);
    let pg = std::env::var("QUEUE_BENCH_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let keep = std::env::var("QUEUE_BENCH_KEEP").is_ok_and(|v| v == "1");
    let scratch = std::env::temp_dir().join(format!("queue-bench-{}", std::process::id()));
    let data = scratch.join("data");
    std::fs::create_dir_all(data.join("web")).expect("scratch dir");
    std::fs::write(data.join("web/index.html"), "<!doctype html>").expect("web shell");
    let load_before = load_average();

    let database = format!("tietolupa_queue_bench_{}", std::process::id());
    let admin = format!("{pg}/postgres");
    // Plain text for both servers (the local server has `ssl = on`; sqlx would prefer TLS).
    let url = format!("{pg}/{database}?sslmode=disable");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let db = Database::connect(&admin)
            .await
            .expect("connect to PostgreSQL");
        db.execute_unprepared(&format!("CREATE DATABASE {database}"))
            .await
            .expect("create the database");
        db.close().await.ok();
    });

    // Migrated and seeded by the real binary, then the open cases.
    let env = product_env(&url, &data);
    let status = Command::new(BINARY)
        .arg("seed")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stderr(std::fs::File::create(scratch.join("seed.log")).expect("seed log"))
        .status()
        .expect("tietolupa seed");
    assert!(
        status.success(),
        "tietolupa seed (log: {})",
        scratch.join("seed.log").display()
    );
    let seeded = runtime.block_on(seed::seed(&url, cases));
    eprintln!(
        "queue: {cases} open cases seeded in {:.1} s",
        seeded.as_secs_f64()
    );

    let body = body();
    let script = load::post_script(&scratch, "queue", &body);
    let knobs = (warmup, seconds, connections);
    let log = std::fs::File::create(scratch.join("server.log")).expect("server log");
    let (product, bare_run, product_bytes) = runtime.block_on(async {
        let server =
            common::Server::start_with_stderr(BINARY, &env, HANDLER, Stdio::from(log)).await;
        let headers = signed_in_headers(&server.base).await;
        let bare = bare_server(&url, tietolupa_store::DEFAULT_POSTGRES_CONNECTIONS).await;
        let graphql = format!("{}/graphql", server.base);
        let bare_url = format!("{}/graphql", bare.base);
        let ours = post(&graphql, &headers, &body).await;
        let theirs = post(&bare_url, &headers, &body).await;
        assert_same(&ours, &theirs);
        let bytes = serde_json::to_vec(&ours).map(|b| b.len()).unwrap_or(0);
        // wrk is a blocking child process; nothing else runs on this runtime meanwhile.
        let product = load::measure(&graphql, server.child.id(), knobs, &headers, &script);
        eprintln!(
            "queue tietolupa: {:.0} req/s p50 {:.2} ms p99 {:.2} ms (load {})",
            product.measured.rps,
            product.measured.p50_ms,
            product.measured.p99_ms,
            load_average()
        );
        let bare_run = load::measure(&bare_url, bare.child.id(), knobs, &headers, &script);
        eprintln!(
            "queue bare: {:.0} req/s p50 {:.2} ms p99 {:.2} ms (load {})",
            bare_run.measured.rps,
            bare_run.measured.p50_ms,
            bare_run.measured.p99_ms,
            load_average()
        );
        drop(bare);
        drop(server);
        (product, bare_run, bytes)
    });

    runtime.block_on(async {
        if keep {
            return;
        }
        let db = Database::connect(&admin)
            .await
            .expect("connect to PostgreSQL");
        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            .await
            .ok();
        db.close().await.ok();
    });
    let _ = std::fs::remove_dir_all(&scratch);

    let ratio = product.measured.rps / bare_run.measured.rps;
    let tail = product.measured.p99_ms / product.measured.p50_ms;
    let report = [
        "# Load: the handler's queue".to_owned(),
        String::new(),
        format!(
            "`applicationQueue(first: {PAGE_SIZE})` as the web app's queue page POSTs it (session cookie of `{HANDLER}`, \
             urql's body), over {cases} open cases; wrk -t2 -c{connections} -d{seconds}s after a {warmup} s warm-up. \
             The answer is {product_bytes} bytes, the same from both servers. CPUs: {}. Load average before: {load_before}; after: {}.",
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(0),
            load_average()
        ),
        String::new(),
        "| server | req/s | p50 ms | p99 ms | p99/p50 | server CPU ms/request | PostgreSQL CPU ms/request | requests | errors |".to_owned(),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|".to_owned(),
        row("tietolupa (GraphQL, session cookie)", &product),
        row("bare axum + sqlx, same statements", &bare_run),
        String::new(),
        format!(
            "- Throughput, product / bare: **{ratio:.2} x** (target at least 0.7 x): {}.",
            met(ratio >= 0.7)
        ),
        format!(
            "- p99 / p50 of the product: **{tail:.2}** (target at most 2): {}.",
            met(tail <= 2.0)
        ),
        format!(
            "- CPU per request, product / bare: {:.2} x ({:.2} ms against {:.2} ms).",
            product.cpu_ms_per_request / bare_run.cpu_ms_per_request,
            product.cpu_ms_per_request,
            bare_run.cpu_ms_per_request
        ),
        format!(
            "- Statements per page, both servers: {} (the page, its data sources, its processors).",
            bare::statements(PAGE_SIZE).len()
        ),
    ];
    let text = report.join("\n") + "\n";
    std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes()).expect("print");
}
