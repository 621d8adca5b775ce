//! The servers under test and what the register bench asks them: the product
//! (`tietolupa serve`, cache on or off), the limit (`--baseline-server`, see `limit.rs`),
//! their URLs, and signing in for the signed-in runs.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use super::BINARY;

pub const QUERY: &str = "query Register($filter: PublishedDecisionFilter, $first: Int) { publishedDecisions(filter: $filter, first: $first) { edges { cursor node { diaryNumber decisionNumber decidedOn kind outcome purpose title publicSummary holder dataControllers registers { dataController dataControllerCode register } processingEnvironment validFrom validUntil permitStatus amendsDiaryNumber amendments { diaryNumber decisionNumber decidedOn outcome } } } pageInfo { hasNextPage endCursor } } }";

pub const FILTER_KIND: &str = "DATA_PERMIT";
pub const FILTER_YEAR: i32 = 2025;
/// The search variants: one whole word, and the same word being typed.
pub const SEARCH_WORD: &str = "diabetes";
pub const SEARCH_PREFIX: &str = "diab";

pub fn graphql_url(base: &str, filtered: bool) -> String {
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
pub fn search_url(base: &str, text: &str) -> String {
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

pub fn baseline_url(base: &str, filtered: bool) -> String {
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

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

pub fn wait_ready(base: &str, path: &str) {
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

pub fn product(url: &str, scratch: &Path, cache: bool) -> Server {
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

pub fn baseline(url: &str, connections: u32) -> Server {
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

pub fn get_json(url: &str) -> Value {
    reqwest::blocking::get(url)
        .expect("a response")
        .json()
        .expect("JSON")
}

/// `{ me { id roles } }`: a query that costs little besides the sign-in.
pub fn me_url(base: &str) -> String {
    reqwest::Url::parse_with_params(
        &format!("{base}/graphql"),
        &[("query", "{ me { id roles } }")],
    )
    .expect("a URL")
    .to_string()
}

/// wrk headers for the demo handler, signed in once with a bearer token and once with a
/// session cookie (dev mode's `/dev/token` and `/dev/session`).
pub fn signed_in_headers(base: &str) -> (Vec<String>, Vec<String>) {
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
