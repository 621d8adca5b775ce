//! Applications for data permits and data requests (DESIGN.md section 2).

pub mod attachment;
pub mod content;
pub mod deadline;
pub mod decision;
pub mod diary;
pub mod fee;
pub mod kind;
pub mod lifecycle;
pub mod proposal;

pub use content::{
    ApplicationContent, FieldChange, FieldProblem, Processor, RequestedDataSource,
    SubmissionContext,
};
pub use deadline::{DeadlineView, DecisionClock, ExtensionError};
pub use decision::DecisionNumber;
pub use diary::DiaryNumber;
pub use fee::{FeeCategory, FeeSchedule};
pub use kind::{ApplicationKind, Purpose};
pub use lifecycle::{Action, ApplicationState, CaseFacts, Refusal, Step, Viewer, plan, viewer};
pub use proposal::{
    DecisionEdits, DecisionOutcome, ProposalContent, ProposalContext, validate_proposal,
};
