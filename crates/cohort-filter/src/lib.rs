//! The streaming cohort filter (DESIGN.md section 5): a list of identity codes in, the same
//! list out without the people whose objection is in force on the extraction date.
//!
//! Input is one code per line (`\n` or `\r\n`). Output is every kept code followed by
//! `\n`, in input order. A line that is not a valid code (blank, padded, lower-case,
//! wrong check character, a temporary code when those are not accepted, an over-long or
//! non-UTF-8 line) is not passed through; it is counted and its line number reported,
//! never its content. Duplicates are judged one by one: each copy is kept or removed like
//! the first, because detecting them would need memory in proportion to the input.
//!
//! Memory is bounded by the set of objections in force (16 to 32 bytes each, plus a 1 MiB
//! prefilter) and a fixed number of blocks in flight, whatever the size of the input. With
//! more than one thread, blocks of lines are hashed in parallel and written back in order.
//!
//! The filter is one feature in four places, each file named `cohort_filter`: this crate
//! (the run), `tietolupa_store::cohort_filter` (authorising and auditing a run, with the
//! objectors loaded by `tietolupa_store::objections::objectors_on`), the `tietolupa
//! cohort-filter` command (`src/cohort_filter.rs`) and `POST /api/cohort-filter`
//! (`crates/http/src/cohort_filter.rs`); its benchmark is `benches/cohort_filter.rs`. It
//! never sees a key: the store decrypts the objectors into an [`ObjectorSet`].

mod filter;
mod objector_set;

pub use filter::{CohortReport, FilterError, FilterOptions, MAX_REPORTED_INVALID_LINES, filter};
pub use objector_set::{ObjectorSet, PackedCodes};
