use sea_orm::entity::prelude::*;

/// The public register: exactly the public fields of a decision.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "published_decision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub diary_number: String,
    pub decision_number: String,
    pub decided_on: TimeDate,
    pub decided_at_micros: i64,
    pub decision_year: i32,
    pub kind: String,
    pub outcome: String,
    pub purpose: Option<String>,
    pub title: String,
    pub public_summary: String,
    pub holder: String,
    pub registers: Json,
    pub controller_codes: String,
    pub processing_environment: Option<String>,
    pub permit_id: Option<Uuid>,
    pub valid_from: Option<TimeDate>,
    pub valid_until: Option<TimeDate>,
    pub permit_status: Option<String>,
    pub amends_diary_number: Option<String>,
    /// For a permit merged by `COMBINE_PERMITS`: the diary number it continues under.
    pub combined_into_diary_number: Option<String>,
    pub processing_days: Option<i32>,
}

impl ActiveModelBehavior for ActiveModel {}
