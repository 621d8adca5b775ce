//! Settings of the messages: when the reminders fall due, and where the Director's
//! messages go.
//!
//! - `TIETOLUPA_MESSAGES_INFORMATION_REMINDER_DAYS` (default 7): an information request
//!   unanswered this many days is reminded of, once.
//! - `TIETOLUPA_MESSAGES_DEADLINE_WARNING_DAYS` (default 14): the presenter is warned this
//!   many days before a decision is due, once per deadline.
//! - `TIETOLUPA_MESSAGES_DIRECTORS_ADDRESS` (optional): one shared address told of every
//!   proposal waiting for a decision; without it, every user with the Director role is
//!   told at their own address.
//! - `TIETOLUPA_MESSAGES_DIRECTORS_LANGUAGE` (`fi`, `sv` or `en`; default `fi`): the
//!   language of messages to that address.

use std::str::FromStr;

use tietolupa_domain::message::ReminderPolicy;

/// The messages' settings, resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageSettings {
    pub reminders: ReminderPolicy,
    pub directors: DirectorsRecipients,
}

/// Who is told that a proposal waits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DirectorsRecipients {
    /// Every user with the Director role.
    #[default]
    EachDirector,
    /// One shared address, in one language (`fi`, `sv` or `en`).
    GroupAddress {
        email: String,
        language: &'static str,
    },
}

/// An e-mail address, checked for shape only (the mail server decides the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MailAddress(pub String);

impl FromStr for MailAddress {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let shaped = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && !s.contains(['<', '>', ',', ';', '"'])
            && s.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.contains('@')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if shaped {
            Ok(MailAddress(s.to_owned()))
        } else {
            Err("expected an e-mail address such as kirjaamo@example.fi".to_owned())
        }
    }
}

/// `fi`, `sv` or `en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MessageLanguage(pub &'static str);

impl FromStr for MessageLanguage {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fi" => Ok(MessageLanguage("fi")),
            "sv" => Ok(MessageLanguage("sv")),
            "en" => Ok(MessageLanguage("en")),
            _ => Err("expected `fi`, `sv` or `en`".to_owned()),
        }
    }
}

impl MessageSettings {
    pub(crate) fn resolve(
        information_reminder_days: Option<u32>,
        deadline_warning_days: Option<u32>,
        directors_address: Option<MailAddress>,
        directors_language: Option<MessageLanguage>,
    ) -> MessageSettings {
        let defaults = ReminderPolicy::default();
        MessageSettings {
            reminders: ReminderPolicy {
                information_reminder_days: information_reminder_days
                    .unwrap_or(defaults.information_reminder_days),
                deadline_warning_days: deadline_warning_days
                    .unwrap_or(defaults.deadline_warning_days),
            },
            directors: match directors_address {
                Some(MailAddress(email)) => DirectorsRecipients::GroupAddress {
                    email,
                    language: directors_language.map_or("fi", |l| l.0),
                },
                None => DirectorsRecipients::EachDirector,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, ConfigError};

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
    }

    #[test]
    fn by_default_reminders_come_after_a_week_and_warnings_two_weeks_ahead_to_each_director() {
        let messages = config(&[]).unwrap().messages;
        assert_eq!(messages.reminders, ReminderPolicy::default());
        assert_eq!(messages.reminders.information_reminder_days, 7);
        assert_eq!(messages.reminders.deadline_warning_days, 14);
        assert_eq!(messages.directors, DirectorsRecipients::EachDirector);
    }

    #[test]
    fn the_days_and_the_directors_address_are_configurable() {
        let messages = config(&[
            ("TIETOLUPA_MESSAGES_INFORMATION_REMINDER_DAYS", "10"),
            ("TIETOLUPA_MESSAGES_DEADLINE_WARNING_DAYS", "21"),
            (
                "TIETOLUPA_MESSAGES_DIRECTORS_ADDRESS",
                "johto@tietolupa.example",
            ),
            ("TIETOLUPA_MESSAGES_DIRECTORS_LANGUAGE", "sv"),
        ])
        .unwrap()
        .messages;
        assert_eq!(messages.reminders.information_reminder_days, 10);
        assert_eq!(messages.reminders.deadline_warning_days, 21);
        assert_eq!(
            messages.directors,
            DirectorsRecipients::GroupAddress {
                email: "johto@tietolupa.example".to_owned(),
                language: "sv"
            }
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (name, value) in [
            ("TIETOLUPA_MESSAGES_INFORMATION_REMINDER_DAYS", "0"),
            ("TIETOLUPA_MESSAGES_DEADLINE_WARNING_DAYS", "two weeks"),
            ("TIETOLUPA_MESSAGES_DIRECTORS_ADDRESS", "johto at example"),
            ("TIETOLUPA_MESSAGES_DIRECTORS_ADDRESS", "a@b.fi, c@d.fi"),
            ("TIETOLUPA_MESSAGES_DIRECTORS_LANGUAGE", "de"),
        ] {
            let error = config(&[(name, value)]).unwrap_err().to_string();
            assert!(error.contains(name), "{error}");
            assert!(!error.contains(value), "{error}");
        }
    }
}
