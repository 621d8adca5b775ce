use std::fmt;

/// The case's diary number `TL/{seq}/{year}`: a per-year sequence without gaps, assigned
/// on submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DiaryNumber {
    pub year: i32,
    pub seq: i64,
}

impl DiaryNumber {
    pub fn new(seq: i64, year: i32) -> DiaryNumber {
        DiaryNumber { year, seq }
    }

    pub fn parse(s: &str) -> Option<DiaryNumber> {
        let rest = s.strip_prefix("TL/")?;
        let (seq, year) = rest.split_once('/')?;
        let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(seq) || year.len() != 4 || !all_digits(year) || seq.starts_with('0') {
            return None;
        }
        Some(DiaryNumber {
            year: year.parse().ok()?,
            seq: seq.parse().ok()?,
        })
    }
}

impl fmt::Display for DiaryNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TL/{}/{}", self.seq, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let number = DiaryNumber {
            year: 2026,
            seq: 42,
        };
        assert_eq!(number.to_string(), "TL/42/2026");
        assert_eq!(DiaryNumber::parse("TL/42/2026"), Some(number));
        for bad in [
            "",
            "TL/0/2026",
            "TL/042/2026",
            "TL/42/26",
            "tl/42/2026",
            "TL/4a/2026",
            "TL/42/2026/",
            "TL//2026",
        ] {
            assert_eq!(DiaryNumber::parse(bad), None, "{bad}");
        }
    }
}
