//! Mail settings: the SMTP server the outbox is delivered through, the sender, and how
//! often and how long delivery is retried. Without `TIETOLUPA_SMTP_HOST` no mail worker
//! runs (the dev default): messages stay queued in the outbox.
//!
//! The SMTP password is a secret and lives in the secrets file (`smtp_password = "…"`),
//! never in a variable.

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use crate::ConfigError;
use crate::secrets::SecretsError;
use crate::sources::Provenance;
use crate::validate::Positive;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on the same host or a test server.
    None,
    /// Plain connection upgraded with STARTTLS (required, not opportunistic).
    StartTls,
    /// TLS from the first byte (SMTPS, "implicit TLS").
    Tls,
}

impl SmtpTls {
    /// The port usually served in this mode.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::None => 25,
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
        }
    }
}

impl FromStr for SmtpTls {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(SmtpTls::None),
            "starttls" => Ok(SmtpTls::StartTls),
            "tls" => Ok(SmtpTls::Tls),
            _ => Err("expected `none`, `starttls` or `tls`".to_owned()),
        }
    }
}

/// The SMTP server, when one is configured.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// With a username, the password comes from the secrets file (see
    /// [`smtp_password`]).
    pub username: Option<String>,
}

/// Everything about delivering the outbox.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `None`: no worker runs and messages stay queued.
    pub smtp: Option<SmtpConfig>,
    /// The `From` of every message, e.g. `Tietolupa <noreply@lupa.example.fi>`.
    pub from: String,
    /// Failed attempts after which a message becomes a dead letter.
    pub max_attempts: u32,
    /// The wait after the first failure; it doubles with each further one.
    pub retry_base: Duration,
    /// How often the worker looks for messages due.
    pub poll_interval: Duration,
    /// Messages one worker claims at a time.
    pub batch_size: u32,
}

/// The mail settings as written (fields of `Settings`), before defaults.
pub(crate) struct Written {
    pub smtp_host: Option<String>,
    pub smtp_port: Option<Positive<u16>>,
    pub smtp_tls: Option<SmtpTls>,
    pub smtp_username: Option<String>,
    pub mail_from: Option<MailFrom>,
    pub mail_max_attempts: Option<Positive<u32>>,
    pub mail_retry_base: Option<Interval>,
    pub mail_poll_interval: Option<Interval>,
    pub mail_batch_size: Option<Positive<u32>>,
}

impl Written {
    pub(crate) fn resolve(self, provenance: &Provenance<'_>) -> Result<MailConfig, ConfigError> {
        let tls = self.smtp_tls.unwrap_or(SmtpTls::StartTls);
        let smtp = match self.smtp_host {
            Some(host) => Some(SmtpConfig {
                host,
                port: self.smtp_port.map_or_else(|| tls.default_port(), |p| p.0),
                tls,
                username: self.smtp_username,
            }),
            None if self.smtp_port.is_some() || self.smtp_username.is_some() => {
                return Err(ConfigError::Invalid {
                    setting: provenance.name("smtp_host"),
                    message: "is needed when the SMTP port or username is set".to_owned(),
                });
            }
            None => None,
        };
        Ok(MailConfig {
            smtp,
            from: self
                .mail_from
                .map_or_else(|| "Tietolupa <noreply@localhost>".to_owned(), |f| f.0),
            max_attempts: self.mail_max_attempts.map_or(8, |n| n.0),
            retry_base: self
                .mail_retry_base
                .map_or(Duration::from_secs(60), |i| i.0),
            poll_interval: self
                .mail_poll_interval
                .map_or(Duration::from_secs(10), |i| i.0),
            batch_size: self.mail_batch_size.map_or(20, |n| n.0),
        })
    }
}

/// A sender like `noreply@lupa.example.fi` or `Tietolupa <noreply@lupa.example.fi>`; the
/// mail crate checks the full syntax at start-up.
#[derive(Debug, Clone)]
pub(crate) struct MailFrom(pub String);

impl FromStr for MailFrom {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.contains('@') && !s.contains(['\r', '\n']) {
            Ok(MailFrom(s.to_owned()))
        } else {
            Err("expected an address like `Tietolupa <noreply@example.fi>`".to_owned())
        }
    }
}

/// A positive length of time: whole seconds (`60`), or a number with `ms`, `s`, `m` or
/// `h` (`100ms`, `5m`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Interval(pub Duration);

