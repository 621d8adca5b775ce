//! Makes any user string printable in a PDF/A document.
//!
//! PDF/A forbids the `.notdef` glyph, so a character that no embedded font has would make the
//! export fail. Such characters become U+FFFD (or `?`), invisible format characters are
//! dropped, and control characters other than the line break go. Words too long for a table
//! cell get break opportunities, since the line breaker would otherwise let them overflow
//! into the next column.

use std::collections::BTreeSet;

/// A run of this many characters without a break opportunity gets one.
const LONGEST_UNBROKEN: usize = 24;
const ZERO_WIDTH_SPACE: char = '\u{200b}';

pub(crate) struct Sanitizer {
    covered: BTreeSet<u32>,
    replacement: char,
}

impl Sanitizer {
    pub(crate) fn new(covered: BTreeSet<u32>) -> Sanitizer {
        let replacement = if covered.contains(&0xfffd) {
            '\u{fffd}'
        } else {
            '?'
        };
        Sanitizer {
            covered,
            replacement,
        }
    }

    fn printable(&self, ch: char) -> Option<char> {
        match ch {
            '\n' | ' ' => Some(ch),
            '\t' => Some(' '),
            _ if ch.is_control() => None,
            _ if self.covered.contains(&u32::from(ch)) => Some(ch),
            _ if is_format(ch) => None,
            _ if ch.is_whitespace() => Some(' '),
            _ => Some(self.replacement),
        }
    }

    /// Free text: line breaks are kept (normalised to `\n`).
    pub(crate) fn text(&self, text: &str) -> String {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let mut out = String::with_capacity(text.len());
        let mut unbroken = 0;
        for ch in text.chars().filter_map(|c| self.printable(c)) {
            if ch.is_whitespace() || ch == '-' || ch == '/' {
                unbroken = 0;
            } else {
                unbroken += 1;
                if unbroken > LONGEST_UNBROKEN {
                    out.push(ZERO_WIDTH_SPACE);
                    unbroken = 1;
                }
            }
            out.push(ch);
        }
        out
    }

    /// A single line (document metadata): line breaks become spaces, the length is bounded.
    pub(crate) fn line(&self, text: &str) -> String {
        text.chars()
            .filter_map(|c| self.printable(c))
            .map(|c| if c == '\n' { ' ' } else { c })
            .take(300)
            .collect()
    }
}

/// Unicode's format characters (general category Cf): invisible, safe to drop.
fn is_format(ch: char) -> bool {
    matches!(
        u32::from(ch),
        0xad | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x2064
            | 0x2066..=0x206f
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0xe0001
            | 0xe0020..=0xe007f
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin() -> Sanitizer {
        Sanitizer::new((0x20..0x7f).chain(0xa0..0x180).collect())
    }

    #[test]
    fn uncovered_characters_are_replaced_and_controls_dropped() {
        let s = latin();
        assert_eq!(s.text("a\u{0}b\tc\r\nd 漢 e\u{200d}f"), "ab c\nd ? ef");
    }

    #[test]
    fn long_words_get_break_opportunities() {
        let s = latin();
        let word = "x".repeat(60);
        let out = s.text(&word);
        assert_eq!(out.matches(ZERO_WIDTH_SPACE).count(), 2);
        assert_eq!(out.replace(ZERO_WIDTH_SPACE, ""), word);
        assert_eq!(s.text("short words stay"), "short words stay");
    }

    #[test]
    fn a_line_has_no_breaks() {
        assert_eq!(latin().line("a\nb"), "a b");
    }
}
