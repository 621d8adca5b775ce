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
pub mod rules;
mod table;
mod thresholds;

use serde::{Deserialize, Serialize};

pub use explanation::{Explanation, Line};
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
