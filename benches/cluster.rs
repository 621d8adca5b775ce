//! The cluster under load (`just bench-cluster`; docs/benchmarks.md, "Cluster"). Not a test:
//! it measures, prints a Markdown report, and exits.
//!
//! `deploy/local-cluster.sh` starts this build's binary as two instances over a PostgreSQL
//! primary and a `pg_basebackup` standby (their replica), with HAProxy in front, under
//! `target/cluster-bench`, with the demo data (240 decisions). wrk then asks for the
//! register's first page as the web app does (`publishedDecisions(first: 50)` with every
//! field the list shows, over GET):
//! 1. from instance a directly, then through the balancer with both instances behind it,
//!    alternating for `CLUSTER_BENCH_ROUNDS` rounds (the medians count); with the register
//!    cache on (the default), then off. On 2 cores a second instance adds no CPU, so the
//!    ratio measures what the balancer costs;
//! 2. the database connections each instance holds under that load (`pg_stat_activity`);
//! 3. instance a killed (SIGKILL) a third of the way into a run through the balancer: the
//!    errors wrk saw;
//! 4. the standby's replay lag, sampled every 100 ms while writers create drafts through
//!    the balancer as fast as they can: how much of the time each lag bound
//!    (`TIETOLUPA_DATABASE_REPLICA_MAX_LAG_MS`) would send register reads to the primary.
//!
//! Needs wrk and haproxy (Debian) and the PostgreSQL server binaries. Knobs:
//! `CLUSTER_BENCH_SECONDS` (default 10), `CLUSTER_BENCH_CONNECTIONS` (64),
//! `CLUSTER_BENCH_ROUNDS` (3).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use tietolupa_test_support::local_cluster::LocalCluster;

#[path = "common/wrk.rs"]
mod wrk;
use wrk::{Measured, load_average};

const BINARY: &str = env!("CARGO_BIN_EXE_tietolupa");

/// Ports of their own, beside `just cluster` and the fault test.
const PRIMARY_PORT: u16 = 56632;
const STANDBY_PORT: u16 = 56633;
const LB_PORT: u16 = 18380;
const A_PORT: u16 = 18381;
const B_PORT: u16 = 18382;

const QUERY: &str = "query Register($filter: PublishedDecisionFilter, $first: Int) { publishedDecisions(filter: $filter, first: $first) { edges { cursor node { diaryNumber decisionNumber decidedOn kind outcome purpose title publicSummary holder dataControllers registers { dataController dataControllerCode register } processingEnvironment validFrom validUntil permitStatus amendsDiaryNumber amendments { diaryNumber decisionNumber decidedOn outcome } } } pageInfo { hasNextPage endCursor } } }";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Cluster {
    local: LocalCluster,
}

impl Cluster {
    /// `deploy/local-cluster.sh ARGS` on this cluster, the instances started with the
    /// register cache on or off.
    fn script(&self, args: &[&str], register_cache: bool) -> Output {
        self.local
            .command(args)
            .env("TIETOLUPA_REGISTER_CACHE", register_cache.to_string())
            .env("TIETOLUPA_DEMO_CASES", "false")
            .stdin(Stdio::null())
            .output()
            .expect("deploy/local-cluster.sh runs")
    }

    fn step(&self, args: &[&str], register_cache: bool) {
        let output = self.script(args, register_cache);
        assert!(
            output.status.success(),
            "deploy/local-cluster.sh {args:?}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Restarts both instances, one at a time, with the register cache on or off.
    fn restart_instances(&self, register_cache: bool) {
        for name in ["a", "b"] {
            self.step(&["stop-instance", name], register_cache);
            self.step(&["start-instance", name], register_cache);
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.script(&["stop"], true);
    }
}

fn page_url(port: u16) -> String {
    reqwest::Url::parse_with_params(
        &format!("http://127.0.0.1:{port}/graphql"),
        &[
            ("query", QUERY.to_owned()),
            ("variables", json!({ "first": 50 }).to_string()),
        ],
    )
    .expect("a URL")
    .to_string()
}

/// Client connections to the database on `port` (both instances' pools together).
fn connections_on(port: u16) -> String {
    let output = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-U",
            "postgres",
            "-d",
            "tietolupa",
            "-tAc",
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'tietolupa' AND pid <> pg_backend_pid()",
        ])
        .output();
    match output {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).trim().to_owned()
        }
        _ => "?".to_owned(),
    }
}

