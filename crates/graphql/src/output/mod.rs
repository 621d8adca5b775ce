//! Output requests through GraphQL (DESIGN.md section 13): reading them with their reports,
//! and the review steps. Submissions carry files, so they are plain HTTP
//! (`crates/http/src/output_files.rs`).

mod mutation;
mod query;
mod types;

pub use mutation::OutputRequestMutation;
pub use query::OutputRequestQuery;
pub use types::OutputCheckThresholds;
