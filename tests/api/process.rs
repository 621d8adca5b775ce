//! The real `tietolupa` binary as a child process, for the tests that kill it, restart it
//! or run several instances side by side.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tietolupa_test_support::{TestDatabase, test_environment};

/// A server process; killed (SIGKILL) when dropped, so a failing test leaves none behind.
pub struct Server {
    child: std::sync::Mutex<Option<Child>>,
    pub address: String,
    pub log: PathBuf,
    pub client: reqwest::Client,
}

/// The binary with only the variables a test gives it.
pub fn tietolupa() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tietolupa"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

/// The environment of a test server over `database` with `data_dir`, plus `extra`.
pub fn environment(
    database: &TestDatabase,
    data_dir: &Path,
    extra: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut vars = test_environment(database, data_dir);
    for (name, value) in extra {
        vars.retain(|(n, _)| n != name);
        vars.push(((*name).to_owned(), (*value).to_owned()));
    }
    vars
}

/// Runs a one-shot subcommand (`audit verify`, `migrate`, ...) against the same setup.
pub fn run(vars: &[(String, String)], args: &[&str]) -> std::process::Output {
    let mut command = tietolupa();
    command.args(args).envs(vars.iter().map(|(k, v)| (k, v)));
    command.output().expect("the binary runs")
}

/// `tietolupa audit verify` must pass; returns its report line.
pub fn audit_verify(vars: &[(String, String)]) -> String {
    let output = run(vars, &["audit", "verify"]);
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("intact"), "{stdout}");
    stdout
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Starts `tietolupa serve` on a free port and waits until `/readyz` answers 200.
    /// Its log goes to `log_name` in `data_dir`'s parent (appended across restarts).
    pub async fn start(vars: &[(String, String)], log: &Path) -> Server {
        let port = free_port();
        let output = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let mut command = tietolupa();
        command
            .arg("serve")
            .envs(vars.iter().map(|(k, v)| (k, v)))
            .env("TIETOLUPA_LISTEN", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(output);
        let child = command.spawn().expect("the server starts");
        let server = Server {
            child: std::sync::Mutex::new(Some(child)),
            address: format!("http://127.0.0.1:{port}"),
            log: log.to_owned(),
            client: reqwest::Client::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(response) = server.client.get(server.url("/readyz")).send().await
                && response.status() == 200
            {
                return server;
            }
            let exited = server.child.lock().unwrap().as_mut().unwrap().try_wait();
            if let Some(status) = exited.unwrap() {
                panic!("the server exited with {status}: {}", server.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "the server was not ready within 60 s: {}",
                server.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no graceful shutdown, no flush, in-flight requests cut off.
    pub fn kill(&self) {
        if let Some(mut child) = self.child.lock().unwrap().take() {
            child.kill().expect("SIGKILL the server");
            child.wait().expect("reap the server");
        }
    }

    pub async fn token(&self, request: Value) -> String {
        let response = self
            .client
            .post(self.url("/dev/token"))
            .json(&request)
            .send()
            .await
            .expect("the dev issuer answers");
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn demo_token(&self, subject: &str) -> String {
        self.token(json!({ "sub": subject })).await
    }

    /// A GraphQL request: the data, or the first error's code (or the transport error).
    pub async fn graphql(
        &self,
        token: &str,
        query: &str,
        variables: Value,
    ) -> Result<Value, String> {
        let response = self
            .client
            .post(self.url("/graphql"))
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .map_err(|e| format!("transport: {e}"))?;
        let status = response.status().as_u16();
        let body: Value = response
            .json()
            .await
            .map_err(|e| format!("transport: {e}"))?;
        match body["errors"][0]["extensions"]["code"].as_str() {
            Some(code) => Err(code.to_owned()),
            None if status == 200 && body.get("errors").is_none() => Ok(body["data"].clone()),
            None => Err(format!("HTTP {status}: {body}")),
        }
    }

    /// The ids of the data sources `thl-hilmo` and `kela-prescriptions` and of the
    /// processing environment Kapseli, as `cases::permit_input` takes them.
    pub async fn catalogue_ids(&self, token: &str) -> ([String; 2], String) {
        let data = self
            .graphql_ok(
                token,
                "{ dataControllers { sources { id code } } processingEnvironments { id name } }",
                json!({}),
            )
            .await;
        catalogue_ids_in(&data)
    }

    /// Uploads `bytes` as an attachment of a draft; returns its download path.
    pub async fn upload(
        &self,
        token: &str,
        application_id: &Value,
        name: &str,
        bytes: &[u8],
    ) -> String {
        let operations = json!({
            "query": "mutation($id: UUID!, $file: Upload!) { uploadAttachment(applicationId: $id, kind: OTHER, file: $file) { downloadUrl } }",
            "variables": { "id": application_id, "file": null }
        });
        let form = reqwest::multipart::Form::new()
            .text("operations", operations.to_string())
            .text("map", json!({ "0": ["variables.file"] }).to_string())
            .part(
                "0",
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
            );
        let body: Value = self
            .client
            .post(self.url("/graphql"))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["data"]["uploadAttachment"]["downloadUrl"]
            .as_str()
            .unwrap_or_else(|| panic!("upload failed: {body}"))
            .to_owned()
    }

    /// `verifyAuditLog` as the demo auditor must say intact; returns how many entries
    /// it checked.
    pub async fn verify_audit_log(&self) -> i64 {
        let auditor = self.demo_token("demo-auditor").await;
        let verification = self
            .graphql_ok(&auditor, "{ verifyAuditLog { intact checked } }", json!({}))
            .await["verifyAuditLog"]
            .clone();
        assert_eq!(verification["intact"], true, "{verification}");
        verification["checked"].as_i64().unwrap()
    }

    pub async fn graphql_ok(&self, token: &str, query: &str, variables: Value) -> Value {
        self.graphql(token, query, variables)
            .await
            .unwrap_or_else(|e| panic!("{query}: {e}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The ids of `thl-hilmo`, `kela-prescriptions` and Kapseli in the answer to
/// `{ dataControllers { sources { id code } } processingEnvironments { id name } }`.
pub fn catalogue_ids_in(data: &Value) -> ([String; 2], String) {
    let source = |code: &str| {
        data["dataControllers"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["sources"].as_array().unwrap())
            .find(|s| s["code"] == code)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let environment = data["processingEnvironments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Kapseli")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (
        [source("thl-hilmo"), source("kela-prescriptions")],
        environment,
    )
}
