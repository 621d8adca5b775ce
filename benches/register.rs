//! The public register under load (`just bench`; see docs/benchmarks.md, "Load: public
//! register"). Not a test: it measures, prints a Markdown report, and exits.
//!
//! For PostgreSQL, then SQLite:
//! 1. a fresh database, migrated by the real binary, with N published decisions (default
//!    100,000) bulk-inserted into the register's read model in batches;
//! 2. the real server (this build's `tietolupa serve`), with the register cache off and
//!    then on, and a bare axum + sqlx server (this file, `--baseline-server`) that runs
//!    the same two statements per page and writes the same JSON: the limit; its
//!    `/constant` answers a page's JSON from memory: the floor;
//! 3. `wrk` at 64 connections against each, `publishedDecisions(first: 50)` without and
//!    with filters (kind, year) as GET requests, as the web app sends them; and against
//!    the server with the cache off, a search for one word and for a prefix of it.
//!
//! Needs `wrk` (Debian: `apt-get install wrk`) and PostgreSQL as for the tests. Knobs:
//! `REGISTER_BENCH_DECISIONS`, `REGISTER_BENCH_SECONDS`, `REGISTER_BENCH_CONNECTIONS`,
//! `REGISTER_BENCH_PG` (server URL, default `postgres://postgres@127.0.0.1:5432`),
//! `REGISTER_BENCH_SQLITE=0` (PostgreSQL only),
//! `REGISTER_BENCH_KEEP=1` (keep the PostgreSQL database `tietolupa_register_bench`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sqlx::{self, Row};
use sea_orm::{ConnectionTrait, Database, EntityTrait, Statement, TransactionTrait};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tietolupa_entity::{
    published_decision, published_decision_term, published_decision_vocabulary,
};
use tietolupa_store::public_register::terms::decision_terms;
use tietolupa_store::seed::demo_decisions;
use time::{Date, Duration as Days, Month, OffsetDateTime};
use uuid::Uuid;

#[path = "common/wrk.rs"]
mod wrk;
use wrk::{Measured, load_average, wrk};

const BINARY: &str = env!("CARGO_BIN_EXE_tietolupa");

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------
// The data: a register spread over eight years, on the demo seeder's topics.

const HOLDERS: &[&str] = &[
    "University of Helsinki",
    "University of Oulu",
    "Tampere University",
    "Terveysanalytiikka Oy",
    "private person",
    "University of Eastern Finland",
    "Åbo Akademi University",
];

const REGISTERS: &[(&str, &str, &str)] = &[
    (
        "Finnish Institute for Health and Welfare",
        "thl",
        "Care Register for Health Care",
    ),
    (
        "Social Insurance Institution of Finland",
        "kela",
        "Reimbursed prescriptions",
    ),
    ("Statistics Finland", "statfin", "Causes of death"),
    (
        "Digital and Population Data Services Agency",
        "dvv",
        "Population Information System",
    ),
];

