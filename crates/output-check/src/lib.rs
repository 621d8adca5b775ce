//! Disclosure checks of output tables (DESIGN.md section 13, issue 16 section 3): the pure
//! part of output checking. A permit holder's result table is parsed from CSV into a
//! [`Table`], then [`check_table`] runs every rule on every cell and gives a
//! [`TableReport`] naming each flagged cell, the rule it breaks and the figures why.
//!
//! No I/O, no async, no clock: the store saves what this crate computes, and the same input
//! always gives the same report, so a decision's record (rules, [`Thresholds`],
//! [`TOOL_VERSION`], the files' SHA-256) is enough to reproduce it.
//!
//! The rules and their sources are described for operators in `docs/output-checking.md`;
//! the code keeps each rule a small function in [`rules`] so the two can be read side by
//! side.

mod csv_shape;
mod explanation;
mod language;
pub mod rules;
mod table;
mod thresholds;

use serde::{Deserialize, Serialize};

pub use explanation::{Explanation, Line};
pub use language::Language;
pub use rules::{Finding, TableReport, check_table};
pub use table::{Cell, MagnitudePart, ParseLimits, Table, TableError, parse_table, write_table};
pub use thresholds::{PermitThresholds, ThresholdError, Thresholds};

/// The checker's name and version, recorded with each decision so that a report can be
/// traced to the rules that produced it. The `rules.N` suffix changes whenever a rule's
/// definition changes, even if the crate version does not.
pub const TOOL_VERSION: &str = concat!(
    env!("CARGO_PKG_NAME"),
    " ",
    env!("CARGO_PKG_VERSION"),
    "+rules.1"
);

/// How the holder declared a table: what its cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TableKind {
    /// Each cell is a count of units (persons, events).
    Frequency,
    /// Each cell is a total of a quantity, with its number of contributors and the largest
    /// and second-largest contribution.
    Magnitude,
}

impl TableKind {
    /// The name in the API, the database and the upload's `kind` field.
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Frequency => "FREQUENCY",
            TableKind::Magnitude => "MAGNITUDE",
        }
    }

    /// Reads [`TableKind::as_str`]'s names; `None` for anything else.
    pub fn parse(name: &str) -> Option<TableKind> {
        [TableKind::Frequency, TableKind::Magnitude]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// A disclosure-control rule. The names are the GraphQL enum `DisclosureRule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Rule {
    /// Too few units (or contributors) in a cell.
    MinimumFrequency,
    /// N-k dominance: the n largest contributions make up at least k of the total.
    Dominance,
    /// p% rule: the second-largest contributor could estimate the largest within p.
    PPercent,
    /// Group disclosure: a row or column whose units are all in one cell, or zeros that
    /// tell something about everyone in a row or column.
    ClassDisclosure,
    /// A negative or missing value, for which dominance is not defined.
    NegativeOrMissing,
}

impl Rule {
    /// Every rule, in the order reports list them.
    pub const ALL: [Rule; 5] = [
        Rule::MinimumFrequency,
        Rule::Dominance,
        Rule::PPercent,
        Rule::ClassDisclosure,
        Rule::NegativeOrMissing,
    ];
}

impl Rule {
    /// The name in the API and the database: the GraphQL enum value.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::MinimumFrequency => "MINIMUM_FREQUENCY",
            Rule::Dominance => "DOMINANCE",
            Rule::PPercent => "P_PERCENT",
            Rule::ClassDisclosure => "CLASS_DISCLOSURE",
            Rule::NegativeOrMissing => "NEGATIVE_OR_MISSING",
        }
    }

    /// Reads [`Rule::as_str`]'s names; `None` for anything else.
    pub fn parse(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.as_str() == name)
    }
}

/// A cell's (or a table's) outcome. Ordered so that the worst of several is the maximum:
/// `Pass < Review < Fail`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CheckStatus {
    /// No rule objects.
    #[default]
    Pass,
    /// A person must look: the rule cannot decide (missing or negative values, zeros).
    Review,
    /// The rule is broken; releasing needs a change to the table or an override.
    Fail,
}

impl CheckStatus {
    /// The name in the API and the database: the GraphQL enum value.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "PASS",
            CheckStatus::Review => "REVIEW",
            CheckStatus::Fail => "FAIL",
        }
    }

    /// Reads [`CheckStatus::as_str`]'s names; `None` for anything else.
    pub fn parse(name: &str) -> Option<CheckStatus> {
        [CheckStatus::Pass, CheckStatus::Review, CheckStatus::Fail]
            .into_iter()
            .find(|status| status.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json<T: Serialize>(value: &T) -> String {
        serde_json::to_value(value)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The hand-written names are the serde names, so the database, the API and the JSON
    /// report agree.
    #[test]
    fn names_round_trip_and_match_serde() {
        for kind in [TableKind::Frequency, TableKind::Magnitude] {
            assert_eq!(TableKind::parse(kind.as_str()), Some(kind));
            assert_eq!(json(&kind), kind.as_str());
        }
        for rule in Rule::ALL {
            assert_eq!(Rule::parse(rule.as_str()), Some(rule));
            assert_eq!(json(&rule), rule.as_str());
        }
        for status in [CheckStatus::Pass, CheckStatus::Review, CheckStatus::Fail] {
            assert_eq!(CheckStatus::parse(status.as_str()), Some(status));
            assert_eq!(json(&status), status.as_str());
        }
        assert_eq!(TableKind::parse("frequency"), None);
        assert!(CheckStatus::Pass < CheckStatus::Review && CheckStatus::Review < CheckStatus::Fail);
    }
}
