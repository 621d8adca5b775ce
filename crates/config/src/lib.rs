//! Tietolupa's configuration (DESIGN.md section 10).
//!
//! Layers, later wins: built-in defaults, then an optional TOML file (`TIETOLUPA_CONFIG`),
//! then `TIETOLUPA_*` environment variables. Every bad value is reported with the name of
//! the variable (or file key) it came from.

mod secrets;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

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

/// The issuer of development tokens (`POST /dev/token`), which exists only in dev mode.
pub const DEV_ISSUER: &str = "tietolupa-dev";
const DEV_AUDIENCE: &str = "tietolupa";

/// Every setting, fully resolved and validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub mode: Mode,
    pub listen: SocketAddr,
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
    /// Seed demo users and data on start (idempotent). Only ever true in dev mode.
    pub seed_demo_data: bool,
    /// How many decided demo cases to seed for the public register (with demo data only).
    pub demo_decisions: usize,
    /// Seconds between runs of the scheduled jobs (permit expiry and reminders, retention).
    pub jobs_interval: Duration,
    /// Fees of decisions, in cents.
    pub fees: FeeSchedule,
    /// Accept temporary identity codes (individual numbers 900-999).
    pub allow_temporary_identity_codes: bool,
    /// Largest cohort list accepted by `POST /api/cohort-filter` (streamed, not buffered).
    pub cohort_filter_max_bytes: usize,
    /// Bearer token a scraper must send to read `GET /metrics`. Without one, `/metrics` is
    /// open in dev mode and absent (404) in production.
    pub metrics_token: Option<secrecy::SecretString>,
    /// How long `/metrics` reuses the figures it read from the database.
    pub metrics_cache: Duration,
    /// Most connections in the database pool; `None` keeps the engine's default.
    pub database_max_connections: Option<u32>,
    /// Cache public register pages in memory, checked against the register's generation
    /// on every request.
    pub register_cache: bool,
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
        let mut values: BTreeMap<&'static str, Value> = BTreeMap::new();
        let mut file = None;
        let mut env = Vec::new();
        for (name, value) in vars {
            if name == "TIETOLUPA_CONFIG" {
                file = Some(PathBuf::from(value));
            } else if name.starts_with("TIETOLUPA_") && !name.starts_with("TIETOLUPA_TEST_") {
                env.push((name, value));
            }
        }
        if let Some(path) = file {
            for (key, value) in read_file(&path)? {
                values.insert(key, value);
            }
        }
        for (name, value) in env {
            let setting = SETTINGS
                .iter()
                .find(|s| s.env == name)
                .ok_or_else(|| ConfigError::UnknownVariable { name: name.clone() })?;
            values.insert(
                setting.env,
                Value {
                    text: value,
                    source: Source::Env(setting.env),
                },
            );
        }
        Resolver { values }.resolve()
    }

    pub fn is_dev(&self) -> bool {
        self.mode == Mode::Dev
    }

    /// The identity-code keys: the configured secrets file, or in dev mode a file generated
    /// once into the data directory.
    pub fn load_identity_code_keys(&self) -> Result<IdentityCodeKeys, SecretsError> {
        match &self.secrets_file {
            Some(path) => IdentityCodeKeys::load(path),
            None => IdentityCodeKeys::load_or_generate(&self.data_dir.join("secrets.toml")),
        }
    }
}

/// One recognised setting: its environment variable and its key in the TOML file.
struct Setting {
    env: &'static str,
    file_key: &'static str,
}

