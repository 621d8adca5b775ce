//! The worked examples of docs/output-checking.md, one per rule, with the boundary values:
//! the same tables and the same figures as the documentation.

use tietolupa_output_check::{
    CheckStatus, Explanation, Finding, Line, MagnitudePart, ParseLimits, PermitThresholds, Rule,
    TableKind, TableReport, Thresholds, check_table, parse_table,
};

fn check(csv: &str, kind: TableKind, thresholds: &Thresholds) -> TableReport {
    let table =
        parse_table(csv.as_bytes(), kind, &ParseLimits::DEFAULT).expect("the example parses");
    check_table(&table, thresholds)
}

fn defaults() -> Thresholds {
    Thresholds::ACRO_DEFAULTS
}

/// (row, column, rule, status) of every finding, for compact assertions.
fn flagged(report: &TableReport) -> Vec<(usize, usize, Rule, CheckStatus)> {
    report
        .findings
        .iter()
        .map(|f| (f.row, f.column, f.rule, f.status))
        .collect()
}

fn finding(report: &TableReport, row: usize, column: usize, rule: Rule) -> &Finding {
    report
        .findings
        .iter()
        .find(|f| (f.row, f.column, f.rule) == (row, column, rule))
        .unwrap_or_else(|| panic!("no {rule:?} finding at ({row}, {column}): {report:?}"))
}

const FREQUENCY_EXAMPLE: &str = "\
diagnosis,Helsinki,Tampere
Diabetes,42,7
Asthma,15,10
";

#[test]
fn minimum_frequency_fails_a_count_below_the_threshold_and_passes_one_at_it() {
    let report = check(FREQUENCY_EXAMPLE, TableKind::Frequency, &defaults());
    assert_eq!(
        flagged(&report),
        [(0, 1, Rule::MinimumFrequency, CheckStatus::Fail)]
    );
    assert_eq!(
        report.findings[0].explanation,
        Explanation::BelowMinimumFrequency {
            count: 7,
            threshold: 10
        }
    );
    assert_eq!(
        report.findings[0].explanation.to_string(),
        "7 is below the minimum frequency of 10"
    );
    assert_eq!((report.status, report.cells), (CheckStatus::Fail, 4));
}

#[test]
fn a_permit_with_minimum_frequency_20_also_fails_15_and_10() {
    let strict = defaults()
        .stricter(&PermitThresholds {
            minimum_frequency: Some(20),
            ..Default::default()
        })
        .unwrap();
    let report = check(FREQUENCY_EXAMPLE, TableKind::Frequency, &strict);
    assert_eq!(
        flagged(&report),
        [
            (0, 1, Rule::MinimumFrequency, CheckStatus::Fail),
            (1, 0, Rule::MinimumFrequency, CheckStatus::Fail),
            (1, 1, Rule::MinimumFrequency, CheckStatus::Fail),
        ]
    );
}

#[test]
fn a_table_of_large_counts_passes() {
    let report = check(
        "x,a,b\nr,10,11\ns,12,13\n",
        TableKind::Frequency,
        &defaults(),
    );
    assert_eq!(report.status, CheckStatus::Pass);
    assert!(report.findings.is_empty());
}

const MAGNITUDE_HEADER: &str = "sector,Income:sum,Income:count,Income:largest,Income:second\n";

fn magnitude(rows: &str) -> String {
    format!("{MAGNITUDE_HEADER}{rows}")
}

#[test]
fn dominance_fails_when_the_two_largest_reach_k_of_the_total() {
    // 850 + 60 = 910 of 1000: 91 % >= 90 %. The p% rule passes: 90 / 850 = 10.6 % >= 10 %.
    let report = check(
        &magnitude("A,1000,12,850,60\n"),
        TableKind::Magnitude,
        &defaults(),
    );
    assert_eq!(
        flagged(&report),
        [(0, 0, Rule::Dominance, CheckStatus::Fail)]
    );
    assert_eq!(
        report.findings[0].explanation,
        Explanation::Dominance {
            n: 2,
            top: 910.0,
            total: 1000.0,
            k: 0.90
        }
    );
}

#[test]
fn dominance_exactly_at_k_fails_and_just_below_passes() {
    let at = check(
        &magnitude("A,1000,12,840,60\n"),
        TableKind::Magnitude,
        &defaults(),
    );
    assert_eq!(flagged(&at), [(0, 0, Rule::Dominance, CheckStatus::Fail)]);
    let below = check(
        &magnitude("A,1000,12,839,60\n"),
        TableKind::Magnitude,
        &defaults(),
    );
    assert_eq!(below.status, CheckStatus::Pass, "{below:?}");
}

#[test]
fn p_percent_fails_when_the_rest_is_under_p_of_the_largest() {
    // 1000 - 800 - 125 = 75 and 75 / 800 = 9.4 % < 10 %; dominance fails too (92.5 %).
    let report = check(
        &magnitude("A,1000,20,800,125\n"),
        TableKind::Magnitude,
        &defaults(),
    );
    assert_eq!(
        finding(&report, 0, 0, Rule::PPercent).explanation,
        Explanation::PPercent {
            remainder: 75.0,
            largest: 800.0,
            p: 0.10
        }
    );
    assert_eq!(flagged(&report).len(), 2);
}

