//! What the streaming benchmarks (`cohort_filter`, `preparation`) share: the server under
//! test as a child process, and reading what curl wrote.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// `tietolupa serve` pinned to the machine's 2 cores, signed in as one demo user, stopped
/// (SIGTERM, so it shuts down as in production) when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub token: String,
}

impl Server {
    /// Starts `binary serve` with only `env` (and PATH) on a free loopback port and waits up
    /// to 30 s for `/readyz`; `user` is the demo user whose dev token requests carry.
    pub async fn start(binary: &str, env: &[(String, String)], user: &str) -> Server {
        Server::start_with_stderr(binary, env, user, Stdio::inherit()).await
    }

    /// [`Server::start`] with the server's stderr (its log) sent to `stderr`.
    pub async fn start_with_stderr(
        binary: &str,
        env: &[(String, String)],
        user: &str,
        stderr: Stdio,
    ) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut server = Command::new("taskset");
        server.args(["-c", "0,1", binary, "serve"]);
        server
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env {
            server.env(k, v);
        }
        server.env("TIETOLUPA_LISTEN", format!("127.0.0.1:{port}"));
        let child = server
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("start the server");
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let mut ready = false;
        for _ in 0..300 {
            if client.get(format!("{base}/readyz")).send().await.is_ok() {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ready, "the server starts");
        let token: serde_json::Value = client
            .post(format!("{base}/dev/token"))
            .json(&serde_json::json!({ "sub": user }))
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("token JSON");
        let token = token["token"].as_str().expect("a token").to_owned();
        Server { child, base, token }
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

pub fn count_lines(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("read the output");
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// A streaming response ends in a `# {json}` summary line; the run must have completed.
pub fn assert_completed(response_path: &Path) {
    let body = std::fs::read(response_path).expect("read the response");
    let summary = body
        .trim_ascii_end()
        .rsplit(|&b| b == b'\n')
        .next()
        .unwrap_or_default();
    let completed = b"\"completed\":true";
    assert!(
        summary.starts_with(b"# ") && summary.windows(completed.len()).any(|w| w == completed),
        "the response ends with the summary of a completed run"
    );
}
