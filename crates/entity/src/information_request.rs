use sea_orm::entity::prelude::*;

/// A request for more information, with numbered items.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "information_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub number: i32,
    pub requested_by: String,
    pub requested_at: TimeDateTimeWithTimeZone,
    pub respond_by: Option<TimeDate>,
    pub answered_at: Option<TimeDateTimeWithTimeZone>,
}

impl ActiveModelBehavior for ActiveModel {}