#[test]
fn p_percent_exactly_at_p_passes() {
    // 1000 - 800 - 120 = 80 and 80 / 800 = 10 %: not under p. Dominance: 92 % fails.
    let report = check(
        &magnitude("A,1000,20,800,120\n"),
        TableKind::Magnitude,
        &defaults(),
    );
    assert_eq!(
        flagged(&report),
        [(0, 0, Rule::Dominance, CheckStatus::Fail)]
    );
}

#[test]
fn a_permit_raising_p_to_25_percent_catches_a_cell_dominance_passes() {
    // 1000 - 640 - 220 = 140 and 140 / 640 = 21.9 % < 25 %; the two largest are 86 % < 90 %.
    let strict = defaults()
        .stricter(&PermitThresholds {
            p_percent: Some(0.25),
            ..Default::default()
        })
        .unwrap();
    let row = magnitude("A,1000,20,640,220\n");
    assert_eq!(
        check(&row, TableKind::Magnitude, &defaults()).status,
        CheckStatus::Pass
    );
    let report = check(&row, TableKind::Magnitude, &strict);
    assert_eq!(
        flagged(&report),
        [(0, 0, Rule::PPercent, CheckStatus::Fail)]
    );
}

#[test]
fn a_single_contributor_fails_frequency_dominance_and_p_percent() {
    // The second-largest is left empty: there is none.
    let report = check(
        &magnitude("A,5000,1,5000,\n"),
        TableKind::Magnitude,
        &defaults(),
    );
    assert_eq!(
        flagged(&report),
        [
            (0, 0, Rule::MinimumFrequency, CheckStatus::Fail),
            (0, 0, Rule::Dominance, CheckStatus::Fail),
            (0, 0, Rule::PPercent, CheckStatus::Fail),
        ]
    );
}

#[test]
fn contributions_all_zero_fail_p_percent_while_zeros_are_disclosive() {
    let row = magnitude("A,0,12,0,0\n");
    let report = check(&row, TableKind::Magnitude, &defaults());
    assert_eq!(
        flagged(&report),
        [(0, 0, Rule::PPercent, CheckStatus::Fail)]
    );
    assert_eq!(
        report.findings[0].explanation,
        Explanation::AllZero { count: 12 }
    );
    let lenient = Thresholds {
        zeros_disclosive: false,
        ..defaults()
    };
    assert_eq!(
        check(&row, TableKind::Magnitude, &lenient).status,
        CheckStatus::Pass
    );
}

const CLASS_EXAMPLE: &str = "\
region,Unemployed,Employed
Region A,0,25
Region B,12,30
";

#[test]
fn class_disclosure_fails_a_row_or_column_with_all_units_in_one_cell_and_reviews_the_zero() {
    let report = check(CLASS_EXAMPLE, TableKind::Frequency, &defaults());
    assert_eq!(
        flagged(&report),
        [
            (0, 0, Rule::ClassDisclosure, CheckStatus::Review),
            (0, 1, Rule::ClassDisclosure, CheckStatus::Fail),
            (1, 0, Rule::ClassDisclosure, CheckStatus::Fail),
        ]
    );
    assert_eq!(
        report.findings[0].explanation,
        Explanation::DisclosiveZero {
            row_total: 25,
            column_total: 12
        }
    );
    assert_eq!(
        report.findings[1].explanation,
        Explanation::AllInOneCell {
            line: Line::Row,
            total: 25
        }
    );
    assert_eq!(
        report.findings[2].explanation,
        Explanation::AllInOneCell {
            line: Line::Column,
            total: 12
        }
    );
    assert_eq!(report.status, CheckStatus::Fail);
}

#[test]
fn without_disclosive_zeros_the_zero_is_not_reviewed_but_the_one_cell_rows_still_fail() {
    let lenient = Thresholds {
        zeros_disclosive: false,
        ..defaults()
    };
    let report = check(CLASS_EXAMPLE, TableKind::Frequency, &lenient);
    assert_eq!(
        flagged(&report),
        [
            (0, 1, Rule::ClassDisclosure, CheckStatus::Fail),
            (1, 0, Rule::ClassDisclosure, CheckStatus::Fail)
        ]
    );
}

