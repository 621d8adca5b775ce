//! The whole-population cohort-filter benchmark (`just bench-cohort`; see
//! docs/benchmarks.md). Not a test: it measures, prints a Markdown report, and exits.
//!
//! 1. Generates N synthetic valid identity codes (default 5.6 M) and puts an objection in
//!    force for M of them (default 300 k) into a fresh SQLite database, stored as the
//!    registry stores them (blind index + ciphertext).
//! 2. Runs the real `tietolupa cohort-filter` binary pinned to 1 core and to 2 cores
//!    (`taskset`), under `/usr/bin/time` for the peak resident memory; and once more on a
//!    tenth of the input, to show memory does not grow with the input.
//! 3. `POST /api/cohort-filter` on a `tietolupa serve` pinned to 2 cores, the file streamed
//!    in and the result out by curl (on the same 2 cores), in rounds alternating with the
//!    2-core command, so both meet the same machine.
//! 4. The limit: a plain loop HMAC-ing every code with a pre-keyed state, 1 and 2 threads.
//! 5. The peer: PostgreSQL COPY of both lists into tables and an anti-join keeping order,
//!    driven by `psql` (client-side `\copy`). Last, because PostgreSQL goes on writing
//!    (checkpoint, autovacuum) for a while after it and slowed whatever ran next.
//!
//! Every timed run is repeated; the report gives the fastest and, for the command-versus-API
//! rounds, the median. The scratch directory is on `/dev/shm` where that exists.
//!
//! Sizes: `COHORT_BENCH_CODES`, `COHORT_BENCH_OBJECTIONS`. PostgreSQL:
//! `COHORT_BENCH_PG` (default `-h 127.0.0.1 -U postgres`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{EntityTrait, Set, TransactionTrait};
use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_entity::objection;
use tietolupa_objection_crypto::{BlindIndexer, ObjectionKeys};
use time::{Date, Month};

mod common;

use common::count_lines;

const BINARY: &str = env!("CARGO_BIN_EXE_tietolupa");

/// Every timed run is repeated: this machine's virtual cores vary by 10-20 % from one
/// second to the next.
const RUNS: usize = 3;

/// Rounds of (2-core command, API request), compared by their medians.
const ROUNDS: usize = 7;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// The `i`-th synthetic code: dates from 1920 on, signs by century, individual numbers
/// 002-899 (ordinary codes, as a real population list would hold).
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

