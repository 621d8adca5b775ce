//! The layers as figment providers, and figment's errors translated into [`ConfigError`]s
//! that name the variable or file key at fault.

use std::collections::BTreeMap;
use std::path::PathBuf;

use figment::error::Kind;
use figment::providers::{Format, Toml};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider, Source};

use crate::ConfigError;

const PREFIX: &str = "TIETOLUPA_";
/// Names the file layer; not a setting itself.
const FILE_VARIABLE: &str = "TIETOLUPA_CONFIG";
/// The test suite's own variables (e.g. the PostgreSQL URL) share the prefix.
const TEST_PREFIX: &str = "TIETOLUPA_TEST_";

/// The environment variable of a file key: `graphql_max_depth` is
/// `TIETOLUPA_GRAPHQL_MAX_DEPTH`.
pub(crate) fn variable_name(key: &str) -> String {
    format!("{PREFIX}{}", key.to_ascii_uppercase())
}

/// Merges the file named by `TIETOLUPA_CONFIG` (if any) under the other `TIETOLUPA_*`
/// variables.
pub(crate) fn layers(
    vars: impl IntoIterator<Item = (String, String)>,
) -> Result<Figment, ConfigError> {
    let mut file = None;
    let mut environment = Environment::default();
    for (name, value) in vars {
        if name == FILE_VARIABLE {
            file = Some(PathBuf::from(value));
            continue;
        }
        if name.starts_with(TEST_PREFIX) {
            continue;
        }
        // Variable names are case-sensitive: `tietolupa_listen` is someone else's variable,
        // while `TIETOLUPA_Listen` is a typo. Every setting's suffix is upper case, so only
        // such a suffix can become a key; the rest are refused here by their own name.
        let Some(suffix) = name.strip_prefix(PREFIX) else {
            continue;
        };
        let canonical = !suffix.is_empty()
            && suffix
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if !canonical {
            return Err(ConfigError::UnknownVariable { name });
        }
        // A repeated variable: the last one wins, as in a shell.
        environment
            .values
            .insert(suffix.to_ascii_lowercase(), value);
    }
    let mut figment = Figment::new();
    if let Some(path) = file {
        figment = figment.merge(TomlFile::read(path)?);
    }
    Ok(figment.merge(environment))
}

/// The `TIETOLUPA_*` variables as one flat layer of text values.
///
/// figment's own `Env` provider does not fit, for three reasons: it reads only the process
/// environment, while [`crate::Config::from_vars`] resolves a given list (tests start many
/// servers in one process, each with its own variables); it matches the prefix in any case
/// (`tietolupa_listen`), where a variable name is case-sensitive; and it parses values as
/// TOML-like literals, so that `0123` or `[a]` would no longer be the text that was set.
#[derive(Default)]
struct Environment {
    values: BTreeMap<String, String>,
}

impl Provider for Environment {
    fn metadata(&self) -> Metadata {
        Metadata::named("environment variable")
            .interpolater(|_: &Profile, keys: &[&str]| variable_name(&keys.join(".")))
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let dict = self
            .values
            .iter()
            .map(|(key, value)| (key.clone(), Value::from(value.clone())))
            .collect();
        Ok(Profile::Default.collect(dict))
    }
}

/// The TOML file, read up front so that a missing file is an error.
///
/// figment's `Toml::file` would treat a missing file as empty and look for a relative path
/// in every parent directory, and would report a syntax error with the offending line, which
/// may hold a secret; so the file is read here and parsed with the TOML format's plain
/// message only.
struct TomlFile {
    path: PathBuf,
    text: String,
}

impl TomlFile {
    fn read(path: PathBuf) -> Result<TomlFile, ConfigError> {
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(TomlFile { path, text }),
            Err(e) => Err(ConfigError::File {
                path: path.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
}

impl Provider for TomlFile {
    fn metadata(&self) -> Metadata {
        Metadata::from("TOML file", self.path.as_path())
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let dict = Toml::from_str::<Dict>(&self.text)
            .map_err(|e| figment::Error::from(e.message().to_owned()))?;
        Ok(Profile::Default.collect(dict))
    }
}

/// Which layer each value came from, to name it in an error found after extraction.
pub(crate) struct Provenance<'a> {
    layers: &'a Figment,
}

impl<'a> Provenance<'a> {
    pub(crate) fn of(layers: &'a Figment) -> Provenance<'a> {
        Provenance { layers }
    }

    /// `TIETOLUPA_LISTEN`, or `` `listen` in /etc/tietolupa.toml ``.
    pub(crate) fn name(&self, key: &str) -> String {
        match self.layers.find_metadata(key) {
            Some(metadata) => describe(metadata, key),
            None => variable_name(key),
        }
    }
}

fn describe(metadata: &Metadata, key: &str) -> String {
    match &metadata.source {
        Some(Source::File(path)) => format!("`{key}` in {}", path.display()),
        _ => metadata.interpolate(&Profile::Default, &[key]),
    }
}

/// The first of figment's errors in our terms. figment's own messages are not passed on:
/// most of them quote the value, which might be a secret.
pub(crate) fn config_error(error: figment::Error) -> ConfigError {
    let key = error.path.join(".");
    let file = match error.metadata.as_ref().and_then(|m| m.source.as_ref()) {
        Some(Source::File(path)) => Some(path.display().to_string()),
        _ => None,
    };
    let setting = match &error.metadata {
        Some(metadata) => describe(metadata, &key),
        None => variable_name(&key),
    };
    match (file, error.kind) {
        (Some(path), Kind::UnknownField(..)) => ConfigError::File {
            path,
            message: format!("unknown key `{key}`"),
        },
        (None, Kind::UnknownField(..)) => ConfigError::UnknownVariable {
            name: variable_name(&key),
        },
        // Not about one key: the file itself did not parse.
        (Some(path), Kind::Message(message)) if key.is_empty() => {
            ConfigError::File { path, message }
        }
        // A table, array, float or date where a setting's text belongs.
        (Some(path), Kind::InvalidType(..)) => ConfigError::File {
            path,
            message: format!("`{key}` must be a string, integer or boolean"),
        },
        // The value's own parser spoke; those messages never quote the value.
        (_, Kind::Message(message)) => ConfigError::Invalid { setting, message },
        (_, _) => ConfigError::Invalid {
            setting,
            message: "unusable value".to_owned(),
        },
    }
}
