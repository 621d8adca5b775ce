//! The production topology under faults (issue 18; docs/operations.md, "The local cluster"
//! and "Faults"). `deploy/local-cluster.sh` starts a PostgreSQL primary, a `pg_basebackup`
//! standby, two `tietolupa serve` instances and HAProxy, all on loopback under
//! `target/cluster-faults`. Each step then breaks one part while clients work through the
//! balancer, and checks what they saw.
//!
//! `just test-cluster` runs it, and CI with it: it needs Debian's haproxy and the PostgreSQL
//! server binaries, runs the databases as the `postgres` user and takes a few minutes, so
//! the ordinary test run leaves it out.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use tietolupa_test_support::local_cluster::LocalCluster;

use crate::cases::permit_input;
use crate::process::catalogue_ids_in;

/// Ports of their own, so that a cluster started with `just cluster` can run beside.
const PRIMARY_PORT: u16 = 56532;
const STANDBY_PORT: u16 = 56533;
const LB_PORT: u16 = 18280;
const A_PORT: u16 = 18281;
const B_PORT: u16 = 18282;

/// No request may take longer than this in any step: "nothing hangs".
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

const REGISTER_PAGE: &str =
    "query($first: Int) { publishedDecisions(first: $first) { edges { node { diaryNumber } } } }";
const CREATE: &str = "mutation($input: ApplicationInput!) { createApplication(kind: DATA_PERMIT, input: $input) { id } }";

struct Cluster {
    local: LocalCluster,
    client: reqwest::Client,
}

impl Cluster {
    fn start() -> Cluster {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let cluster = Cluster {
            local: LocalCluster {
                root: root.to_owned(),
                dir: root.join("target/cluster-faults"),
                binary: env!("CARGO_BIN_EXE_tietolupa").into(),
                primary_port: PRIMARY_PORT,
                standby_port: STANDBY_PORT,
                balancer_port: LB_PORT,
                instance_ports: [A_PORT, B_PORT],
            },
            client: reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .build()
                .unwrap(),
        };
        cluster.local.clear();
        let started = cluster.script(&["start"]);
        assert!(started.status.success(), "{}", cluster.describe(&started));
        cluster
    }

    /// `deploy/local-cluster.sh ARGS` on this cluster.
    fn script(&self, args: &[&str]) -> Output {
        self.local
            .command(args)
            // Every register read reaches a database, so that the faults below show.
            .env("TIETOLUPA_REGISTER_CACHE", "false")
            .env("TIETOLUPA_DEMO_DECISIONS", "40")
            .env("TIETOLUPA_DEMO_CASES", "false")
            .output()
            .expect("deploy/local-cluster.sh runs")
    }

    fn step(&self, args: &[&str]) {
        let output = self.script(args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            self.describe(&output)
        );
    }

    fn describe(&self, output: &Output) -> String {
        format!(
            "{}\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
            self.logs()
        )
    }

    /// The last lines of every log, for a failure's message.
    fn logs(&self) -> String {
        let mut text = String::new();
        for name in ["a", "b", "primary", "standby"] {
            let log = std::fs::read_to_string(self.local.dir.join(format!("logs/{name}.log")))
                .unwrap_or_default();
            let lines: Vec<&str> = log.lines().collect();
            let tail = lines[lines.len().saturating_sub(15)..].join("\n");
            text.push_str(&format!("--- {name}.log\n{tail}\n"));
        }
        text
    }

    fn instance_log(&self, name: &str) -> String {
        std::fs::read_to_string(self.local.dir.join(format!("logs/{name}.log"))).unwrap_or_default()
    }

    fn balancer(&self, path: &str) -> String {
        format!("http://127.0.0.1:{LB_PORT}{path}")
    }

