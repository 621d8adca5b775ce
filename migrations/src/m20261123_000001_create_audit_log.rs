use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The chain starts from 64 zeros (see `tietolupa_domain::audit::ChainHash::GENESIS`).
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEntry::Table)
                    .col(pk_uuid(AuditEntry::Id))
                    .col(big_integer(AuditEntry::Seq))
                    .col(timestamp_with_time_zone(AuditEntry::OccurredAt))
                    .col(text(AuditEntry::ActorId))
                    .col(text_null(AuditEntry::ActorRole))
                    .col(text(AuditEntry::Action))
                    .col(text_null(AuditEntry::TargetType))
                    .col(text_null(AuditEntry::TargetId))
                    .col(text(AuditEntry::Outcome))
                    .col(text_null(AuditEntry::Reason))
                    .col(text_null(AuditEntry::ClientAddress))
                    .col(text_null(AuditEntry::RequestId))
                    .col(text_null(AuditEntry::Details))
                    .col(char_len(AuditEntry::PreviousHash, 64))
                    .col(char_len(AuditEntry::Hash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_entry_seq_key")
                    .table(AuditEntry::Table)
                    .col(AuditEntry::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "audit_entry_actor_idx",
                vec![AuditEntry::ActorId, AuditEntry::Seq],
            ),
            (
                "audit_entry_target_idx",
                vec![
                    AuditEntry::TargetType,
                    AuditEntry::TargetId,
                    AuditEntry::Seq,
                ],
            ),
            (
                "audit_entry_action_idx",
                vec![AuditEntry::Action, AuditEntry::Seq],
            ),
            ("audit_entry_occurred_at_idx", vec![AuditEntry::OccurredAt]),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditEntry::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }

        // One row per chain. Appenders update it first, which serialises them on both
        // engines (a row lock on PostgreSQL, the write lock on SQLite).
        manager
            .create_table(
                Table::create()
                    .table(AuditChainHead::Table)
                    .col(text(AuditChainHead::Chain).primary_key())
                    .col(big_integer(AuditChainHead::LastSeq))
                    .col(char_len(AuditChainHead::LastHash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditChainHead::Table)
                    .columns([
                        AuditChainHead::Chain,
                        AuditChainHead::LastSeq,
                        AuditChainHead::LastHash,
                    ])
                    .values_panic(["main".into(), 0i64.into(), GENESIS.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditChainHead::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AuditEntry::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    Id,
    Seq,
    OccurredAt,
    ActorId,
    ActorRole,
    Action,
    TargetType,
    TargetId,
    Outcome,
    Reason,
    ClientAddress,
    RequestId,
    Details,
    PreviousHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditChainHead {
    Table,
    Chain,
    LastSeq,
    LastHash,
}
