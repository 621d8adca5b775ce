//! Applications and their cases (DESIGN.md sections 2 and 8): commands that move a case
//! through its lifecycle, and the reads that show it to its applicant and to staff.

pub mod attachments;
mod commands;
mod rows;
mod views;

use tietolupa_domain::application::{
    ApplicationContent, ApplicationKind, ApplicationState, DecisionClock, FieldChange,
    ProposalContent, Viewer,
};
use tietolupa_domain::permit::AmendmentRequest;
use time::OffsetDateTime;
use uuid::Uuid;

pub use commands::{
    InformationAnswer, NewAmendment, add_remark, answer_information_request, create, decide,
    extend_deadline, propose, request_information, resolve_information_item,
    return_for_preparation, submit, take, update, viewed, withdraw,
};
/// The director's edits are a domain value; named here too, beside `decide`.
pub use tietolupa_domain::application::DecisionEdits;
pub use views::{
    Decision, Event, InformationRequest, InformationRequestItem, QueueFilter, QueueOrder,
    QueueSortField, Remark, RemarkVisibility, decision, decisions, get, history,
    information_requests, list_mine, overdue_on, queue, remarks,
};

/// An application as its viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub id: Uuid,
    pub kind: ApplicationKind,
    pub state: ApplicationState,
    /// Row version: every change adds one; commands take the version the caller saw.
    pub version: i32,
    pub applicant_id: String,
    pub diary_number: Option<String>,
    pub content: ApplicationContent,
    pub presenter_id: Option<String>,
    pub presenter_name: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
    pub clock: DecisionClock,
    pub extension_reason: Option<String>,
    pub proposal: Option<Proposal>,
    /// The content at submission or at the latest information request, to show what the
    /// applicant changed since.
    pub submitted_content: Option<ApplicationContent>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// For amendments: the permit they change.
    pub permit_id: Option<Uuid>,
    /// For amendments: the change types and new values.
    pub amendment: Option<AmendmentRequest>,
}

impl Application {
    /// What the applicant changed since submission or the latest information request.
    pub fn changes_since_submission(&self) -> Vec<FieldChange> {
        match &self.submitted_content {
            Some(before) => tietolupa_domain::application::content::changes(before, &self.content),
            None => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub content: ProposalContent,
    pub fee_cents: i64,
    pub proposed_by: Option<String>,
    pub proposed_at: Option<OffsetDateTime>,
}

/// An application together with how the caller sees it.
#[derive(Debug, Clone)]
pub struct Viewed {
    pub application: Application,
    pub viewer: Viewer,
}
