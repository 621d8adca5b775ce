use sea_orm::entity::prelude::*;

/// The last link of an audit chain; updating it serialises appenders.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_chain_head")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub chain: String,
    pub last_seq: i64,
    pub last_hash: String,
    /// Entries in the Merkle tree; equal to `last_seq` once start-up has built the tree.
    pub tree_size: i64,
    /// The tree's right edge (`tietolupa_audit_proof::Frontier::encode`).
    pub tree_frontier: String,
}

impl ActiveModelBehavior for ActiveModel {}