const SETTINGS: &[Setting] = &[
    setting("TIETOLUPA_MODE", "mode"),
    setting("TIETOLUPA_LISTEN", "listen"),
    setting("TIETOLUPA_DATABASE_URL", "database_url"),
    setting("TIETOLUPA_DATA_DIR", "data_dir"),
    setting("TIETOLUPA_AUTH_ISSUER", "auth_issuer"),
    setting("TIETOLUPA_AUTH_AUDIENCE", "auth_audience"),
    setting("TIETOLUPA_AUTH_PUBLIC_KEYS", "auth_public_keys"),
    setting("TIETOLUPA_AUTH_LEEWAY_SECONDS", "auth_leeway_seconds"),
    setting("TIETOLUPA_SECRETS_FILE", "secrets_file"),
    setting("TIETOLUPA_WEB_DIR", "web_dir"),
    setting("TIETOLUPA_LOG_FORMAT", "log_format"),
    setting("TIETOLUPA_LOG", "log"),
    setting(
        "TIETOLUPA_REQUEST_BODY_LIMIT_BYTES",
        "request_body_limit_bytes",
    ),
    setting(
        "TIETOLUPA_REQUEST_TIMEOUT_SECONDS",
        "request_timeout_seconds",
    ),
    setting("TIETOLUPA_ATTACHMENT_MAX_BYTES", "attachment_max_bytes"),
    setting("TIETOLUPA_GRAPHQL_MAX_DEPTH", "graphql_max_depth"),
    setting("TIETOLUPA_GRAPHQL_MAX_COMPLEXITY", "graphql_max_complexity"),
    setting("TIETOLUPA_GRAPHQL_MAX_ALIASES", "graphql_max_aliases"),
    setting(
        "TIETOLUPA_GRAPHQL_MAX_ROOT_FIELDS",
        "graphql_max_root_fields",
    ),
    setting(
        "TIETOLUPA_GRAPHQL_MAX_QUERY_BYTES",
        "graphql_max_query_bytes",
    ),
    setting(
        "TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE",
        "rate_limit_anonymous_per_minute",
    ),
    setting(
        "TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST",
        "rate_limit_anonymous_burst",
    ),
    setting(
        "TIETOLUPA_RATE_LIMIT_DEV_TOKEN_PER_MINUTE",
        "rate_limit_dev_token_per_minute",
    ),
    setting(
        "TIETOLUPA_RATE_LIMIT_DEV_TOKEN_BURST",
        "rate_limit_dev_token_burst",
    ),
    setting("TIETOLUPA_CORS_ALLOWED_ORIGINS", "cors_allowed_origins"),
    setting("TIETOLUPA_HSTS_MAX_AGE_SECONDS", "hsts_max_age_seconds"),
    setting("TIETOLUPA_SEED_DEMO_DATA", "seed_demo_data"),
    setting("TIETOLUPA_DEMO_DECISIONS", "demo_decisions"),
    setting("TIETOLUPA_JOBS_INTERVAL_SECONDS", "jobs_interval_seconds"),
    setting("TIETOLUPA_FEE_PERMIT_EUR", "fee_permit_eur"),
    setting(
        "TIETOLUPA_FEE_EXTENSIVE_PERMIT_EUR",
        "fee_extensive_permit_eur",
    ),
    setting("TIETOLUPA_FEE_THESIS_PERMIT_EUR", "fee_thesis_permit_eur"),
    setting("TIETOLUPA_FEE_AMENDMENT_EUR", "fee_amendment_eur"),
    setting("TIETOLUPA_FEE_DATA_REQUEST_EUR", "fee_data_request_eur"),
    setting(
        "TIETOLUPA_ALLOW_TEMPORARY_IDENTITY_CODES",
        "allow_temporary_identity_codes",
    ),
    setting(
        "TIETOLUPA_COHORT_FILTER_MAX_BYTES",
        "cohort_filter_max_bytes",
    ),
    setting("TIETOLUPA_METRICS_TOKEN", "metrics_token"),
    setting("TIETOLUPA_METRICS_CACHE_SECONDS", "metrics_cache_seconds"),
    setting(
        "TIETOLUPA_DATABASE_MAX_CONNECTIONS",
        "database_max_connections",
    ),
    setting("TIETOLUPA_REGISTER_CACHE", "register_cache"),
];

