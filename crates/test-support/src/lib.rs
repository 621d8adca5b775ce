//! The test harness: a real server on a random port over a fresh database, SQLite (a file
//! in a temporary directory) or PostgreSQL (a uniquely named database, dropped afterwards).
//!
//! `TIETOLUPA_TEST_POSTGRES_URL` names the PostgreSQL server's maintenance database
//! (default `postgres://postgres@127.0.0.1:5432/postgres`). PostgreSQL tests fail rather
//! than skip when it is unreachable.

mod database;
pub mod local_cluster;
pub mod logs;
pub mod oidc;
pub mod smtp;
mod tcp_proxy;
mod tokens;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tietolupa_config::Config;
use tietolupa_http::Application;
use tietolupa_store::Db;

pub use database::{Backend, TestDatabase};
pub use tcp_proxy::TcpProxy;
pub use tokens::{TEST_AUDIENCE, TEST_ISSUER, TestKey, sign_token};

/// Runs an `async fn(Backend)` test once on SQLite and once on PostgreSQL, as
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Backend::Postgres).await
                }
            }
        )+
    };
}

/// The repository's root, for fixtures and the checked-in schema.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Today in Finland, the date the server counts in. Differs from the UTC date for two or
/// three hours around midnight, so tests must not use `now_utc().date()`.
pub fn today_in_finland() -> time::Date {
    tietolupa_domain::calendar::helsinki_date(time::OffsetDateTime::now_utc())
}

pub fn fixture(relative: &str) -> PathBuf {
    repository_root().join("tests/fixtures").join(relative)
}

/// A running server and the means to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub client: reqwest::Client,
    /// A separate connection pool to the same database, for arranging and inspecting.
    pub db: Db,
    /// The server's own pool, e.g. to count the statements a request ran.
    pub server_db: Db,
    pub database: TestDatabase,
    pub data_dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The environment a test server starts with; tests may add or override variables.
pub fn test_environment(database: &TestDatabase, data_dir: &Path) -> Vec<(String, String)> {
    let web_dir = data_dir.join("web");
    std::fs::create_dir_all(&web_dir).expect("create the web fixture directory");
    std::fs::write(
        web_dir.join("index.html"),
        "<!doctype html><title>Tietolupa</title><div id=\"root\">web shell</div>",
    )
    .expect("write the web fixture");
    [
        ("TIETOLUPA_MODE", "dev".to_owned()),
        ("TIETOLUPA_LISTEN", "127.0.0.1:0".to_owned()),
        ("TIETOLUPA_DATABASE_URL", database.url().to_owned()),
        ("TIETOLUPA_DATA_DIR", data_dir.display().to_string()),
        ("TIETOLUPA_WEB_DIR", web_dir.display().to_string()),
        // Tests that need decisions make their own; an empty register is the baseline.
        ("TIETOLUPA_DEMO_DECISIONS", "0".to_owned()),
        // Likewise the demo users' cases and objections: empty queues are the baseline.
        ("TIETOLUPA_DEMO_CASES", "false".to_owned()),
        // Every test talks from 127.0.0.1 and many mint dozens of tokens; the rate-limit
        // tests set their own, low limits.
        (
            "TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE",
            "1000000".to_owned(),
        ),
        ("TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST", "1000000".to_owned()),
        (
            "TIETOLUPA_RATE_LIMIT_DEV_TOKEN_PER_MINUTE",
            "1000000".to_owned(),
        ),
        ("TIETOLUPA_RATE_LIMIT_DEV_TOKEN_BURST", "1000000".to_owned()),
        ("TIETOLUPA_AUTH_ISSUER", TEST_ISSUER.to_owned()),
        ("TIETOLUPA_AUTH_AUDIENCE", TEST_AUDIENCE.to_owned()),
        (
            "TIETOLUPA_AUTH_PUBLIC_KEYS",
            fixture("keys/trusted-public-keys.pem")
                .display()
                .to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

impl TestApp {
    /// A dev-mode server with the test identity provider's keys trusted.
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// As [`TestApp::spawn`], after `adjust` has edited the environment.
    pub async fn spawn_with(
        backend: Backend,
        adjust: impl FnOnce(&mut Vec<(String, String)>),
    ) -> TestApp {
        logs::install();
        let database = TestDatabase::create(backend).await;
        let data_dir = tempfile::tempdir().expect("create a data directory");
        let mut vars = test_environment(&database, data_dir.path());
        adjust(&mut vars);
        let config = Config::from_vars(vars).expect("valid test configuration");
        TestApp::start(config, database, data_dir).await
    }

    async fn start(config: Config, database: TestDatabase, data_dir: tempfile::TempDir) -> TestApp {
        let app = Application::build(&config)
            .await
            .expect("the test server starts");
        let address = format!("http://{}", app.local_addr());
        let server_db = app.db().clone();
        let server = tokio::spawn(async move {
            app.run_until(std::future::pending())
                .await
                .expect("server runs");
        });
        let db = Db::connect(database.url())
            .await
            .expect("connect to the test database");
        TestApp {
            address,
            client: reqwest::Client::new(),
            db,
            server_db,
            database,
            data_dir,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// POSTs a GraphQL request and returns the HTTP status and the JSON body.
    pub async fn graphql(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        self.graphql_in(token, None, query, variables).await
    }

    /// [`TestApp::graphql`] with an `Accept-Language`, as the web app sends its UI language.
    pub async fn graphql_in(
        &self,
        token: Option<&str>,
        language: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(language) = language {
            request = request.header("Accept-Language", language);
        }
        let response = request.send().await.expect("request reaches the server");
        let status = response.status().as_u16();
        let body = response.json().await.expect("a JSON body");
        (status, body)
    }

    /// The data of a GraphQL request that must succeed.
    pub async fn query_ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let (status, body) = self.graphql(token, query, variables).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// The `extensions.code` of the first error of a GraphQL request that must fail.
    pub async fn query_error_code(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> String {
        let (_, body) = self.graphql(token, query, variables).await;
        body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("expected an error with a code: {body}"))
            .to_owned()
    }

    /// A token from the development issuer for anyone: `sub`, roles and optionally a
    /// personal identity code (`hetu`).
    pub async fn dev_token(&self, subject: &str, roles: &[&str], hetu: Option<&str>) -> String {
        self.issue(json!({ "sub": subject, "roles": roles, "hetu": hetu }))
            .await
    }

    /// A token from the development issuer for a seeded demo user.
    pub async fn demo_token(&self, subject: &str) -> String {
        self.issue(json!({ "sub": subject })).await
    }

    async fn issue(&self, request: Value) -> String {
        let response = self
            .client
            .post(self.url("/dev/token"))
            .json(&request)
            .send()
            .await
            .expect("request reaches the server");
        assert_eq!(response.status(), 200, "dev token for {}", request["sub"]);
        let body: Value = response.json().await.expect("a JSON body");
        body["token"].as_str().expect("a token").to_owned()
    }
}
