//! Sign-in settings: the OpenID Connect providers, the public URL their redirects come back
//! to, and how long sessions live.
//!
//! Providers are one setting, `sign_in_providers` (`TIETOLUPA_SIGN_IN_PROVIDERS`), holding a
//! JSON array; docs/operations.md "Sign-in" lists the fields. A client secret is given inline
//! (`client_secret`, for development) or as a file (`client_secret_file`, e.g. a mounted
//! secret), never both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;
use tietolupa_domain::Role;
use tietolupa_domain::sign_in::{ProviderKind, RoleMapping, SessionTimeouts};

use crate::ConfigError;

/// Suomi.fi's claim of the personal identity code (the OID of the Finnish identity code).
pub const DEFAULT_IDENTITY_CODE_CLAIM: &str = "urn:oid:1.2.246.21";

/// Long enough that a busy user's requests mostly skip the session row, short enough that a
/// logout through another instance holds within a few seconds everywhere.
pub const DEFAULT_SESSION_CACHE_SECONDS: u64 = 5;

/// Everything sign-in needs, resolved and validated.
#[derive(Debug, Clone)]
pub struct SignInConfig {
    pub providers: Vec<ProviderConfig>,
    pub timeouts: SessionTimeouts,
    /// How old a staff session's roles may be before they are checked with the provider
    /// again (through the refresh token).
    pub roles_check_interval: Duration,
    /// How long an instance may answer a cookie from memory instead of the session row
    /// (zero: never). Its own logouts take effect at once; another instance's within this.
    pub session_cache: Duration,
    /// Where this server is reached by browsers (`https://luvat.example.fi`): the base of
    /// the redirect URI `<public_url>/auth/callback` and of links in messages.
    pub public_url: String,
    /// Send the session cookie with `Secure` (always in production; in dev mode when the
    /// public URL is https).
    pub secure_cookie: bool,
    /// `__Host-tietolupa_session` in production, `tietolupa_session` in dev mode.
    pub cookie_name: &'static str,
}

/// One configured provider.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub id: String,
    pub name: ProviderNames,
    pub kind: ProviderKind,
    /// The issuer URL; discovery is `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Always includes `openid`.
    pub scopes: Vec<String>,
    /// The claim holding group names (staff).
    pub roles_claim: String,
    pub role_mapping: RoleMapping,
    /// The claim holding the organisation's name (applicants).
    pub organisation_claim: String,
    /// The claim holding the identity code (citizens).
    pub identity_code_claim: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct ProviderNames {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

/// A provider as written in the JSON array.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderEntry {
    id: String,
    name: ProviderNames,
    kind: String,
    issuer: String,
    client_id: String,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    client_secret_file: Option<PathBuf>,
    #[serde(default)]
    scopes: Option<Vec<String>>,
    #[serde(default)]
    roles_claim: Option<String>,
    #[serde(default)]
    role_mapping: BTreeMap<String, String>,
    #[serde(default)]
    organisation_claim: Option<String>,
    #[serde(default)]
    identity_code_claim: Option<String>,
}

/// The setting's text: a JSON array of providers, checked for shape when read.
#[derive(Debug, Clone)]
pub(crate) struct ProvidersJson(Vec<ProviderEntry>);

impl FromStr for ProvidersJson {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // serde_json's message names the line and column, and for a type error the field;
        // it quotes no value but an unknown field's name.
        serde_json::from_str(text)
            .map(ProvidersJson)
            .map_err(|e| format!("expected a JSON array of providers ({e})"))
    }
}

/// The sign-in settings as written, before defaults.
pub(crate) struct SignInSettings {
    pub providers: Option<ProvidersJson>,
    pub public_url: Option<String>,
    pub idle_timeout_seconds: Option<u64>,
    pub absolute_timeout_seconds: Option<u64>,
    pub roles_check_seconds: Option<u64>,
    pub cache_seconds: Option<u64>,
}

impl SignInSettings {
    pub(crate) fn resolve(
        self,
        production: bool,
        listen: std::net::SocketAddr,
        names: impl Fn(&str) -> String,
    ) -> Result<SignInConfig, ConfigError> {
        let invalid = |key: &str, message: String| ConfigError::Invalid {
            setting: names(key),
            message,
        };
        let entries = self.providers.map(|p| p.0).unwrap_or_default();
        let public_url = match self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None if production && !entries.is_empty() => {
                return Err(ConfigError::ProductionIncomplete {
                    missing: vec!["TIETOLUPA_PUBLIC_URL"],
                });
            }
            None => format!("http://{listen}"),
        };
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            return Err(invalid(
                "public_url",
                "expected an http(s) URL like `https://luvat.example.fi`".to_owned(),
            ));
        }
        if production && !entries.is_empty() && !public_url.starts_with("https://") {
            return Err(invalid(
                "public_url",
                "must be https in production mode (the session cookie is Secure)".to_owned(),
            ));
        }
        let mut seen = BTreeSet::new();
        let providers = entries
            .into_iter()
            .map(|entry| {
                if !seen.insert(entry.id.clone()) {
                    return Err(format!("provider `{}` is listed twice", entry.id));
                }
                entry.resolve()
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|message| invalid("sign_in_providers", message))?;
        let defaults = SessionTimeouts::default();
        let seconds = |value: Option<u64>, default: Duration, key: &str| match value {
            Some(0) => Err(invalid(key, "must be greater than zero".to_owned())),
            Some(s) => Ok(Duration::from_secs(s)),
            None => Ok(default),
        };
        Ok(SignInConfig {
            providers,
            timeouts: SessionTimeouts {
                idle: seconds(
                    self.idle_timeout_seconds,
                    defaults.idle,
                    "session_idle_timeout_seconds",
                )?,
                absolute: seconds(
                    self.absolute_timeout_seconds,
                    defaults.absolute,
                    "session_absolute_timeout_seconds",
                )?,
                touch_interval: defaults.touch_interval,
            },
            roles_check_interval: seconds(
                self.roles_check_seconds,
                Duration::from_secs(300),
                "session_roles_check_seconds",
            )?,
            session_cache: Duration::from_secs(
                self.cache_seconds.unwrap_or(DEFAULT_SESSION_CACHE_SECONDS),
            ),
            secure_cookie: production || public_url.starts_with("https://"),
            cookie_name: if production {
                "__Host-tietolupa_session"
            } else {
                "tietolupa_session"
            },
            public_url,
        })
    }
}

