//! The languages a report's explanations are written in, and how each writes a number.

use std::fmt;

/// A language of the report's text: the web app's three. The crate's own type rather than
/// the domain's, so that the rules stay free of everything but themselves; the API maps the
/// caller's language onto it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Fi,
    Sv,
    En,
}

/// Finnish and Swedish keep a number and its unit, and a number's digit groups, on one line.
const NO_BREAK_SPACE: char = '\u{a0}';

/// The minus sign Finnish and Swedish typography use (and `Intl.NumberFormat` writes).
const MINUS_SIGN: &str = "\u{2212}";

impl Language {
    /// A figure of the report. English as it has always read (`1000`, `0.5`, Rust's shortest
    /// form that reads back the same); Finnish and Swedish with a decimal comma and the whole
    /// part in groups of three separated by a no-break space (`1 000`, `0,5`), as the web
    /// app's `Intl.NumberFormat` writes them, so a figure reads the same in the text and in
    /// the table next to it.
    pub(crate) fn number(self, value: impl fmt::Display) -> String {
        let english = value.to_string();
        match self {
            Language::En => english,
            Language::Fi | Language::Sv => nordic(&english),
        }
    }

    /// A percentage with one decimal: `91.0 %` in English, `91,0 %` (a no-break space before
    /// the sign, as Finnish and Swedish write it) in the others.
    pub(crate) fn percent(self, value: f64) -> String {
        let figure = format!("{value:.1}");
        match self {
            Language::En => format!("{figure} %"),
            Language::Fi | Language::Sv => format!("{}{NO_BREAK_SPACE}%", nordic(&figure)),
        }
    }
}

/// Rewrites an English-formatted number (`-1234.5`) the Finnish and Swedish way
/// (`−1 234,5`). Anything that is not a plain decimal number (`NaN`, `inf`) stays as it is.
fn nordic(english: &str) -> String {
    let (sign, unsigned) = match english.strip_prefix('-') {
        Some(rest) => (MINUS_SIGN, rest),
        None => ("", english),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return english.to_owned();
    }
    let mut out = String::from(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(NO_BREAK_SPACE);
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_numbers_read_as_before() {
        let en = Language::En;
        assert_eq!(en.number(7), "7");
        assert_eq!(en.number(1000.0), "1000");
        assert_eq!(en.number(1234567.25), "1234567.25");
        assert_eq!(en.number(0.0), "0");
        assert_eq!(en.percent(91.0), "91.0 %");
        assert_eq!(en.percent(0.0), "0.0 %");
        assert_eq!(en.percent(9.375), "9.4 %");
    }

    #[test]
    fn finnish_and_swedish_numbers_have_a_decimal_comma_and_grouped_thousands() {
        for language in [Language::Fi, Language::Sv] {
            assert_eq!(language.number(0), "0");
            assert_eq!(language.number(0.0), "0");
            assert_eq!(language.number(7), "7");
            assert_eq!(language.number(999), "999");
            assert_eq!(language.number(1000.0), "1\u{a0}000");
            assert_eq!(language.number(12345), "12\u{a0}345");
            assert_eq!(language.number(910.5), "910,5");
            assert_eq!(language.number(1234567.25), "1\u{a0}234\u{a0}567,25");
            assert_eq!(language.number(0.125), "0,125");
            assert_eq!(
                language.number(u64::MAX),
                "18\u{a0}446\u{a0}744\u{a0}073\u{a0}709\u{a0}551\u{a0}615"
            );
            assert_eq!(
                language.number(1e21),
                "1\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}000"
            );
            assert_eq!(language.number(-200), "\u{2212}200");
            assert_eq!(language.number(-1234.5), "\u{2212}1\u{a0}234,5");
            assert_eq!(language.number(f64::NAN), "NaN");
            assert_eq!(language.number(f64::INFINITY), "inf");
        }
    }

    #[test]
    fn finnish_and_swedish_percentages_have_a_comma_and_a_no_break_space() {
        for language in [Language::Fi, Language::Sv] {
            assert_eq!(language.percent(12.5), "12,5\u{a0}%");
            assert_eq!(language.percent(0.0), "0,0\u{a0}%");
            assert_eq!(language.percent(100.0), "100,0\u{a0}%");
            assert_eq!(language.percent(9.375), "9,4\u{a0}%");
            assert_eq!(language.percent(123456.0), "123\u{a0}456,0\u{a0}%");
        }
    }
}
