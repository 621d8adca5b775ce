//! Filter and pseudonymise in one pass (DESIGN.md section 5, issue 16 section 2): a data
//! controller's CSV in, the prepared CSV out.
//!
//! The identity-code column, named by the caller, is parsed with the domain's strict rules.
//! A row whose code is invalid is counted and its starting line reported (the first 100),
//! never echoed and never written. A row of a person whose objection is in force on the
//! order's extraction date ([`ObjectorSet`], the cohort filter's set) is dropped and
//! counted. Every other row is written with the code replaced by a permit-specific
//! pseudonym ([`PseudonymKey`]), and the header names that column `pseudonym`.
//!
//! Memory is flat in the input size: blocks of whole records (256 KiB) are parsed on worker
//! threads with a bounded number in flight and written back in input order, as in the
//! cohort filter. The output is CSV with the input's delimiter, `\n` line ends, and fields
//! quoted only where needed.
//!
//! The feature lives in four places, each file named `preparation`: this crate (the run),
//! `tietolupa_store::delivery::preparation` (authorising, auditing and recording a run
//! against its delivery order), `tietolupa deliver` (`src/deliver.rs`) and
//! `POST /api/delivery-orders/{id}/preparation`; its benchmark is `benches/preparation.rs`.

mod blocks;
mod prepare;
mod pseudonym;
#[cfg(test)]
mod tests;

pub use blocks::MAX_RECORD_BYTES;
pub use prepare::{
    MAX_REPORTED_INVALID_LINES, PSEUDONYM_COLUMN, PreparationReport, PrepareError, PrepareOptions,
    prepare,
};
pub use pseudonym::{MasterKey, PSEUDONYM_LEN, PseudonymKey};
pub use tietolupa_cohort_filter::ObjectorSet;