const fn setting(env: &'static str, file_key: &'static str) -> Setting {
    Setting { env, file_key }
}

#[derive(Debug, Clone)]
enum Source {
    Env(&'static str),
    File { key: &'static str, path: PathBuf },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env(name) => f.write_str(name),
            Source::File { key, path } => write!(f, "`{key}` in {}", path.display()),
        }
    }
}

#[derive(Debug, Clone)]
struct Value {
    text: String,
    source: Source,
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

fn read_file(path: &Path) -> Result<Vec<(&'static str, Value)>, ConfigError> {
    let file_error = |message: String| ConfigError::File {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| file_error(e.to_string()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| file_error(e.message().to_owned()))?;
    let mut values = Vec::new();
    for (key, value) in table {
        let setting = SETTINGS
            .iter()
            .find(|s| s.file_key == key)
            .ok_or_else(|| file_error(format!("unknown key `{key}`")))?;
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => {
                return Err(file_error(format!(
                    "`{key}` must be a string, integer or boolean"
                )));
            }
        };
        values.push((
            setting.env,
            Value {
                text,
                source: Source::File {
                    key: setting.file_key,
                    path: path.to_owned(),
                },
            },
        ));
    }
    Ok(values)
}

struct Resolver {
    values: BTreeMap<&'static str, Value>,
}

impl Resolver {
    fn text(&self, env: &'static str) -> Option<&Value> {
        self.values.get(env).filter(|v| !v.text.trim().is_empty())
    }

    fn parse<T>(&self, env: &'static str) -> Result<Option<T>, ConfigError>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        self.text(env)
            .map(|value| {
                value
                    .text
                    .trim()
                    .parse::<T>()
                    .map_err(|e| ConfigError::Invalid {
                        setting: value.source.to_string(),
                        message: e.to_string(),
                    })
            })
            .transpose()
    }

    fn positive<T>(&self, env: &'static str, default: T) -> Result<T, ConfigError>
    where
        T: FromStr + PartialOrd + Default,
        T::Err: fmt::Display,
    {
        let value = self.parse::<T>(env)?.unwrap_or(default);
        if value <= T::default() {
            let source = self.values[env].source.to_string();
            return Err(ConfigError::Invalid {
                setting: source,
                message: "must be greater than zero".to_owned(),
            });
        }
        Ok(value)
    }

    fn string(&self, env: &'static str) -> Option<String> {
        self.text(env).map(|v| v.text.trim().to_owned())
    }

    /// Whole euros in the configuration, cents in the schedule.
    fn fees(&self) -> Result<FeeSchedule, ConfigError> {
        let defaults = FeeSchedule::default();
        let euros = |env: &'static str, default_cents: i64| -> Result<i64, ConfigError> {
            Ok(self
                .parse::<u32>(env)?
                .map(|e| i64::from(e) * 100)
                .unwrap_or(default_cents))
        };
        Ok(FeeSchedule {
            permit: euros("TIETOLUPA_FEE_PERMIT_EUR", defaults.permit)?,
            extensive_permit: euros(
                "TIETOLUPA_FEE_EXTENSIVE_PERMIT_EUR",
                defaults.extensive_permit,
            )?,
            thesis_permit: euros("TIETOLUPA_FEE_THESIS_PERMIT_EUR", defaults.thesis_permit)?,
            amendment: euros("TIETOLUPA_FEE_AMENDMENT_EUR", defaults.amendment)?,
            data_request: euros("TIETOLUPA_FEE_DATA_REQUEST_EUR", defaults.data_request)?,
        })
    }

    /// Short tokens are guessable; the scraper's token is a shared secret like any other.
    fn metrics_token(&self) -> Result<Option<secrecy::SecretString>, ConfigError> {
        const MIN_LEN: usize = 24;
        match self.string("TIETOLUPA_METRICS_TOKEN") {
            Some(token) if token.len() < MIN_LEN || token.chars().any(char::is_whitespace) => {
                Err(ConfigError::Invalid {
                    setting: self.values["TIETOLUPA_METRICS_TOKEN"].source.to_string(),
                    message: format!("must be at least {MIN_LEN} characters without spaces"),
                })
            }
            token => Ok(token.map(secrecy::SecretString::from)),
        }
    }

