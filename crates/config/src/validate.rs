//! The checks a value must pass, as types that parse only valid text, and the
//! production-mode refusal.
//!
//! Each type's error message names what is expected and never quotes the value: the error
//! is shown with the variable's name, and a value might be a secret.

use std::fmt;
use std::str::FromStr;

use secrecy::{ExposeSecret, SecretString};

use crate::ConfigError;

/// A number greater than zero: a limit of zero would refuse everything.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Positive<T>(pub T);

impl<T> FromStr for Positive<T>
where
    T: FromStr + PartialOrd + Default,
    T::Err: fmt::Display,
{
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = s.parse::<T>().map_err(|e| e.to_string())?;
        if value <= T::default() {
            return Err("must be greater than zero".to_owned());
        }
        Ok(Positive(value))
    }
}

/// A comma-separated list of `scheme://host[:port]` origins, exactly as browsers send
/// them in `Origin` (no path, no trailing slash).
#[derive(Debug, Clone)]
pub(crate) struct Origins(pub Vec<String>);

impl FromStr for Origins {
    type Err = String;
    fn from_str(list: &str) -> Result<Self, Self::Err> {
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
                    Err("expected comma-separated origins like `https://example.fi`".to_owned())
                }
            })
            .collect::<Result<_, _>>()
            .map(Origins)
    }
}

/// A database URL of an engine the store speaks.
#[derive(Debug, Clone)]
pub(crate) struct DatabaseUrl(pub String);

impl FromStr for DatabaseUrl {
    type Err = String;
    fn from_str(url: &str) -> Result<Self, Self::Err> {
        if url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://")
        {
            Ok(DatabaseUrl(url.to_owned()))
        } else {
            Err("expected a `sqlite:` or `postgres://` URL".to_owned())
        }
    }
}

/// The bearer token of the metrics scraper. Short tokens are guessable; the scraper's token
/// is a shared secret like any other.
#[derive(Debug, Clone)]
pub(crate) struct MetricsToken(pub SecretString);

impl FromStr for MetricsToken {
    type Err = String;
    fn from_str(token: &str) -> Result<Self, Self::Err> {
        const MIN_LEN: usize = 24;
        let token = SecretString::from(token);
        let text = token.expose_secret();
        if text.len() < MIN_LEN || text.chars().any(char::is_whitespace) {
            return Err(format!(
                "must be at least {MIN_LEN} characters without spaces"
            ));
        }
        Ok(MetricsToken(token))
    }
}

/// Production mode needs these settings, which have no safe default.
///
/// Written by hand rather than as required fields: serde stops at the first missing field,
/// and an operator should learn everything that is missing in one attempt.
pub(crate) fn refuse_incomplete_production(
    required: [(&'static str, bool); 4],
) -> Result<(), ConfigError> {
    let missing: Vec<&'static str> = required
        .into_iter()
        .filter(|(_, present)| !present)
        .map(|(name, _)| name)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ConfigError::ProductionIncomplete { missing })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positive_refuses_zero_and_keeps_the_parse_error() {
        assert_eq!("3".parse::<Positive<u32>>().unwrap().0, 3);
        assert_eq!(
            "0".parse::<Positive<u32>>().unwrap_err(),
            "must be greater than zero"
        );
        assert!("-1".parse::<Positive<u32>>().is_err());
    }

    #[test]
    fn a_refused_token_is_not_quoted() {
        let err = "short secret".parse::<MetricsToken>().unwrap_err();
        assert!(!err.contains("short"), "{err}");
    }
}