    async fn token(&self, subject: &str) -> String {
        let response = self
            .client
            .post(self.balancer("/dev/token"))
            .json(&json!({ "sub": subject }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A GraphQL request through the balancer: the data, or what went wrong.
    async fn graphql(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Result<Value, Failure> {
        let mut request = self.client.post(self.balancer("/graphql"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await;
        Failure::check(response).await
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let stopped = self.script(&["stop"]);
        if !stopped.status.success() {
            eprintln!("stopping the cluster: {}", self.describe(&stopped));
        } else if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.local.dir);
        }
    }
}

/// How a request failed: its HTTP status (0 for a transport error) and error code.
#[derive(Debug, Clone, PartialEq)]
struct Failure {
    status: u16,
    code: String,
}

impl Failure {
    async fn check(response: reqwest::Result<reqwest::Response>) -> Result<Value, Failure> {
        let response = response.map_err(|e| Failure {
            status: 0,
            code: format!("transport: {e}"),
        })?;
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        match body["errors"][0]["extensions"]["code"].as_str() {
            Some(code) => Err(Failure {
                status,
                code: code.to_owned(),
            }),
            None if status == 200 && body["data"].is_object() => Ok(body["data"].clone()),
            None => Err(Failure {
                status,
                code: format!("no data: {body}"),
            }),
        }
    }
}

/// One request a load task made.
#[derive(Debug, Clone)]
struct Outcome {
    write: bool,
    started: Instant,
    took: Duration,
    result: Result<Option<String>, Failure>,
}

/// Clients working through the balancer until stopped: `readers` reading register pages
/// with GET (as a browser following a link), `writers` creating draft applications with
/// POST. An acknowledged write is one whose answer carried the new application's id.
struct Load {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<Vec<Outcome>>>,
}

impl Load {
    fn start(cluster: &Cluster, readers: usize, writers: &[(String, Value)]) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for reader in 0..readers {
            let (client, url, stop) = (
                cluster.client.clone(),
                cluster.balancer("/graphql"),
                stop.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut outcomes = Vec::new();
                let mut first = reader;
                while !stop.load(Ordering::Relaxed) {
                    first = first % 20 + 1;
                    let variables = json!({ "first": first }).to_string();
                    let started = Instant::now();
                    let response = client
                        .get(&url)
                        .query(&[("query", REGISTER_PAGE), ("variables", variables.as_str())])
                        .send()
                        .await;
                    let result = Failure::check(response).await.and_then(|data| {
                        match data["publishedDecisions"]["edges"].as_array() {
                            Some(edges) if edges.len() == first => Ok(None),
                            _ => Err(Failure {
                                status: 200,
                                code: format!("short page: {data}"),
                            }),
                        }
                    });
                    outcomes.push(Outcome {
                        write: false,
                        started,
                        took: started.elapsed(),
                        result,
                    });
                }
                outcomes
            }));
        }
        for (token, input) in writers {
            let (token, input) = (token.clone(), input.clone());
            let (client, url, stop) = (
                cluster.client.clone(),
                cluster.balancer("/graphql"),
                stop.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut outcomes = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    let response = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&json!({ "query": CREATE, "variables": { "input": input } }))
                        .send()
                        .await;
                    let result = Failure::check(response)
                        .await
                        .map(|data| data["createApplication"]["id"].as_str().map(str::to_owned));
                    outcomes.push(Outcome {
                        write: true,
                        started,
                        took: started.elapsed(),
                        result,
                    });
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                outcomes
            }));
        }
        Load { stop, tasks }
    }

    async fn finish(self) -> Vec<Outcome> {
        self.stop.store(true, Ordering::Relaxed);
        let mut outcomes = Vec::new();
        for task in self.tasks {
            outcomes.extend(task.await.unwrap());
        }
        outcomes
    }
}

fn acknowledged(outcomes: &[Outcome]) -> Vec<String> {
    outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok().cloned().flatten())
        .collect()
}

fn failures(outcomes: &[Outcome]) -> Vec<&Outcome> {
    outcomes.iter().filter(|o| o.result.is_err()).collect()
}

