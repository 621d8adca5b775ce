//! The output-table parser and checker on arbitrary bytes, as both kinds: never a panic,
//! and whatever is accepted is written back in the canonical form and reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tietolupa_output_check::{
    ParseLimits, TableKind, Thresholds, check_table, parse_table, write_table,
};

fuzz_target!(|data: &[u8]| {
    for kind in [TableKind::Frequency, TableKind::Magnitude] {
        match parse_table(data, kind, &ParseLimits::DEFAULT) {
            Ok(table) => {
                let report = check_table(&table, &Thresholds::ACRO_DEFAULTS);
                assert_eq!(report.cells, table.cell_count());
                let written = write_table(&table, kind);
                assert_eq!(
                    parse_table(&written, kind, &ParseLimits::DEFAULT),
                    Ok(table)
                );
            }
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }
});
