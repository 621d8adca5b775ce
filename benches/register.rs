//! The public register under load (`just bench`; see docs/benchmarks.md, "Load: public
//! register" and "A read path near the limit"). Not a test: it measures, prints a
//! Markdown report, and exits.
//!
//! For PostgreSQL, then SQLite:
//! 1. a fresh database, migrated by the real binary, with N published decisions (default
//!    100,000) bulk-inserted into the register's read model in batches (`register/data.rs`);
//! 2. the real server (this build's `tietolupa serve`), with the register cache off and
//!    then on; the **limit**, a bare axum + sqlx server (`--baseline-server`,
//!    `register/limit.rs`) that runs the same two statements per page and writes the same
//!    JSON at what that work costs; its `/constant` answers a page's JSON from memory: the
//!    floor; on PostgreSQL the **peer**, PostGraphile 4.14 in its cluster mode
//!    (`register/peer.rs`, `benches/postgraphile/`);
//! 3. `wrk` at 64 connections against each, `publishedDecisions(first: 50)` with every
//!    field of the list, without and with filters (kind, year), as GET requests as the web
//!    app sends them (PostGraphile: POST, all it accepts); against the server with the
//!    cache off, a search for one word and for a prefix of it; signed-in runs.
//!
//! Every variant's answer is checked against the product's (the same 50 rows in the same
//! order, field for field) before it is measured. For every run the table shows the CPU
//! time per request of the server (its process and its children, from /proc) and of the
//! PostgreSQL backends serving the bench database.
//!
//! Needs `wrk` (Debian: `apt-get install wrk`) and PostgreSQL as for the tests; for the
//! peer, Node.js and `npm ci` in `benches/postgraphile` (`just bench` runs it). Knobs:
//! `REGISTER_BENCH_DECISIONS`, `REGISTER_BENCH_SECONDS`, `REGISTER_BENCH_CONNECTIONS`,
//! `REGISTER_BENCH_PG` (server URL, default `postgres://postgres@127.0.0.1:5432`),
//! `REGISTER_BENCH_SQLITE=0` (PostgreSQL only), `REGISTER_BENCH_POSTGRAPHILE=0` (no peer),
//! `REGISTER_BENCH_LIMIT_POOL` (the limit's pool, default: the connections of load),
//! `REGISTER_BENCH_ONLY=issue22` (only the runs of the side-by-side table),
//! `REGISTER_BENCH_KEEP=1` (keep the PostgreSQL database `tietolupa_register_bench`).

use std::path::{Path, PathBuf};
use std::process::Command;

use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;

// Shared with the cluster bench, whose one-call `wrk()` this bench does not use.
#[allow(dead_code)]
#[path = "common/wrk.rs"]
mod wrk;
use wrk::load_average;
#[path = "register/cpu.rs"]
mod cpu;
#[path = "register/data.rs"]
mod data;
#[path = "register/limit.rs"]
mod limit;
#[path = "register/peer.rs"]
mod peer;
#[path = "register/report.rs"]
mod report;
#[path = "register/servers.rs"]
mod servers;

use cpu::Reading;
use report::Run;
use servers::{
    FILTER_KIND, FILTER_YEAR, SEARCH_PREFIX, SEARCH_WORD, baseline, baseline_url, get_json,
    graphql_url, me_url, product, search_url, signed_in_headers,
};

/// The product's allocator, so that the limit it is measured against runs on the same one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BINARY: &str = env!("CARGO_BIN_EXE_tietolupa");
const DATABASE: &str = "tietolupa_register_bench";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn env_off(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "0")
}

/// What one backend's runs need to know.
struct Bench<'a> {
    name: &'a str,
    seconds: usize,
    connections: usize,
    /// The PostgreSQL database whose backends' CPU is counted (none on SQLite).
    database: Option<&'a str>,
    scratch: &'a Path,
    runs: Vec<Run>,
}