fn row(i: usize, n: usize) -> published_decision::Model {
    // Oldest first, 2019-01-01 .. 2026-11-01, a few minutes apart.
    let start = OffsetDateTime::new_utc(
        Date::from_calendar_date(2019, Month::January, 1).expect("a date"),
        time::Time::from_hms(9, 0, 0).expect("a time"),
    );
    let span_seconds = 7 * 365 * 24 * 3600 + 300 * 24 * 3600;
    let at = start + time::Duration::seconds((i as i64) * span_seconds / n as i64);
    let decided_on = at.date();
    let year = decided_on.year();
    let (title, summary) = demo_decisions::TOPICS[i % demo_decisions::TOPICS.len()];
    let title = format!("{title} ({})", i % 97);
    let summary = format!("The study examines {summary}.");
    let kind = match i % 10 {
        0..=5 => "DATA_PERMIT",
        6..=8 => "DATA_REQUEST",
        _ => "AMENDMENT",
    };
    let outcome = if i % 7 == 3 && kind != "AMENDMENT" {
        "REJECTED"
    } else {
        "GRANTED"
    };
    // Amendments amend the permit decided three rows before (a granted DATA_PERMIT when
    // i % 10 == 9: (i - 3) % 10 == 6 is a request, so use i - 9 which is % 10 == 0).
    let permit_row = match kind {
        "DATA_PERMIT" if outcome == "GRANTED" => Some(i),
        "AMENDMENT" if i >= 9 && (i - 9) % 7 != 3 => Some(i - 9),
        _ => None,
    };
    let permit_id = permit_row.map(|p| Uuid::from_u128(0xbe00_0000_0000 + p as u128));
    let registers: Vec<Value> = (0..1 + i % 3)
        .map(|k| {
            let (controller, code, register) = REGISTERS[(i + k) % REGISTERS.len()];
            json!({ "dataController": controller, "dataControllerCode": code, "register": register })
        })
        .collect();
    let mut codes = String::from("|");
    for r in &registers {
        let code = format!("{}|", r["dataControllerCode"].as_str().unwrap_or_default());
        if !codes.contains(&format!("|{code}")) {
            codes.push_str(&code);
        }
    }
    let valid_until = decided_on + Days::days(3 * 365);
    published_decision::Model {
        id: Uuid::from_u128(0xdec0_0000_0000 + i as u128),
        application_id: Uuid::from_u128(0xa990_0000_0000 + i as u128),
        diary_number: format!("TL/{}/{year}", i + 1),
        decision_number: format!("D/{}/{year}", i + 1),
        decided_on,
        decided_at_micros: (at.unix_timestamp_nanos() / 1_000) as i64,
        decision_year: year,
        kind: kind.to_owned(),
        outcome: outcome.to_owned(),
        purpose: Some(
            if i.is_multiple_of(4) {
                "STATISTICS"
            } else {
                "SCIENTIFIC_RESEARCH"
            }
            .to_owned(),
        ),
        title,
        public_summary: summary,
        holder: HOLDERS[i % HOLDERS.len()].to_owned(),
        registers: Value::Array(registers),
        controller_codes: codes,
        processing_environment: permit_id.map(|_| "Kapseli secure environment".to_owned()),
        permit_id,
        valid_from: permit_id.map(|_| decided_on),
        valid_until: permit_id.map(|_| valid_until),
        permit_status: permit_id.map(|_| {
            if i.is_multiple_of(50) {
                "REVOKED"
            } else {
                "ACTIVE"
            }
            .to_owned()
        }),
        amends_diary_number: (kind == "AMENDMENT")
            .then(|| permit_row.map(|p| format!("TL/{}/{}", p + 1, row_year(p, n))))
            .flatten(),
        combined_into_diary_number: None,
        processing_days: Some(20 + (i % 70) as i32),
    }
}

fn row_year(i: usize, n: usize) -> i32 {
    let span_seconds = 7 * 365 * 24 * 3600 + 300 * 24 * 3600;
    let start = OffsetDateTime::new_utc(
        Date::from_calendar_date(2019, Month::January, 1).expect("a date"),
        time::Time::from_hms(9, 0, 0).expect("a time"),
    );
    (start + time::Duration::seconds((i as i64) * span_seconds / n as i64))
        .date()
        .year()
}

