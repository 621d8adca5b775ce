use sea_orm::entity::prelude::*;

/// One hash-chained audit log entry. Append-only: never updated or deleted.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub seq: i64,
    pub occurred_at: TimeDateTimeWithTimeZone,
    pub actor_id: String,
    pub actor_role: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: String,
    pub reason: Option<String>,
    pub client_address: Option<String>,
    pub request_id: Option<String>,
    pub details: Option<String>,
    pub previous_hash: String,
    pub hash: String,
    /// RFC 6962 leaf hash of the content; null only before start-up builds the tree over
    /// entries from before it existed.
    pub leaf_hash: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