impl Bench<'_> {
    /// A warm-up, then one measured wrk run of `command(seconds)` against the server
    /// `pid`, with the CPU it and PostgreSQL spent.
    fn measure(&mut self, label: &str, pid: u32, command: impl Fn(usize) -> Command) {
        let _ = peer::run(command(2));
        let reading = Reading::start(pid, self.database);
        let (measured, requests) = peer::run(command(self.seconds));
        let cpu = reading.per_request(requests);
        eprintln!(
            "{} {label}: {:.0} req/s p50 {:.2} ms p99 {:.2} ms errors {} CPU {:.2} ms + PostgreSQL {} ms per request (load {})",
            self.name,
            measured.rps,
            measured.p50_ms,
            measured.p99_ms,
            measured.errors,
            cpu.server_ms,
            cpu.postgres_ms
                .map(|p| format!("{p:.2}"))
                .unwrap_or_else(|| "-".to_owned()),
            load_average()
        );
        self.runs.push(Run {
            label: label.to_owned(),
            measured,
            cpu,
        });
    }

    fn get(&mut self, label: &str, pid: u32, url: &str, headers: &[String]) {
        let connections = self.connections;
        self.measure(label, pid, |seconds| {
            wrk::command(url, seconds, connections, headers)
        });
    }

    fn post(&mut self, label: &str, pid: u32, url: &str, body: &str) {
        let script = peer::script(body, self.scratch);
        let connections = self.connections;
        self.measure(label, pid, |seconds| {
            let mut command = wrk::command(url, seconds, connections, &[]);
            command.arg("-s").arg(&script);
            command
        });
    }
}

/// The product's answer and another's must hold the same rows in the same order, field
/// for field.
fn assert_same_rows(ours: &Value, theirs: &Value, what: &str) {
    let (ours, theirs) = (peer::nodes(ours), peer::nodes(theirs));
    assert_eq!(ours.len(), 50, "the product answers a full page ({what})");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "row {i} of {what} is the product's");
    }
    assert_eq!(ours.len(), theirs.len(), "{what} answers as many rows");
}