impl ProviderEntry {
    /// Checks one provider; messages name the provider and field, never a secret.
    fn resolve(self) -> Result<ProviderConfig, String> {
        let id = self.id;
        let at = |message: &str| format!("provider `{id}`: {message}");
        let id_ok = !id.is_empty()
            && id.len() <= 40
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(format!(
                "provider ids are 1-40 lower-case letters, digits and `-` (`{id}`)"
            ));
        }
        let kind: ProviderKind = self.kind.parse().map_err(|e: String| at(&e))?;
        if !(self.issuer.starts_with("https://") || self.issuer.starts_with("http://")) {
            return Err(at("`issuer` must be an http(s) URL"));
        }
        let client_secret = match (self.client_secret, self.client_secret_file) {
            (Some(secret), None) => secret,
            (None, Some(path)) => std::fs::read_to_string(&path)
                .map(|s| s.trim().to_owned())
                .map_err(|e| at(&format!("`client_secret_file` {}: {e}", path.display())))?,
            _ => {
                return Err(at(
                    "give exactly one of `client_secret`, `client_secret_file`",
                ));
            }
        };
        if client_secret.is_empty() {
            return Err(at("the client secret is empty"));
        }
        let mut role_mapping = BTreeMap::new();
        for (group, role) in self.role_mapping {
            let role: Role = role
                .parse()
                .map_err(|_| at(&format!("`role_mapping` of `{group}`: unknown role")))?;
            if !role.is_staff() {
                return Err(at(&format!(
                    "`role_mapping` of `{group}`: only staff roles come from groups"
                )));
            }
            role_mapping.insert(group, role);
        }
        if kind == ProviderKind::Staff && role_mapping.is_empty() {
            return Err(at("a staff provider needs a `role_mapping`"));
        }
        let mut scopes = self.scopes.unwrap_or_else(|| {
            let mut scopes = vec!["openid", "profile", "email"];
            if kind == ProviderKind::Staff {
                // The refresh token with which roles are checked again.
                scopes.push("offline_access");
            }
            scopes.into_iter().map(str::to_owned).collect()
        });
        if !scopes.iter().any(|s| s == "openid") {
            scopes.insert(0, "openid".to_owned());
        }
        Ok(ProviderConfig {
            id,
            name: self.name,
            kind,
            issuer: self.issuer.trim_end_matches('/').to_owned(),
            client_id: self.client_id,
            client_secret: SecretString::from(client_secret),
            scopes,
            roles_claim: self.roles_claim.unwrap_or_else(|| "groups".to_owned()),
            role_mapping: RoleMapping(role_mapping),
            organisation_claim: self
                .organisation_claim
                .unwrap_or_else(|| "organisation".to_owned()),
            identity_code_claim: self
                .identity_code_claim
                .unwrap_or_else(|| DEFAULT_IDENTITY_CODE_CLAIM.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, crate::ConfigError> {
        Config::from_vars(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    const STAFF: &str = r#"[{"id":"staff","kind":"staff","name":{"fi":"Henkilöstö","sv":"Personal","en":"Staff"},
        "issuer":"http://127.0.0.1:4000","client_id":"tietolupa-staff","client_secret":"s3cret-value",
        "role_mapping":{"tietolupa-handlers":"HANDLER"}}]"#;

    #[test]
    fn providers_are_read_with_defaults() {
        let config = with(&[("TIETOLUPA_SIGN_IN_PROVIDERS", STAFF)]).unwrap();
        let sign_in = &config.sign_in;
        assert_eq!(sign_in.providers.len(), 1);
        let staff = &sign_in.providers[0];
        assert_eq!(staff.roles_claim, "groups");
        assert!(staff.scopes.contains(&"offline_access".to_owned()));
        assert_eq!(sign_in.public_url, "http://127.0.0.1:8080");
        assert_eq!(sign_in.cookie_name, "tietolupa_session");
        assert!(!sign_in.secure_cookie);
    }

    #[test]
    fn bad_providers_are_refused_without_quoting_secrets() {
        let bad = STAFF.replace("HANDLER", "CITIZEN");
        let err = with(&[("TIETOLUPA_SIGN_IN_PROVIDERS", &bad)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("TIETOLUPA_SIGN_IN_PROVIDERS"), "{err}");
        assert!(err.contains("only staff roles"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        let twice = format!(
            "[{0},{0}]",
            STAFF.trim_start_matches('[').trim_end_matches(']')
        );
        assert!(with(&[("TIETOLUPA_SIGN_IN_PROVIDERS", &twice)]).is_err());
        assert!(with(&[("TIETOLUPA_SIGN_IN_PROVIDERS", "{not json")]).is_err());
        assert!(with(&[("TIETOLUPA_SESSION_IDLE_TIMEOUT_SECONDS", "0")]).is_err());
    }
}
