//! A real OpenID provider for tests: `tests/servers/oidc-provider.mjs` (the npm
//! `oidc-provider`) on a loopback port, started by the test and killed when dropped.
//!
//! It has the confidential clients `tietolupa-staff`, `tietolupa-applicant` and
//! `tietolupa-citizen` (secret `test-secret-<kind>`, `client_secret_basic`, PKCE required)
//! and the demo users `handler`, `director`, `auditor`, `clerk`, `applicant`, `citizen` and
//! `badcitizen`, all with the password [`PASSWORD`]. See tests/servers/README.md for their
//! claims.
//!
//! The ports of loopback redirect URIs are not compared (RFC 8252 §7.3), so a test may
//! start the provider with `http://127.0.0.1/auth/callback` before its server has a port.

use std::path::PathBuf;
use std::process::Stdio;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The password of every user of the test provider.
pub const PASSWORD: &str = "demo";

/// The client id and secret the test provider has for a kind of user (`staff`,
/// `applicant` or `citizen`).
pub fn client_credentials(kind: &str) -> (String, String) {
    (format!("tietolupa-{kind}"), format!("test-secret-{kind}"))
}

/// A running test provider; the process is killed when this is dropped.
pub struct OidcProvider {
    issuer: String,
    client: reqwest::Client,
    process: Child,
}

impl OidcProvider {
    /// Starts the provider with clients that accept `redirect_uris`; each redirect URI's
    /// origin plus `/` is accepted as a post-logout redirect URI.
    pub async fn start(redirect_uris: &[String]) -> OidcProvider {
        let post_logout: Vec<String> = redirect_uris
            .iter()
            .filter_map(|uri| reqwest::Url::parse(uri).ok())
            .map(|url| format!("{}/", url.origin().ascii_serialization()))
            .collect();
        OidcProvider::start_with(redirect_uris, &post_logout).await
    }

    /// As [`OidcProvider::start`], with the post-logout redirect URIs given.
    pub async fn start_with(redirect_uris: &[String], post_logout_uris: &[String]) -> OidcProvider {
        assert!(
            !redirect_uris.is_empty(),
            "the test provider needs at least one redirect URI"
        );
        let servers = servers_dir();
        assert!(
            servers.join("node_modules/oidc-provider").is_dir(),
            "tests/servers/node_modules is missing: run `just servers-deps` \
             (or `cd tests/servers && npm ci`)"
        );
        let mut command = Command::new("node");
        command
            .arg(servers.join("oidc-provider.mjs"))
            .args(["--port", "0"])
            .current_dir(&servers)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        for uri in redirect_uris {
            command.args(["--redirect-uri", uri]);
        }
        for uri in post_logout_uris {
            command.args(["--post-logout-uri", uri]);
        }
        let mut process = command
            .spawn()
            .expect("start node tests/servers/oidc-provider.mjs (is Node.js installed?)");
        let stdout = process
            .stdout
            .take()
            .expect("the provider's stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let ready = lines
            .next_line()
            .await
            .expect("read the provider's ready line")
            .expect("the OpenID provider exited before it was ready; see its stderr above");
        let ready: Value = serde_json::from_str(&ready)
            .unwrap_or_else(|e| panic!("the provider's ready line is not JSON ({e}): {ready}"));
        let issuer = ready["issuer"]
            .as_str()
            .unwrap_or_else(|| panic!("no issuer in the provider's ready line: {ready}"))
            .to_owned();
        // Nothing more is printed on stdout; reading on keeps the pipe from filling anyway.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        OidcProvider {
            issuer,
            client: reqwest::Client::new(),
            process,
        }
    }

    /// `http://127.0.0.1:PORT`, the issuer and the base of every endpoint.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Replaces the groups of `user` (e.g. `handler`); ID tokens issued from now on, also on
    /// refresh, carry them.
    pub async fn set_groups(&self, user: &str, groups: &[&str]) {
        let response = self
            .client
            .post(format!("{}/test/users/{user}/groups", self.issuer))
            .json(&groups)
            .send()
            .await
            .expect("the test provider answers");
        assert_eq!(
            response.status(),
            200,
            "setting the groups of {user}: {:?}",
            response.text().await
        );
    }

    /// Stops the provider now rather than on drop.
    pub async fn stop(mut self) {
        let _ = self.process.kill().await;
    }
}

fn servers_dir() -> PathBuf {
    crate::repository_root().join("tests/servers")
}
