//! Tietolupa's configuration (DESIGN.md section 10).
//!
//! Layers, later wins: built-in defaults, then an optional TOML file (`TIETOLUPA_CONFIG`),
//! then `TIETOLUPA_*` environment variables. Every bad value is reported with the name of
//! the variable (or file key) it came from.
//!
//! [figment] merges the file and the environment and remembers which layer each value came
//! from; the parts are:
//! - `settings`: the settings as written, one field per file key (the variable is
//!   `TIETOLUPA_` and the key in upper case), and their defaults;
//! - `sources`: the two layers as figment providers, and figment's errors in our terms;
//! - `validate`: the checks a value must pass, and the production-mode refusal;
//! - `secrets`: the identity-code keys.

mod mail;
mod messages;
mod proxies;
mod secrets;
mod settings;
pub mod sign_in;
mod sources;
mod validate;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

pub use mail::{MailConfig, SmtpConfig, SmtpTls, smtp_password};
pub use messages::{DirectorsRecipients, MessageSettings};
pub use proxies::{IpRange, TrustedProxies};
pub use secrets::{IdentityCodeKeys, KeyRing, SecretKey, SecretsError};
use tietolupa_domain::application::FeeSchedule;

/// `dev` turns on the development token issuer, demo data and GraphiQL; `production`
/// insists on real keys and secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Dev,
    Production,
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "dev" => Ok(Mode::Dev),
            "production" => Ok(Mode::Production),
            _ => Err("expected `dev` or `production`".to_owned()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err("expected `text` or `json`".to_owned()),
        }
    }
}

/// A token bucket: `burst` requests at once, refilled at `per_minute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_minute: u32,
    pub burst: u32,
}

/// The disclosure check's configured defaults (`TIETOLUPA_OUTPUT_*`); a permit may only
/// make them stricter. Plain figures: the store turns them into the checker's thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutputCheckSettings {
    pub min_frequency: u64,
    pub dominance_n: u32,
    pub dominance_k: f64,
    pub p_percent: f64,
    /// Largest result file of an output request.
    pub max_file_bytes: usize,
}

/// The issuer of development tokens (`POST /dev/token`), which exists only in dev mode.
pub const DEV_ISSUER: &str = "tietolupa-dev";
const DEV_AUDIENCE: &str = "tietolupa";

