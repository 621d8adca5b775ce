//! What may be attached to an application: PDF or plain text, recognised by content
//! rather than by the name or type the uploader claims.

use serde::{Deserialize, Serialize};

use super::kind::wire_names;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AttachmentKind {
    ResearchPlan,
    Dpia,
    EthicsStatement,
    Other,
}

wire_names!(AttachmentKind {
    ResearchPlan => "RESEARCH_PLAN",
    Dpia => "DPIA",
    EthicsStatement => "ETHICS_STATEMENT",
    Other => "OTHER",
});

/// The media types accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Pdf,
    PlainText,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::PlainText => "text/plain; charset=utf-8",
        }
    }
}

/// Recognises a file from its first bytes; plain text must then also be valid UTF-8
/// throughout (checked while the file is read).
pub fn sniff(head: &[u8]) -> Option<MediaType> {
    if head.starts_with(b"%PDF-") {
        return Some(MediaType::Pdf);
    }
    let looks_textual = !head.contains(&0) && utf8_prefix_ok(head);
    looks_textual.then_some(MediaType::PlainText)
}

/// Valid UTF-8, allowing a multi-byte character cut off at the end of the slice.
fn utf8_prefix_ok(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// A file name safe to store and to send back in `Content-Disposition`: no paths, no
/// control characters, no quotes, at most 200 characters.
pub fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/' | ';'))
        .take(200)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    if trimmed.is_empty() {
        "attachment".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_and_text_are_recognised_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3"), Some(MediaType::Pdf));
        assert_eq!(
            sniff("Tutkimussuunnitelma: ikä ≥ 65".as_bytes()),
            Some(MediaType::PlainText)
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), None);
        assert_eq!(sniff(b"MZ\x90\0\x03"), None);
        assert_eq!(sniff(b"\xff\xfe\xfd"), None);
        // A character split at the end of the sniffed prefix is not held against the file.
        assert_eq!(sniff(&"ää".as_bytes()[..3]), Some(MediaType::PlainText));
    }

    #[test]
    fn file_names_lose_paths_and_dangerous_characters() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("C:\\Users\\a\\plan.pdf"), "plan.pdf");
        assert_eq!(safe_file_name("plan\";x.pdf"), "planx.pdf");
        assert_eq!(safe_file_name("..."), "attachment");
        assert_eq!(safe_file_name("suunnitelma-ä.pdf"), "suunnitelma-ä.pdf");
        assert_eq!(safe_file_name(&"a".repeat(500)).len(), 200);
    }
}
