//! The settings as written, and their defaults.
//!
//! Each field is a key of the TOML file; its environment variable is `TIETOLUPA_` and the
//! key in upper case. Both are documented interfaces (README.md "Configuration"): a field's
//! name must not change.

use std::fmt;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use tietolupa_domain::application::FeeSchedule;

use crate::mail::{Interval, MailFrom, PublicUrl, SmtpTls, Written};
use crate::messages::{MailAddress, MessageLanguage, MessageSettings};
use crate::sources::Provenance;
use crate::validate::{DatabaseUrl, MetricsToken, Origins, Positive, refuse_incomplete_production};
use crate::{Config, ConfigError, DEV_AUDIENCE, DEV_ISSUER, LogFormat, Mode, RateLimit};

/// One setting as written: absent, or text that parses as `T`.
///
/// Every value is read as text, whichever layer it came from: environment variables are
/// text, and the file has always accepted `graphql_max_depth = 9` and `= "9"` alike. One
/// parse path keeps both, and keeps each type's own error message. Blank text counts as
/// absent, so `TIETOLUPA_LISTEN=` restores the default even over the file's value.
#[derive(Debug, Clone)]
pub(crate) struct Setting<T>(Option<T>);

impl<T> Default for Setting<T> {
    fn default() -> Self {
        Setting(None)
    }
}

impl<T> Setting<T> {
    fn get(self) -> Option<T> {
        self.0
    }

    fn or(self, default: T) -> T {
        self.0.unwrap_or(default)
    }

    fn or_else(self, default: impl FnOnce() -> T) -> T {
        self.0.unwrap_or_else(default)
    }

    fn is_set(&self) -> bool {
        self.0.is_some()
    }
}

impl<'de, T> Deserialize<'de> for Setting<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor(PhantomData))
    }
}

struct TextVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for TextVisitor<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = Setting<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, integer or boolean")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Setting<T>, E> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Setting(None));
        }
        text.parse().map(|v| Setting(Some(v))).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Setting<T>, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Setting<T>, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Setting<T>, E> {
        self.visit_str(&v.to_string())
    }
}

