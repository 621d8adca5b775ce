//! The preparation benchmark (`just bench-preparation`; see docs/benchmarks.md). Not a
//! test: it measures, prints a Markdown report, and exits.
//!
//! 1. Generates a controller's dataset of N rows x 6 columns (default 5.6 M) and a tenth of
//!    it, and puts an objection in force for M people (default 300 k) into a fresh SQLite
//!    database, stored as the registry stores them; seeds the demo cases, whose delivery
//!    orders include RECEIVED ones.
//! 2. `tietolupa deliver` pinned to 2 cores under `/usr/bin/time` (peak resident memory of
//!    the child), on the full and the tenth-size input.
//! 3. `POST /api/delivery-orders/{id}/preparation` on a `tietolupa serve` pinned to the
//!    same 2 cores, through curl, in rounds alternating with the command.
//! 4. The peer: what a user would otherwise do, in `psql` on the local server in a
//!    database of its own: `\copy` in, an anti-join against the objections, `hmac()` from
//!    pgcrypto, `\copy` out.
//!
//! Sizes: `PREPARATION_BENCH_ROWS`, `PREPARATION_BENCH_OBJECTIONS`. PostgreSQL:
//! `PREPARATION_BENCH_PG` (default `-h 127.0.0.1 -U postgres`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_entity::{delivery_order, objection};
use tietolupa_objection_crypto::ObjectionKeys;
use time::{Date, Month};

mod common;

use common::count_lines;

const BINARY: &str = env!("CARGO_BIN_EXE_tietolupa");
/// Runs of each measurement (the fastest is reported; memory: the highest).
const RUNS: usize = 2;
/// Rounds of (command, API), compared by their medians.
const ROUNDS: usize = 3;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// The `i`-th synthetic person (as in benches/cohort_filter.rs).
fn synthetic(i: usize) -> Hetu {
    let base = Date::from_calendar_date(1920, Month::January, 1).expect("a date");
    let day = (i % 36_500) as i64;
    let individual = 2 + ((i / 36_500) * 7 % 898) as u16;
    let date = base + time::Duration::days(day);
    let sign = if date.year() >= 2000 {
        ['A', 'B', 'C'][i % 3]
    } else {
        ['-', 'Y', 'X'][i % 3]
    };
    Hetu::compose(date, sign, individual, HetuPolicy::ORDINARY_ONLY).expect("a valid code")
}

struct Measured {
    wall: Duration,
    cpu: f64,
    peak_kib: u64,
}

/// Runs a command pinned to `cpus` under `/usr/bin/time`: wall time, CPU and peak RSS.
fn measure(cpus: &str, command: &Command, scratch: &Path) -> Measured {
    let time_file = scratch.join("time.txt");
    let mut wrapped = Command::new("taskset");
    wrapped
        .args(["-c", cpus, "/usr/bin/time", "-f", "%M %U %S", "-o"])
        .arg(&time_file)
        .arg(command.get_program())
        .args(command.get_args());
    wrapped.env_clear();
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            wrapped.env(key, value);
        }
    }
    let started = Instant::now();
    let output = wrapped.output().expect("run the command");
    let wall = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("    {}", String::from_utf8_lossy(&output.stderr).trim());
    let times = std::fs::read_to_string(&time_file).unwrap_or_default();
    let fields: Vec<f64> = times
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    Measured {
        wall,
        cpu: fields.get(1).unwrap_or(&0.0) + fields.get(2).unwrap_or(&0.0),
        peak_kib: fields.first().copied().unwrap_or(0.0) as u64,
    }
}

fn fastest(runs: Vec<Measured>) -> Measured {
    let peak_kib = runs.iter().map(|m| m.peak_kib).max().unwrap_or(0);
    let best = runs.into_iter().min_by_key(|m| m.wall).expect("a run");
    Measured { peak_kib, ..best }
}

fn median(mut walls: Vec<Duration>) -> Duration {
    walls.sort_unstable();
    walls[walls.len() / 2]
}

fn tietolupa(env: &[(String, String)]) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        command.env(k, v);
    }
    command
}

