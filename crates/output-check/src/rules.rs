//! The disclosure rules, each a small pure function over one cell (or, for class
//! disclosure, over the table's counts), and [`check_table`], which runs them all.
//! Definitions, formulas and worked examples: `docs/output-checking.md`.

use serde::{Deserialize, Serialize};

use crate::{Cell, CheckStatus, Explanation, Line, MagnitudePart, Rule, Table, Thresholds};

/// One flagged cell under one rule. `row` and `column` index [`Table::row_labels`] and
/// [`Table::column_labels`] (0-based).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub row: usize,
    pub column: usize,
    pub rule: Rule,
    pub status: CheckStatus,
    pub explanation: Explanation,
}

/// A table's outcome: the worst status of any finding (PASS when none), the findings in
/// row, column and rule order (at most one per cell and rule), and how many cells were
/// checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableReport {
    pub status: CheckStatus,
    pub findings: Vec<Finding>,
    pub cells: usize,
}

/// A rule's verdict on a cell that it flags.
pub type Flag = (Rule, CheckStatus, Explanation);

/// Runs every rule on every cell of the table.
pub fn check_table(table: &Table, thresholds: &Thresholds) -> TableReport {
    let mut findings = Vec::new();
    for (row, cells) in table.cells.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            let flags = match *cell {
                Cell::Frequency(count) => frequency_cell(count, thresholds),
                Cell::Magnitude {
                    sum,
                    count,
                    largest,
                    second,
                } => magnitude_cell(sum, count, largest, second, thresholds),
            };
            findings.extend(
                flags
                    .into_iter()
                    .map(|(rule, status, explanation)| Finding {
                        row,
                        column,
                        rule,
                        status,
                        explanation,
                    }),
            );
        }
    }
    findings.extend(class_disclosure(&counts(table), thresholds));
    // One finding per cell and rule: the worst, or the first found (rows before columns).
    findings.sort_by(|a, b| {
        (a.row, a.column, a.rule, b.status).cmp(&(b.row, b.column, b.rule, a.status))
    });
    findings.dedup_by(|later, kept| {
        (later.row, later.column, later.rule) == (kept.row, kept.column, kept.rule)
    });
    TableReport {
        status: findings
            .iter()
            .map(|f| f.status)
            .max()
            .unwrap_or(CheckStatus::Pass),
        findings,
        cells: table.cell_count(),
    }
}

/// The rules of a frequency cell: a missing count needs review, a small one fails.
pub fn frequency_cell(count: Option<i64>, thresholds: &Thresholds) -> Vec<Flag> {
    match count {
        None => vec![(
            Rule::NegativeOrMissing,
            CheckStatus::Review,
            Explanation::Missing { part: None },
        )],
        Some(count) => minimum_frequency(count, thresholds).into_iter().collect(),
    }
}

/// The rules of a magnitude cell: the contributor count against the minimum frequency, then
/// dominance and p% when the contributions allow them.
pub fn magnitude_cell(
    sum: Option<f64>,
    count: Option<i64>,
    largest: Option<f64>,
    second: Option<f64>,
    thresholds: &Thresholds,
) -> Vec<Flag> {
    let mut flags: Vec<Flag> = count
        .and_then(|n| minimum_frequency(n, thresholds))
        .into_iter()
        .collect();
    match contributions(sum, count, largest, second) {
        Err(explanation) => flags.push((Rule::NegativeOrMissing, CheckStatus::Review, explanation)),
        Ok(None) => {}
        Ok(Some(c)) => {
            flags.extend(dominance(&c, thresholds));
            flags.extend(p_percent(&c, thresholds));
        }
    }
    flags
}

/// Minimum frequency: a count of 1 to threshold - 1 fails. Zero is no person to identify;
/// what a zero reveals is the class-disclosure rule's concern.
pub fn minimum_frequency(count: i64, thresholds: &Thresholds) -> Option<Flag> {
    let small = count > 0 && (count as u64) < thresholds.minimum_frequency;
    small.then_some({
        (
            Rule::MinimumFrequency,
            CheckStatus::Fail,
            Explanation::BelowMinimumFrequency {
                count,
                threshold: thresholds.minimum_frequency,
            },
        )
    })
}

/// A magnitude cell's contributions, once known to be present and non-negative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contributions {
    pub count: i64,
    pub total: f64,
    pub largest: f64,
    pub second: f64,
}

/// The contributions the dominance rules read, `Ok(None)` for a cell without contributors,
/// or why they are undefined (negative or missing values: review).
pub fn contributions(
    sum: Option<f64>,
    count: Option<i64>,
    largest: Option<f64>,
    second: Option<f64>,
) -> Result<Option<Contributions>, Explanation> {
    let missing = |part| Explanation::Missing { part: Some(part) };
    let count = count.ok_or(missing(MagnitudePart::Count))?;
    if count == 0 {
        return Ok(None);
    }
    let total = sum.ok_or(missing(MagnitudePart::Sum))?;
    let largest = largest.ok_or(missing(MagnitudePart::Largest))?;
    // A single contributor has no second-largest contribution: an empty cell is expected.
    let second = match second {
        Some(x) => x,
        None if count == 1 => 0.0,
        None => return Err(missing(MagnitudePart::Second)),
    };
    for (value, part) in [
        (total, MagnitudePart::Sum),
        (largest, MagnitudePart::Largest),
        (second, MagnitudePart::Second),
    ] {
        if value < 0.0 {
            return Err(Explanation::Negative { part });
        }
    }
    Ok(Some(Contributions {
        count,
        total,
        largest,
        second,
    }))
}

