//! The limit: a bare axum + sqlx server (`register --baseline-server LISTEN URL POOL`, not
//! part of the product) that answers `/register?first=50[&kind=..&year=..]` with the same
//! rows and the same JSON as the product's `publishedDecisions(first: 50)` with every field
//! of the list, at what that work costs and no more:
//!
//! - the product's two statements (the page, then the amendments of its permits), each
//!   text fixed once and prepared once per connection (on PostgreSQL the permits are one
//!   `uuid[]` parameter, so one statement serves every page), reading only the columns
//!   the answer needs;
//! - rows decoded by position into plain structs, `registers` straight into structs;
//! - the answer serialised once, with serde, from those structs into one `Vec<u8>`;
//! - a multi-threaded tokio runtime, and a pool that does not ping a connection before
//!   each use (sqlx's default `test_before_acquire` costs a round trip per statement).
//!
//! `/constant` answers a page's JSON from memory: the floor of axum and the network.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sqlx::{self, Row};
use serde::{Deserialize, Serialize, Serializer};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(Clone)]
enum Pool {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

struct Limit {
    pool: Pool,
    constant: axum::body::Bytes,
}

#[derive(Deserialize)]
struct PageArgs {
    kind: Option<String>,
    year: Option<i32>,
    first: Option<i64>,
}

/// A date as GraphQL's `Date` writes it: `2025-03-01`.
#[derive(Clone, Copy)]
struct Day(Date);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Register<'r> {
    #[serde(borrow)]
    data_controller: Cow<'r, str>,
    #[serde(borrow)]
    data_controller_code: Cow<'r, str>,
    #[serde(borrow)]
    register: Cow<'r, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Amendment<'r> {
    diary_number: &'r str,
    decision_number: &'r str,
    decided_on: Day,
    outcome: &'r str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Node<'r> {
    diary_number: &'r str,
    decision_number: &'r str,
    decided_on: Day,
    kind: &'r str,
    outcome: &'r str,
    purpose: Option<&'r str>,
    title: &'r str,
    public_summary: &'r str,
    holder: &'r str,
    data_controllers: Vec<Cow<'r, str>>,
    registers: Vec<Register<'r>>,
    processing_environment: Option<&'r str>,
    valid_from: Option<Day>,
    valid_until: Option<Day>,
    permit_status: Option<&'r str>,
    amends_diary_number: Option<&'r str>,
    amendments: Vec<Amendment<'r>>,
}

#[derive(Serialize)]
struct Edge<'r> {
    cursor: String,
    node: Node<'r>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Connection<'r> {
    edges: Vec<Edge<'r>>,
    page_info: PageInfo,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'r> {
    published_decisions: Connection<'r>,
}

#[derive(Serialize)]
struct Answer<'r> {
    data: Data<'r>,
}

/// The page's columns, in the order [`decode`] reads them.
const PAGE_COLUMNS: &str = r#""id", "decided_at_micros", "permit_id", "diary_number", "decision_number", "decided_on", "kind", "outcome", "purpose", "title", "public_summary", "holder", "registers", "processing_environment", "valid_from", "valid_until", "permit_status", "amends_diary_number""#;
const ORDER: &str = r#"ORDER BY "decided_at_micros" DESC, "id" DESC"#;

/// The statements' texts, built once.
struct Statements {
    all: String,
    filtered: String,
    amendments_pg: String,
}

fn statements(postgres: bool) -> Statements {
    let p = |k: usize| {
        if postgres {
            format!("${k}")
        } else {
            "?".to_owned()
        }
    };
    Statements {
        all: format!(
            r#"SELECT {PAGE_COLUMNS} FROM "published_decision" {ORDER} LIMIT {}"#,
            p(1)
        ),
        filtered: format!(
            r#"SELECT {PAGE_COLUMNS} FROM "published_decision" WHERE "kind" = {} AND "decision_year" = {} {ORDER} LIMIT {}"#,
            p(1),
            p(2),
            p(3)
        ),
        amendments_pg: r#"SELECT "permit_id", "diary_number", "decision_number", "decided_on", "outcome" FROM "published_decision" WHERE "permit_id" = ANY($1) AND "kind" = 'AMENDMENT' ORDER BY "decided_at_micros" ASC"#.to_owned(),
    }
}

/// SQLite binds no arrays: its amendments statement has one placeholder per permit.
fn amendments_sqlite(permits: usize) -> String {
    let mut marks = "?, ".repeat(permits);
    marks.truncate(marks.len().saturating_sub(2));
    format!(
        r#"SELECT "permit_id", "diary_number", "decision_number", "decided_on", "outcome" FROM "published_decision" WHERE "permit_id" IN ({marks}) AND "kind" = 'AMENDMENT' ORDER BY "decided_at_micros" ASC"#
    )
}

struct Fetched<'r> {
    id: Uuid,
    micros: i64,
    permit_id: Option<Uuid>,
    node: Node<'r>,
}