/// Every setting, each optional; `deny_unknown_fields` makes a misspelt key or variable an
/// error rather than a silently ignored line.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Settings {
    mode: Setting<Mode>,
    listen: Setting<SocketAddr>,
    database_url: Setting<DatabaseUrl>,
    data_dir: Setting<PathBuf>,
    auth_issuer: Setting<String>,
    auth_audience: Setting<String>,
    auth_public_keys: Setting<PathBuf>,
    auth_leeway_seconds: Setting<u64>,
    secrets_file: Setting<PathBuf>,
    web_dir: Setting<PathBuf>,
    log_format: Setting<LogFormat>,
    log: Setting<String>,
    request_body_limit_bytes: Setting<Positive<usize>>,
    request_timeout_seconds: Setting<Positive<u64>>,
    attachment_max_bytes: Setting<Positive<usize>>,
    graphql_max_depth: Setting<Positive<usize>>,
    graphql_max_complexity: Setting<Positive<usize>>,
    graphql_max_aliases: Setting<Positive<usize>>,
    graphql_max_root_fields: Setting<Positive<usize>>,
    graphql_max_query_bytes: Setting<Positive<usize>>,
    rate_limit_anonymous_per_minute: Setting<Positive<u32>>,
    rate_limit_anonymous_burst: Setting<Positive<u32>>,
    rate_limit_dev_token_per_minute: Setting<Positive<u32>>,
    rate_limit_dev_token_burst: Setting<Positive<u32>>,
    cors_allowed_origins: Setting<Origins>,
    hsts_max_age_seconds: Setting<u64>,
    trusted_proxies: Setting<crate::TrustedProxies>,
    seed_demo_data: Setting<bool>,
    demo_decisions: Setting<usize>,
    demo_cases: Setting<bool>,
    jobs_interval_seconds: Setting<Positive<u64>>,
    delivery_due_days: Setting<Positive<u32>>,
    permit_status_list_ttl_seconds: Setting<Positive<u64>>,
    permit_visas: Setting<bool>,
    // Mail (crate::mail).
    public_url: Setting<PublicUrl>,
    smtp_host: Setting<String>,
    smtp_port: Setting<Positive<u16>>,
    smtp_tls: Setting<SmtpTls>,
    smtp_username: Setting<String>,
    mail_from: Setting<MailFrom>,
    mail_max_attempts: Setting<Positive<u32>>,
    mail_retry_base: Setting<Interval>,
    mail_poll_interval: Setting<Interval>,
    mail_batch_size: Setting<Positive<u32>>,
    /// Fees are whole euros here, cents in the schedule.
    fee_permit_eur: Setting<u32>,
    fee_extensive_permit_eur: Setting<u32>,
    fee_thesis_permit_eur: Setting<u32>,
    fee_amendment_eur: Setting<u32>,
    fee_data_request_eur: Setting<u32>,
    allow_temporary_identity_codes: Setting<bool>,
    cohort_filter_max_bytes: Setting<Positive<usize>>,
    preparation_max_bytes: Setting<Positive<usize>>,
    metrics_token: Setting<MetricsToken>,
    metrics_cache_seconds: Setting<u64>,
    database_max_connections: Setting<Positive<u32>>,
    database_replica_url: Setting<DatabaseUrl>,
    database_replica_max_lag_ms: Setting<u64>,
    register_cache: Setting<bool>,
    // Output checking: the disclosure-check defaults a permit may only tighten.
    output_min_frequency: Setting<Positive<u64>>,
    output_dominance_n: Setting<Positive<u32>>,
    output_dominance_k: Setting<f64>,
    output_p_percent: Setting<f64>,
    output_max_file_bytes: Setting<Positive<usize>>,
    // Messages (messages.rs).
    messages_information_reminder_days: Setting<Positive<u32>>,
    messages_deadline_warning_days: Setting<Positive<u32>>,
    messages_directors_address: Setting<MailAddress>,
    messages_directors_language: Setting<MessageLanguage>,
    // Sign-in (sign_in.rs); `public_url` is above, with mail.
    sign_in_providers: Setting<crate::sign_in::ProvidersJson>,
    session_idle_timeout_seconds: Setting<u64>,
    session_absolute_timeout_seconds: Setting<u64>,
    session_roles_check_seconds: Setting<u64>,
    session_cache_seconds: Setting<u64>,
}

const MIB: usize = 1024 * 1024;