/// Every setting, fully resolved and validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub mode: Mode,
    pub listen: SocketAddr,
    /// Where users reach the web app, without a trailing slash (`TIETOLUPA_PUBLIC_URL`;
    /// default `http://` and the listen address): links in messages, Message-ID hosts.
    pub public_url: String,
    /// Delivering the outbox by SMTP (`mail.rs`).
    pub mail: MailConfig,
    pub database_url: String,
    /// Where the SQLite file (by default), development keys and attachments live.
    pub data_dir: PathBuf,
    /// Expected `iss` of tokens signed by `auth_public_keys`.
    pub auth_issuer: String,
    /// Expected `aud` of every token.
    pub auth_audience: String,
    pub auth_public_keys: Option<PathBuf>,
    /// Clock skew tolerated on `exp` and `nbf`.
    pub auth_leeway: Duration,
    pub secrets_file: Option<PathBuf>,
    /// The built single-page app served at `/`.
    pub web_dir: PathBuf,
    pub log_format: LogFormat,
    /// `tracing` filter directives, e.g. `info,tietolupa_store=debug`.
    pub log_filter: String,
    pub request_body_limit: usize,
    /// Largest attachment; multipart uploads to `/graphql` may be this large (plus a
    /// little for the form).
    pub attachment_max_bytes: usize,
    pub request_timeout: Duration,
    pub graphql_max_depth: usize,
    pub graphql_max_complexity: usize,
    /// Most aliased fields in one GraphQL request (alias amplification).
    pub graphql_max_aliases: usize,
    /// Most top-level fields in one GraphQL operation.
    pub graphql_max_root_fields: usize,
    /// Longest GraphQL query text in bytes (variables are not counted).
    pub graphql_max_query_bytes: usize,
    /// Requests without a valid token, per client address (IPv6: per /64).
    pub rate_limit_anonymous: RateLimit,
    /// `POST /dev/token`, per client address, signed in or not.
    pub rate_limit_dev_token: RateLimit,
    /// Origins allowed to call the API from a browser; empty: no CORS headers at all.
    pub cors_allowed_origins: Vec<String>,
    /// `Strict-Transport-Security` max-age; `None` (the default, or 0) sends no HSTS,
    /// for deployments not behind TLS.
    pub hsts_max_age: Option<Duration>,
    /// The load balancers in front, whose `X-Forwarded-For` names the client; empty: the
    /// header is ignored and the peer is the client.
    pub trusted_proxies: TrustedProxies,
    /// Seed demo users and data on start (idempotent). Only ever true in dev mode.
    pub seed_demo_data: bool,
    /// How many decided demo cases to seed for the public register (with demo data only).
    pub demo_decisions: usize,
    /// Seed the demo users' work in every state (with demo data only, once).
    pub demo_cases: bool,
    /// Seconds between runs of the scheduled jobs (permit expiry and reminders, retention).
    pub jobs_interval: Duration,
    /// Days from a delivery order's extraction date to the data controller's due date.
    pub delivery_due_days: u32,
    /// How long a verifier may use a copy of the permit status list (its `ttl`, and the
    /// `Cache-Control: max-age` it is served with).
    pub permit_status_list_ttl: Duration,
    /// Issue GA4GH ControlledAccessGrants visas for the processors with each permit
    /// credential (docs/permit-credential.md).
    pub permit_visas: bool,
    /// Fees of decisions, in cents.
    pub fees: FeeSchedule,
    /// Accept temporary identity codes (individual numbers 900-999).
    pub allow_temporary_identity_codes: bool,
    /// Largest cohort list accepted by `POST /api/cohort-filter` (streamed, not buffered).
    pub cohort_filter_max_bytes: usize,
    /// Largest controller's dataset `POST /api/delivery-orders/{id}/preparation` accepts
    /// (streamed both ways, not buffered): a register extract is far larger than a cohort list.
    pub preparation_max_bytes: usize,
    /// Bearer token a scraper must send to read `GET /metrics`. Without one, `/metrics` is
    /// open in dev mode and absent (404) in production.
    pub metrics_token: Option<secrecy::SecretString>,
    /// How long `/metrics` reuses the figures it read from the database.
    pub metrics_cache: Duration,
    /// Most connections in the database pool; `None` keeps the engine's default.
    pub database_max_connections: Option<u32>,
    /// A streaming-replication standby that public register reads go to while it keeps up
    /// (docs/operations.md, "Read replica"); PostgreSQL only.
    pub database_replica_url: Option<String>,
    /// Past this replay lag the replica's reads go to the primary.
    pub database_replica_max_lag: Duration,
    /// Cache public register pages in memory, checked against the register's generation
    /// on every request.
    pub register_cache: bool,
    /// The output check's default thresholds and the largest result file.
    pub output_check: OutputCheckSettings,
    /// When reminders fall due, and who is told of proposals (`messages.rs`).
    pub messages: MessageSettings,
    /// OpenID Connect providers, the public URL and session lifetimes (`sign_in`).
    pub sign_in: sign_in::SignInConfig,
}

impl Config {
    /// Reads the process environment (and the file it names).
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(std::env::vars())
    }

    /// Resolves the configuration from the given variables; `TIETOLUPA_CONFIG` in them
    /// names an optional TOML file.
    pub fn from_vars(
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let layers = sources::layers(vars)?;
        let settings: settings::Settings = layers.extract().map_err(sources::config_error)?;
        settings.resolve(&sources::Provenance::of(&layers))
    }

    pub fn is_dev(&self) -> bool {
        self.mode == Mode::Dev
    }

    /// The identity-code keys: the configured secrets file, or in dev mode a file generated
    /// once into the data directory. Production requires the pseudonymisation ring too.
    pub fn load_identity_code_keys(&self) -> Result<IdentityCodeKeys, SecretsError> {
        let keys = match &self.secrets_file {
            Some(path) => IdentityCodeKeys::load(path)?,
            None => IdentityCodeKeys::load_or_generate(&self.data_dir.join("secrets.toml"))?,
        };
        if !self.is_dev() && keys.pseudonymisation.is_none() {
            return Err(SecretsError::Invalid {
                path: self
                    .secrets_file
                    .as_ref()
                    .map_or_else(String::new, |p| p.display().to_string()),
                message: "[pseudonymisation] is required in production".to_owned(),
            });
        }
        Ok(keys)
    }
}

/// Why the configuration could not be resolved. Messages name the variable at fault and
/// never echo a value (a value might be a secret).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A value did not parse.
    #[error("invalid {setting}: {message}")]
    Invalid { setting: String, message: String },
    /// A `TIETOLUPA_*` variable that is not a setting, most likely a typo.
    #[error("unknown configuration variable {name}")]
    UnknownVariable { name: String },
    /// The TOML file could not be read or parsed.
    #[error("configuration file {path}: {message}")]
    File { path: String, message: String },
    /// Production mode needs settings that have no safe default.
    #[error("production mode needs {}; refusing to start", .missing.join(", "))]
    ProductionIncomplete { missing: Vec<&'static str> },
}

#[cfg(test)]
mod tests;
