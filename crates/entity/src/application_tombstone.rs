use sea_orm::entity::prelude::*;

/// What remains of a draft removed by the retention job: no content.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_tombstone")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub last_updated_at: TimeDateTimeWithTimeZone,
    pub deleted_at: TimeDateTimeWithTimeZone,
    pub reason: String,
}

impl ActiveModelBehavior for ActiveModel {}