impl FromStr for Interval {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || "expected a time like `60` (seconds), `100ms`, `5m` or `1h`".to_owned();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (number, unit) = s.split_at(split);
        let n: u64 = number.parse().map_err(|_| invalid())?;
        let duration = match unit.trim() {
            "" | "s" => Duration::from_secs(n),
            "ms" => Duration::from_millis(n),
            "m" => Duration::from_secs(n.saturating_mul(60)),
            "h" => Duration::from_secs(n.saturating_mul(3600)),
            _ => return Err(invalid()),
        };
        if duration.is_zero() {
            return Err("must be greater than zero".to_owned());
        }
        Ok(Interval(duration))
    }
}

/// Where users reach the web app (`https://lupa.example.fi`), without a trailing slash:
/// the base of links in messages, the host of Message-IDs, and of sign-in redirects.
#[derive(Debug, Clone)]
pub(crate) struct PublicUrl(pub String);

impl FromStr for PublicUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let url = s.trim_end_matches('/');
        let host = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        match host {
            Some(rest)
                if !rest.is_empty()
                    && !rest.starts_with(['/', ':'])
                    && rest.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                Ok(PublicUrl(url.to_owned()))
            }
            _ => Err("expected an http(s) URL like `https://lupa.example.fi`".to_owned()),
        }
    }
}

#[derive(Deserialize)]
struct SmtpSecret {
    smtp_password: Option<String>,
}

/// The SMTP password from the secrets file (`smtp_password`), if it has one.
pub fn smtp_password(secrets_file: &Path) -> Result<Option<SecretString>, SecretsError> {
    let text = std::fs::read_to_string(secrets_file).map_err(|e| SecretsError::Unreadable {
        path: secrets_file.display().to_string(),
        message: e.to_string(),
    })?;
    let file: SmtpSecret = toml::from_str(&text).map_err(|e| SecretsError::Invalid {
        path: secrets_file.display().to_string(),
        message: e.message().to_owned(),
    })?;
    Ok(file.smtp_password.map(SecretString::from))
}

impl fmt::Display for SmtpTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SmtpTls::None => "none",
            SmtpTls::StartTls => "starttls",
            SmtpTls::Tls => "tls",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
    }

    #[test]
    fn without_a_host_no_worker_runs() {
        let config = config(&[]).unwrap();
        assert!(config.mail.smtp.is_none());
        assert_eq!(config.mail.max_attempts, 8);
        assert_eq!(config.mail.retry_base, Duration::from_secs(60));
    }

    #[test]
    fn the_port_follows_the_tls_mode_unless_given() {
        let tls = config(&[
            ("TIETOLUPA_SMTP_HOST", "smtp.example.fi"),
            ("TIETOLUPA_SMTP_TLS", "tls"),
        ])
        .unwrap();
        let smtp = tls.mail.smtp.unwrap();
        assert_eq!((smtp.port, smtp.tls), (465, SmtpTls::Tls));
        let plain = config(&[
            ("TIETOLUPA_SMTP_HOST", "127.0.0.1"),
            ("TIETOLUPA_SMTP_TLS", "none"),
            ("TIETOLUPA_SMTP_PORT", "2525"),
            ("TIETOLUPA_MAIL_POLL_INTERVAL", "100ms"),
            ("TIETOLUPA_MAIL_RETRY_BASE", "2"),
        ])
        .unwrap();
        assert_eq!(plain.mail.smtp.unwrap().port, 2525);
        assert_eq!(plain.mail.poll_interval, Duration::from_millis(100));
        assert_eq!(plain.mail.retry_base, Duration::from_secs(2));
    }

    #[test]
    fn bad_values_name_their_variable() {
        let err = config(&[("TIETOLUPA_SMTP_TLS", "ssl")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("TIETOLUPA_SMTP_TLS"), "{err}");
        let err = config(&[("TIETOLUPA_MAIL_POLL_INTERVAL", "0ms")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("TIETOLUPA_MAIL_POLL_INTERVAL"), "{err}");
        let err = config(&[("TIETOLUPA_SMTP_USERNAME", "lupa")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("TIETOLUPA_SMTP_HOST"), "{err}");
    }

    #[test]
    fn the_password_is_read_from_the_secrets_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        std::fs::write(&path, "smtp_password = \"hunter22\"\n[blind_index]\n").unwrap();
        let password = smtp_password(&path).unwrap().unwrap();
        assert_eq!(secrecy::ExposeSecret::expose_secret(&password), "hunter22");
    }

    #[test]
    fn public_url_loses_its_trailing_slash() {
        let resolved = config(&[("TIETOLUPA_PUBLIC_URL", "https://lupa.example.fi/")]).unwrap();
        assert_eq!(resolved.public_url, "https://lupa.example.fi");
        let err = config(&[("TIETOLUPA_PUBLIC_URL", "ftp://x")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("TIETOLUPA_PUBLIC_URL"), "{err}");
    }
}
