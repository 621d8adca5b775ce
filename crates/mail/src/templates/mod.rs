//! One module per group of messages (to applicants, about permits, fees, to staff); this one
//! reads the payload, picks the module by kind and lays the letter out as text and HTML.
//!
//! A letter is a subject, paragraphs of plain text and one link. The HTML is built from
//! the same paragraphs, each escaped as a whole, so no payload value reaches the HTML
//! unescaped whichever template put it where.

mod applicant;
mod fee;
mod permit;
mod staff;

use serde_json::Value;
use tietolupa_domain::application::DecisionOutcome;
use tietolupa_domain::message::{Audience, MessageKind};
use time::Date;
use time::macros::format_description;

/// The languages messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Fi,
    Sv,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Fi, Language::Sv, Language::En];

    /// `fi`, `sv` or `en`; anything else is Finnish, the authority's first language.
    pub fn from_code(code: &str) -> Language {
        match code {
            "sv" => Language::Sv,
            "en" => Language::En,
            _ => Language::Fi,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::Fi => "fi",
            Language::Sv => "sv",
            Language::En => "en",
        }
    }

    /// Picks the text of this language.
    fn pick<T>(self, fi: T, sv: T, en: T) -> T {
        match self {
            Language::Fi => fi,
            Language::Sv => sv,
            Language::En => en,
        }
    }
}

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why an outbox message cannot be rendered. Neither retrying nor waiting helps: the
/// message is a dead letter for staff to look at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("no template for message kind {0}")]
    UnknownKind(String),
    #[error("the payload of a {kind} message lacks {field}")]
    MissingField { kind: String, field: &'static str },
    /// The value is there but not what the field holds (a date, an id); the value itself
    /// is not repeated, as errors are logged.
    #[error("the payload of a {kind} message has an unusable {field}")]
    InvalidField { kind: String, field: &'static str },
}

/// Renders an outbox message. `base_url` is where the web app is served, for links.
pub fn render(
    kind: &str,
    payload: &Value,
    language: Language,
    base_url: &str,
) -> Result<Rendered, RenderError> {
    let message_kind =
        MessageKind::parse(kind).ok_or_else(|| RenderError::UnknownKind(kind.to_owned()))?;
    let fields = Fields {
        kind,
        payload,
        language,
    };
    let letter = match message_kind {
        MessageKind::PermitExpiryReminder | MessageKind::PermitRevoked => {
            permit::letter(message_kind, &fields)?
        }
        MessageKind::FeeNotice => fee::letter(&fields)?,
        other if other.audience() == Audience::Applicant => applicant::letter(other, &fields)?,
        other => staff::letter(other, &fields)?,
    };
    Ok(letter.lay_out(language, base_url))
}

/// The payload of one message, read field by field in the recipient's language.
pub(crate) struct Fields<'a> {
    kind: &'a str,
    payload: &'a Value,
    language: Language,
}