    fn rate_limit(
        &self,
        per_minute: &'static str,
        burst: &'static str,
        default: RateLimit,
    ) -> Result<RateLimit, ConfigError> {
        Ok(RateLimit {
            per_minute: self.positive(per_minute, default.per_minute)?,
            burst: self.positive(burst, default.burst)?,
        })
    }

    /// A comma-separated list of `scheme://host[:port]` origins, exactly as browsers send
    /// them in `Origin` (no path, no trailing slash).
    fn origins(&self, env: &'static str) -> Result<Vec<String>, ConfigError> {
        let Some(list) = self.string(env) else {
            return Ok(Vec::new());
        };
        list.split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(|origin| {
                let rest = origin
                    .strip_prefix("https://")
                    .or_else(|| origin.strip_prefix("http://"));
                let valid = rest.is_some_and(|host| {
                    !host.is_empty()
                        && !host.contains('/')
                        && host.bytes().all(|b| b.is_ascii_graphic())
                        && host != "*"
                });
                if valid {
                    Ok(origin.to_owned())
                } else {
                    Err(ConfigError::Invalid {
                        setting: self.values[env].source.to_string(),
                        message: "expected comma-separated origins like `https://example.fi`"
                            .to_owned(),
                    })
                }
            })
            .collect()
    }