/// N-k dominance with n = 2: fails when (largest + second) / total >= k. The ratio, not
/// `top >= k * total`, so that a cell exactly at k compares equal in floating point.
pub fn dominance(c: &Contributions, thresholds: &Thresholds) -> Option<Flag> {
    if c.total <= 0.0 {
        return None;
    }
    let top = c.largest + c.second;
    (top / c.total >= thresholds.dominance_k).then_some({
        (
            Rule::Dominance,
            CheckStatus::Fail,
            Explanation::Dominance {
                n: 2,
                top,
                total: c.total,
                k: thresholds.dominance_k,
            },
        )
    })
}

/// p% rule: fails when (total - largest - second) / largest < p: the second-largest
/// contributor, subtracting their own value, learns the largest to within p. A cell whose
/// contributions are all zero fails too when zeros are disclosive (as in ACRO): everyone
/// learns everyone's value.
pub fn p_percent(c: &Contributions, thresholds: &Thresholds) -> Option<Flag> {
    if c.total <= 0.0 || c.largest <= 0.0 {
        return thresholds.zeros_disclosive.then_some((
            Rule::PPercent,
            CheckStatus::Fail,
            Explanation::AllZero { count: c.count },
        ));
    }
    let remainder = c.total - c.largest - c.second;
    (remainder / c.largest < thresholds.p_percent).then_some({
        (
            Rule::PPercent,
            CheckStatus::Fail,
            Explanation::PPercent {
                remainder,
                largest: c.largest,
                p: thresholds.p_percent,
            },
        )
    })
}

/// The table's counts: a frequency cell's value, a magnitude cell's contributor count.
fn counts(table: &Table) -> Vec<Vec<Option<i64>>> {
    table
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| match *cell {
                    Cell::Frequency(count) => count,
                    Cell::Magnitude { count, .. } => count,
                })
                .collect()
        })
        .collect()
}

/// Class (group) disclosure over the counts:
/// - a row (or column) of two or more cells, none missing, with units, all of them in one
///   cell: that cell FAILS, since everyone in the row is known to share the column's
///   attribute;
/// - with `zeros_disclosive`, a zero cell whose row or column has units needs REVIEW: it
///   tells that none of them has the other's attribute.
pub fn class_disclosure(counts: &[Vec<Option<i64>>], thresholds: &Thresholds) -> Vec<Finding> {
    let rows = counts.len();
    // Parsed tables are rectangular; a hand-built ragged one reads its gaps as missing
    // rather than panicking.
    let columns = counts.iter().map(Vec::len).max().unwrap_or(0);
    let at = |r: usize, c: usize| counts[r].get(c).copied().flatten();
    // Saturating: counts come from the holder's file and may be absurdly large.
    let total = |cells: &mut dyn Iterator<Item = Option<i64>>| {
        cells.flatten().fold(0_i64, i64::saturating_add)
    };
    let row_totals: Vec<i64> = (0..rows)
        .map(|r| total(&mut (0..columns).map(|c| at(r, c))))
        .collect();
    let column_totals: Vec<i64> = (0..columns)
        .map(|c| total(&mut (0..rows).map(|r| at(r, c))))
        .collect();
    let mut findings = Vec::new();

    let mut all_in_one = |line: Line, cells: Vec<(usize, usize)>, total: i64| {
        if cells.len() < 2 || total <= 0 || cells.iter().any(|&(r, c)| at(r, c).is_none()) {
            return;
        }
        let mut non_zero = cells.iter().filter(|&&(r, c)| at(r, c) != Some(0));
        if let (Some(&(row, column)), None) = (non_zero.next(), non_zero.next()) {
            findings.push(Finding {
                row,
                column,
                rule: Rule::ClassDisclosure,
                status: CheckStatus::Fail,
                explanation: Explanation::AllInOneCell { line, total },
            });
        }
    };
    for (r, &total) in row_totals.iter().enumerate() {
        all_in_one(Line::Row, (0..columns).map(|c| (r, c)).collect(), total);
    }
    for (c, &total) in column_totals.iter().enumerate() {
        all_in_one(Line::Column, (0..rows).map(|r| (r, c)).collect(), total);
    }

    if thresholds.zeros_disclosive {
        for (r, &row_total) in row_totals.iter().enumerate() {
            for (c, &column_total) in column_totals.iter().enumerate() {
                if at(r, c) == Some(0) && (row_total > 0 || column_total > 0) {
                    findings.push(Finding {
                        row: r,
                        column: c,
                        rule: Rule::ClassDisclosure,
                        status: CheckStatus::Review,
                        explanation: Explanation::DisclosiveZero {
                            row_total,
                            column_total,
                        },
                    });
                }
            }
        }
    }
    findings
}
