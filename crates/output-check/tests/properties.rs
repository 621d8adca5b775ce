//! Properties of the rules and the parser, over generated tables.

use proptest::prelude::*;
use tietolupa_output_check::rules::{Contributions, dominance, p_percent};
use tietolupa_output_check::{
    Cell, CheckStatus, ParseLimits, Rule, Table, TableKind, Thresholds, check_table, parse_table,
    write_table,
};

/// A magnitude cell made from real contributions, so its parts always agree.
fn magnitude_cell(contributions: &[u32]) -> Cell {
    let mut sorted: Vec<f64> = contributions.iter().map(|&x| f64::from(x)).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    Cell::Magnitude {
        sum: Some(sorted.iter().sum()),
        count: Some(contributions.len() as i64),
        largest: Some(sorted.first().copied().unwrap_or(0.0)),
        // One contributor has no second-largest; the holder leaves it empty.
        second: if contributions.len() < 2 {
            None
        } else {
            Some(sorted[1])
        },
    }
}

fn contributions_of(cell: &Cell) -> Option<Contributions> {
    match *cell {
        Cell::Magnitude {
            sum: Some(total),
            count: Some(count),
            largest: Some(largest),
            second,
        } => Some(Contributions {
            count,
            total,
            largest,
            second: second.unwrap_or(0.0),
        }),
        _ => None,
    }
}

fn label() -> impl Strategy<Value = String> {
    // Quotes, commas, colons, newlines and non-ASCII: whatever a holder may write.
    "[a-zA-Z0-9 ,:\"\n\u{e4}\u{f6}-]{0,8}"
}

fn frequency_table(
    counts: impl Strategy<Value = Option<i64>> + Clone,
) -> impl Strategy<Value = Table> {
    (1..6_usize, 1..6_usize).prop_flat_map(move |(rows, columns)| {
        (
            prop::collection::vec(label(), rows),
            prop::collection::vec(label(), columns),
            prop::collection::vec(
                prop::collection::vec(counts.clone().prop_map(Cell::Frequency), columns),
                rows,
            ),
        )
            .prop_map(|(row_labels, column_labels, cells)| Table {
                row_labels,
                column_labels,
                cells,
            })
    })
}

fn magnitude_table() -> impl Strategy<Value = Table> {
    (1..5_usize, 1..4_usize).prop_flat_map(|(rows, columns)| {
        (
            prop::collection::vec(label(), rows),
            prop::collection::vec(label(), columns),
            prop::collection::vec(
                prop::collection::vec(
                    prop::collection::vec(0..100_000_u32, 0..25).prop_map(|c| magnitude_cell(&c)),
                    columns,
                ),
                rows,
            ),
        )
            .prop_map(|(row_labels, column_labels, cells)| Table {
                row_labels,
                column_labels,
                cells,
            })
    })
}

/// Labels must be unique per column for a table to be read back; rows may repeat.
fn distinct_columns(table: &Table) -> bool {
    let mut labels = table.column_labels.clone();
    labels.sort();
    labels.dedup();
    labels.len() == table.column_labels.len()
}

fn rule_findings(table: &Table, thresholds: &Thresholds, rule: Rule) -> Vec<(usize, usize)> {
    check_table(table, thresholds)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.row, f.column))
        .collect()
}

