use sea_orm::entity::prelude::*;

/// The revocation status list of permit credentials: one bit per status index.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "permit_status_list")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// Index 0 is the least significant bit of the first byte; 1 is no longer valid.
    pub bits: Vec<u8>,
    pub next_index: i64,
    pub version: i32,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
