//! The CSV formats and every bad input: each a typed error saying where, never a panic and
//! never a half-read table.

use tietolupa_output_check::{
    Cell, MagnitudePart, ParseLimits, Table, TableError, TableKind, parse_table, write_table,
};

fn frequency(csv: &[u8]) -> Result<Table, TableError> {
    parse_table(csv, TableKind::Frequency, &ParseLimits::DEFAULT)
}

fn magnitude(csv: &[u8]) -> Result<Table, TableError> {
    parse_table(csv, TableKind::Magnitude, &ParseLimits::DEFAULT)
}

#[test]
fn a_frequency_table_reads_labels_counts_and_missing_values() {
    let table = frequency(b"\xEF\xBB\xBFage,\"Helsinki, city\",Tampere\r\n0-17,12,NA\r\n18-64,\" 40 \",12.0\r\n65-,,.\r\n")
        .unwrap();
    assert_eq!(table.row_labels, ["0-17", "18-64", "65-"]);
    assert_eq!(table.column_labels, ["Helsinki, city", "Tampere"]);
    assert_eq!(
        table.cells,
        [
            [Cell::Frequency(Some(12)), Cell::Frequency(None)],
            [Cell::Frequency(Some(40)), Cell::Frequency(Some(12))],
            [Cell::Frequency(None), Cell::Frequency(None)],
        ]
    );
}

#[test]
fn a_magnitude_table_groups_its_columns_by_label_in_any_order() {
    let csv = b"sector,B:count,A:sum,A:count,A:largest,A:second,B:second,B:largest,B:sum\n\
                x,3,100.5,12,40,30.25,1,2,3\n";
    let table = magnitude(csv).unwrap();
    assert_eq!(table.column_labels, ["B", "A"]);
    assert_eq!(
        table.cells[0],
        [
            Cell::Magnitude {
                sum: Some(3.0),
                count: Some(3),
                largest: Some(2.0),
                second: Some(1.0)
            },
            Cell::Magnitude {
                sum: Some(100.5),
                count: Some(12),
                largest: Some(40.0),
                second: Some(30.25)
            },
        ]
    );
}

#[test]
fn a_label_may_itself_hold_a_colon() {
    let table = magnitude(b"x,t:1:sum,t:1:count,t:1:largest,t:1:second\nr,5,2,3,2\n").unwrap();
    assert_eq!(table.column_labels, ["t:1"]);
}

#[test]
fn magnitude_columns_missing_name_the_label_and_the_part() {
    assert_eq!(
        magnitude(b"x,A:sum,A:count,A:largest\nr,1,1,1\n"),
        Err(TableError::MagnitudeColumnsMissing {
            label: "A".into(),
            part: MagnitudePart::Second
        })
    );
    // A frequency table declared as magnitude: its columns are not groups at all.
    assert_eq!(
        magnitude(b"x,Helsinki,Tampere\nr,1,2\n"),
        Err(TableError::NotMagnitudeColumn {
            column: 2,
            label: "Helsinki".into()
        })
    );
    assert_eq!(
        magnitude(b"x,A:sum,A:count,A:largest,A:second,A:sum\nr,1,1,1,,1\n"),
        Err(TableError::DuplicateColumn {
            column: 6,
            label: "A:sum".into()
        })
    );
}

#[test]
fn malformed_csv_names_the_line() {
    assert_eq!(
        frequency(b"x,a\nr,1\"2\n"),
        Err(TableError::Malformed { line: 2 })
    );
    assert_eq!(
        frequency(b"x,a\nr,1\n\"s,2\n"),
        Err(TableError::Malformed { line: 3 })
    );
    assert_eq!(
        frequency(b"x,a\n\"r\"s,1\n"),
        Err(TableError::Malformed { line: 2 })
    );
}

#[test]
fn ragged_rows_name_the_line_and_both_lengths() {
    assert_eq!(
        frequency(b"x,a,b\nr,1,2\ns,1\n"),
        Err(TableError::Ragged {
            line: 3,
            expected: 3,
            found: 2
        })
    );
    // A quoted label over two lines: the next record starts on line 4.
    assert_eq!(
        frequency(b"x,a\n\"two\nlines\",1\ns,1,2\n"),
        Err(TableError::Ragged {
            line: 4,
            expected: 2,
            found: 3
        })
    );
}

#[test]
fn non_utf8_names_the_line() {
    assert_eq!(
        frequency(b"x,a\nr,1\n\xC4\xE4,2\n"),
        Err(TableError::NotUtf8 { line: 3 })
    );
    assert_eq!(
        frequency(b"\xFFx,a\nr,1\n"),
        Err(TableError::NotUtf8 { line: 1 })
    );
}