impl Fields<'_> {
    fn missing(&self, field: &'static str) -> RenderError {
        RenderError::MissingField {
            kind: self.kind.to_owned(),
            field,
        }
    }

    fn invalid(&self, field: &'static str) -> RenderError {
        RenderError::InvalidField {
            kind: self.kind.to_owned(),
            field,
        }
    }

    pub(crate) fn language(&self) -> Language {
        self.language
    }

    /// A text or number, absent when missing or null.
    pub(crate) fn optional(&self, name: &'static str) -> Option<String> {
        match self.payload.get(name)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    pub(crate) fn text(&self, name: &'static str) -> Result<String, RenderError> {
        self.optional(name).ok_or_else(|| self.missing(name))
    }

    /// An id for a link. Only hexadecimal digits and dashes, so a payload cannot steer a
    /// link elsewhere.
    pub(crate) fn id(&self, name: &'static str) -> Result<String, RenderError> {
        let id = self.text(name)?;
        let plausible = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if plausible {
            Ok(id)
        } else {
            Err(self.invalid(name))
        }
    }

    /// An ISO date written the way the recipient's language writes dates.
    pub(crate) fn date(&self, name: &'static str) -> Result<String, RenderError> {
        let text = self.text(name)?;
        let parsed = Date::parse(&text, format_description!("[year]-[month]-[day]"))
            .map_err(|_| self.invalid(name))?;
        Ok(written_date(parsed, self.language))
    }

    pub(crate) fn optional_date(&self, name: &'static str) -> Result<Option<String>, RenderError> {
        match self.optional(name) {
            None => Ok(None),
            Some(_) => self.date(name).map(Some),
        }
    }

    /// A whole number (a count of days, a request number).
    pub(crate) fn number(&self, name: &'static str) -> Result<i64, RenderError> {
        match self.payload.get(name) {
            None | Some(Value::Null) => Err(self.missing(name)),
            Some(Value::Number(n)) => n.as_i64().ok_or_else(|| self.invalid(name)),
            Some(Value::String(s)) => s.parse().map_err(|_| self.invalid(name)),
            Some(_) => Err(self.invalid(name)),
        }
    }

    /// A decision's outcome in words.
    pub(crate) fn outcome(&self, name: &'static str) -> Result<&'static str, RenderError> {
        let outcome =
            DecisionOutcome::parse(&self.text(name)?).ok_or_else(|| self.invalid(name))?;
        Ok(match outcome {
            DecisionOutcome::Granted => self.language.pick("myönnetty", "beviljad", "granted"),
            DecisionOutcome::PartiallyGranted => {
                self.language
                    .pick("myönnetty osittain", "delvis beviljad", "partially granted")
            }
            DecisionOutcome::Rejected => self.language.pick("hylätty", "avslagen", "rejected"),
        })
    }

    /// The application's title in quotes, or nothing.
    pub(crate) fn quoted_title(&self) -> Option<String> {
        let title = self.optional("title").filter(|t| !t.trim().is_empty())?;
        Some(self.language.pick(
            format!("”{title}”"),
            format!("”{title}”"),
            format!("“{title}”"),
        ))
    }
}

fn written_date(date: Date, language: Language) -> String {
    match language {
        Language::Fi | Language::Sv => {
            format!("{}.{}.{}", date.day(), u8::from(date.month()), date.year())
        }
        Language::En => format!("{} {} {}", date.day(), date.month(), date.year()),
    }
}

/// What a template says: the layout adds greeting, link and signature.
pub(crate) struct Letter {
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// A path of the web app (`/applications/<id>`) and the words on the link.
    pub link: (String, &'static str),
}

impl Letter {
    fn lay_out(self, language: Language, base_url: &str) -> Rendered {
        let greeting = language.pick("Hei,", "Hej,", "Hello,");
        let footer = language.pick(
            "Tämä on Tietolupa-palvelun automaattinen viesti. Älä vastaa tähän viestiin.",
            "Detta är ett automatiskt meddelande från tjänsten Tietolupa. Svara inte på detta meddelande.",
            "This is an automatic message from the Tietolupa service. Please do not reply to it.",
        );
        let (path, label) = self.link;
        let url = format!("{}{}", base_url.trim_end_matches('/'), path);
        let mut text = format!("{greeting}\n\n");
        for paragraph in &self.paragraphs {
            text.push_str(paragraph);
            text.push_str("\n\n");
        }
        text.push_str(&format!("{label}: {url}\n\n-- \n{footer}\n"));
        let mut html = format!(
            "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n<p>{}</p>\n",
            language.code(),
            escape(&self.subject),
            escape(greeting)
        );
        for paragraph in &self.paragraphs {
            html.push_str(&format!("<p>{}</p>\n", escape(paragraph)));
        }
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>\n<p style=\"color:#555\">{}</p>\n</body></html>\n",
            escape(&url),
            escape(label),
            escape(footer)
        ));
        Rendered {
            subject: self.subject,
            text,
            html,
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `Subject – TL/12/2026`, or the subject alone when the number is not known.
pub(crate) fn with_number(subject: &str, number: Option<&str>) -> String {
    match number {
        Some(n) => format!("{subject} – {n}"),
        None => subject.to_owned(),
    }
}

#[cfg(test)]
mod tests;
