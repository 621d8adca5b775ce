use std::fmt;

/// The decision's number `D/{seq}/{year}`: a per-year sequence without gaps, assigned when
/// the director decides. The year is the decision's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DecisionNumber {
    pub year: i32,
    pub seq: i64,
}

impl DecisionNumber {
    pub fn new(seq: i64, year: i32) -> DecisionNumber {
        DecisionNumber { year, seq }
    }
}

impl fmt::Display for DecisionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "D/{}/{}", self.seq, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sequence_then_year() {
        assert_eq!(DecisionNumber::new(7, 2026).to_string(), "D/7/2026");
        assert_eq!(DecisionNumber::new(1234, 2027).to_string(), "D/1234/2027");
    }

    #[test]
    fn orders_by_year_then_sequence() {
        assert!(DecisionNumber::new(900, 2026) < DecisionNumber::new(1, 2027));
        assert!(DecisionNumber::new(2, 2026) < DecisionNumber::new(10, 2026));
    }
}