#[test]
fn a_row_of_zeros_with_an_empty_column_reveals_nothing() {
    // Row "none" and column "c" have no units at all: the zero where they meet is not
    // reviewed; the zeros of "none" in columns with units are.
    let report = check(
        "x,a,b,c\nr,20,30,0\nnone,0,0,0\n",
        TableKind::Frequency,
        &defaults(),
    );
    let zeros: Vec<_> = flagged(&report)
        .into_iter()
        .filter(|f| f.3 == CheckStatus::Review)
        .collect();
    assert_eq!(
        zeros,
        [
            (0, 2, Rule::ClassDisclosure, CheckStatus::Review),
            (1, 0, Rule::ClassDisclosure, CheckStatus::Review),
            (1, 1, Rule::ClassDisclosure, CheckStatus::Review),
        ]
    );
    // Each of the columns a and b has all its units in row r.
    assert!(flagged(&report).contains(&(0, 0, Rule::ClassDisclosure, CheckStatus::Fail)));
    assert!(flagged(&report).contains(&(0, 1, Rule::ClassDisclosure, CheckStatus::Fail)));
}

#[test]
fn a_row_with_a_missing_cell_is_not_judged_all_in_one_cell() {
    let report = check("x,a,b\nr,25,\ns,30,40\n", TableKind::Frequency, &defaults());
    assert_eq!(
        flagged(&report),
        [(0, 1, Rule::NegativeOrMissing, CheckStatus::Review)]
    );
    assert_eq!(
        report.findings[0].explanation,
        Explanation::Missing { part: None }
    );
    assert_eq!(report.status, CheckStatus::Review);
}

#[test]
fn a_negative_magnitude_needs_review_and_has_no_dominance_finding() {
    // A net loss: the sum is negative, so "the largest share of the total" means nothing.
    let report = check(
        &magnitude("A,-200,14,50,40\n"),
        TableKind::Magnitude,
        &defaults(),
    );
    assert_eq!(
        flagged(&report),
        [(0, 0, Rule::NegativeOrMissing, CheckStatus::Review)]
    );
    assert_eq!(
        report.findings[0].explanation,
        Explanation::Negative {
            part: MagnitudePart::Sum
        }
    );
    assert_eq!(
        report.findings[0].explanation.to_string(),
        "the sum is negative, so dominance is not defined"
    );
}

#[test]
fn a_missing_magnitude_part_needs_review_but_a_small_count_still_fails() {
    let report = check(
        &magnitude("A,1000,4,,\n"),
        TableKind::Magnitude,
        &defaults(),
    );
    assert_eq!(
        flagged(&report),
        [
            (0, 0, Rule::MinimumFrequency, CheckStatus::Fail),
            (0, 0, Rule::NegativeOrMissing, CheckStatus::Review),
        ]
    );
    assert_eq!(
        report.findings[1].explanation,
        Explanation::Missing {
            part: Some(MagnitudePart::Largest)
        }
    );
}

#[test]
fn magnitude_tables_get_class_disclosure_on_their_contributor_counts() {
    let csv = "\
sector,A:sum,A:count,A:largest,A:second,B:sum,B:count,B:largest,B:second
x,1000,20,100,90,0,0,,
y,2000,30,100,90,3000,40,100,90
";
    let report = check(csv, TableKind::Magnitude, &defaults());
    assert_eq!(
        flagged(&report),
        [
            (0, 0, Rule::ClassDisclosure, CheckStatus::Fail),
            (0, 1, Rule::ClassDisclosure, CheckStatus::Review),
            (1, 1, Rule::ClassDisclosure, CheckStatus::Fail),
        ]
    );
}

#[test]
fn the_report_serialises_to_the_stable_machine_form() {
    let report = check(FREQUENCY_EXAMPLE, TableKind::Frequency, &defaults());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "status": "FAIL",
            "cells": 4,
            "findings": [{
                "row": 0, "column": 1, "rule": "MINIMUM_FREQUENCY", "status": "FAIL",
                "explanation": {"reason": "BELOW_MINIMUM_FREQUENCY", "count": 7, "threshold": 10}
            }]
        })
    );
    let zero = Explanation::DisclosiveZero {
        row_total: 25,
        column_total: 12,
    };
    assert_eq!(
        serde_json::to_value(&zero).unwrap(),
        serde_json::json!({"reason": "DISCLOSIVE_ZERO", "rowTotal": 25, "columnTotal": 12})
    );
    let missing = Explanation::Missing {
        part: Some(MagnitudePart::Second),
    };
    assert_eq!(
        serde_json::to_value(&missing).unwrap(),
        serde_json::json!({"reason": "MISSING", "part": "second"})
    );
    let back: TableReport = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn a_hand_built_ragged_table_is_checked_without_panicking() {
    use tietolupa_output_check::{Cell, Table};
    let table = Table {
        row_labels: vec!["r".into(), "s".into()],
        column_labels: vec!["a".into(), "b".into()],
        cells: vec![
            vec![Cell::Frequency(Some(20))],
            vec![Cell::Frequency(Some(0)), Cell::Frequency(Some(30))],
        ],
    };
    let report = check_table(&table, &defaults());
    // Row r's gap counts as missing, so r is not "all in one cell"; column a is.
    assert_eq!(
        flagged(&report),
        [
            (0, 0, Rule::ClassDisclosure, CheckStatus::Fail),
            (1, 0, Rule::ClassDisclosure, CheckStatus::Review),
            (1, 1, Rule::ClassDisclosure, CheckStatus::Fail),
        ]
    );
}
