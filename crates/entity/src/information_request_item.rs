use sea_orm::entity::prelude::*;

/// One numbered question of an information request.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "information_request_item")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub request_id: Uuid,
    pub number: i32,
    pub question: String,
    pub answer: Option<String>,
    pub answered_at: Option<TimeDateTimeWithTimeZone>,
    pub resolved_at: Option<TimeDateTimeWithTimeZone>,
    pub resolved_by: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
