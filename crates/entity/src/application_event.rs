use sea_orm::entity::prelude::*;

/// One step in a case's history.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub occurred_at: TimeDateTimeWithTimeZone,
    pub actor_id: String,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub comment: Option<String>,
    pub comment_internal: bool,
}

impl ActiveModelBehavior for ActiveModel {}