/// One page row, by position (see [`PAGE_COLUMNS`]), its text borrowed from the row; the
/// permit status as of `today`.
macro_rules! decode {
    ($r:expr, $today:expr) => {{
        let r = $r;
        let sqlx::types::Json(registers): sqlx::types::Json<Vec<Register>> = r.try_get(12)?;
        let mut data_controllers: Vec<Cow<str>> = Vec::with_capacity(registers.len());
        for reg in &registers {
            if !data_controllers.contains(&reg.data_controller) {
                // A copy of a borrowed name is a pointer: text is copied only if it held
                // an escape.
                data_controllers.push(reg.data_controller.clone());
            }
        }
        let valid_until: Option<Date> = r.try_get(15)?;
        let stored: Option<&str> = r.try_get(16)?;
        let permit_status = match (stored, valid_until) {
            (Some("ACTIVE"), Some(until)) if $today > until => Some("EXPIRED"),
            (s, _) => s,
        };
        Fetched {
            id: r.try_get(0)?,
            micros: r.try_get(1)?,
            permit_id: r.try_get(2)?,
            node: Node {
                diary_number: r.try_get(3)?,
                decision_number: r.try_get(4)?,
                decided_on: Day(r.try_get(5)?),
                kind: r.try_get(6)?,
                outcome: r.try_get(7)?,
                purpose: r.try_get(8)?,
                title: r.try_get(9)?,
                public_summary: r.try_get(10)?,
                holder: r.try_get(11)?,
                data_controllers,
                registers,
                processing_environment: r.try_get(13)?,
                valid_from: r.try_get::<Option<Date>, _>(14)?.map(Day),
                valid_until: valid_until.map(Day),
                permit_status,
                amends_diary_number: r.try_get(17)?,
                amendments: Vec::new(),
            },
        }
    }};
}

/// One amendment row: (permit, amendment).
macro_rules! decode_amendment {
    ($r:expr) => {{
        let r = $r;
        let permit: Uuid = r.try_get(0)?;
        let amendment = Amendment {
            diary_number: r.try_get(1)?,
            decision_number: r.try_get(2)?,
            decided_on: Day(r.try_get(3)?),
            outcome: r.try_get(4)?,
        };
        (permit, amendment)
    }};
}

/// The whole answer, on one engine: `$rows` runs the page statement, `$amendments(permits)`
/// the amendments'; the JSON is written from structs that borrow the rows' text.
macro_rules! answer {
    ($first:expr, $today:expr, $rows:expr, $amendments:expr) => {{
        let first: i64 = $first;
        let rows = $rows;
        let mut fetched: Vec<Fetched> = Vec::with_capacity(rows.len());
        for r in rows.iter().take(first as usize) {
            fetched.push(decode!(r, $today));
        }
        let more = rows.len() as i64 > first;
        // The amendments of the permits on the page, oldest first.
        let permits: Vec<Uuid> = fetched
            .iter()
            .filter(|f| f.node.kind != "AMENDMENT")
            .filter_map(|f| f.permit_id)
            .collect();
        let amendment_rows = if permits.is_empty() {
            Vec::new()
        } else {
            $amendments(permits).await?
        };
        let mut by_permit: HashMap<Uuid, Vec<Amendment>> = HashMap::new();
        for r in &amendment_rows {
            let (permit, amendment) = decode_amendment!(r);
            by_permit.entry(permit).or_default().push(amendment);
        }
        for f in &mut fetched {
            if f.node.kind != "AMENDMENT"
                && let Some(list) = f.permit_id.and_then(|p| by_permit.remove(&p))
            {
                f.node.amendments = list;
            }
        }
        let cursor =
            |f: &Fetched| URL_SAFE_NO_PAD.encode(format!("published:{}:{}", f.micros, f.id));
        let end_cursor = fetched.last().map(cursor);
        let edges: Vec<Edge> = fetched
            .into_iter()
            .map(|f| Edge {
                cursor: cursor(&f),
                node: f.node,
            })
            .collect();
        let answer = Answer {
            data: Data {
                published_decisions: Connection {
                    edges,
                    page_info: PageInfo {
                        has_next_page: more,
                        end_cursor,
                    },
                },
            },
        };
        let mut body = Vec::with_capacity(64 * 1024);
        serde_json::to_writer(&mut body, &answer).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        body
    }};
}