proptest! {
    #[test]
    fn a_table_whose_every_cell_meets_the_threshold_is_never_flagged_for_it(
        threshold in 1..50_u64,
        table in frequency_table((0..1000_i64).prop_map(Some)),
    ) {
        let thresholds = Thresholds { minimum_frequency: threshold, ..Thresholds::ACRO_DEFAULTS };
        let lifted = Table {
            cells: table.cells.iter().map(|row| row.iter().map(|cell| match cell {
                Cell::Frequency(Some(n)) => Cell::Frequency(Some(n + threshold as i64)),
                other => *other,
            }).collect()).collect(),
            ..table
        };
        prop_assert!(rule_findings(&lifted, &thresholds, Rule::MinimumFrequency).is_empty());
    }

    #[test]
    fn minimum_frequency_flags_exactly_the_counts_from_one_to_below_the_threshold(
        threshold in 1..30_u64,
        table in frequency_table(prop::option::weighted(0.9, 0..40_i64)),
    ) {
        let thresholds = Thresholds { minimum_frequency: threshold, ..Thresholds::ACRO_DEFAULTS };
        let mut expected = Vec::new();
        for (r, row) in table.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let Cell::Frequency(Some(n)) = cell && *n > 0 && (*n as u64) < threshold {
                    expected.push((r, c));
                }
            }
        }
        prop_assert_eq!(rule_findings(&table, &thresholds, Rule::MinimumFrequency), expected);
    }

    /// The real implication: the second largest is at most the largest, so
    /// largest < k x total / 2 gives largest + second < k x total.
    #[test]
    fn a_cell_whose_largest_is_under_half_of_k_of_the_total_never_fails_dominance(
        contributions in prop::collection::vec(0..10_000_u32, 2..40),
        k in 0.05..=1.0_f64,
    ) {
        let thresholds = Thresholds { dominance_k: k, ..Thresholds::ACRO_DEFAULTS };
        let c = contributions_of(&magnitude_cell(&contributions)).unwrap();
        prop_assume!(c.largest < k * c.total / 2.0);
        prop_assert!(dominance(&c, &thresholds).is_none());
    }

    /// With p <= 1 - k (the defaults: 0.10 and 0.90), the p% rule never fails a cell that
    /// dominance passes: remainder < p x largest <= (1 - k) x total.
    #[test]
    fn with_p_at_most_one_minus_k_a_p_percent_failure_is_also_a_dominance_failure(
        contributions in prop::collection::vec(1..10_000_u32, 1..40),
    ) {
        let thresholds = Thresholds::ACRO_DEFAULTS;
        let c = contributions_of(&magnitude_cell(&contributions)).unwrap();
        if p_percent(&c, &thresholds).is_some() {
            prop_assert!(dominance(&c, &thresholds).is_some());
        }
    }

    /// Both rules compare ratios, so they cannot depend on the unit (euros or cents).
    /// Powers of two scale a float exactly, so the property holds without rounding slack.
    #[test]
    fn scaling_every_contribution_never_changes_dominance_or_p_percent(
        contributions in prop::collection::vec(0..100_000_u32, 1..30),
        exponent in -20..20_i32,
        k in 0.5..=1.0_f64,
        p in 0.01..=1.0_f64,
    ) {
        let thresholds = Thresholds { dominance_k: k, p_percent: p, ..Thresholds::ACRO_DEFAULTS };
        let c = contributions_of(&magnitude_cell(&contributions)).unwrap();
        let factor = 2_f64.powi(exponent);
        let scaled = Contributions {
            total: c.total * factor, largest: c.largest * factor, second: c.second * factor, ..c
        };
        prop_assert_eq!(dominance(&c, &thresholds).is_some(), dominance(&scaled, &thresholds).is_some());
        prop_assert_eq!(p_percent(&c, &thresholds).is_some(), p_percent(&scaled, &thresholds).is_some());
    }

    /// Any positive factor: the same, except for cells within rounding of a threshold,
    /// where a float product may land on either side.
    #[test]
    fn scaling_by_any_positive_factor_keeps_findings_away_from_the_thresholds(
        contributions in prop::collection::vec(1..100_000_u32, 1..30),
        factor in 0.001..1000.0_f64,
    ) {
        let thresholds = Thresholds::ACRO_DEFAULTS;
        let c = contributions_of(&magnitude_cell(&contributions)).unwrap();
        let share = (c.largest + c.second) / c.total;
        let rest = (c.total - c.largest - c.second) / c.largest;
        prop_assume!((share - thresholds.dominance_k).abs() > 1e-9);
        prop_assume!((rest - thresholds.p_percent).abs() > 1e-9);
        let scaled = Contributions {
            total: c.total * factor, largest: c.largest * factor, second: c.second * factor, ..c
        };
        prop_assert_eq!(dominance(&c, &thresholds).is_some(), dominance(&scaled, &thresholds).is_some());
        prop_assert_eq!(p_percent(&c, &thresholds).is_some(), p_percent(&scaled, &thresholds).is_some());
    }

    #[test]
    fn a_single_contributor_always_fails_dominance_and_p_percent(
        value in 1..u32::MAX,
        k in 0.01..=1.0_f64,
        p in 0.01..=1.0_f64,
    ) {
        let thresholds = Thresholds { dominance_k: k, p_percent: p, ..Thresholds::ACRO_DEFAULTS };
        let c = contributions_of(&magnitude_cell(&[value])).unwrap();
        prop_assert!(dominance(&c, &thresholds).is_some());
        prop_assert!(p_percent(&c, &thresholds).is_some());
    }

    #[test]
    fn permuting_rows_permutes_the_findings(
        table in prop_oneof![frequency_table(prop::option::weighted(0.9, 0..30_i64)), magnitude_table()],
        seed in any::<u64>(),
    ) {
        // A permutation from the seed: rotate, then reverse when the seed is odd.
        let n = table.cells.len();
        let mut order: Vec<usize> = (0..n).map(|i| (i + seed as usize % n) % n).collect();
        if seed % 2 == 1 { order.reverse(); }
        let permuted = Table {
            row_labels: order.iter().map(|&i| table.row_labels[i].clone()).collect(),
            column_labels: table.column_labels.clone(),
            cells: order.iter().map(|&i| table.cells[i].clone()).collect(),
        };
        let thresholds = Thresholds::ACRO_DEFAULTS;
        let original = check_table(&table, &thresholds);
        let mut moved: Vec<_> = check_table(&permuted, &thresholds)
            .findings
            .into_iter()
            .map(|mut f| { f.row = order[f.row]; f })
            .collect();
        moved.sort_by_key(|f| (f.row, f.column, f.rule));
        prop_assert_eq!(moved, original.findings);
    }

    #[test]
    fn the_report_status_is_the_worst_finding(table in magnitude_table()) {
        let report = check_table(&table, &Thresholds::ACRO_DEFAULTS);
        let worst = report.findings.iter().map(|f| f.status).max().unwrap_or(CheckStatus::Pass);
        prop_assert_eq!(report.status, worst);
        prop_assert_eq!(report.cells, table.cells.len() * table.column_labels.len());
    }

    #[test]
    fn a_written_frequency_table_reads_back_the_same(
        table in frequency_table(prop::option::weighted(0.8, 0..i64::MAX)),
    ) {
        prop_assume!(distinct_columns(&table));
        let bytes = write_table(&table, TableKind::Frequency);
        prop_assert_eq!(parse_table(&bytes, TableKind::Frequency, &ParseLimits::DEFAULT), Ok(table));
    }

    #[test]
    fn a_written_magnitude_table_reads_back_the_same(table in magnitude_table()) {
        prop_assume!(distinct_columns(&table));
        let bytes = write_table(&table, TableKind::Magnitude);
        prop_assert_eq!(parse_table(&bytes, TableKind::Magnitude, &ParseLimits::DEFAULT), Ok(table));
    }

    /// Whatever the bytes, parsing and checking give a result, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(prop_oneof![
            Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r'), Just(b':'), Just(b'-'),
            b'0'..=b'9', any::<u8>(),
        ], 0..200),
        magnitude in any::<bool>(),
    ) {
        let kind = if magnitude { TableKind::Magnitude } else { TableKind::Frequency };
        if let Ok(table) = parse_table(&bytes, kind, &ParseLimits::DEFAULT) {
            let _ = check_table(&table, &Thresholds::ACRO_DEFAULTS);
            // Whatever was accepted is written back in the canonical form and reads the same.
            let written = write_table(&table, kind);
            prop_assert_eq!(parse_table(&written, kind, &ParseLimits::DEFAULT), Ok(table));
        }
    }
}

