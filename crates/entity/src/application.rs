use sea_orm::entity::prelude::*;

/// An application and the state of its case.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub state: String,
    pub version: i32,
    pub applicant_id: String,
    pub diary_number: Option<String>,
    pub diary_year: Option<i32>,
    pub diary_seq: Option<i64>,
    pub applicant_name: Option<String>,
    pub organisation_name: Option<String>,
    pub business_id: Option<String>,
    pub contact_email: Option<String>,
    pub billing_reference: Option<String>,
    pub title: Option<String>,
    pub public_summary: Option<String>,
    pub purpose: Option<String>,
    pub research_plan: Option<String>,
    pub cohort_definition: Option<String>,
    pub minimisation_justification: Option<String>,
    pub processing_environment_id: Option<Uuid>,
    pub requested_validity_end: Option<TimeDate>,
    pub ethics_statement_needed: Option<bool>,
    pub ethics_reference: Option<String>,
    pub dpia_done: Option<bool>,
    pub is_thesis: bool,
    pub applicant_outside_eea: bool,
    pub presenter_id: Option<String>,
    pub presenter_name: Option<String>,
    pub submitted_at: Option<TimeDateTimeWithTimeZone>,
    pub clock_started_on: Option<TimeDate>,
    pub paused_days: i32,
    pub paused_since: Option<TimeDate>,
    pub extension_days: i32,
    pub extension_reason: Option<String>,
    pub due_on: Option<TimeDate>,
    pub submitted_content: Option<Json>,
    pub proposal: Option<Json>,
    pub proposed_by: Option<String>,
    pub proposed_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    /// For amendments: the permit they change.
    pub permit_id: Option<Uuid>,
    /// For amendments: the change types and new values.
    pub amendment: Option<Json>,
    /// The organisation of the register the applicant acts for; none for a private
    /// person (or a draft naming an organisation outside the register).
    pub organisation_id: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