fn main() {
    let n = env_usize("PREPARATION_BENCH_ROWS", 5_600_000);
    let m = env_usize("PREPARATION_BENCH_OBJECTIONS", 300_000).min(n);
    let pg =
        std::env::var("PREPARATION_BENCH_PG").unwrap_or_else(|_| "-h 127.0.0.1 -U postgres".into());
    let pg: Vec<String> = pg.split_whitespace().map(str::to_owned).collect();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let shm = Path::new("/dev/shm");
    let scratch = if shm.is_dir() {
        tempfile::Builder::new()
            .prefix("prep-bench")
            .tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("a scratch directory");
    let dir = scratch.path().to_owned();
    let db_url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let env: Vec<(String, String)> = vec![
        ("TIETOLUPA_MODE".into(), "dev".into()),
        ("TIETOLUPA_DATA_DIR".into(), dir.display().to_string()),
        ("TIETOLUPA_DATABASE_URL".into(), db_url.clone()),
        ("TIETOLUPA_LOG".into(), "warn".into()),
        (
            "TIETOLUPA_WEB_DIR".into(),
            dir.join("no-web").display().to_string(),
        ),
    ];

    eprintln!("generating {n} rows, {m} objections in {}", dir.display());
    let input = dir.join("dataset.csv");
    let small = dir.join("dataset-small.csv");
    let objections_file = dir.join("objectors.txt");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&input).expect("create"));
        let mut tenth = std::io::BufWriter::new(std::fs::File::create(&small).expect("create"));
        let header = b"row,hetu,municipality,visit_date,diagnosis,cost\n";
        out.write_all(header).expect("write");
        tenth.write_all(header).expect("write");
        let step = 1_000_003 % n.max(1);
        for position in 0..n {
            let i = (position * step.max(1) + 12_345) % n;
            let hetu = synthetic(i);
            let line = format!(
                "{position},{},{:03},2024-{:02}-{:02},J{:02}.{},{}.{:02}\n",
                hetu.expose(),
                i % 400,
                1 + i % 12,
                1 + i % 28,
                i % 99,
                i % 10,
                i % 5000,
                i % 100
            );
            out.write_all(line.as_bytes()).expect("write");
            if position < n / 10 {
                tenth.write_all(line.as_bytes()).expect("write");
            }
        }
        out.flush().expect("flush");
        tenth.flush().expect("flush");
    }
    let stride = n / m.max(1);
    let objectors: Vec<Hetu> = (0..m).map(|k| synthetic(k * stride)).collect();
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&objections_file).expect("c"));
        for hetu in &objectors {
            out.write_all(hetu.expose_bytes()).expect("write");
            out.write_all(b"\n").expect("write");
        }
        out.flush().expect("flush");
    }
    let seeded = tietolupa(&env).arg("seed").output().expect("seed");
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let config = tietolupa_config::Config::from_vars(env.clone()).expect("a configuration");
    let keys = ObjectionKeys::new(&config.load_identity_code_keys().expect("keys"));
    let long_ago = Date::from_calendar_date(2000, Month::January, 1).expect("a date");
    let order_id = runtime.block_on(async {
        let db = tietolupa_store::Db::connect(&db_url).await.expect("db");
        let conn = db.raw_connection_for_tests();
        let txn = conn.begin().await.expect("txn");
        let now = time::OffsetDateTime::now_utc();
        for batch in objectors.chunks(500) {
            let rows = batch.iter().map(|hetu| {
                let id = uuid::Uuid::now_v7();
                let index = keys.blind_index(hetu);
                let sealed = keys.seal(hetu, format!("tietolupa/objection/{id}/person").as_bytes());
                objection::ActiveModel {
                    id: Set(id),
                    person_index_key_id: Set(index.key_id.clone()),
                    person_blind_index: Set(index.to_hex()),
                    person_code_key_id: Set(sealed.key_id),
                    person_code_ciphertext: Set(sealed.bytes),
                    channel: Set("E_SERVICE".into()),
                    representation_basis: Set(None),
                    representative_index_key_id: Set(None),
                    representative_blind_index: Set(None),
                    representative_code_key_id: Set(None),
                    representative_code_ciphertext: Set(None),
                    identity_verification: Set("STRONG_E_IDENTIFICATION".into()),
                    // Long before any demo order's extraction date, so all are in force.
                    received_on: Set(long_ago),
                    processed_on: Set(long_ago),
                    status: Set("IN_FORCE".into()),
                    withdrawn_on: Set(None),
                    withdrawn_at: Set(None),
                    withdrawn_by: Set(None),
                    filed_by: Set("benchmark".into()),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
            });
            objection::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await
                .expect("insert objections");
        }
        txn.commit().await.expect("commit");
        let order = delivery_order::Entity::find()
            .filter(delivery_order::Column::State.eq("RECEIVED"))
            .filter(delivery_order::Column::PermitId.is_not_null())
            .one(conn)
            .await
            .expect("query")
            .expect("the demo cases hold a RECEIVED order");
        db.close().await.ok();
        order.id
    });
    let order_version = || -> i32 {
        runtime.block_on(async {
            let db = tietolupa_store::Db::connect(&db_url).await.expect("db");
            let order = delivery_order::Entity::find_by_id(order_id)
                .one(db.raw_connection_for_tests())
                .await
                .expect("query")
                .expect("the order");
            db.close().await.ok();
            order.version
        })
    };

    let cli = |input: &Path, label: &str| {
        eprintln!("cli {label}");
        let output = dir.join(format!("prepared-{label}.csv"));
        let mut command = tietolupa(&env);
        command
            .args([
                "deliver",
                "--order",
                &order_id.to_string(),
                "--identity-column",
                "hetu",
            ])
            .arg(input)
            .arg(&output);
        (measure("0,1", &command, &dir), output)
    };
    let server = runtime.block_on(HttpServer::start(&env));
    let mut cli_runs = Vec::new();
    let mut http_runs = Vec::new();
    let mut written = 0;
    for _ in 0..ROUNDS.max(RUNS) {
        let (run, output) = cli(&input, "full");
        written = count_lines(&output) - 1;
        cli_runs.push(run);
        let (wall, api_written) = server.prepare(&input, order_id, order_version(), &dir);
        assert_eq!(api_written, written, "the API agrees with the command");
        http_runs.push(wall);
    }
    drop(server);
    let cli_median = median(cli_runs.iter().map(|r| r.wall).collect());
    let http_median = median(http_runs.clone());
    let cli_full = fastest(cli_runs);
    let http_best = http_runs.iter().min().copied().expect("a run");
    let cli_small = fastest((0..RUNS).map(|_| cli(&small, "small").0).collect());

    eprintln!("postgresql peer");
    let pg_db = format!("prep_bench_{}", std::process::id());
    let psql = |db: &str, sql: &str| {
        let status = Command::new("psql")
            .args(&pg)
            .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql])
            .stdout(Stdio::null())
            .status()
            .expect("psql");
        assert!(status.success(), "psql: {sql}");
    };
    psql("postgres", &format!("CREATE DATABASE {pg_db}"));
    let pg_out = dir.join("prepared-pg.csv");
    let script = dir.join("peer.sql");
    std::fs::write(
        &script,
        format!(
            "CREATE EXTENSION pgcrypto;\n\
             CREATE TABLE dataset (n bigserial, row text, hetu text, municipality text, visit_date text, diagnosis text, cost text);\n\
             CREATE TABLE objector (hetu text);\n\
             \\copy dataset (row, hetu, municipality, visit_date, diagnosis, cost) FROM '{}' WITH (FORMAT csv, HEADER true)\n\
             \\copy objector FROM '{}'\n\
             ANALYZE dataset; ANALYZE objector;\n\
             \\copy (SELECT d.row, encode(substring(hmac(d.hetu, 'bench-permit-key', 'sha256') from 1 for 16), 'hex') AS pseudonym, d.municipality, d.visit_date, d.diagnosis, d.cost FROM dataset d WHERE NOT EXISTS (SELECT 1 FROM objector o WHERE o.hetu = d.hetu) ORDER BY d.n) TO '{}' WITH (FORMAT csv, HEADER true)\n",
            input.display(),
            objections_file.display(),
            pg_out.display()
        ),
    )
    .expect("write the script");
    let started = Instant::now();
    let status = Command::new("psql")
        .args(&pg)
        .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", &pg_db, "-f"])
        .arg(&script)
        .status()
        .expect("psql");
    let pg_wall = started.elapsed();
    assert!(status.success());
    psql("postgres", &format!("DROP DATABASE {pg_db} WITH (FORCE)"));
    assert_eq!(count_lines(&pg_out) - 1, written, "the peer agrees");

    let secs = Duration::as_secs_f64;
    let mib = |kib: u64| kib as f64 / 1024.0;
    let report = format!(
        "| run | wall time | rows/s | CPU time | peak memory |\n|---|---:|---:|---:|---:|\n\
         | `tietolupa deliver`, 2 cores | {:.2} s (median {:.2} s) | {:.2} M | {:.2} s | {:.1} MiB |\n\
         | `tietolupa deliver`, 2 cores, input / 10 ({} rows) | {:.2} s | {:.2} M | {:.2} s | {:.1} MiB |\n\
         | HTTP `POST /api/delivery-orders/{{id}}/preparation` (curl), server on 2 cores | {:.2} s (median {:.2} s) | {:.2} M | | |\n\
         | PostgreSQL `\\copy` + anti-join + pgcrypto `hmac()` + `\\copy` (peer) | {:.2} s | {:.2} M | | |\n\n\
         Ratios: PostgreSQL / CLI = {:.1} x (target >= 10); HTTP / CLI = {:.2} by medians \
         (target <= 1.2); peak memory full / tenth = {:.2} (flat; target <= 64 MiB).\n\n\
         {} rows x 6 columns in ({:.0} MiB), {} objections in force, {} rows written.\n",
        secs(&cli_full.wall),
        secs(&cli_median),
        n as f64 / secs(&cli_full.wall) / 1e6,
        cli_full.cpu,
        mib(cli_full.peak_kib),
        n / 10,
        secs(&cli_small.wall),
        (n / 10) as f64 / secs(&cli_small.wall) / 1e6,
        cli_small.cpu,
        mib(cli_small.peak_kib),
        secs(&http_best),
        secs(&http_median),
        n as f64 / secs(&http_best) / 1e6,
        secs(&pg_wall),
        n as f64 / secs(&pg_wall) / 1e6,
        secs(&pg_wall) / secs(&cli_median),
        secs(&http_median) / secs(&cli_median),
        cli_full.peak_kib as f64 / cli_small.peak_kib.max(1) as f64,
        n,
        std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0,
        m,
        written,
    );
    std::io::stdout()
        .lock()
        .write_all(report.as_bytes())
        .expect("print the report");
}

