use sea_orm::entity::prelude::*;

/// A signed checkpoint of the audit log's tree as published (C2SP tlog-checkpoint in a
/// signed note).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_checkpoint")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tree_size: i64,
    pub root_hash: String,
    /// The ring's id of the key that signed it (`[audit_checkpoint]` in the secrets file).
    pub key_id: String,
    pub signed_at: TimeDateTimeWithTimeZone,
    /// The signed note, exactly as served.
    pub note: String,
}

impl ActiveModelBehavior for ActiveModel {}
