use sea_orm::entity::prelude::*;

/// A message waiting for delivery (written in the transaction that caused it).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_message")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub recipient_id: String,
    pub payload: Json,
    pub dedupe_key: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub delivered_at: Option<TimeDateTimeWithTimeZone>,
    pub attempts: i32,
}

impl ActiveModelBehavior for ActiveModel {}
