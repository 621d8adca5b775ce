//! Why a cell was flagged, as data: the rule's figures. The API and the web app render it in
//! the reader's language from the machine form (serde); `Display` is the English text for
//! logs-free places like the CLI and tests.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::MagnitudePart;

/// A row or a column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Line {
    Row,
    Column,
}

/// The figures behind a finding. The machine form is tagged by `reason`, fields camelCase:
/// `{"reason":"BELOW_MINIMUM_FREQUENCY","count":3,"threshold":10}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "reason",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum Explanation {
    /// Minimum frequency: `count` units or contributors, fewer than `threshold`.
    BelowMinimumFrequency { count: i64, threshold: u64 },
    /// N-k dominance: the `n` largest contributions add up to `top`, at least `k` of `total`.
    Dominance {
        n: u32,
        top: f64,
        total: f64,
        k: f64,
    },
    /// p% rule: what is left after the two largest, `remainder`, is less than `p` times the
    /// `largest`, so the second-largest contributor can estimate the largest within p.
    PPercent {
        remainder: f64,
        largest: f64,
        p: f64,
    },
    /// Every contribution is zero: each contributor learns that all the others gave zero.
    AllZero { count: i64 },
    /// Class disclosure: all `total` units of this row or column are in this one cell.
    AllInOneCell { line: Line, total: i64 },
    /// Class disclosure: a zero in a row of `row_total` and a column of `column_total` units
    /// tells that none of them has the other's attribute.
    DisclosiveZero { row_total: i64, column_total: i64 },
    /// A value is missing (`part` is `None` in a frequency table).
    Missing { part: Option<MagnitudePart> },
    /// A magnitude value is negative: the dominance rules assume non-negative contributions.
    Negative { part: MagnitudePart },
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Explanation::BelowMinimumFrequency { count, threshold } => {
                write!(f, "{count} is below the minimum frequency of {threshold}")
            }
            Explanation::Dominance { n, top, total, k } => write!(
                f,
                "the {n} largest contributions ({top}) are {:.1} % of the cell total ({total}), \
                 at least the limit of {:.1} %",
                share(*top, *total),
                k * 100.0
            ),
            Explanation::PPercent {
                remainder,
                largest,
                p,
            } => write!(
                f,
                "the total less the two largest contributions ({remainder}) is under {:.1} % of \
                 the largest ({largest}), so the second largest contributor can estimate it \
                 that closely",
                p * 100.0
            ),
            Explanation::AllZero { count } => write!(
                f,
                "all {count} contributions are zero, so each contributor learns the others' values"
            ),
            Explanation::AllInOneCell { line, total } => {
                let line = match line {
                    Line::Row => "row",
                    Line::Column => "column",
                };
                write!(f, "all {total} units of the {line} are in this cell")
            }
            Explanation::DisclosiveZero {
                row_total,
                column_total,
            } => write!(
                f,
                "a zero in a row of {row_total} and a column of {column_total} units tells that \
                 none of them has the other's attribute"
            ),
            Explanation::Missing { part: None } => {
                write!(f, "the value is missing, so the cell cannot be checked")
            }
            Explanation::Missing { part: Some(part) } => {
                write!(f, "the {part} is missing, so dominance is not defined")
            }
            Explanation::Negative { part } => {
                write!(f, "the {part} is negative, so dominance is not defined")
            }
        }
    }
}

fn share(top: f64, total: f64) -> f64 {
    if total == 0.0 {
        0.0
    } else {
        top / total * 100.0
    }
}