impl Settings {
    /// Fills in the defaults, some of which depend on the mode, and refuses a production
    /// setup that lacks what has no safe default.
    pub(crate) fn resolve(self, provenance: &Provenance<'_>) -> Result<Config, ConfigError> {
        let mode = self.mode.or(Mode::Dev);
        let dev = mode == Mode::Dev;
        let seed_demo_data = self.seed_demo_data.or(dev);
        if mode == Mode::Production {
            refuse_incomplete_production([
                ("TIETOLUPA_AUTH_PUBLIC_KEYS", self.auth_public_keys.is_set()),
                ("TIETOLUPA_AUTH_ISSUER", self.auth_issuer.is_set()),
                ("TIETOLUPA_AUTH_AUDIENCE", self.auth_audience.is_set()),
                ("TIETOLUPA_SECRETS_FILE", self.secrets_file.is_set()),
            ])?;
            if seed_demo_data {
                return Err(ConfigError::Invalid {
                    setting: provenance.name("seed_demo_data"),
                    message: "demo data cannot be seeded in production mode".to_owned(),
                });
            }
        }
        let listen = self.listen.or(SocketAddr::from(([127, 0, 0, 1], 8080)));
        let sign_in = crate::sign_in::SignInSettings {
            providers: self.sign_in_providers.get(),
            public_url: self.public_url.get().map(|u| u.0),
            idle_timeout_seconds: self.session_idle_timeout_seconds.get(),
            absolute_timeout_seconds: self.session_absolute_timeout_seconds.get(),
            roles_check_seconds: self.session_roles_check_seconds.get(),
            cache_seconds: self.session_cache_seconds.get(),
        }
        .resolve(!dev, listen, |key| provenance.name(key))?;
        let data_dir = self.data_dir.or_else(|| PathBuf::from("data"));
        let fees = FeeSchedule::default();
        let mail = Written {
            smtp_host: self.smtp_host.0,
            smtp_port: self.smtp_port.0,
            smtp_tls: self.smtp_tls.0,
            smtp_username: self.smtp_username.0,
            mail_from: self.mail_from.0,
            mail_max_attempts: self.mail_max_attempts.0,
            mail_retry_base: self.mail_retry_base.0,
            mail_poll_interval: self.mail_poll_interval.0,
            mail_batch_size: self.mail_batch_size.0,
        }
        .resolve(provenance)?;
        let euros = |setting: Setting<u32>, default_cents: i64| {
            setting.get().map_or(default_cents, |e| i64::from(e) * 100)
        };
        let database_replica_url = self.database_replica_url.get().map(|u| u.0);
        if let Some(replica) = &database_replica_url {
            let primary_is_postgres = self
                .database_url
                .0
                .as_ref()
                .is_some_and(|u| !u.0.starts_with("sqlite:"));
            if replica.starts_with("sqlite:") || !primary_is_postgres {
                return Err(ConfigError::Invalid {
                    setting: provenance.name("database_replica_url"),
                    message: "a read replica is a PostgreSQL standby of a PostgreSQL primary"
                        .to_owned(),
                });
            }
        }
        Ok(Config {
            mode,
            listen,
            public_url: sign_in.public_url.clone(),
            mail,
            database_url: match self.database_url.get() {
                Some(url) => url.0,
                None => format!("sqlite://{}/tietolupa.db?mode=rwc", data_dir.display()),
            },
            data_dir,
            auth_issuer: self.auth_issuer.or_else(|| DEV_ISSUER.to_owned()),
            auth_audience: self.auth_audience.or_else(|| DEV_AUDIENCE.to_owned()),
            auth_public_keys: self.auth_public_keys.get(),
            auth_leeway: Duration::from_secs(self.auth_leeway_seconds.or(30)),
            secrets_file: self.secrets_file.get(),
            web_dir: self.web_dir.or_else(|| PathBuf::from("web/dist")),
            // Log pipelines want JSON; people at a terminal want text.
            log_format: self.log_format.or(if dev {
                LogFormat::Text
            } else {
                LogFormat::Json
            }),
            log_filter: self.log.or_else(|| "info".to_owned()),
            request_body_limit: self.request_body_limit_bytes.or(Positive(2 * MIB)).0,
            attachment_max_bytes: self.attachment_max_bytes.or(Positive(20 * MIB)).0,
            request_timeout: Duration::from_secs(self.request_timeout_seconds.or(Positive(30)).0),
            graphql_max_depth: self.graphql_max_depth.or(Positive(15)).0,
            graphql_max_complexity: self.graphql_max_complexity.or(Positive(2_000)).0,
            graphql_max_aliases: self.graphql_max_aliases.or(Positive(30)).0,
            graphql_max_root_fields: self.graphql_max_root_fields.or(Positive(20)).0,
            graphql_max_query_bytes: self.graphql_max_query_bytes.or(Positive(32 * 1024)).0,
            rate_limit_anonymous: RateLimit {
                per_minute: self.rate_limit_anonymous_per_minute.or(Positive(600)).0,
                burst: self.rate_limit_anonymous_burst.or(Positive(200)).0,
            },
            rate_limit_dev_token: RateLimit {
                per_minute: self.rate_limit_dev_token_per_minute.or(Positive(30)).0,
                burst: self.rate_limit_dev_token_burst.or(Positive(10)).0,
            },
            cors_allowed_origins: self
                .cors_allowed_origins
                .get()
                .map_or_else(Vec::new, |o| o.0),
            // 0 means off, like no value.
            hsts_max_age: self
                .hsts_max_age_seconds
                .get()
                .filter(|&s| s > 0)
                .map(Duration::from_secs),
            trusted_proxies: self.trusted_proxies.get().unwrap_or_default(),
            seed_demo_data,
            demo_decisions: self.demo_decisions.or(240),
            demo_cases: self.demo_cases.or(true),
            jobs_interval: Duration::from_secs(self.jobs_interval_seconds.or(Positive(86_400)).0),
            delivery_due_days: self
                .delivery_due_days
                .or(Positive(tietolupa_domain::delivery::DEFAULT_DUE_DAYS))
                .0,
            permit_status_list_ttl: Duration::from_secs(
                self.permit_status_list_ttl_seconds.or(Positive(3_600)).0,
            ),
            permit_visas: self.permit_visas.or(false),
            fees: FeeSchedule {
                permit: euros(self.fee_permit_eur, fees.permit),
                extensive_permit: euros(self.fee_extensive_permit_eur, fees.extensive_permit),
                thesis_permit: euros(self.fee_thesis_permit_eur, fees.thesis_permit),
                amendment: euros(self.fee_amendment_eur, fees.amendment),
                data_request: euros(self.fee_data_request_eur, fees.data_request),
            },
            allow_temporary_identity_codes: self.allow_temporary_identity_codes.or(dev),
            cohort_filter_max_bytes: self.cohort_filter_max_bytes.or(Positive(1024 * MIB)).0,
            preparation_max_bytes: self.preparation_max_bytes.or(Positive(64 * 1024 * MIB)).0,
            metrics_token: self.metrics_token.get().map(|t| t.0),
            metrics_cache: Duration::from_secs(self.metrics_cache_seconds.or(5)),
            database_max_connections: self.database_max_connections.get().map(|n| n.0),
            database_replica_url,
            database_replica_max_lag: Duration::from_millis(
                self.database_replica_max_lag_ms.or(2_000),
            ),
            register_cache: self.register_cache.or(true),
            output_check: output_check(
                provenance,
                self.output_min_frequency,
                self.output_dominance_n,
                self.output_dominance_k,
                self.output_p_percent,
                self.output_max_file_bytes,
            )?,
            messages: MessageSettings::resolve(
                self.messages_information_reminder_days.get().map(|d| d.0),
                self.messages_deadline_warning_days.get().map(|d| d.0),
                self.messages_directors_address.get(),
                self.messages_directors_language.get(),
            ),
            sign_in,
        })
    }
}

