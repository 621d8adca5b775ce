use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The audit log's Merkle tree (issue 20 section 2, crate `tietolupa-audit-proof`).
///
/// - `audit_entry.leaf_hash`: the entry's RFC 6962 leaf hash, written with the entry. Null
///   only for entries from before this migration until the server's start-up builds the
///   tree over them (`store::audit_tree::build`): the leaf hash covers the entry's
///   content, which SQL cannot encode.
/// - `audit_tree_node`: every completed perfect subtree above the leaves, `(level,
///   node_index)`, level 1 upwards. Never updated: a node, once complete, is final.
/// - `audit_chain_head.tree_size` / `tree_frontier`: how many entries the tree holds, and
///   the heads of its perfect subtrees (hex, concatenated), so an append extends the tree
///   from the row it already locks, without reading nodes back.
/// - `audit_checkpoint`: the signed checkpoints published so far, newest by `tree_size`.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEntry::Table)
                    .add_column(char_len_null(AuditEntry::LeafHash, 64))
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(AuditChainHead::Table)
                    .add_column(big_integer(AuditChainHead::TreeSize).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditChainHead::Table)
                    .add_column(text(AuditChainHead::TreeFrontier).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditTreeNode::Table)
                    .col(small_integer(AuditTreeNode::Level))
                    .col(big_integer(AuditTreeNode::NodeIndex))
                    .col(char_len(AuditTreeNode::Hash, 64))
                    .primary_key(
                        Index::create()
                            .name("audit_tree_node_pkey")
                            .col(AuditTreeNode::Level)
                            .col(AuditTreeNode::NodeIndex),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditCheckpoint::Table)
                    .col(pk_uuid(AuditCheckpoint::Id))
                    .col(big_integer(AuditCheckpoint::TreeSize))
                    .col(char_len(AuditCheckpoint::RootHash, 64))
                    .col(text(AuditCheckpoint::KeyId))
                    .col(timestamp_with_time_zone(AuditCheckpoint::SignedAt))
                    .col(text(AuditCheckpoint::Note))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_checkpoint_size_idx")
                    .table(AuditCheckpoint::Table)
                    .col(AuditCheckpoint::TreeSize)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditCheckpoint::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AuditTreeNode::Table).to_owned())
            .await?;
        for column in [AuditChainHead::TreeFrontier, AuditChainHead::TreeSize] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditChainHead::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEntry::Table)
                    .drop_column(AuditEntry::LeafHash)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    LeafHash,
}

#[derive(DeriveIden)]
enum AuditChainHead {
    Table,
    TreeSize,
    TreeFrontier,
}

#[derive(DeriveIden)]
enum AuditTreeNode {
    Table,
    Level,
    NodeIndex,
    Hash,
}

#[derive(DeriveIden)]
enum AuditCheckpoint {
    Table,
    Id,
    TreeSize,
    RootHash,
    KeyId,
    SignedAt,
    Note,
}
