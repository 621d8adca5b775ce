//! The peer: PostGraphile 4.14 (`benches/postgraphile/`), the GraphQL server generated
//! from a PostgreSQL schema that a team would otherwise pick, on the same database.
//!
//! It reads the schema `register_peer`: a view over the product's `published_decision`
//! that presents the fields as the product's register does (the permit status as of the
//! Finnish date, the data controllers each once in order of first appearance) and a
//! computed column `amendments` (a `STABLE` SQL function, which PostGraphile inlines into
//! its one statement per request). So PostGraphile computes what the product computes,
//! from the same table and indexes, and answers the same rows in the same order.
//!
//! PostGraphile 4 accepts GraphQL over POST only: it is measured with POST requests (a
//! wrk Lua script), the product and the limit with GET.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use super::servers::{FILTER_KIND, FILTER_YEAR, Server, free_port};
use super::wrk::{self, Measured};

/// The view and the computed column, created in the bench database after seeding.
pub const SCHEMA: &str = r#"
DROP SCHEMA IF EXISTS register_peer CASCADE;
CREATE SCHEMA register_peer;
CREATE VIEW register_peer.published_decision AS
SELECT d.id, d.decided_at_micros, d.decision_year, d.permit_id,
       d.diary_number, d.decision_number, d.decided_on, d.kind, d.outcome, d.purpose,
       d.title, d.public_summary, d.holder,
       ARRAY(SELECT c FROM (SELECT e.r->>'dataController' AS c, min(e.o) AS o
                            FROM json_array_elements(d.registers::json) WITH ORDINALITY AS e(r, o)
                            GROUP BY 1) s
             ORDER BY s.o) AS data_controllers,
       d.registers::json AS registers,
       d.processing_environment, d.valid_from, d.valid_until,
       CASE WHEN d.permit_status = 'ACTIVE'
                 AND d.valid_until < (now() AT TIME ZONE 'Europe/Helsinki')::date
            THEN 'EXPIRED' ELSE d.permit_status END AS permit_status,
       d.amends_diary_number
FROM public.published_decision d;
CREATE FUNCTION register_peer.published_decision_amendments(d register_peer.published_decision)
RETURNS SETOF register_peer.published_decision LANGUAGE sql STABLE AS $$
  SELECT a.* FROM register_peer.published_decision a
  WHERE d.kind <> 'AMENDMENT' AND a.permit_id = d.permit_id AND a.kind = 'AMENDMENT'
  ORDER BY a.decided_at_micros
$$;
COMMENT ON FUNCTION register_peer.published_decision_amendments(register_peer.published_decision)
  IS E'@simpleCollections only';
"#;

/// The product's full register query, as PostGraphile spells it: the same fields, the
/// same order (newest first, then by id), `registers` as the JSON it is stored as.
const QUERY: &str = "query Register($first: Int, $condition: PublishedDecisionCondition) { allPublishedDecisions(first: $first, orderBy: [DECIDED_AT_MICROS_DESC, ID_DESC], condition: $condition) { edges { cursor node { diaryNumber decisionNumber decidedOn kind outcome purpose title publicSummary holder dataControllers registers processingEnvironment validFrom validUntil permitStatus amendsDiaryNumber amendments: amendmentsList { diaryNumber decisionNumber decidedOn outcome } } } pageInfo { hasNextPage endCursor } } }";

/// The request body for the unfiltered or the filtered (kind, year) page of 50.
pub fn body(filtered: bool) -> String {
    let variables = if filtered {
        json!({ "first": 50, "condition": { "kind": FILTER_KIND, "decisionYear": FILTER_YEAR } })
    } else {
        json!({ "first": 50 })
    };
    json!({ "query": QUERY, "variables": variables }).to_string()
}

/// `benches/postgraphile`, where `just bench` has run `npm ci`.
pub fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/postgraphile")
}

/// Why PostGraphile cannot run here, if it cannot.
pub fn missing() -> Option<String> {
    if !folder().join("node_modules/postgraphile").is_dir() {
        return Some(format!(
            "PostGraphile is not installed (npm ci in {})",
            folder().display()
        ));
    }
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => None,
        _ => Some("node is missing".to_owned()),
    }
}

/// Starts PostGraphile over `url` with `workers` cluster workers and waits until it
/// answers a query.
pub fn start(url: &str, workers: usize, log: &Path) -> Server {
    let port = free_port();
    let log = std::fs::File::create(log).expect("PostGraphile's log");
    let child = Command::new("node")
        .arg("start.js")
        .current_dir(folder())
        .env("DATABASE_URL", url)
        .env("PORT", port.to_string())
        .env("WORKERS", workers.to_string())
        .stdout(log.try_clone().expect("the log"))
        .stderr(log)
        .stdin(Stdio::null())
        .spawn()
        .expect("start PostGraphile");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..600 {
        if post(&server.base, &body(false))
            .is_some_and(|v| v["data"]["allPublishedDecisions"].is_object())
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("PostGraphile never answered at {}", server.base);
}

/// POSTs `body` to `/graphql` and reads the JSON answer.
pub fn post(base: &str, body: &str) -> Option<Value> {
    reqwest::blocking::Client::new()
        .post(format!("{base}/graphql"))
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .ok()?
        .json()
        .ok()
}

/// The nodes of an answer, with the fields both servers give, named as the product names
/// them: what must be equal, row for row, before anything is measured.
pub fn nodes(answer: &Value) -> Vec<Value> {
    let connection = answer["data"]
        .as_object()
        .and_then(|d| d.values().next())
        .cloned()
        .unwrap_or(Value::Null);
    connection["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default()
}

/// A wrk script (written to `scratch`) that POSTs `body` as JSON.
pub fn script(body: &str, scratch: &Path) -> PathBuf {
    let script = scratch.join("post.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = {}\n",
            lua_string(body)
        ),
    )
    .expect("the wrk script");
    script
}

/// A wrk command run to its end: what it measured, and how many requests it completed.
pub fn run(mut command: Command) -> (Measured, u64) {
    let output = command.output().expect("run wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    (wrk::parse(&text), requests(&text))
}

/// wrk's "N requests in 10.00s, ..." line.
fn requests(text: &str) -> u64 {
    text.lines()
        .find_map(|l| {
            let (n, rest) = l.trim().split_once(' ')?;
            rest.starts_with("requests in").then(|| n.parse().ok())?
        })
        .unwrap_or(0)
}

/// `text` as a Lua string literal.
fn lua_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