async fn wait_until(what: &str, within: Duration, mut condition: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !condition().await {
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs haproxy and the PostgreSQL server binaries; run by `just test-cluster`"]
async fn the_cluster_survives_losing_each_part() {
    let cluster = Cluster::start();
    let applicant = cluster.token("demo-applicant-researcher").await;
    let catalogue = cluster
        .graphql(
            Some(&applicant),
            "{ dataControllers { sources { id code } } processingEnvironments { id name } }",
            json!({}),
        )
        .await
        .unwrap();
    let (sources, environment) = catalogue_ids_in(&catalogue);
    let input = permit_input([&sources[0], &sources[1]], &environment);
    let writers = vec![
        (applicant.clone(), input.clone()),
        (applicant.clone(), input.clone()),
    ];

    // 1. An instance dies under load. The balancer routes around it; a request fails only
    // if it was in flight on the dead instance, and every acknowledged write is kept.
    let load = Load::start(&cluster, 6, &writers);
    tokio::time::sleep(Duration::from_secs(2)).await;
    cluster.step(&["kill", "a"]);
    let killed = Instant::now();
    tokio::time::sleep(Duration::from_secs(4)).await;
    let outcomes = load.finish().await;
    let failed = failures(&outcomes);
    let after_kill = outcomes.iter().filter(|o| o.started > killed).count();
    eprintln!(
        "instance kill: {} requests ({} after the kill), {} failed: {:?}",
        outcomes.len(),
        after_kill,
        failed.len(),
        failed.iter().map(|o| &o.result).collect::<Vec<_>>()
    );
    assert!(after_kill > 20, "the load went on after the kill");
    for failure in &failed {
        assert!(
            failure.started < killed,
            "a request that started after the kill failed: {failure:?}"
        );
    }
    assert!(
        failed.len() <= 8,
        "at most the requests in flight fail: {failed:?}"
    );
    assert!(
        failed.iter().all(|o| o.write),
        "reads are retried on the other instance: {failed:?}"
    );
    let written = acknowledged(&outcomes);
    assert!(written.len() > 10, "writes went through: {}", written.len());
    cluster.step(&["start-instance", "a"]);

    // 2. The standby stops. Register reads fall back to the primary within seconds; none fails.
    let load = Load::start(&cluster, 4, &[]);
    tokio::time::sleep(Duration::from_secs(1)).await;
    cluster.step(&["stop-db", "standby"]);
    let stopped = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let outcomes = load.finish().await;
    let failed = failures(&outcomes);
    assert!(failed.is_empty(), "register reads failed: {failed:?}");
    let settled: Vec<Duration> = outcomes
        .iter()
        .filter(|o| o.started > stopped + Duration::from_secs(3))
        .map(|o| o.took)
        .collect();
    let slowest = settled.iter().max().copied().unwrap_or_default();
    let slowest_overall = outcomes.iter().map(|o| o.took).max().unwrap_or_default();
    eprintln!(
        "replica stop: {} reads, none failed; slowest {slowest_overall:?}, slowest from 3 s after the stop {slowest:?} ({} reads)",
        outcomes.len(),
        settled.len()
    );
    assert!(!settled.is_empty());
    assert!(
        slowest < Duration::from_secs(1),
        "reads settled on the primary: {slowest:?}"
    );
    for name in ["a", "b"] {
        assert!(
            cluster
                .instance_log(name)
                .contains("register reads go to the primary"),
            "instance {name} noticed the replica stop: {}",
            cluster.logs()
        );
    }
    let back_before: Vec<usize> = ["a", "b"]
        .iter()
        .map(|n| {
            cluster
                .instance_log(n)
                .matches("register reads go to the replica")
                .count()
        })
        .collect();
    cluster.step(&["start-db", "standby"]);
    wait_until(
        "reads back on the replica",
        Duration::from_secs(20),
        async || {
            ["a", "b"].iter().zip(&back_before).all(|(n, before)| {
                cluster
                    .instance_log(n)
                    .matches("register reads go to the replica")
                    .count()
                    > *before
            })
        },
    )
    .await;

    // 3. The primary stops. Writes fail fast with UNAVAILABLE and HTTP 503; register reads go
    // on from the standby; nothing hangs.
    cluster.step(&["stop-db", "primary"]);
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    for round in 0..8 {
        let started = Instant::now();
        let written = cluster
            .graphql(Some(&applicant), CREATE, json!({ "input": input }))
            .await;
        writes.push((started.elapsed(), written));
        let started = Instant::now();
        let read = cluster
            .graphql(None, REGISTER_PAGE, json!({ "first": round % 5 + 1 }))
            .await;
        reads.push((started.elapsed(), read));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    eprintln!("primary stop: writes {writes:?}\nreads {reads:?}");
    for (took, written) in &writes {
        let failure = written
            .as_ref()
            .expect_err("no write succeeds without the primary");
        assert_eq!(
            (failure.status, failure.code.as_str()),
            (503, "UNAVAILABLE")
        );
        assert!(
            *took < Duration::from_secs(3),
            "a write failed fast: {took:?}"
        );
    }
    for (took, read) in &reads {
        assert!(read.is_ok(), "a register read from the standby: {read:?}");
        assert!(*took < Duration::from_secs(3), "a read answered: {took:?}");
    }
    for port in [A_PORT, B_PORT] {
        let ready = cluster
            .client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            ready.status(),
            200,
            "an instance that can still serve reads stays ready"
        );
    }

    // 4. The standby is promoted and the instances repointed: writes work again, nothing
    // acknowledged before is lost, and the audit chain verifies on the new primary.
    cluster.step(&["promote"]);
    let created = cluster
        .graphql(Some(&applicant), CREATE, json!({ "input": input }))
        .await
        .expect("a write on the promoted primary");
    assert!(created["createApplication"]["id"].is_string());
    for id in &written {
        let read = cluster
            .graphql(
                Some(&applicant),
                "query($id: UUID!) { application(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(
            read.map(|data| data["application"]["id"].clone()),
            Ok(json!(id)),
            "acknowledged write {id} survived"
        );
    }
    let verified = Command::new(env!("CARGO_BIN_EXE_tietolupa"))
        .args(["audit", "verify"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TIETOLUPA_MODE", "dev")
        .env("TIETOLUPA_DATA_DIR", cluster.local.dir.join("data"))
        .env(
            "TIETOLUPA_DATABASE_URL",
            format!("postgres://postgres@127.0.0.1:{STANDBY_PORT}/tietolupa"),
        )
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success() && report.contains("intact"),
        "{report} {}",
        String::from_utf8_lossy(&verified.stderr)
    );
}
