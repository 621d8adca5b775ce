use sea_orm::entity::prelude::*;

/// The decision on an application.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub decision_number: String,
    pub decided_on: TimeDate,
    pub decided_at: TimeDateTimeWithTimeZone,
    pub outcome: String,
    pub reasoning: String,
    pub conditions: Option<String>,
    pub granted_data_source_ids: Json,
    pub valid_until: Option<TimeDate>,
    pub fee_category: String,
    pub fee_cents: i64,
    pub presenter_id: String,
    pub presenter_name: Option<String>,
    pub decider_id: String,
    pub decider_name: Option<String>,
    pub edited_by_decider: bool,
}

impl ActiveModelBehavior for ActiveModel {}
