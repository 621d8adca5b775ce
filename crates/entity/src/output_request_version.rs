use sea_orm::entity::prelude::*;

/// One submission of an output request: what was asked, when, and the check's settings.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "output_request_version")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub output_request_id: Uuid,
    pub number: i32,
    pub description: String,
    pub submitted_by: String,
    pub submitted_by_name: Option<String>,
    pub submitted_at: TimeDateTimeWithTimeZone,
    pub thresholds: Json,
    pub tool_version: String,
}

impl ActiveModelBehavior for ActiveModel {}