/// `tietolupa serve` as the handler who prepares orders.
struct HttpServer(common::Server);

impl HttpServer {
    async fn start(env: &[(String, String)]) -> HttpServer {
        HttpServer(common::Server::start(BINARY, env, "demo-handler-1").await)
    }

    /// One request through curl; returns its wall time and the rows written.
    fn prepare(
        &self,
        input: &Path,
        order: uuid::Uuid,
        version: i32,
        dir: &Path,
    ) -> (Duration, usize) {
        let out_path: PathBuf = dir.join("prepared-http.csv");
        let started = Instant::now();
        let output = Command::new("taskset")
            .args([
                "-c",
                "0,1",
                "curl",
                "-sS",
                "--fail-with-body",
                "-X",
                "POST",
                "-T",
            ])
            .arg(input)
            .arg("-o")
            .arg(&out_path)
            .args(["-H", &format!("authorization: Bearer {}", self.0.token)])
            .arg(format!(
                "{}/api/delivery-orders/{order}/preparation?version={version}&identityColumn=hetu",
                self.0.base
            ))
            .output()
            .expect("run curl");
        let wall = started.elapsed();
        assert!(
            output.status.success(),
            "curl: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        common::assert_completed(&out_path);
        // Header and summary lines.
        (wall, count_lines(&out_path) - 2)
    }
}
