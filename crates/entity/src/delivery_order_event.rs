use sea_orm::entity::prelude::*;

/// One step in a delivery order's history.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery_order_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub delivery_order_id: Uuid,
    pub occurred_at: TimeDateTimeWithTimeZone,
    pub actor_id: String,
    pub actor_name: Option<String>,
    /// `CREATE`, `RECEIVE`, `PREPARE`, `DELIVER` or `CANCEL`.
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub comment: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