async fn seed(url: &str, n: usize) -> Duration {
    let started = Instant::now();
    let db = Database::connect(url).await.expect("connect to seed");
    let txn = db.begin().await.expect("begin");
    let batch = 1_000;
    for start in (0..n).step_by(batch) {
        let models: Vec<published_decision::ActiveModel> = (start..(start + batch).min(n))
            .map(|i| row(i, n).into())
            .collect();
        // The search index, as publishing writes it.
        let mut terms: Vec<published_decision_term::ActiveModel> = Vec::new();
        let mut words: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for m in &models {
            let (id, micros) = (m.id.clone().unwrap(), m.decided_at_micros.clone().unwrap());
            let (title, summary) = (m.title.clone().unwrap(), m.public_summary.clone().unwrap());
            for (term, weight) in decision_terms(&title, &summary) {
                words.insert(term.clone());
                terms.push(published_decision_term::ActiveModel {
                    term: sea_orm::Set(term),
                    weight: sea_orm::Set(weight),
                    decided_at_micros: sea_orm::Set(micros),
                    decision_id: sea_orm::Set(id),
                });
            }
        }
        published_decision::Entity::insert_many(models)
            .exec_without_returning(&txn)
            .await
            .expect("insert a batch");
        for chunk in terms.chunks(4_000) {
            published_decision_term::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await
                .expect("insert terms");
        }
        let words: Vec<published_decision_vocabulary::ActiveModel> = words
            .into_iter()
            .map(|term| published_decision_vocabulary::ActiveModel {
                term: sea_orm::Set(term),
            })
            .collect();
        published_decision_vocabulary::Entity::insert_many(words)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(published_decision_vocabulary::Column::Term)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await
            .expect("insert the vocabulary");
    }
    txn.commit().await.expect("commit");
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "ANALYZE",
        ))
        .await
        .expect("analyze");
    } else {
        db.execute_raw(Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "ANALYZE",
        ))
        .await
        .expect("analyze");
    }
    db.close().await.ok();
    started.elapsed()
}

// ---------------------------------------------------------------------------------------
// The baseline: axum + sqlx, the same statements, the same JSON.