/// A near-valid frequency table: numbers, gaps, stray quotes and odd spellings.
fn near_valid_frequency() -> impl Strategy<Value = (TableKind, String)> {
    (1..5_usize)
        .prop_flat_map(|values| {
            (
                prop::collection::vec("[a-c]{0,2}", values),
                prop::collection::vec(
                    prop::collection::vec(
                        prop_oneof![
                            8 => "[0-9]{0,3}(\\.0)?",
                            1 => "-[0-9]|[0-9]\\.5",
                            1 => "NA|\\.|x|\"1\"|1\"|\"1"
                        ],
                        values,
                    ),
                    0..5,
                ),
            )
        })
        .prop_map(|(header, rows)| (TableKind::Frequency, csv_text(&header, &rows)))
}

/// A near-valid magnitude table: whole groups of four columns (sometimes one part short),
/// each cell either made from real contributions or a random text in one part.
fn near_valid_magnitude() -> impl Strategy<Value = (TableKind, String)> {
    let cell = prop_oneof![
        3 => prop::collection::vec(0..1000_u32, 0..15).prop_map(|c| match magnitude_cell(&c) {
            Cell::Magnitude { sum, count, largest, second } => vec![
                show(sum), show(count), show(largest), show(second),
            ],
            Cell::Frequency(_) => unreachable!(),
        }),
        1 => prop::collection::vec("-?[0-9]{0,3}|NA|x", 4),
    ];
    (1..4_usize, any::<bool>())
        .prop_flat_map(move |(groups, short)| {
            let mut header: Vec<String> = (0..groups)
                .flat_map(|g| {
                    ["sum", "count", "largest", "second"].map(|part| format!("g{g}:{part}"))
                })
                .collect();
            if short {
                header.pop();
            }
            let width = header.len();
            let row = prop::collection::vec(cell.clone(), groups)
                .prop_map(move |cells| cells.concat().into_iter().take(width).collect::<Vec<_>>());
            (Just(header), prop::collection::vec(row, 0..5))
        })
        .prop_map(|(header, rows)| (TableKind::Magnitude, csv_text(&header, &rows)))
}

fn show<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_text(header: &[String], rows: &[Vec<String>]) -> String {
    let mut csv = format!("label,{}", header.join(","));
    for row in rows {
        csv.push_str(&format!("\nr,{}", row.join(",")));
    }
    csv
}

proptest! {
    /// Near-valid tables reach the number and consistency checks far more often than
    /// arbitrary bytes; whatever is accepted must survive a write and a re-read unchanged.
    #[test]
    fn near_valid_tables_are_read_whole_or_refused_with_a_typed_error(
        (kind, csv) in prop_oneof![near_valid_frequency(), near_valid_magnitude()],
    ) {
        let limits = ParseLimits::DEFAULT;
        if let Ok(table) = parse_table(csv.as_bytes(), kind, &limits) {
            let report = check_table(&table, &Thresholds::ACRO_DEFAULTS);
            prop_assert_eq!(report.cells, table.cell_count());
            let written = write_table(&table, kind);
            prop_assert_eq!(parse_table(&written, kind, &limits), Ok(table));
        }
    }
}
