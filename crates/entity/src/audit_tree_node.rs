use sea_orm::entity::prelude::*;

/// A completed perfect subtree of the audit log's Merkle tree above the leaves (the leaves
/// are `audit_entry.leaf_hash`). Append-only: a complete node never changes.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_tree_node")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub level: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub node_index: i64,
    pub hash: String,
}

impl ActiveModelBehavior for ActiveModel {}
