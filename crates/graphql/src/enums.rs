//! GraphQL mirrors of the domain's enums (`remote` generates the conversions both ways).

use async_graphql::Enum;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::application::ApplicationKind")]
pub enum ApplicationKind {
    /// Individual-level pseudonymised data.
    DataPermit,
    /// Anonymous aggregate statistics.
    DataRequest,
    /// Changes to an issued permit.
    Amendment,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::application::Purpose")]
pub enum Purpose {
    ScientificResearch,
    Statistics,
    AuthorityPlanningAndReporting,
    Education,
    /// Statistics only: needs a data request.
    DevelopmentAndInnovation,
    /// Statistics only: needs a data request.
    KnowledgeManagement,
    /// Statistics only: needs a data request.
    SteeringAndSupervision,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::application::ApplicationState")]
pub enum ApplicationState {
    Draft,
    Submitted,
    InPreparation,
    InformationRequested,
    Proposed,
    Decided,
    Withdrawn,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::application::DecisionOutcome")]
pub enum DecisionOutcome {
    Granted,
    PartiallyGranted,
    Rejected,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::application::FeeCategory")]
pub enum FeeCategory {
    Permit,
    /// An extensive permit, or an applicant outside the EU/EEA.
    ExtensivePermit,
    ThesisPermit,
    Amendment,
    DataRequest,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::EnvironmentStatus")]
pub enum EnvironmentStatus {
    Registered,
    SignificantDeviation,
    Removed,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_store::applications::RemarkVisibility")]
pub enum RemarkVisibility {
    /// Staff only.
    Internal,
    /// Staff and the applicant.
    ToApplicant,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::application::attachment::AttachmentKind")]
pub enum AttachmentKind {
    ResearchPlan,
    /// Data protection impact assessment.
    Dpia,
    EthicsStatement,
    Other,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::permit::PermitStatus")]
pub enum PermitStatus {
    /// Valid today.
    Active,
    /// Past its validity.
    Expired,
    /// Revoked by a director.
    Revoked,
    /// The holder (or staff) confirmed the data was destroyed.
    DataDestroyed,
    /// Merged into another permit by an amendment.
    Combined,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::permit::AmendmentChange")]
pub enum AmendmentChange {
    ExtendValidity,
    AddProcessors,
    RemoveProcessors,
    ChangeEnvironment,
    CombinePermits,
}