/// The output check's defaults (ACRO's), each replaceable. Only n = 2 can be checked (a
/// magnitude table carries the two largest contributions), and k and p are fractions.
fn output_check(
    provenance: &Provenance<'_>,
    min_frequency: Setting<Positive<u64>>,
    dominance_n: Setting<Positive<u32>>,
    dominance_k: Setting<f64>,
    p_percent: Setting<f64>,
    max_file_bytes: Setting<Positive<usize>>,
) -> Result<crate::OutputCheckSettings, ConfigError> {
    let invalid = |key: &str, message: &str| ConfigError::Invalid {
        setting: provenance.name(key),
        message: message.to_owned(),
    };
    let dominance_n = dominance_n.or(Positive(2)).0;
    if dominance_n != 2 {
        return Err(invalid(
            "output_dominance_n",
            "only 2 is supported (a magnitude table gives the two largest contributions)",
        ));
    }
    let fraction = |key: &str, value: f64| {
        if value > 0.0 && value <= 1.0 {
            Ok(value)
        } else {
            Err(invalid(key, "must be a fraction above 0 and at most 1"))
        }
    };
    Ok(crate::OutputCheckSettings {
        min_frequency: min_frequency.or(Positive(10)).0,
        dominance_n,
        dominance_k: fraction("output_dominance_k", dominance_k.or(0.90))?,
        p_percent: fraction("output_p_percent", p_percent.or(0.10))?,
        max_file_bytes: max_file_bytes.or(Positive(10 * MIB)).0,
    })
}