#[derive(Clone)]
enum Pool {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

struct Baseline {
    pool: Pool,
    constant: axum::body::Bytes,
}

#[derive(Deserialize)]
struct PageArgs {
    kind: Option<String>,
    year: Option<i32>,
    first: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Amendment {
    diary_number: String,
    decision_number: String,
    decided_on: String,
    outcome: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Node {
    diary_number: String,
    decision_number: String,
    decided_on: String,
    kind: String,
    outcome: String,
    purpose: Option<String>,
    title: String,
    public_summary: String,
    holder: String,
    data_controllers: Vec<String>,
    registers: Value,
    processing_environment: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    permit_status: Option<String>,
    amends_diary_number: Option<String>,
    amendments: Vec<Amendment>,
}

const COLUMNS: &str = r#""id", "application_id", "diary_number", "decision_number", "decided_on", "decided_at_micros", "decision_year", "kind", "outcome", "purpose", "title", "public_summary", "holder", "registers", "controller_codes", "processing_environment", "permit_id", "valid_from", "valid_until", "permit_status", "amends_diary_number", "processing_days""#;

struct Fetched {
    id: Uuid,
    micros: i64,
    permit_id: Option<Uuid>,
    node: Node,
}

fn iso(d: Date) -> String {
    d.to_string()
}

macro_rules! fetch_rows {
    ($rows:expr) => {
        $rows
            .into_iter()
            .map(|r| {
                let decided_on: Date = r.get("decided_on");
                let valid_from: Option<Date> = r.get("valid_from");
                let valid_until: Option<Date> = r.get("valid_until");
                let registers: Value = r.get("registers");
                let mut controllers: Vec<String> = Vec::new();
                for reg in registers.as_array().into_iter().flatten() {
                    let c = reg["dataController"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned();
                    if !controllers.contains(&c) {
                        controllers.push(c);
                    }
                }
                let stored: Option<String> = r.get("permit_status");
                let today = tietolupa_domain::calendar::helsinki_date(OffsetDateTime::now_utc());
                let permit_status = match (stored, valid_until) {
                    (Some(s), Some(until)) if s == "ACTIVE" && until < today => {
                        Some("EXPIRED".to_owned())
                    }
                    (s, _) => s,
                };
                Fetched {
                    id: r.get("id"),
                    micros: r.get("decided_at_micros"),
                    permit_id: r.get("permit_id"),
                    node: Node {
                        diary_number: r.get("diary_number"),
                        decision_number: r.get("decision_number"),
                        decided_on: iso(decided_on),
                        kind: r.get("kind"),
                        outcome: r.get("outcome"),
                        purpose: r.get("purpose"),
                        title: r.get("title"),
                        public_summary: r.get("public_summary"),
                        holder: r.get("holder"),
                        data_controllers: controllers,
                        registers,
                        processing_environment: r.get("processing_environment"),
                        valid_from: valid_from.map(iso),
                        valid_until: valid_until.map(iso),
                        permit_status,
                        amends_diary_number: r.get("amends_diary_number"),
                        amendments: Vec::new(),
                    },
                }
            })
            .collect::<Vec<Fetched>>()
    };
}

async fn page(pool: &Pool, args: &PageArgs) -> Result<Value, sqlx::Error> {
    let first = args.first.unwrap_or(20).clamp(1, 100);
    let postgres = matches!(pool, Pool::Postgres(_));
    let mut conditions = Vec::new();
    let mut binds: Vec<Bind> = Vec::new();
    let placeholder = |k: usize| {
        if postgres {
            format!("${k}")
        } else {
            "?".to_owned()
        }
    };
    if let Some(kind) = &args.kind {
        binds.push(Bind::Text(kind.clone()));
        conditions.push(format!(r#""kind" = {}"#, placeholder(binds.len())));
    }
    if let Some(year) = args.year {
        binds.push(Bind::Int(year));
        conditions.push(format!(r#""decision_year" = {}"#, placeholder(binds.len())));
    }
    binds.push(Bind::Big(first + 1));
    let sql = format!(
        r#"SELECT {COLUMNS} FROM "published_decision"{} ORDER BY "decided_at_micros" DESC, "id" DESC LIMIT {}"#,
        if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        },
        placeholder(binds.len())
    );
    let mut fetched = run(pool, &sql, &binds).await?;
    let more = fetched.len() as i64 > first;
    fetched.truncate(first as usize);
    // The second statement: amendments of the permits on the page.
    let permits: Vec<Uuid> = fetched
        .iter()
        .filter(|f| f.node.kind != "AMENDMENT")
        .filter_map(|f| f.permit_id)
        .collect();
    if !permits.is_empty() {
        let list: Vec<String> = (1..=permits.len()).map(placeholder).collect();
        let sql = format!(
            r#"SELECT {COLUMNS} FROM "published_decision" WHERE "permit_id" IN ({}) AND "kind" = {} ORDER BY "decided_at_micros" ASC"#,
            list.join(", "),
            placeholder(permits.len() + 1)
        );
        let mut binds: Vec<Bind> = permits.iter().map(|id| Bind::Uuid(*id)).collect();
        binds.push(Bind::Text("AMENDMENT".to_owned()));
        let amendments = run(pool, &sql, &binds).await?;
        let mut by_permit: HashMap<Uuid, Vec<Amendment>> = HashMap::new();
        for a in amendments {
            if let Some(p) = a.permit_id {
                by_permit.entry(p).or_default().push(Amendment {
                    diary_number: a.node.diary_number,
                    decision_number: a.node.decision_number,
                    decided_on: a.node.decided_on,
                    outcome: a.node.outcome,
                });
            }
        }
        for f in &mut fetched {
            if f.node.kind != "AMENDMENT"
                && let Some(list) = f.permit_id.and_then(|p| by_permit.remove(&p))
            {
                f.node.amendments = list;
            }
        }
    }
    let cursor = |f: &Fetched| URL_SAFE_NO_PAD.encode(format!("published:{}:{}", f.micros, f.id));
    let end_cursor = fetched.last().map(cursor);
    let edges: Vec<Value> = fetched
        .into_iter()
        .map(|f| json!({ "cursor": cursor(&f), "node": f.node }))
        .collect();
    Ok(json!({ "data": { "publishedDecisions": {
        "edges": edges,
        "pageInfo": { "hasNextPage": more, "endCursor": end_cursor }
    } } }))
}

enum Bind {
    Text(String),
    Int(i32),
    Big(i64),
    Uuid(Uuid),
}

/// Binds and runs one statement on either engine.
macro_rules! bound {
    ($sql:expr, $binds:expr) => {{
        let mut q = sqlx::query(sqlx::AssertSqlSafe($sql.to_owned()));
        for b in $binds {
            q = match b {
                Bind::Text(t) => q.bind(t.clone()),
                Bind::Int(i) => q.bind(*i),
                Bind::Big(i) => q.bind(*i),
                Bind::Uuid(id) => q.bind(*id),
            };
        }
        q
    }};
}

async fn run(pool: &Pool, sql: &str, binds: &[Bind]) -> Result<Vec<Fetched>, sqlx::Error> {
    Ok(match pool {
        Pool::Postgres(p) => fetch_rows!(bound!(sql, binds).fetch_all(p).await?),
        Pool::Sqlite(p) => fetch_rows!(bound!(sql, binds).fetch_all(p).await?),
    })
}

async fn baseline_page(
    State(state): State<Arc<Baseline>>,
    Query(args): Query<PageArgs>,
) -> axum::response::Response {
    match page(&state.pool, &args).await {
        Ok(body) => (
            [(CONTENT_TYPE, "application/json")],
            serde_json::to_vec(&body).expect("serialise"),
        )
            .into_response(),
        Err(e) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn baseline_constant(State(state): State<Arc<Baseline>>) -> axum::response::Response {
    ([(CONTENT_TYPE, "application/json")], state.constant.clone()).into_response()
}

fn run_baseline_server(listen: &str, url: &str, connections: u32) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async move {
        let pool = if url.starts_with("postgres") {
            Pool::Postgres(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(connections)
                    .connect(url)
                    .await
                    .expect("connect"),
            )
        } else {
            Pool::Sqlite(
                sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(connections)
                    .connect(url)
                    .await
                    .expect("connect"),
            )
        };
        let first = PageArgs {
            kind: None,
            year: None,
            first: Some(50),
        };
        let constant = serde_json::to_vec(&page(&pool, &first).await.expect("a page"))
            .expect("serialise")
            .into();
        let state = Arc::new(Baseline { pool, constant });
        let app = Router::new()
            .route("/register", get(baseline_page))
            .route("/constant", get(baseline_constant))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind(listen).await.expect("bind");
        axum::serve(listener, app).await.expect("serve");
    });
}

// ---------------------------------------------------------------------------------------
// Driving it.

const QUERY: &str = "query Register($filter: PublishedDecisionFilter, $first: Int) { publishedDecisions(filter: $filter, first: $first) { edges { cursor node { diaryNumber decisionNumber decidedOn kind outcome purpose title publicSummary holder dataControllers registers { dataController dataControllerCode register } processingEnvironment validFrom validUntil permitStatus amendsDiaryNumber amendments { diaryNumber decisionNumber decidedOn outcome } } } pageInfo { hasNextPage endCursor } } }";

const FILTER_KIND: &str = "DATA_PERMIT";
const FILTER_YEAR: i32 = 2025;
/// The search variants: one whole word, and the same word being typed.
const SEARCH_WORD: &str = "diabetes";
const SEARCH_PREFIX: &str = "diab";

fn graphql_url(base: &str, filtered: bool) -> String {
    let variables = if filtered {
        json!({ "first": 50, "filter": { "kind": FILTER_KIND, "year": FILTER_YEAR } })
    } else {
        json!({ "first": 50 })
    };
    reqwest::Url::parse_with_params(
        &format!("{base}/graphql"),
        &[
            ("query", QUERY.to_owned()),
            ("variables", variables.to_string()),
        ],
    )
    .expect("a URL")
    .to_string()
}

/// `publishedDecisions(filter: { text }, first: 50)`: a search, most relevant first.
fn search_url(base: &str, text: &str) -> String {
    reqwest::Url::parse_with_params(
        &format!("{base}/graphql"),
        &[
            ("query", QUERY.to_owned()),
            (
                "variables",
                json!({ "first": 50, "filter": { "text": text } }).to_string(),
            ),
        ],
    )
    .expect("a URL")
    .to_string()
}

fn baseline_url(base: &str, filtered: bool) -> String {
    if filtered {
        reqwest::Url::parse_with_params(
            &format!("{base}/register"),
            &[
                ("first", "50".to_owned()),
                ("kind", FILTER_KIND.to_owned()),
                ("year", FILTER_YEAR.to_string()),
            ],
        )
        .expect("a URL")
        .to_string()
    } else {
        format!("{base}/register?first=50")
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn wait_ready(base: &str, path: &str) {
    let client = reqwest::blocking::Client::new();
    for _ in 0..600 {
        if client
            .get(format!("{base}{path}"))
            .send()
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{base}{path} never became ready");
}

fn product(url: &str, scratch: &Path, cache: bool) -> Server {
    let port = free_port();
    let data = scratch.join(if cache { "data-cache" } else { "data" });
    std::fs::create_dir_all(data.join("web")).expect("data dir");
    std::fs::write(data.join("web/index.html"), "<!doctype html>").expect("web shell");
    let log =
        std::fs::File::create(scratch.join(format!("server-cache-{cache}.log"))).expect("log");
    let child = Command::new(BINARY)
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TIETOLUPA_MODE", "dev")
        .env("TIETOLUPA_LISTEN", format!("127.0.0.1:{port}"))
        .env("TIETOLUPA_DATABASE_URL", url)
        .env("TIETOLUPA_DATA_DIR", &data)
        .env("TIETOLUPA_WEB_DIR", data.join("web"))
        .env("TIETOLUPA_DEMO_DECISIONS", "0")
        .env("TIETOLUPA_REGISTER_CACHE", cache.to_string())
        // Both caches on or both off: the cache-off server shows what a session costs when
        // every request reads its row.
        .env(
            "TIETOLUPA_SESSION_CACHE_SECONDS",
            if cache { "5" } else { "0" },
        )
        // One load generator on one address is all "anonymous traffic" here; the limiter
        // would answer most requests with 429.
        .env("TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "100000000")
        .env("TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST", "100000000")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start the server");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    wait_ready(&server.base, "/readyz");
    server
}

fn baseline(url: &str, connections: u32) -> Server {
    let port = free_port();
    let child = Command::new(std::env::current_exe().expect("this binary"))
        .args([
            "--baseline-server",
            &format!("127.0.0.1:{port}"),
            url,
            &connections.to_string(),
        ])
        .stdout(Stdio::null())
        .spawn()
        .expect("start the baseline");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    wait_ready(&server.base, "/constant");
    server
}

fn get_json(url: &str) -> Value {
    reqwest::blocking::get(url)
        .expect("a response")
        .json()
        .expect("JSON")
}

fn run_backend(
    name: &str,
    url: &str,
    scratch: &Path,
    n: usize,
    seconds: usize,
    connections: usize,
    pool: u32,
) -> Vec<String> {
    let mut out = Vec::new();
    let status = Command::new(BINARY)
        .arg("migrate")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TIETOLUPA_DATABASE_URL", url)
        .env("TIETOLUPA_DATA_DIR", scratch)
        .stderr(Stdio::null())
        .status()
        .expect("migrate");
    assert!(status.success(), "migrations apply");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let seeded = runtime.block_on(seed(url, n));
    eprintln!(
        "{name}: {n} decisions seeded in {:.1} s",
        seeded.as_secs_f64()
    );
    out.push(format!(
        "**{name}**: {n} published decisions seeded in {:.1} s (batches of 1,000 rows).\n",
        seeded.as_secs_f64()
    ));

    let base_server = baseline(url, pool);
    let mut results: Vec<(&str, Measured)> = Vec::new();
    let measure_with = |label: &'static str,
                        url: String,
                        headers: &[String],
                        results: &mut Vec<(&'static str, Measured)>| {
        wrk(&url, 2, connections, headers); // warm-up
        let r = wrk(&url, seconds, connections, headers);
        eprintln!(
            "{name} {label}: {:.0} req/s p50 {:.2} ms p99 {:.2} ms errors {} (load {})",
            r.rps,
            r.p50_ms,
            r.p99_ms,
            r.errors,
            load_average()
        );
        results.push((label, r));
    };
    let measure =
        |label: &'static str, url: String, results: &mut Vec<(&'static str, Measured)>| {
            measure_with(label, url, &[], results)
        };
    measure(
        "floor: constant JSON (axum)",
        format!("{}/constant", base_server.base),
        &mut results,
    );
    measure(
        "limit: axum + sqlx, unfiltered",
        baseline_url(&base_server.base, false),
        &mut results,
    );
    measure(
        "limit: axum + sqlx, filtered",
        baseline_url(&base_server.base, true),
        &mut results,
    );

    for cache in [false, true] {
        let server = product(url, scratch, cache);
        // The product and the baseline must give the same answer.
        for filtered in [false, true] {
            let ours = get_json(&graphql_url(&server.base, filtered));
            let theirs = get_json(&baseline_url(&base_server.base, filtered));
            assert_eq!(
                ours, theirs,
                "the baseline answers as the product does (filtered: {filtered})"
            );
            assert_eq!(
                ours["data"]["publishedDecisions"]["edges"]
                    .as_array()
                    .map(Vec::len),
                Some(50)
            );
        }
        let (unfiltered, filtered) = if cache {
            (
                "tietolupa, cache on, unfiltered",
                "tietolupa, cache on, filtered",
            )
        } else {
            (
                "tietolupa, cache off, unfiltered",
                "tietolupa, cache off, filtered",
            )
        };
        measure(unfiltered, graphql_url(&server.base, false), &mut results);
        measure(filtered, graphql_url(&server.base, true), &mut results);
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
                measure(label, search_url(&server.base, text), &mut results);
            }
            let (_, cookie) = signed_in_headers(&server.base);
            measure_with(
                "signed in: session cookie, session cache off, me",
                me_url(&server.base),
                &cookie,
                &mut results,
            );
        }
        if cache {
            // The same query signed in: the cost of the session cookie (the session cache,
            // which reads the row every 5 s) against a bearer token (a signature check).
            // Register cache on, so that the sign-in is a large part of the request.
            let (bearer, cookie) = signed_in_headers(&server.base);
            for (label, headers) in [
                ("signed in: bearer token, unfiltered", bearer.clone()),
                ("signed in: session cookie, unfiltered", cookie.clone()),
            ] {
                measure_with(
                    label,
                    graphql_url(&server.base, false),
                    &headers,
                    &mut results,
                );
            }
            for (label, headers) in [
                ("signed in: bearer token, me", bearer),
                ("signed in: session cookie, me", cookie),
            ] {
                measure_with(label, me_url(&server.base), &headers, &mut results);
            }
        }
    }
    drop(base_server);

    let find = |label: &str| {
        results
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, r)| *r)
            .unwrap_or_default()
    };
    out.push("| run | req/s | p50 ms | p99 ms | errors | vs. limit | vs. floor |".to_owned());
    out.push("|---|---:|---:|---:|---:|---:|---:|".to_owned());
    let floor = find("floor: constant JSON (axum)");
    for (label, r) in &results {
        let limit = if label.ends_with("filtered") && !label.ends_with("unfiltered") {
            find("limit: axum + sqlx, filtered")
        } else {
            find("limit: axum + sqlx, unfiltered")
        };
        let vs_limit = if label.starts_with("floor") {
            "".to_owned()
        } else {
            format!("{:.2} x", r.rps / limit.rps)
        };
        out.push(format!(
            "| {label} | {:.0} | {:.2} | {:.2} | {} | {vs_limit} | {:.2} x |",
            r.rps,
            r.p50_ms,
            r.p99_ms,
            r.errors,
            r.rps / floor.rps
        ));
    }
    out.push(String::new());
    let plain = find("tietolupa, cache off, unfiltered");
    for variant in ["one word", "prefix"] {
        let search = find(&format!("tietolupa, cache off, search: {variant}"));
        out.push(format!(
            "Search ({variant}) against the plain list, cache off: {:.2} x the throughput \
             (target at least 0.5 x), p99 {:.2} ms (target at most 25 ms).",
            search.rps / plain.rps,
            search.p99_ms
        ));
    }
    for query in ["unfiltered", "me"] {
        let bearer = find(&format!("signed in: bearer token, {query}"));
        let cookie = find(&format!("signed in: session cookie, {query}"));
        out.push(format!(
            "Session cookie against bearer token ({query}): {:.2} x the cost per request \
             (target at most 1.15 x).",
            bearer.rps / cookie.rps
        ));
    }
    out.push(format!(
        "Without the session cache (every request reads its session row), me: {:.2} x.",
        find("signed in: bearer token, me").rps
            / find("signed in: session cookie, session cache off, me").rps
    ));
    out.push(String::new());
    out
}

/// `{ me { id roles } }`: a query that costs little besides the sign-in.
fn me_url(base: &str) -> String {
    reqwest::Url::parse_with_params(
        &format!("{base}/graphql"),
        &[("query", "{ me { id roles } }")],
    )
    .expect("a URL")
    .to_string()
}

/// wrk headers for the demo handler, signed in once with a bearer token and once with a
/// session cookie (dev mode's `/dev/token` and `/dev/session`).
fn signed_in_headers(base: &str) -> (Vec<String>, Vec<String>) {
    let client = reqwest::blocking::Client::new();
    let token: Value = client
        .post(format!("{base}/dev/token"))
        .json(&json!({ "sub": "demo-handler-1", "roles": ["HANDLER"] }))
        .send()
        .expect("a token")
        .json()
        .expect("JSON");
    let token = token["token"].as_str().expect("a token").to_owned();
    let response = client
        .post(format!("{base}/dev/session"))
        .json(&json!({ "subject": "demo-handler-1" }))
        .send()
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
    (
        vec![format!("Authorization: Bearer {token}")],
        vec![
            format!("Cookie: {cookie}"),
            "X-Tietolupa-Csrf: 1".to_owned(),
        ],
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--baseline-server") {
        let connections = args.get(at + 3).and_then(|c| c.parse().ok()).unwrap_or(16);
        run_baseline_server(&args[at + 1], &args[at + 2], connections);
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
    let pg = std::env::var("REGISTER_BENCH_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let scratch: PathBuf =
        std::env::temp_dir().join(format!("register-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");

    let mut report = vec![
        "# Load: public register".to_owned(),
        String::new(),
        format!(
            "`publishedDecisions(first: 50)` over GET, wrk -t2 -c{connections} -d{seconds}s after a 2 s warm-up; filtered = kind {FILTER_KIND}, year {FILTER_YEAR}; search = text \"{SEARCH_WORD}\" and \"{SEARCH_PREFIX}\". Load average before: {}. CPUs: {}.",
            load_average(),
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(0)
        ),
        String::new(),
    ];

    // PostgreSQL: a database of its own, dropped afterwards.
    let database = "tietolupa_register_bench";
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let admin = format!("{pg}/postgres");
    runtime.block_on(async {
        let db = Database::connect(&admin)
            .await
            .expect("connect to PostgreSQL");
        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {database}"))
            .await
            .expect("drop");
        db.execute_unprepared(&format!("CREATE DATABASE {database}"))
            .await
            .expect("create");
        db.close().await.ok();
    });
    let pg_url = format!("{pg}/{database}");
    report.extend(run_backend(
        "PostgreSQL",
        &pg_url,
        &scratch,
        n,
        seconds,
        connections,
        tietolupa_store::DEFAULT_POSTGRES_CONNECTIONS,
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
        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            .await
            .ok();
        db.close().await.ok();
    });

    // REGISTER_BENCH_SQLITE=0 measures PostgreSQL only (a shorter run on a busy machine).
    let sqlite = !std::env::var("REGISTER_BENCH_SQLITE").is_ok_and(|v| v == "0");
    let sqlite_url = format!(
        "sqlite://{}?mode=rwc",
        scratch.join("register.db").display()
    );
    if sqlite {
        report.extend(run_backend(
            "SQLite",
            &sqlite_url,
            &scratch,
            n,
            seconds,
            connections,
            tietolupa_store::DEFAULT_SQLITE_CONNECTIONS,
        ));
    }
    report.push(format!("Load average after: {}.", load_average()));

    let _ = std::fs::remove_dir_all(&scratch);
    let text = report.join("\n");
    std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes()).expect("print");
    std::io::Write::write_all(&mut std::io::stdout(), b"\n").expect("print");
}