#[allow(clippy::too_many_arguments)]
fn run_backend(
    name: &str,
    url: &str,
    scratch: &Path,
    n: usize,
    seconds: usize,
    connections: usize,
    limit_pool: u32,
    database: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    let status = Command::new(BINARY)
        .arg("migrate")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TIETOLUPA_DATABASE_URL", url)
        .env("TIETOLUPA_DATA_DIR", scratch)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("migrate");
    assert!(status.success(), "migrations apply");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let seeded = runtime.block_on(data::seed(url, n));
    eprintln!(
        "{name}: {n} decisions seeded in {:.1} s",
        seeded.as_secs_f64()
    );
    out.push(format!(
        "**{name}**: {n} published decisions seeded in {:.1} s (batches of 1,000 rows).\n",
        seeded.as_secs_f64()
    ));
    let only_issue22 = std::env::var("REGISTER_BENCH_ONLY").is_ok_and(|v| v == "issue22");
    let mut bench = Bench {
        name,
        seconds,
        connections,
        database,
        scratch,
        runs: Vec::new(),
    };

    let limit = baseline(url, limit_pool);
    let limit_pid = limit.pid();
    if !only_issue22 {
        bench.get(
            "floor: constant JSON (axum)",
            limit_pid,
            &format!("{}/constant", limit.base),
            &[],
        );
    }
    for cache in [false, true] {
        let server = product(url, scratch, cache);
        let pid = server.pid();
        // The product and the limit must give the same answer.
        for filtered in [false, true] {
            let ours = get_json(&graphql_url(&server.base, filtered));
            let theirs = get_json(&baseline_url(&limit.base, filtered));
            assert_eq!(
                ours, theirs,
                "the limit answers as the product does (filtered: {filtered})"
            );
            assert_same_rows(&ours, &theirs, "the limit");
        }
        if !cache {
            // The limit, then the product without its cache.
            bench.get(
                "limit: axum + sqlx, unfiltered",
                limit_pid,
                &baseline_url(&limit.base, false),
                &[],
            );
            if !only_issue22 {
                bench.get(
                    "limit: axum + sqlx, filtered",
                    limit_pid,
                    &baseline_url(&limit.base, true),
                    &[],
                );
            }
        }
        let state = if cache { "on" } else { "off" };
        bench.get(
            &format!("tietolupa, cache {state}, unfiltered"),
            pid,
            &graphql_url(&server.base, false),
            &[],
        );
        if only_issue22 {
            continue;
        }
        bench.get(
            &format!("tietolupa, cache {state}, filtered"),
            pid,
            &graphql_url(&server.base, true),
            &[],
        );
        if !cache {
            // Search (issue 18): most relevant first, through the stemmed index.
            for (label, text) in [
                ("tietolupa, cache off, search: one word", SEARCH_WORD),
                ("tietolupa, cache off, search: prefix", SEARCH_PREFIX),
            ] {
                let found = get_json(&search_url(&server.base, text));
                assert_eq!(
                    found["data"]["publishedDecisions"]["edges"]
                        .as_array()
                        .map(Vec::len),
                    Some(50),
                    "a full page of {text}: {found}"
                );
                bench.get(label, pid, &search_url(&server.base, text), &[]);
            }
            let (_, cookie) = signed_in_headers(&server.base);
            bench.get(
                "signed in: session cookie, session cache off, me",
                pid,
                &me_url(&server.base),
                &cookie,
            );
        } else {
            // The same query signed in: the cost of the session cookie (the session cache,
            // which reads the row every 5 s) against a bearer token (a signature check).
            // Register cache on, so that the sign-in is a large part of the request.
            let (bearer, cookie) = signed_in_headers(&server.base);
            for (label, headers) in [
                ("signed in: bearer token, unfiltered", &bearer),
                ("signed in: session cookie, unfiltered", &cookie),
            ] {
                bench.get(label, pid, &graphql_url(&server.base, false), headers);
            }
            for (label, headers) in [
                ("signed in: bearer token, me", &bearer),
                ("signed in: session cookie, me", &cookie),
            ] {
                bench.get(label, pid, &me_url(&server.base), headers);
            }
        }
    }

    // The peer, on PostgreSQL only.
    let peer_skipped = if database.is_none() {
        Some("PostGraphile reads PostgreSQL only".to_owned())
    } else if env_off("REGISTER_BENCH_POSTGRAPHILE") {
        Some("REGISTER_BENCH_POSTGRAPHILE=0".to_owned())
    } else {
        peer::missing()
    };
    if let Some(why) = &peer_skipped {
        eprintln!("{name}: no PostGraphile run: {why}");
    } else {
        runtime.block_on(async {
            let db = Database::connect(url).await.expect("connect");
            db.execute_unprepared(peer::SCHEMA)
                .await
                .expect("the peer's schema");
            db.close().await.ok();
        });
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let postgraphile = peer::start(url, workers, &scratch.join("postgraphile.log"));
        for filtered in [false, true] {
            let ours = get_json(&baseline_url(&limit.base, filtered));
            let theirs = peer::post(&postgraphile.base, &peer::body(filtered))
                .expect("PostGraphile answers");
            assert_same_rows(&ours, &theirs, "PostGraphile");
        }
        let endpoint = format!("{}/graphql", postgraphile.base);
        bench.post(
            "PostGraphile 4.14, unfiltered",
            postgraphile.pid(),
            &endpoint,
            &peer::body(false),
        );
        if !only_issue22 {
            bench.post(
                "PostGraphile 4.14, filtered",
                postgraphile.pid(),
                &endpoint,
                &peer::body(true),
            );
        }
    }
    drop(limit);

    out.extend(report::table(&bench.runs));
    out.extend(report::issue22(&bench.runs, peer_skipped.as_deref()));
    if !only_issue22 {
        out.extend(report::earlier_targets(&bench.runs));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--baseline-server") {
        let connections = args.get(at + 3).and_then(|c| c.parse().ok()).unwrap_or(16);
        limit::serve(&args[at + 1], &args[at + 2], connections);
        return;
    }
    if args.iter().any(|a| a == "--list") {
        // `cargo test --benches` lists benches; nothing to list here.
        return;
    }
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("register bench: wrk is missing (Debian: apt-get install wrk)");
        std::process::exit(2);
    }
    let n = env_usize("REGISTER_BENCH_DECISIONS", 100_000);
    let seconds = env_usize("REGISTER_BENCH_SECONDS", 10);
    let connections = env_usize("REGISTER_BENCH_CONNECTIONS", 64);
    let limit_pool = env_usize("REGISTER_BENCH_LIMIT_POOL", connections) as u32;
    let pg = std::env::var("REGISTER_BENCH_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let scratch: PathBuf =
        std::env::temp_dir().join(format!("register-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");

    let mut report = vec![
        "# Load: public register".to_owned(),
        String::new(),
        format!(
            "`publishedDecisions(first: 50)` with every field of the list, over GET (PostGraphile: POST), wrk -t2 -c{connections} -d{seconds}s after a 2 s warm-up; filtered = kind {FILTER_KIND}, year {FILTER_YEAR}; search = text \"{SEARCH_WORD}\" and \"{SEARCH_PREFIX}\"; the limit's pool: {limit_pool} connections. Load average before: {}. CPUs: {}.",
            load_average(),
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(0)
        ),
        String::new(),
    ];

    // PostgreSQL: a database of its own, dropped afterwards.
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let admin = format!("{pg}/postgres");
    runtime.block_on(async {
        let db = Database::connect(&admin)
            .await
            .expect("connect to PostgreSQL");
        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
            .await
            .expect("drop");
        db.execute_unprepared(&format!("CREATE DATABASE {DATABASE}"))
            .await
            .expect("create");
        db.close().await.ok();
    });
    // Every variant connects the same way. The local server has `ssl = on`, and sqlx's
    // default (`prefer`) would run the product and the limit over TLS while PostGraphile
    // connects in plain text.
    let pg_url = format!("{pg}/{DATABASE}?sslmode=disable");
    report.extend(run_backend(
        "PostgreSQL",
        &pg_url,
        &scratch,
        n,
        seconds,
        connections,
        limit_pool,
        Some(DATABASE),
    ));
    // REGISTER_BENCH_KEEP=1 keeps the database for EXPLAIN and the like.
    let keep = std::env::var("REGISTER_BENCH_KEEP").is_ok_and(|v| v == "1");
    runtime.block_on(async {
        if keep {
            return;
        }
        let db = Database::connect(&admin)
            .await
            .expect("connect to PostgreSQL");
        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
            .await
            .ok();
        db.close().await.ok();
    });

    // REGISTER_BENCH_SQLITE=0 measures PostgreSQL only (a shorter run on a busy machine).
    if !env_off("REGISTER_BENCH_SQLITE") {
        let sqlite_url = format!(
            "sqlite://{}?mode=rwc",
            scratch.join("register.db").display()
        );
        report.extend(run_backend(
            "SQLite",
            &sqlite_url,
            &scratch,
            n,
            seconds,
            connections,
            limit_pool.min(tietolupa_store::DEFAULT_SQLITE_CONNECTIONS),
            None,
        ));
    }
    report.push(format!("Load average after: {}.", load_average()));

    let _ = std::fs::remove_dir_all(&scratch);
    let text = report.join("\n");
    std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes()).expect("print");
    std::io::Write::write_all(&mut std::io::stdout(), b"\n").expect("print");
}
