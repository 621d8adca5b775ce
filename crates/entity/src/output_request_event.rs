use sea_orm::entity::prelude::*;

/// A step in an output request's history.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "output_request_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub output_request_id: Uuid,
    pub at: TimeDateTimeWithTimeZone,
    pub actor_id: String,
    pub actor_name: Option<String>,
    pub from_state: Option<String>,
    pub to_state: String,
    pub comment: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
