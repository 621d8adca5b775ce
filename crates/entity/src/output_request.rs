use sea_orm::entity::prelude::*;

/// A request to release result tables (or a data request's statistics); its current
/// submission's state and decision. Earlier submissions are `output_request_version` rows.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "output_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub permit_id: Option<Uuid>,
    pub delivery_order_id: Option<Uuid>,
    pub holder_id: String,
    pub diary_number: String,
    pub state: String,
    pub description: String,
    pub submission: i32,
    pub status: String,
    pub awaiting_second_approval: bool,
    pub reviewer_id: Option<String>,
    pub reviewer_name: Option<String>,
    pub second_approver_id: Option<String>,
    pub second_approver_name: Option<String>,
    pub overrides: Json,
    pub decision_reason: Option<String>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