#[test]
fn empty_tables_and_tables_without_values_are_refused() {
    assert_eq!(frequency(b""), Err(TableError::Empty));
    assert_eq!(frequency(b"\xEF\xBB\xBF"), Err(TableError::Empty));
    assert_eq!(frequency(b"x,a,b\n"), Err(TableError::Empty));
    assert_eq!(
        frequency(b"labels\nr\ns\n"),
        Err(TableError::NoValueColumns)
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let limits = ParseLimits {
        max_bytes: 10,
        max_cells: 100,
    };
    let csv = b"x,a\nr,1\ns,2\n";
    assert_eq!(
        parse_table(csv, TableKind::Frequency, &limits),
        Err(TableError::TooLarge { limit: 10 })
    );
    let exactly = ParseLimits {
        max_bytes: csv.len(),
        ..limits
    };
    assert!(parse_table(csv, TableKind::Frequency, &exactly).is_ok());
}

#[test]
fn the_default_limit_refuses_a_file_one_byte_over_16_mib() {
    let mut csv = b"x,a\nr,1\n".to_vec();
    csv.resize(ParseLimits::DEFAULT.max_bytes + 1, b'\n');
    assert_eq!(
        frequency(&csv),
        Err(TableError::TooLarge {
            limit: 16 * 1024 * 1024
        })
    );
}

#[test]
fn too_many_cells_are_refused() {
    let limits = ParseLimits {
        max_bytes: 1 << 20,
        max_cells: 4,
    };
    assert!(parse_table(b"x,a,b\nr,1,2\ns,3,4\n", TableKind::Frequency, &limits).is_ok());
    assert_eq!(
        parse_table(
            b"x,a,b\nr,1,2\ns,3,4\nt,5,6\n",
            TableKind::Frequency,
            &limits
        ),
        Err(TableError::TooManyCells { limit: 4 })
    );
}

#[test]
fn numbers_are_checked_and_errors_never_echo_the_cell() {
    let err = frequency(b"x,a\nr,secret-123\n").unwrap_err();
    assert_eq!(err, TableError::NotANumber { line: 2, column: 2 });
    assert!(!err.to_string().contains("secret"), "{err}");
    assert_eq!(
        frequency(b"x,a\nr,inf\n"),
        Err(TableError::NotANumber { line: 2, column: 2 })
    );
    assert_eq!(
        frequency(b"x,a\nr,1.5\n"),
        Err(TableError::NotAWholeNumber { line: 2, column: 2 })
    );
    assert_eq!(
        magnitude(b"x,A:sum,A:count,A:largest,A:second\nr,1,2,x,1\n"),
        Err(TableError::NotANumber { line: 2, column: 4 })
    );
    assert_eq!(
        magnitude(b"x,A:sum,A:count,A:largest,A:second\nr,1,2.5,1,0\n"),
        Err(TableError::NotAWholeNumber { line: 2, column: 3 })
    );
}

#[test]
fn negative_counts_are_refused_in_both_kinds() {
    assert_eq!(
        frequency(b"x,a,b\nr,1,-3\n"),
        Err(TableError::NegativeCount { line: 2, column: 3 })
    );
    assert_eq!(
        magnitude(b"x,A:sum,A:count,A:largest,A:second\nr,1,-2,1,0\n"),
        Err(TableError::NegativeCount { line: 2, column: 3 })
    );
}

#[test]
fn duplicate_frequency_columns_are_refused() {
    assert_eq!(
        frequency(b"x,a,b,a\nr,1,2,3\n"),
        Err(TableError::DuplicateColumn {
            column: 4,
            label: "a".into()
        })
    );
}

#[test]
fn inconsistent_magnitude_cells_are_refused() {
    let header = "x,A:sum,A:count,A:largest,A:second\n";
    for row in [
        "r,100,5,40,50", // second above largest
        "r,100,5,60,50", // the two largest above the sum
        "r,100,1,100,5", // one contributor, yet a second contribution
        "r,10,0,,",      // no contributors, yet a sum
        "r,100,2,20,10", // 100 cannot be two contributions of at most 20
    ] {
        assert_eq!(
            magnitude(format!("{header}{row}\n").as_bytes()),
            Err(TableError::InconsistentCell { line: 2, column: 2 }),
            "{row}"
        );
    }
    // Rounding in the statistics package is tolerated; negative values go to review instead.
    assert!(magnitude(format!("{header}r,0.3,2,0.2,0.1\n").as_bytes()).is_ok());
    assert!(magnitude(format!("{header}r,-100,2,20,10\n").as_bytes()).is_ok());
}

#[test]
fn written_tables_read_back_the_same() {
    let table = Table {
        row_labels: vec!["a \"quoted\"\nlabel".into(), String::new()],
        column_labels: vec!["x:y".into(), "".into()],
        cells: vec![
            vec![
                Cell::Magnitude {
                    sum: Some(0.1 + 0.2),
                    count: Some(3),
                    largest: Some(0.2),
                    second: Some(0.1),
                },
                Cell::Magnitude {
                    sum: None,
                    count: None,
                    largest: None,
                    second: None,
                },
            ],
            vec![
                Cell::Magnitude {
                    sum: Some(-5.0),
                    count: Some(2),
                    largest: Some(1e300),
                    second: Some(-1e-300),
                },
                Cell::Magnitude {
                    sum: Some(0.0),
                    count: Some(0),
                    largest: None,
                    second: None,
                },
            ],
        ],
    };
    let bytes = write_table(&table, TableKind::Magnitude);
    assert_eq!(magnitude(&bytes), Ok(table));
}
