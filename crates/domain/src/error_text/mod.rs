//! Every error and validation message the server sends, in Finnish, Swedish and English:
//! one key per message, with its parameters, and its three texts side by side.
//!
//! Code past the edge carries a [`MessageKey`], never a sentence; the text is chosen only
//! where an error leaves the server (`tietolupa_graphql::ApiError`, in the caller's
//! language). Where no language is asked for, English is used (see docs/operations.md).
//!
//! # Adding a message
//! Add one entry to the `catalogue!` table in `error_text/catalogue.rs` (or, for the work
//! after the permit, `error_text/after_permit.rs`):
//! ```text
//! /// What it is for.
//! NameOfTheMessage { max: usize = 300 } => {
//!     en: "must be at most {max} characters",
//!     fi: "saa olla enintään {max} merkkiä",
//!     sv: "får vara högst {max} tecken",
//! }
//! ```
//! Parameters (optional) are named with a sample value, which the completeness test
//! renders; texts are `format!` strings that may use the parameters by name. The key's
//! wire name (`extensions.fields[].key`) is the variant's name. The test
//! `every_message_has_three_distinct_texts` fails on an empty text, or a Finnish or
//! Swedish text equal to the English one.

use std::fmt;

use crate::sign_in::UiLanguage;

macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $name:ident $({ $($param:ident : $ty:ty = $sample:expr),* $(,)? })? => {
            en: $en:literal, fi: $fi:literal, sv: $sv:literal $(,)?
        }
    )*) => {
        /// A message the server may send; see the module documentation.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum MessageKey {
            $( $(#[$doc])* $name $({ $($param: $ty),* })?, )*
        }

        impl MessageKey {
            /// One of each key, with sample parameters: what the completeness test renders.
            pub fn samples() -> Vec<MessageKey> {
                vec![$( MessageKey::$name $({ $($param: $sample),* })? ),*]
            }

            /// The stable name of the key, as clients see it.
            pub fn key(&self) -> &'static str {
                match self {
                    $( MessageKey::$name { .. } => stringify!($name), )*
                }
            }

            /// The text before its parameters are filled in (`{max}` stays).
            pub fn template(&self, language: UiLanguage) -> &'static str {
                match self {
                    $( MessageKey::$name { .. } => match language {
                        UiLanguage::En => $en,
                        UiLanguage::Fi => $fi,
                        UiLanguage::Sv => $sv,
                    }, )*
                }
            }

            /// The message in `language`.
            pub fn text(&self, language: UiLanguage) -> String {
                match self {
                    $( MessageKey::$name $({ $($param),* })? => match language {
                        UiLanguage::En => format!($en),
                        UiLanguage::Fi => format!($fi),
                        UiLanguage::Sv => format!($sv),
                    }, )*
                }
            }
        }
    };
}

#[macro_use]
mod after_permit;
mod catalogue;
mod from_domain;

pub use catalogue::MessageKey;

/// Logs and `Display` of errors that carry a key read in English.
impl fmt::Display for MessageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(UiLanguage::En))
    }
}

/// The whole catalogue as JSON, `[{"key", "fi", "sv", "en"}]` with the texts as templates
/// (`tietolupa messages`; the browser tests look for English texts with it).
pub fn catalogue_json() -> String {
    let entries: Vec<serde_json::Value> = MessageKey::samples()
        .iter()
        .map(|key| {
            serde_json::json!({
                "key": key.key(),
                "fi": key.template(UiLanguage::Fi),
                "sv": key.template(UiLanguage::Sv),
                "en": key.template(UiLanguage::En),
            })
        })
        .collect();
    serde_json::to_string_pretty(&entries).expect("strings serialise")
}

impl MessageKey {
    /// "<entity> not found", for the entities the store names.
    pub fn not_found(entity: &str) -> MessageKey {
        match entity {
            "application" => MessageKey::ApplicationNotFound,
            "attachment" => MessageKey::AttachmentNotFound,
            "decision" => MessageKey::DecisionNotFound,
            "permit" => MessageKey::PermitNotFound,
            "processing environment" => MessageKey::EnvironmentNotFound,
            "information request item" => MessageKey::InformationItemNotFound,
            "open information request" => MessageKey::OpenInformationRequestNotFound,
            "outbox message" => MessageKey::OutboxMessageNotFound,
            "delivery order" => MessageKey::DeliveryOrderNotFound,
            _ => MessageKey::NoSuchResource,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Keys whose texts may rightly be the same in every language. Empty today; a proper
    /// noun or a code alone would go here.
    const SAME_IN_EVERY_LANGUAGE: &[&str] = &[];

    #[test]
    fn every_message_has_three_distinct_texts() {
        let samples = MessageKey::samples();
        let mut keys = HashSet::new();
        for key in &samples {
            assert!(keys.insert(key.key()), "{} listed twice", key.key());
            let en = key.text(UiLanguage::En);
            for language in [UiLanguage::Fi, UiLanguage::Sv, UiLanguage::En] {
                let text = key.text(language);
                assert!(
                    !text.trim().is_empty(),
                    "{} has no {language} text",
                    key.key()
                );
                if language != UiLanguage::En && !SAME_IN_EVERY_LANGUAGE.contains(&key.key()) {
                    assert_ne!(text, en, "{} ({language}) is the English text", key.key());
                }
            }
        }
        // Each variant of the enum appears once among the samples: `key()` is an
        // exhaustive match, so a variant missing from `samples()` would still be named
        // there, and the two lists are generated from the same table.
        assert_eq!(keys.len(), samples.len());
    }

    #[test]
    fn parameters_are_filled_in_every_language() {
        let key = MessageKey::MaxChars { max: 300 };
        assert_eq!(key.text(UiLanguage::En), "must be at most 300 characters");
        assert_eq!(key.text(UiLanguage::Fi), "saa olla enintään 300 merkkiä");
        assert_eq!(key.text(UiLanguage::Sv), "får vara högst 300 tecken");
        assert_eq!(key.key(), "MaxChars");
    }

    #[test]
    fn unknown_entities_are_no_such_resource() {
        assert_eq!(
            MessageKey::not_found("permit").text(UiLanguage::Fi),
            "lupaa ei löytynyt"
        );
        assert_eq!(
            MessageKey::not_found("number sequence"),
            MessageKey::NoSuchResource
        );
    }
}
