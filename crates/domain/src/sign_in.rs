//! The rules of signing in through an identity provider, as pure functions: where a user
//! may be sent back to, how long a session lives, and how a provider's claims become roles,
//! an organisation and a validated identity code.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use time::OffsetDateTime;

use crate::hetu::{Hetu, HetuPolicy};
use crate::role::Role;

/// What kind of people a provider signs in, and so which roles its users may get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    /// The authority's own personnel: roles from a groups claim, mapped in configuration.
    Staff,
    /// Researchers and organisations applying for permits.
    Applicant,
    /// People strongly identified, with an identity code (e.g. Suomi.fi).
    Citizen,
}

impl ProviderKind {
    /// `STAFF`, `APPLICANT`, `CITIZEN`: the wire name of `GET /auth/providers`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Staff => "STAFF",
            ProviderKind::Applicant => "APPLICANT",
            ProviderKind::Citizen => "CITIZEN",
        }
    }
}

impl FromStr for ProviderKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "staff" => Ok(ProviderKind::Staff),
            "applicant" => Ok(ProviderKind::Applicant),
            "citizen" => Ok(ProviderKind::Citizen),
            _ => Err("expected `staff`, `applicant` or `citizen`".to_owned()),
        }
    }
}

/// A page of our own to go to after signing in: a path on this site, never another site.
///
/// Only `/` followed by a path is accepted: no scheme, no `//` (a protocol-relative URL is
/// another host), no backslash (browsers read `/\evil` as `//evil`), no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnPath(String);

/// Why a `return` value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the return address must be a path on this site")]
pub struct ForeignReturnPath;

impl ReturnPath {
    pub fn parse(path: &str) -> Result<ReturnPath, ForeignReturnPath> {
        let path_only = path.starts_with('/')
            && !path.starts_with("//")
            && !path.contains('\\')
            && !path.contains("/..")
            && path.len() <= 2048
            && !path.chars().any(|c| c.is_control() || c.is_whitespace());
        if path_only {
            Ok(ReturnPath(path.to_owned()))
        } else {
            Err(ForeignReturnPath)
        }
    }

    /// The front page, when no return path was given.
    pub fn home() -> ReturnPath {
        ReturnPath("/".to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a session lives: it ends after `idle` without requests, and after `absolute`
/// whatever happens. `last_seen_at` is written at most once per `touch_interval`, so that a
/// read does not become a write on every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionTimeouts {
    pub idle: Duration,
    pub absolute: Duration,
    pub touch_interval: Duration,
}

impl Default for SessionTimeouts {
    fn default() -> Self {
        SessionTimeouts {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
            touch_interval: Duration::from_secs(60),
        }
    }
}

/// Whether a session may still be used, and if not why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Live,
    IdleExpired,
    AbsoluteExpired,
}

impl SessionTimeouts {
    pub fn idle_expiry(&self, seen_at: OffsetDateTime) -> OffsetDateTime {
        seen_at + self.idle
    }

    pub fn absolute_expiry(&self, created_at: OffsetDateTime) -> OffsetDateTime {
        created_at + self.absolute
    }

    pub fn state(
        idle_expires_at: OffsetDateTime,
        absolute_expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> SessionState {
        if now >= absolute_expires_at {
            SessionState::AbsoluteExpired
        } else if now >= idle_expires_at {
            SessionState::IdleExpired
        } else {
            SessionState::Live
        }
    }

    /// Whether this request should record that the session was seen.
    pub fn should_touch(&self, last_seen_at: OffsetDateTime, now: OffsetDateTime) -> bool {
        now - last_seen_at >= self.touch_interval
    }
}

/// A provider's group names and the role each gives. Groups not listed give nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleMapping(pub BTreeMap<String, Role>);

impl RoleMapping {
    /// The roles a user with `groups` holds. Only staff roles can come from groups: a staff
    /// provider never makes anyone a citizen or an applicant.
    pub fn roles<'a>(&self, groups: impl IntoIterator<Item = &'a str>) -> BTreeSet<Role> {
        groups
            .into_iter()
            .filter_map(|g| self.0.get(g).copied())
            .filter(|r| r.is_staff())
            .collect()
    }
}

/// The roles a provider of `kind` gives its user.
pub fn roles_for<'a>(
    kind: ProviderKind,
    mapping: &RoleMapping,
    groups: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<Role> {
    match kind {
        ProviderKind::Staff => mapping.roles(groups),
        ProviderKind::Applicant => BTreeSet::from([Role::Applicant]),
        ProviderKind::Citizen => BTreeSet::from([Role::Citizen]),
    }
}

/// A citizen provider's identity-code claim, validated at once; an invalid one refuses the
/// sign-in. The error never holds the value.
pub fn identity_code_from_claim(
    claim: Option<&str>,
    policy: HetuPolicy,
) -> Result<Hetu, InvalidIdentityCodeClaim> {
    let claim = claim.ok_or(InvalidIdentityCodeClaim::Missing)?;
    Hetu::parse(claim.trim(), policy).map_err(|_| InvalidIdentityCodeClaim::Invalid)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidIdentityCodeClaim {
    #[error("the provider sent no identity code")]
    Missing,
    #[error("the provider's identity code is not valid")]
    Invalid,
}

/// The language of a user's messages and error pages: `fi`, `sv` or `en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UiLanguage {
    #[default]
    Fi,
    Sv,
    En,
}

impl UiLanguage {
    pub fn as_str(self) -> &'static str {
        match self {
            UiLanguage::Fi => "fi",
            UiLanguage::Sv => "sv",
            UiLanguage::En => "en",
        }
    }