/// A deterministic permutation of 0..n (an LCG step coprime with n), so input order is not
/// sorted by date.
fn order(n: usize) -> impl Iterator<Item = usize> {
    let step = (0..)
        .map(|k| 1_000_003 + 2 * k)
        .find(|s| gcd(*s, n) == 1)
        .expect("a step");
    (0..n).map(move |i| (i * step + 12_345) % n)
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

struct Measured {
    wall: Duration,
    /// User + system CPU seconds.
    cpu: f64,
    peak_kib: u64,
}

/// Runs a command under `/usr/bin/time`, pinned to `cpus`, and returns wall time and
/// peak RSS.
fn measure(cpus: &str, command: &mut Command, scratch: &Path) -> Measured {
    let time_file = scratch.join("time.txt");
    let mut wrapped = Command::new("taskset");
    wrapped
        .args(["-c", cpus, "/usr/bin/time", "-f", "%M %U %S", "-o"])
        .arg(&time_file)
        .arg(command.get_program())
        .args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
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

fn environment(dir: &Path, db: &str) -> Vec<(String, String)> {
    vec![
        ("TIETOLUPA_MODE".into(), "dev".into()),
        ("TIETOLUPA_DATA_DIR".into(), dir.display().to_string()),
        ("TIETOLUPA_DATABASE_URL".into(), db.into()),
        (
            "TIETOLUPA_LOG".into(),
            std::env::var("COHORT_BENCH_LOG").unwrap_or_else(|_| "warn".into()),
        ),
        (
            "TIETOLUPA_WEB_DIR".into(),
            dir.join("no-web").display().to_string(),
        ),
    ]
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

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

/// User + system CPU seconds of this process so far (Linux; 0 elsewhere).
fn process_cpu() -> f64 {
    cpu_seconds("/proc/self/stat")
}

fn hmac_loop(indexer: &BlindIndexer, codes: &[Hetu], threads: usize) -> Duration {
    let started = Instant::now();
    let chunk = codes.len().div_ceil(threads);
    let sink: u64 = std::thread::scope(|scope| {
        let handles: Vec<_> = codes
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|h| u64::from(indexer.digest(h)[0]))
                        .sum::<u64>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("joins")).sum()
    });
    let elapsed = started.elapsed();
    std::hint::black_box(sink);
    elapsed
}

fn main() {
    let n = env_usize("COHORT_BENCH_CODES", 5_600_000);
    let m = env_usize("COHORT_BENCH_OBJECTIONS", 300_000).min(n);
    let pg = std::env::var("COHORT_BENCH_PG").unwrap_or_else(|_| "-h 127.0.0.1 -U postgres".into());
    let pg: Vec<String> = pg.split_whitespace().map(str::to_owned).collect();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    // On tmpfs where there is one: written-back output files of earlier runs otherwise
    // stall the audit commits' fsync (one run took 15 s instead of 0.5 s that way).
    let shm = Path::new("/dev/shm");
    let scratch = if shm.is_dir() {
        tempfile::Builder::new()
            .prefix("cohort-bench")
            .tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("a scratch directory");
    let scratch_path = scratch.path().to_owned();
    // COHORT_BENCH_KEEP keeps the data for poking at afterwards.
    let _scratch = if std::env::var_os("COHORT_BENCH_KEEP").is_some() {
        let _ = scratch.keep();
        None
    } else {
        Some(scratch)
    };
    let dir = scratch_path.as_path();
    let db_url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let env = environment(dir, &db_url);
    let extraction = time::OffsetDateTime::now_utc().date();

    eprintln!("generating {n} codes, {m} objections in {}", dir.display());
    let started = Instant::now();
    let input = dir.join("cohort.txt");
    let small_input = dir.join("cohort-small.txt");
    let objections_file = dir.join("objections.txt");
    let mut codes = Vec::with_capacity(n);
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&input).expect("create"));
        let mut small =
            std::io::BufWriter::new(std::fs::File::create(&small_input).expect("create"));
        for (position, i) in order(n).enumerate() {
            let hetu = synthetic(i);
            out.write_all(hetu.expose_bytes()).expect("write");
            out.write_all(b"\n").expect("write");
            if position < n / 10 {
                small.write_all(hetu.expose_bytes()).expect("write");
                small.write_all(b"\n").expect("write");
            }
            codes.push(hetu);
        }
        out.flush().expect("flush");
        small.flush().expect("flush");
    }
    // Objectors: every (n/m)-th person of the population.
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
    let config =
        tietolupa_config::Config::from_vars(env.clone()).expect("a benchmark configuration");
    let keys = ObjectionKeys::new(&config.load_identity_code_keys().expect("keys"));
    runtime.block_on(async {
        let db = tietolupa_store::Db::connect(&db_url).await.expect("db");
        db.migrate().await.expect("migrate");
        let txn = db.raw_connection_for_tests().begin().await.expect("txn");
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
                    received_on: Set(extraction - time::Duration::days(30)),
                    processed_on: Set(extraction - time::Duration::days(30)),
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
        db.close().await.ok();
    });
    eprintln!("  set-up took {:.1} s", started.elapsed().as_secs_f64());

    // The CLI, through the real binary.
    let run_cli = |cpus: &str, input: &Path, label: &str, runs: usize| {
        eprintln!("cli {label} on cpus {cpus}");
        let output = dir.join(format!("kept-{label}.txt"));
        let mut command = tietolupa(&env);
        command
            .args(["cohort-filter", "--extraction-date"])
            .arg(extraction.to_string())
            .args(["--permit", "BENCH"])
            .arg(input)
            .arg(&output);
        let measured = fastest(
            (0..runs)
                .map(|_| measure(cpus, &mut command, dir))
                .collect(),
        );
        (measured, output)
    };
    let (cli1, kept_path) = run_cli("0", &input, "1core", RUNS);
    let kept_lines = count_lines(&kept_path);

    // The command on 2 cores and the API, in alternating rounds.
    eprintln!("2-core command and http endpoint on cpus 0,1, {ROUNDS} rounds");
    let server = runtime.block_on(HttpServer::start(&env, dir));
    let mut cli2_runs = Vec::with_capacity(ROUNDS);
    let mut http_runs = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        cli2_runs.push(run_cli("0,1", &input, "2cores", 1).0);
        let (run, kept) = server.filter(&input, extraction);
        assert_eq!(kept, kept_lines, "the API agrees with the command");
        http_runs.push(run);
    }
    drop(server);
    let cli2_median = median(cli2_runs.iter().map(|m| m.wall));
    let http_median = median(http_runs.iter().map(|r| r.wall));
    let cli2 = fastest(cli2_runs);
    let http = http_runs
        .into_iter()
        .min_by_key(|r| r.wall)
        .expect("at least one round");
    let (cli_small, _) = run_cli("0,1", &small_input, "small", RUNS);

    // The limit: HMAC only, pre-keyed.
    eprintln!("hmac loop");
    let indexer = keys.current_indexer().clone();
    let cpu_before = process_cpu();
    let hmac1 = best_of(3, || hmac_loop(&indexer, &codes, 1));
    let hmac1_cpu = (process_cpu() - cpu_before) / 3.0;
    let hmac2 = best_of(3, || hmac_loop(&indexer, &codes, 2));
    drop(codes);

    // The peer: PostgreSQL.
    eprintln!("postgresql peer");
    let pg_db = format!("cohort_bench_{}", std::process::id());
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
    let pg_out = dir.join("kept-pg.txt");
    let script = dir.join("peer.sql");
    std::fs::write(
        &script,
        format!(
            "CREATE TABLE cohort (n bigserial, code text);\n\
             CREATE TABLE objector (code text);\n\
             \\copy cohort (code) FROM '{}'\n\
             \\copy objector FROM '{}'\n\
             ANALYZE cohort; ANALYZE objector;\n\
             \\copy (SELECT c.code FROM cohort c WHERE NOT EXISTS (SELECT 1 FROM objector o WHERE o.code = c.code) ORDER BY c.n) TO '{}'\n",
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
    assert_eq!(count_lines(&pg_out), kept_lines, "the peer agrees");

    let secs = Duration::as_secs_f64;
    let report = format!(
        "| run | wall time | codes/s | CPU time | peak memory |\n|---|---:|---:|---:|---:|\n\
         | CLI, 1 core | {:.2} s | {:.2} M | {:.2} s | {:.1} MiB |\n\
         | CLI, 2 cores | {:.2} s (median {:.2} s) | {:.2} M | {:.2} s | {:.1} MiB |\n\
         | CLI, 2 cores, input / 10 ({} codes) | {:.2} s | {:.2} M | {:.2} s | {:.1} MiB |\n\
         | HMAC loop, 1 thread (limit) | {:.2} s | {:.2} M | {:.2} s (mean of 3) | |\n\
         | HMAC loop, 2 threads (limit) | {:.2} s | {:.2} M | | |\n\
         | PostgreSQL COPY + anti-join (peer) | {:.2} s | {:.2} M | | |\n\
         | HTTP `POST /api/cohort-filter` (curl), server on 2 cores | {:.2} s (median {:.2} s) | \
         {:.2} M | {:.2} s server + {:.2} s curl | |\n\n\
         Wall times: the fastest of {RUNS} runs; the 2-core command and the API the fastest \
         and the median of {ROUNDS} alternating rounds. Peak memory: the highest of the runs. \
         Ratios (wall): CLI 1 core / HMAC 1 thread = {:.2} (target >= 0.6); \
         CLI 2 cores / HMAC 1 thread = {:.2} (target >= 1.8); \
         CLI 2 cores / PostgreSQL = {:.1} x (target >= 3); \
         HTTP / CLI 2 cores = {:.2} by medians, {:.2} by fastest runs (target <= 1.2); \
         peak memory full / tenth = {:.2} (flat). \
         By CPU time: CLI 1 core / HMAC 1 thread = {:.2}.\n\n\
         {} codes in, {} objections in force, {} kept.\n",
        secs(&cli1.wall),
        rate(n, cli1.wall) / 1e6,
        cli1.cpu,
        cli1.peak_kib as f64 / 1024.0,
        secs(&cli2.wall),
        secs(&cli2_median),
        rate(n, cli2.wall) / 1e6,
        cli2.cpu,
        cli2.peak_kib as f64 / 1024.0,
        n / 10,
        secs(&cli_small.wall),
        rate(n / 10, cli_small.wall) / 1e6,
        cli_small.cpu,
        cli_small.peak_kib as f64 / 1024.0,
        secs(&hmac1),
        rate(n, hmac1) / 1e6,
        hmac1_cpu,
        secs(&hmac2),
        rate(n, hmac2) / 1e6,
        secs(&pg_wall),
        rate(n, pg_wall) / 1e6,
        secs(&http.wall),
        secs(&http_median),
        rate(n, http.wall) / 1e6,
        http.server_cpu,
        http.client_cpu,
        rate(n, cli1.wall) / rate(n, hmac1),
        rate(n, cli2.wall) / rate(n, hmac1),
        secs(&pg_wall) / secs(&cli2.wall),
        secs(&http_median) / secs(&cli2_median),
        secs(&http.wall) / secs(&cli2.wall),
        cli2.peak_kib as f64 / cli_small.peak_kib.max(1) as f64,
        hmac1_cpu / cli1.cpu.max(0.001),
        n,
        m,
        kept_lines,
    );
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(report.as_bytes())
        .expect("print the report");
}

/// The fastest of `runs`, with the highest peak memory of them all.
fn fastest(runs: Vec<Measured>) -> Measured {
    let peak_kib = runs.iter().map(|m| m.peak_kib).max().unwrap_or(0);
    let fastest = runs
        .into_iter()
        .min_by_key(|m| m.wall)
        .expect("at least one run");
    Measured {
        peak_kib,
        ..fastest
    }
}

fn median(walls: impl Iterator<Item = Duration>) -> Duration {
    let mut walls: Vec<Duration> = walls.collect();
    walls.sort_unstable();
    walls[walls.len() / 2]
}

fn best_of(times: usize, mut run: impl FnMut() -> Duration) -> Duration {
    (0..times).map(|_| run()).min().expect("at least one run")
}

/// One `POST /api/cohort-filter` through curl, as an operator would send it. curl is a lean
/// C client: it reads and writes the files with plain system calls, so on these 2 shared
/// cores it takes about 0.09 s of CPU per run, where a tokio-based client took more.
struct HttpRun {
    wall: Duration,
    /// CPU seconds the server spent on the request.
    server_cpu: f64,
    /// CPU seconds curl spent.
    client_cpu: f64,
}

/// `tietolupa serve` as the registry clerk who filters cohorts; curl's files go in `dir`.
struct HttpServer {
    server: common::Server,
    dir: PathBuf,
}

impl HttpServer {
    async fn start(env: &[(String, String)], dir: &Path) -> HttpServer {
        HttpServer {
            server: common::Server::start(BINARY, env, "demo-registry-clerk").await,
            dir: dir.to_owned(),
        }
    }

    /// One request through curl (with its default `Expect: 100-continue`); returns the run
    /// and the lines kept.
    fn filter(&self, input: &Path, extraction: Date) -> (HttpRun, usize) {
        let out_path = self.dir.join("kept-http.txt");
        let time_file = self.dir.join("time-curl.txt");
        // taskset execs the server, so the child's pid is the server's.
        let cpu_before = process_cpu_of(self.server.child.id());
        let started = Instant::now();
        let output = Command::new("/usr/bin/time")
            .args(["-f", "%U %S", "-o"])
            .arg(&time_file)
            .args(["curl", "-sS", "--fail-with-body", "-X", "POST", "-T"])
            .arg(input)
            .arg("-o")
            .arg(&out_path)
            .args([
                "-H",
                &format!("authorization: Bearer {}", self.server.token),
            ])
            .arg(format!(
                "{}/api/cohort-filter?extractionDate={extraction}&permit=BENCH",
                self.server.base
            ))
            .output()
            .expect("run curl");
        let wall = started.elapsed();
        assert!(
            output.status.success(),
            "curl: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let server_cpu = process_cpu_of(self.server.child.id()) - cpu_before;
        let times = std::fs::read_to_string(&time_file).unwrap_or_default();
        let client_cpu = times
            .lines()
            .last()
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|f| f.parse::<f64>().ok())
            .sum();
        common::assert_completed(&out_path);
        // The last line is the summary.
        let kept = count_lines(&out_path) - 1;
        let run = HttpRun {
            wall,
            server_cpu,
            client_cpu,
        };
        (run, kept)
    }
}

/// User + system CPU seconds of a running process.
fn process_cpu_of(pid: u32) -> f64 {
    cpu_seconds(&format!("/proc/{pid}/stat"))
}

/// User + system CPU seconds from a `/proc/PID/stat` file (0 where there is none).
fn cpu_seconds(stat_path: &str) -> f64 {
    let stat = std::fs::read_to_string(stat_path).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(") ")
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    ticks / clock_ticks_per_second()
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}