    fn resolve(self) -> Result<Config, ConfigError> {
        let mode = self.parse::<Mode>("TIETOLUPA_MODE")?.unwrap_or(Mode::Dev);
        let dev = mode == Mode::Dev;
        let data_dir = self
            .string("TIETOLUPA_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database_url = match self.string("TIETOLUPA_DATABASE_URL") {
            Some(url) => {
                if !(url.starts_with("sqlite:")
                    || url.starts_with("postgres://")
                    || url.starts_with("postgresql://"))
                {
                    return Err(ConfigError::Invalid {
                        setting: self.values["TIETOLUPA_DATABASE_URL"].source.to_string(),
                        message: "expected a `sqlite:` or `postgres://` URL".to_owned(),
                    });
                }
                url
            }
            None => format!("sqlite://{}/tietolupa.db?mode=rwc", data_dir.display()),
        };
        let auth_issuer = self.string("TIETOLUPA_AUTH_ISSUER");
        let auth_audience = self.string("TIETOLUPA_AUTH_AUDIENCE");
        let auth_public_keys = self.string("TIETOLUPA_AUTH_PUBLIC_KEYS").map(PathBuf::from);
        let secrets_file = self.string("TIETOLUPA_SECRETS_FILE").map(PathBuf::from);
        let seed_demo_data = self
            .parse::<bool>("TIETOLUPA_SEED_DEMO_DATA")?
            .unwrap_or(dev);

        if mode == Mode::Production {
            let mut missing = Vec::new();
            if auth_public_keys.is_none() {
                missing.push("TIETOLUPA_AUTH_PUBLIC_KEYS");
            }
            if auth_issuer.is_none() {
                missing.push("TIETOLUPA_AUTH_ISSUER");
            }
            if auth_audience.is_none() {
                missing.push("TIETOLUPA_AUTH_AUDIENCE");
            }
            if secrets_file.is_none() {
                missing.push("TIETOLUPA_SECRETS_FILE");
            }
            if !missing.is_empty() {
                return Err(ConfigError::ProductionIncomplete { missing });
            }
            if seed_demo_data {
                return Err(ConfigError::Invalid {
                    setting: self.values["TIETOLUPA_SEED_DEMO_DATA"].source.to_string(),
                    message: "demo data cannot be seeded in production mode".to_owned(),
                });
            }
        }

        Ok(Config {
            mode,
            listen: self
                .parse("TIETOLUPA_LISTEN")?
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            database_url,
            auth_issuer: auth_issuer.unwrap_or_else(|| DEV_ISSUER.to_owned()),
            auth_audience: auth_audience.unwrap_or_else(|| DEV_AUDIENCE.to_owned()),
            auth_public_keys,
            auth_leeway: Duration::from_secs(
                self.parse::<u64>("TIETOLUPA_AUTH_LEEWAY_SECONDS")?
                    .unwrap_or(30),
            ),
            secrets_file,
            web_dir: self
                .string("TIETOLUPA_WEB_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("web/dist")),
            // Log pipelines want JSON; people at a terminal want text.
            log_format: self.parse("TIETOLUPA_LOG_FORMAT")?.unwrap_or(if dev {
                LogFormat::Text
            } else {
                LogFormat::Json
            }),
            log_filter: self
                .string("TIETOLUPA_LOG")
                .unwrap_or_else(|| "info".to_owned()),
            request_body_limit: self
                .positive("TIETOLUPA_REQUEST_BODY_LIMIT_BYTES", 2 * 1024 * 1024)?,
            attachment_max_bytes: self
                .positive("TIETOLUPA_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)?,
            request_timeout: Duration::from_secs(
                self.positive("TIETOLUPA_REQUEST_TIMEOUT_SECONDS", 30)?,
            ),
            graphql_max_depth: self.positive("TIETOLUPA_GRAPHQL_MAX_DEPTH", 15)?,
            graphql_max_complexity: self.positive("TIETOLUPA_GRAPHQL_MAX_COMPLEXITY", 2_000)?,
            graphql_max_aliases: self.positive("TIETOLUPA_GRAPHQL_MAX_ALIASES", 30)?,
            graphql_max_root_fields: self.positive("TIETOLUPA_GRAPHQL_MAX_ROOT_FIELDS", 20)?,
            graphql_max_query_bytes: self
                .positive("TIETOLUPA_GRAPHQL_MAX_QUERY_BYTES", 32 * 1024)?,
            rate_limit_anonymous: self.rate_limit(
                "TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE",
                "TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST",
                RateLimit {
                    per_minute: 600,
                    burst: 200,
                },
            )?,
            rate_limit_dev_token: self.rate_limit(
                "TIETOLUPA_RATE_LIMIT_DEV_TOKEN_PER_MINUTE",
                "TIETOLUPA_RATE_LIMIT_DEV_TOKEN_BURST",
                RateLimit {
                    per_minute: 30,
                    burst: 10,
                },
            )?,
            cors_allowed_origins: self.origins("TIETOLUPA_CORS_ALLOWED_ORIGINS")?,
            hsts_max_age: self
                .parse::<u64>("TIETOLUPA_HSTS_MAX_AGE_SECONDS")?
                .filter(|&s| s > 0)
                .map(Duration::from_secs),
            seed_demo_data,
            allow_temporary_identity_codes: self
                .parse::<bool>("TIETOLUPA_ALLOW_TEMPORARY_IDENTITY_CODES")?
                .unwrap_or(dev),
            cohort_filter_max_bytes: self
                .positive("TIETOLUPA_COHORT_FILTER_MAX_BYTES", 1024 * 1024 * 1024)?,
            demo_decisions: self
                .parse::<usize>("TIETOLUPA_DEMO_DECISIONS")?
                .unwrap_or(240),
            jobs_interval: Duration::from_secs(
                self.positive("TIETOLUPA_JOBS_INTERVAL_SECONDS", 24 * 60 * 60)?,
            ),
            metrics_token: self.metrics_token()?,
            metrics_cache: Duration::from_secs(
                self.parse::<u64>("TIETOLUPA_METRICS_CACHE_SECONDS")?
                    .unwrap_or(5),
            ),
            database_max_connections: match self.text("TIETOLUPA_DATABASE_MAX_CONNECTIONS") {
                Some(_) => Some(self.positive("TIETOLUPA_DATABASE_MAX_CONNECTIONS", 1)?),
                None => None,
            },
            register_cache: self
                .parse::<bool>("TIETOLUPA_REGISTER_CACHE")?
                .unwrap_or(true),
            data_dir,
            fees: self.fees()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn pool_size_and_register_cache_are_configurable() {
        let defaults = Config::from_vars(vars(&[])).unwrap();
        assert_eq!(defaults.database_max_connections, None);
        assert!(defaults.register_cache);
        let set = Config::from_vars(vars(&[
            ("TIETOLUPA_DATABASE_MAX_CONNECTIONS", "32"),
            ("TIETOLUPA_REGISTER_CACHE", "false"),
        ]))
        .unwrap();
        assert_eq!(set.database_max_connections, Some(32));
        assert!(!set.register_cache);
        assert!(Config::from_vars(vars(&[("TIETOLUPA_DATABASE_MAX_CONNECTIONS", "0")])).is_err());
    }

    #[test]
    fn defaults_give_a_working_dev_setup() {
        let config = Config::from_vars(vars(&[])).unwrap();
        assert_eq!(config.mode, Mode::Dev);
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database_url, "sqlite://data/tietolupa.db?mode=rwc");
        assert_eq!(config.auth_issuer, DEV_ISSUER);
        assert!(config.seed_demo_data);
        assert!(config.allow_temporary_identity_codes);
    }

    #[test]
    fn a_bad_value_names_its_variable_without_echoing_it() {
        let err = Config::from_vars(vars(&[("TIETOLUPA_LISTEN", "not-an-address-secret")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("TIETOLUPA_LISTEN"), "{err}");
        assert!(!err.contains("not-an-address-secret"), "{err}");
    }

    #[test]
    fn fees_are_configured_in_euros() {
        let config =
            Config::from_vars(vars(&[("TIETOLUPA_FEE_THESIS_PERMIT_EUR", "300")])).unwrap();
        assert_eq!(config.fees.thesis_permit, 30_000);
        assert_eq!(config.fees.permit, FeeSchedule::default().permit);
        let err = Config::from_vars(vars(&[("TIETOLUPA_FEE_PERMIT_EUR", "-5")])).unwrap_err();
        assert!(err.to_string().contains("TIETOLUPA_FEE_PERMIT_EUR"));
    }

    #[test]
    fn unknown_variables_are_typos() {
        let err = Config::from_vars(vars(&[("TIETOLUPA_LISTN", "x")])).unwrap_err();
        assert!(err.to_string().contains("TIETOLUPA_LISTN"));
    }

    #[test]
    fn zero_limits_are_refused() {
        let err = Config::from_vars(vars(&[("TIETOLUPA_GRAPHQL_MAX_DEPTH", "0")])).unwrap_err();
        assert!(err.to_string().contains("TIETOLUPA_GRAPHQL_MAX_DEPTH"));
    }

    #[test]
    fn cors_origins_are_a_checked_list_and_empty_by_default() {
        assert!(
            Config::from_vars(vars(&[]))
                .unwrap()
                .cors_allowed_origins
                .is_empty()
        );
        let config = Config::from_vars(vars(&[(
            "TIETOLUPA_CORS_ALLOWED_ORIGINS",
            "https://a.example, http://localhost:5173",
        )]))
        .unwrap();
        assert_eq!(
            config.cors_allowed_origins,
            ["https://a.example", "http://localhost:5173"]
        );
        for bad in ["*", "https://a.example/", "a.example", "https://*"] {
            let err =
                Config::from_vars(vars(&[("TIETOLUPA_CORS_ALLOWED_ORIGINS", bad)])).unwrap_err();
            assert!(
                err.to_string().contains("TIETOLUPA_CORS_ALLOWED_ORIGINS"),
                "{bad}"
            );
        }
    }

    #[test]
    fn production_without_keys_names_everything_missing() {
        let err = Config::from_vars(vars(&[("TIETOLUPA_MODE", "production")]))
            .unwrap_err()
            .to_string();
        for name in [
            "TIETOLUPA_AUTH_PUBLIC_KEYS",
            "TIETOLUPA_AUTH_ISSUER",
            "TIETOLUPA_AUTH_AUDIENCE",
            "TIETOLUPA_SECRETS_FILE",
        ] {
            assert!(err.contains(name), "{err} lacks {name}");
        }
    }

    #[test]
    fn production_with_everything_starts_without_demo_data() {
        let config = Config::from_vars(vars(&[
            ("TIETOLUPA_MODE", "production"),
            ("TIETOLUPA_AUTH_PUBLIC_KEYS", "/etc/tietolupa/keys.pem"),
            ("TIETOLUPA_AUTH_ISSUER", "https://idp.example"),
            ("TIETOLUPA_AUTH_AUDIENCE", "tietolupa"),
            ("TIETOLUPA_SECRETS_FILE", "/etc/tietolupa/secrets.toml"),
        ]))
        .unwrap();
        assert!(!config.seed_demo_data);
        assert!(!config.allow_temporary_identity_codes);
        assert_eq!(config.auth_issuer, "https://idp.example");
    }

    #[test]
    fn the_file_is_overridden_by_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tietolupa.toml");
        std::fs::write(&path, "listen = \"0.0.0.0:9000\"\ngraphql_max_depth = 9\n").unwrap();
        let config = Config::from_vars(vars(&[
            ("TIETOLUPA_CONFIG", path.to_str().unwrap()),
            ("TIETOLUPA_LISTEN", "127.0.0.1:9001"),
        ]))
        .unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:9001");
        assert_eq!(config.graphql_max_depth, 9);
    }

    #[test]
    fn a_bad_file_value_names_the_key_and_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tietolupa.toml");
        std::fs::write(&path, "mode = \"staging\"\n").unwrap();
        let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", path.to_str().unwrap())]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`mode`") && err.contains("tietolupa.toml"),
            "{err}"
        );
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tietolupa.toml");
        std::fs::write(&path, "lisen = \"x\"\n").unwrap();
        let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", path.to_str().unwrap())]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("lisen"), "{err}");
    }

    #[test]
    fn logs_are_json_in_production_and_text_in_dev_unless_chosen() {
        let production = [
            ("TIETOLUPA_MODE", "production"),
            ("TIETOLUPA_AUTH_PUBLIC_KEYS", "/etc/tietolupa/keys.pem"),
            ("TIETOLUPA_AUTH_ISSUER", "https://idp.example"),
            ("TIETOLUPA_AUTH_AUDIENCE", "tietolupa"),
            ("TIETOLUPA_SECRETS_FILE", "/etc/tietolupa/secrets.toml"),
        ];
        let config = Config::from_vars(vars(&production)).unwrap();
        assert_eq!(config.log_format, LogFormat::Json);
        let mut chosen = production.to_vec();
        chosen.push(("TIETOLUPA_LOG_FORMAT", "text"));
        let config = Config::from_vars(vars(&chosen)).unwrap();
        assert_eq!(config.log_format, LogFormat::Text);
        let config = Config::from_vars(vars(&[])).unwrap();
        assert_eq!(config.log_format, LogFormat::Text);
    }

    #[test]
    fn a_short_metrics_token_is_refused_without_echoing_it() {
        let err = Config::from_vars(vars(&[("TIETOLUPA_METRICS_TOKEN", "hunter2")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("TIETOLUPA_METRICS_TOKEN"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        let config = Config::from_vars(vars(&[(
            "TIETOLUPA_METRICS_TOKEN",
            "a-long-enough-scraper-token-0123",
        )]))
        .unwrap();
        assert!(config.metrics_token.is_some());
        assert!(!format!("{config:?}").contains("a-long-enough"));
    }
}