    /// `fi`, `sv-FI`, `en_GB`: the first two letters decide; others are not known.
    pub fn from_tag(tag: &str) -> Option<UiLanguage> {
        let primary = tag.trim().get(..2)?.to_ascii_lowercase();
        match primary.as_str() {
            "fi" => Some(UiLanguage::Fi),
            "sv" => Some(UiLanguage::Sv),
            "en" => Some(UiLanguage::En),
            _ => None,
        }
    }

    /// The first known language of an `Accept-Language` header, in the order given (the
    /// weights of browsers' headers already descend).
    pub fn from_accept_language(header: &str) -> Option<UiLanguage> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(UiLanguage::from_tag)
    }
}

impl fmt::Display for UiLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_return_paths() {
        for ok in ["/", "/applications/1?tab=x", "/a/b#c", "/fi/kansalainen"] {
            assert!(ReturnPath::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "\\\\evil",
            "javascript:alert(1)",
            "evil.example",
            "/ok\r\nSet-Cookie: x",
            "/a/../../x",
        ] {
            assert_eq!(ReturnPath::parse(bad), Err(ForeignReturnPath), "{bad:?}");
        }
    }

    #[test]
    fn a_session_expires_when_idle_or_too_old() {
        let t = OffsetDateTime::UNIX_EPOCH;
        let timeouts = SessionTimeouts::default();
        let idle = timeouts.idle_expiry(t);
        let absolute = timeouts.absolute_expiry(t);
        assert_eq!(
            SessionTimeouts::state(idle, absolute, t),
            SessionState::Live
        );
        assert_eq!(
            SessionTimeouts::state(idle, absolute, idle),
            SessionState::IdleExpired
        );
        assert_eq!(
            SessionTimeouts::state(absolute + Duration::from_secs(1), absolute, absolute),
            SessionState::AbsoluteExpired
        );
        assert!(!timeouts.should_touch(t, t + Duration::from_secs(59)));
        assert!(timeouts.should_touch(t, t + Duration::from_secs(60)));
    }

    #[test]
    fn staff_roles_come_only_from_mapped_groups() {
        let mapping = RoleMapping(BTreeMap::from([
            ("handlers".to_owned(), Role::Handler),
            ("citizens".to_owned(), Role::Citizen),
        ]));
        assert_eq!(
            roles_for(ProviderKind::Staff, &mapping, ["handlers", "other"]),
            BTreeSet::from([Role::Handler])
        );
        // A group mapped to a non-staff role gives nothing through a staff provider.
        assert!(roles_for(ProviderKind::Staff, &mapping, ["citizens"]).is_empty());
        assert_eq!(
            roles_for(ProviderKind::Citizen, &mapping, ["handlers"]),
            BTreeSet::from([Role::Citizen])
        );
    }

    #[test]
    fn identity_code_claims_are_validated() {
        let policy = HetuPolicy::ALLOW_TEMPORARY;
        assert!(identity_code_from_claim(Some("010180-9004"), policy).is_ok());
        assert_eq!(
            identity_code_from_claim(Some("010180-9005"), policy).unwrap_err(),
            InvalidIdentityCodeClaim::Invalid
        );
        assert_eq!(
            identity_code_from_claim(None, policy).unwrap_err(),
            InvalidIdentityCodeClaim::Missing
        );
        let message = identity_code_from_claim(Some("010180-9005"), policy)
            .unwrap_err()
            .to_string();
        assert!(!message.contains("010180"));
    }

    #[test]
    fn languages_come_from_locales_and_accept_language() {
        assert_eq!(UiLanguage::from_tag("sv-FI"), Some(UiLanguage::Sv));
        assert_eq!(UiLanguage::from_tag("de"), None);
        assert_eq!(
            UiLanguage::from_accept_language("de-DE,en;q=0.8,fi;q=0.5"),
            Some(UiLanguage::En)
        );
    }
}
