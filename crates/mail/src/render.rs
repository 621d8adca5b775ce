use serde_json::Value;

/// The languages messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Fi,
    Sv,
    En,
}

impl Language {
    /// `fi`, `sv` or `en`; anything else is Finnish, the authority's first language.
    pub fn from_code(code: &str) -> Language {
        match code {
            "sv" => Language::Sv,
            "en" => Language::En,
            _ => Language::Fi,
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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("no template for message kind {0}")]
    UnknownKind(String),
    #[error("the payload of a {kind} message lacks {field}")]
    MissingField { kind: String, field: &'static str },
}

/// Renders an outbox message. `base_url` is where the web app is served, for links.
pub fn render(
    kind: &str,
    payload: &Value,
    language: Language,
    base_url: &str,
) -> Result<Rendered, RenderError> {
    let field = |name: &'static str| {
        payload
            .get(name)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .ok_or_else(|| RenderError::MissingField {
                kind: kind.to_owned(),
                field: name,
            })
    };
    let (subject, body) = match (kind, language) {
        ("PERMIT_REVOKED", Language::Fi) => (
            "Lupasi on peruutettu".to_owned(),
            format!("Lupa on peruutettu. Perustelu: {}", field("reason")?),
        ),
        ("PERMIT_REVOKED", Language::Sv) => (
            "Ditt tillstånd har återkallats".to_owned(),
            format!(
                "Tillståndet har återkallats. Motivering: {}",
                field("reason")?
            ),
        ),
        ("PERMIT_REVOKED", Language::En) => (
            "Your permit has been revoked".to_owned(),
            format!("The permit has been revoked. Reason: {}", field("reason")?),
        ),
        ("PERMIT_EXPIRY_REMINDER", Language::Fi) => (
            "Lupasi on päättymässä".to_owned(),
            format!("Lupa on voimassa {} asti.", field("validUntil")?),
        ),
        ("PERMIT_EXPIRY_REMINDER", Language::Sv) => (
            "Ditt tillstånd går snart ut".to_owned(),
            format!("Tillståndet gäller till och med {}.", field("validUntil")?),
        ),
        ("PERMIT_EXPIRY_REMINDER", Language::En) => (
            "Your permit is about to expire".to_owned(),
            format!("The permit is valid until {}.", field("validUntil")?),
        ),
        _ => return Err(RenderError::UnknownKind(kind.to_owned())),
    };
    let link = format!("{}/", base_url.trim_end_matches('/'));
    Ok(Rendered {
        text: format!("{body}\n\n{link}\n"),
        html: format!(
            "<p>{}</p><p><a href=\"{}\">{}</a></p>",
            escape(&body),
            escape(&link),
            escape(&link)
        ),
        subject,
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revocation_is_told_in_the_recipients_language_and_escaped_in_html() {
        let payload = serde_json::json!({ "permitId": "p1", "reason": "<b>breach</b>" });
        let sv = render("PERMIT_REVOKED", &payload, Language::Sv, "https://x.fi").unwrap();
        assert_eq!(sv.subject, "Ditt tillstånd har återkallats");
        assert!(sv.text.contains("<b>breach</b>"));
        assert!(sv.html.contains("&lt;b&gt;breach&lt;/b&gt;"));
    }

    #[test]
    fn an_unknown_kind_and_a_missing_field_are_errors() {
        let empty = serde_json::json!({});
        assert_eq!(
            render("NOPE", &empty, Language::Fi, ""),
            Err(RenderError::UnknownKind("NOPE".into()))
        );
        assert!(matches!(
            render("PERMIT_REVOKED", &empty, Language::En, ""),
            Err(RenderError::MissingField {
                field: "reason",
                ..
            })
        ));
    }
}