/// The standby's replay lag in milliseconds, as the instances read it.
fn standby_lag_ms() -> Option<u64> {
    let output = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &STANDBY_PORT.to_string(),
            "-U",
            "postgres",
            "-d",
            "tietolupa",
            "-tAc",
        ])
        .arg(tietolupa_store::replica::LAG_QUERY)
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

/// `writers` threads create drafts through the balancer for `seconds` while the standby's
/// lag is sampled: the drafts made per second and the samples (ms).
fn lag_under_writes(writers: usize, seconds: u64) -> (f64, Vec<u64>) {
    let client = reqwest::blocking::Client::new();
    let token: serde_json::Value = client
        .post(format!("http://127.0.0.1:{LB_PORT}/dev/token"))
        .json(&json!({ "sub": "demo-applicant-researcher" }))
        .send()
        .and_then(|r| r.json())
        .expect("a dev token");
    let token = token["token"].as_str().expect("a token").to_owned();
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let threads: Vec<_> = (0..writers)
        .map(|_| {
            let (client, token, stop, written) =
                (client.clone(), token.clone(), stop.clone(), written.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let answer = client
                        .post(format!("http://127.0.0.1:{LB_PORT}/graphql"))
                        .bearer_auth(&token)
                        .json(&json!({
                            "query": "mutation($input: ApplicationInput!) { createApplication(kind: DATA_PERMIT, input: $input) { id } }",
                            "variables": { "input": { "title": "Replication lag probe", "researchPlan": "Written by the cluster benchmark." } }
                        }))
                        .send()
                        .and_then(|r| r.json::<serde_json::Value>());
                    if answer.is_ok_and(|a| a["data"]["createApplication"]["id"].is_string()) {
                        written.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) {
        if let Some(lag) = standby_lag_ms() {
            samples.push(lag);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread.join().expect("a writer");
    }
    let rate = written.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    (rate, samples)
}

/// The run with the median throughput (errors summed over all runs).
fn median(runs: &[Measured]) -> Measured {
    let mut sorted = runs.to_vec();
    sorted.sort_by(|a, b| a.rps.total_cmp(&b.rps));
    Measured {
        errors: runs.iter().map(|r| r.errors).sum(),
        ..sorted[sorted.len() / 2]
    }
}

fn measure(label: &str, url: &str, seconds: usize, connections: usize) -> Measured {
    wrk::wrk(url, 2, connections, &[]); // warm-up
    let measured = wrk::wrk(url, seconds, connections, &[]);
    eprintln!(
        "{label}: {:.0} req/s p50 {:.2} ms p99 {:.2} ms errors {} (load {})",
        measured.rps,
        measured.p50_ms,
        measured.p99_ms,
        measured.errors,
        load_average()
    );
    measured
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken.
    let seconds = env_usize("CLUSTER_BENCH_SECONDS", 10);
    let connections = env_usize("CLUSTER_BENCH_CONNECTIONS", 64);
    let rounds = env_usize("CLUSTER_BENCH_ROUNDS", 3).max(1);
    for tool in ["wrk", "haproxy", "psql"] {
        if Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .map(|o| !o.status.success())
            .unwrap_or(true)
        {
            eprintln!(
                "cluster bench: {tool} is missing (Debian: apt-get install wrk haproxy postgresql-client)"
            );
            std::process::exit(1);
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cluster = Cluster {
        local: LocalCluster {
            root: root.to_owned(),
            dir: root.join("target/cluster-bench"),
            binary: BINARY.into(),
            primary_port: PRIMARY_PORT,
            standby_port: STANDBY_PORT,
            balancer_port: LB_PORT,
            instance_ports: [A_PORT, B_PORT],
        },
    };
    cluster.local.clear();
    let load_before = load_average();
    cluster.step(&["start"], true);

    let mut report = vec![
        "## Cluster: the balancer's cost and an instance killed under load".to_owned(),
        String::new(),
        format!(
            "`just bench-cluster`: two release instances, PostgreSQL primary and standby, HAProxy; \
             the register's first page (the web app's query, `first: 50`, GET), wrk -t2 -c{connections} \
             -d{seconds}s after a 2 s warm-up. Load average before: {load_before}. CPUs: {}.",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        ),
        String::new(),
        "| register cache | one instance, direct | both through HAProxy | ratio of medians (each round) | p99 direct | p99 balancer | errors | connections, primary / standby (both instances) |".to_owned(),
        "|---|---:|---:|---:|---:|---:|---:|---:|".to_owned(),
    ];
    for register_cache in [true, false] {
        if !register_cache {
            cluster.restart_instances(false);
        }
        // Direct and balanced runs alternate, so that a change in the machine's load
        // between runs shows as spread rather than as a ratio.
        let mut direct = Vec::new();
        let mut balanced = Vec::new();
        let mut pooled = (String::new(), String::new());
        for round in 1..=rounds {
            direct.push(measure(
                &format!("cache {register_cache}, round {round}: instance a direct"),
                &page_url(A_PORT),
                seconds,
                connections,
            ));
            // Read while the balancer's run is going: the pools at their working size.
            let counting = std::thread::spawn(|| {
                std::thread::sleep(Duration::from_secs(3));
                (connections_on(PRIMARY_PORT), connections_on(STANDBY_PORT))
            });
            balanced.push(measure(
                &format!("cache {register_cache}, round {round}: balancer"),
                &page_url(LB_PORT),
                seconds,
                connections,
            ));
            pooled = counting.join().unwrap_or_default();
        }
        let ratios: Vec<f64> = direct
            .iter()
            .zip(&balanced)
            .map(|(d, b)| b.rps / d.rps)
            .collect();
        let (direct, balanced) = (median(&direct), median(&balanced));
        let errors: u64 = direct.errors + balanced.errors;
        report.push(format!(
            "| {} | {:.0} req/s | {:.0} req/s | **{:.2} ×** ({}) | {:.1} ms | {:.1} ms | {errors} | {} / {} |",
            if register_cache { "on" } else { "off" },
            direct.rps,
            balanced.rps,
            balanced.rps / direct.rps,
            ratios.iter().map(|r| format!("{r:.2}")).collect::<Vec<_>>().join(", "),
            direct.p99_ms,
            balanced.p99_ms,
            pooled.0,
            pooled.1,
        ));
    }

    // Instance a dies a third of the way into a run through the balancer.
    let run = wrk::command(&page_url(LB_PORT), seconds, connections, &[])
        .stdout(Stdio::piped())
        .spawn()
        .expect("run wrk");
    std::thread::sleep(Duration::from_secs((seconds / 3).max(1) as u64));
    cluster.step(&["kill", "a"], false);
    let output = run.wait_with_output().expect("wrk finishes");
    let killed = wrk::parse(&String::from_utf8_lossy(&output.stdout));
    eprintln!(
        "instance a killed under load: {:.0} req/s, p99 {:.1} ms, errors {}",
        killed.rps, killed.p99_ms, killed.errors
    );
    report.push(String::new());
    report.push(format!(
        "Instance a killed (SIGKILL) {} s into a {seconds} s run through the balancer (cache off): \
         {:.0} req/s, p99 {:.1} ms, **{} errors** (non-2xx answers and socket errors).",
        (seconds / 3).max(1),
        killed.rps,
        killed.p99_ms,
        killed.errors
    ));
    cluster.step(&["start-instance", "a"], false);

    let (rate, mut samples) = lag_under_writes(8, seconds as u64);
    samples.sort_unstable();
    let share_over = |bound: u64| {
        100.0 * samples.iter().filter(|&&lag| lag > bound).count() as f64
            / samples.len().max(1) as f64
    };
    let quantile = |q: f64| {
        samples
            .get(((samples.len() as f64 * q) as usize).min(samples.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    eprintln!(
        "lag under writes: {rate:.0} drafts/s, {} samples, p50 {} ms, p99 {} ms, max {} ms",
        samples.len(),
        quantile(0.5),
        quantile(0.99),
        samples.last().copied().unwrap_or_default()
    );
    report.push(String::new());
    report.push(format!(
        "Replay lag while 8 writers create drafts through the balancer ({rate:.0} drafts/s, \
         {} samples 100 ms apart): p50 {} ms, p99 {} ms, max {} ms. Share of the time \
         register reads would go to the primary for lag: bound 0 ms {:.0} %, 10 ms {:.0} %, \
         100 ms {:.0} %, 2000 ms (the default) {:.0} %.",
        samples.len(),
        quantile(0.5),
        quantile(0.99),
        samples.last().copied().unwrap_or_default(),
        share_over(0),
        share_over(10),
        share_over(100),
        share_over(2000),
    ));
    report.push(String::new());
    report.push(format!("Load average after: {}.", load_average()));
    let text = report.join("\n") + "\n";
    std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes()).expect("print");
}
