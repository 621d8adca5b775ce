//! A real SMTP server for tests: `tests/servers/smtp-server.mjs` (npm `smtp-server`) on a
//! loopback port, started by the test and killed when dropped.
//!
//! Every message it accepts is kept as a [`ReceivedMail`]; [`SmtpServer::wait_for`] waits
//! until enough have arrived, so tests never sleep and then assert.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::Notify;

/// How long the server may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A message as the SMTP server received it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedMail {
    /// The `Message-ID` header, with its angle brackets.
    pub message_id: Option<String>,
    /// The envelope sender (MAIL FROM).
    pub from: Option<String>,
    /// The envelope recipients (RCPT TO).
    pub to: Vec<String>,
    pub subject: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    /// Every header by its lower-case name.
    pub headers: BTreeMap<String, String>,
}

impl ReceivedMail {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

#[derive(Default)]
struct Inbox {
    messages: Mutex<Vec<ReceivedMail>>,
    arrived: Notify,
}

/// A running SMTP server; its messages stay readable after [`SmtpServer::stop`].
pub struct SmtpServer {
    port: u16,
    child: Option<Child>,
    inbox: Arc<Inbox>,
}

#[derive(Deserialize)]
struct Ready {
    port: u16,
}

impl SmtpServer {
    /// Starts a server on a free port.
    pub async fn start() -> SmtpServer {
        SmtpServer::launch(0, None).await
    }

    /// Starts a server on `port`, e.g. again on the port of one that was stopped.
    pub async fn start_on(port: u16) -> SmtpServer {
        SmtpServer::launch(port, None).await
    }

    /// Starts a server on a free port that requires AUTH with this user and password.
    pub async fn start_with_auth(user: &str, password: &str) -> SmtpServer {
        SmtpServer::launch(0, Some(format!("{user}:{password}"))).await
    }

    async fn launch(port: u16, auth: Option<String>) -> SmtpServer {
        let script = crate::repository_root().join("tests/servers/smtp-server.mjs");
        let mut command = Command::new("node");
        command
            .arg(&script)
            .arg("--port")
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if let Some(auth) = auth {
            command.arg("--auth").arg(auth);
        }
        let mut child = command.spawn().unwrap_or_else(|e| {
            panic!(
                "start {} with node (run `just servers-deps`): {e}",
                script.display()
            )
        });
        let stdout = child.stdout.take().expect("the server's stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let first = tokio::time::timeout(START_TIMEOUT, lines.next_line())
            .await
            .expect("the SMTP server starts in time")
            .expect("read the SMTP server's output")
            .expect("the SMTP server prints its port (is tests/servers/node_modules installed?)");
        let ready: Ready = serde_json::from_str(&first)
            .unwrap_or_else(|e| panic!("the SMTP server's first line {first:?}: {e}"));
        let inbox = Arc::new(Inbox::default());
        let reader = inbox.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                let mail: ReceivedMail = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("a message line {line:?}: {e}"));
                reader
                    .messages
                    .lock()
                    .expect("the inbox lock is not poisoned")
                    .push(mail);
                reader.arrived.notify_waiters();
            }
        });
        SmtpServer {
            port: ready.port,
            child: Some(child),
            inbox,
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every message received so far, in order of arrival.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.inbox
            .messages
            .lock()
            .expect("the inbox lock is not poisoned")
            .clone()
    }

    /// Waits until at least `n` messages have arrived and returns all of them; panics
    /// with what did arrive when `timeout` passes first.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let waited = tokio::time::timeout(timeout, async {
            loop {
                // Registered before the check, so an arrival in between is not missed.
                let arrived = self.inbox.arrived.notified();
                let messages = self.messages();
                if messages.len() >= n {
                    return messages;
                }
                arrived.await;
            }
        })
        .await;
        match waited {
            Ok(messages) => messages,
            Err(_) => panic!(
                "expected {n} messages within {timeout:?}, got {}: {:#?}",
                self.messages().len(),
                self.messages()
            ),
        }
    }

    /// Kills the server and waits until it has exited, so its port is free again.
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.ok();
        }
    }
}