async fn page(
    pool: &Pool,
    statements: &Statements,
    args: &PageArgs,
) -> Result<Vec<u8>, sqlx::Error> {
    let first = args.first.unwrap_or(20).clamp(1, 100);
    let today = tietolupa_domain::calendar::helsinki_date(OffsetDateTime::now_utc());
    let filter = args.kind.as_deref().zip(args.year);
    let sql = if filter.is_some() {
        &statements.filtered
    } else {
        &statements.all
    };
    macro_rules! page_query {
        () => {{
            let q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            match filter {
                Some((kind, year)) => q.bind(kind).bind(year).bind(first + 1),
                None => q.bind(first + 1),
            }
        }};
    }
    Ok(match pool {
        Pool::Postgres(p) => answer!(
            first,
            today,
            page_query!().fetch_all(p).await?,
            |permits: Vec<Uuid>| {
                sqlx::query(sqlx::AssertSqlSafe(statements.amendments_pg.as_str()))
                    .bind(permits)
                    .fetch_all(p)
            }
        ),
        Pool::Sqlite(p) => answer!(
            first,
            today,
            page_query!().fetch_all(p).await?,
            |permits: Vec<Uuid>| {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(amendments_sqlite(permits.len())));
                for id in permits {
                    q = q.bind(id);
                }
                q.fetch_all(p)
            }
        ),
    })
}

struct App {
    limit: Limit,
    statements: Statements,
}

async fn register(State(app): State<Arc<App>>, Query(args): Query<PageArgs>) -> Response {
    match page(&app.limit.pool, &app.statements, &args).await {
        Ok(body) => ([(CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn constant_page(State(app): State<Arc<App>>) -> Response {
    (
        [(CONTENT_TYPE, "application/json")],
        app.limit.constant.clone(),
    )
        .into_response()
}

/// Serves the limit on `listen` over the database at `url` with a pool of `connections`.
pub fn serve(listen: &str, url: &str, connections: u32) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        let pool = if url.starts_with("postgres") {
            Pool::Postgres(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(connections)
                    // Its connections close soon after its runs, leaving PostgreSQL's
                    // connection slots to the servers measured after it.
                    .idle_timeout(std::time::Duration::from_secs(5))
                    .test_before_acquire(false)
                    .connect(url)
                    .await
                    .expect("connect"),
            )
        } else {
            Pool::Sqlite(
                sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(connections)
                    .test_before_acquire(false)
                    .connect(url)
                    .await
                    .expect("connect"),
            )
        };
        let statements = statements(matches!(pool, Pool::Postgres(_)));
        let first = PageArgs {
            kind: None,
            year: None,
            first: Some(50),
        };
        let constant = page(&pool, &statements, &first)
            .await
            .expect("a page")
            .into();
        let app = Arc::new(App {
            limit: Limit { pool, constant },
            statements,
        });
        let router = Router::new()
            .route("/register", get(register))
            .route("/constant", get(constant_page))
            .with_state(app);
        let listener = tokio::net::TcpListener::bind(listen).await.expect("bind");
        axum::serve(listener, router).await.expect("serve");
    });
}
