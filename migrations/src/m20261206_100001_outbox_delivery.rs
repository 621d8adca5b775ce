use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What the mail worker needs to deliver the outbox: the address and language each message
/// is written for (resolved when it is queued, so a later profile change does not reroute a
/// decision notice), when to try next, the last failure, and when it became a dead letter.
/// `claimed_until` is the lease a worker holds while it sends: on PostgreSQL rows are also
/// claimed with `FOR UPDATE SKIP LOCKED`, on SQLite the lease alone keeps two instances from
/// sending one message twice.
///
/// A user's language (fi, sv or en) comes from the sign-in claims or the profile.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [
            text_null(OutboxMessage::RecipientEmail),
            text(OutboxMessage::Language).default("fi").to_owned(),
            timestamp_with_time_zone_null(OutboxMessage::NextAttemptAt),
            text_null(OutboxMessage::LastError),
            timestamp_with_time_zone_null(OutboxMessage::DeadAt),
            timestamp_with_time_zone_null(OutboxMessage::ClaimedUntil),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(OutboxMessage::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        index(
            manager,
            "outbox_message_pending_idx",
            OutboxMessage::Table,
            &[
                OutboxMessage::DeliveredAt,
                OutboxMessage::DeadAt,
                OutboxMessage::NextAttemptAt,
            ],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .add_column(text_null(UserAccount::Language))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("outbox_message_pending_idx")
                    .table(OutboxMessage::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            OutboxMessage::RecipientEmail,
            OutboxMessage::Language,
            OutboxMessage::NextAttemptAt,
            OutboxMessage::LastError,
            OutboxMessage::DeadAt,
            OutboxMessage::ClaimedUntil,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OutboxMessage::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .drop_column(UserAccount::Language)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum OutboxMessage {
    Table,
    DeliveredAt,
    RecipientEmail,
    Language,
    NextAttemptAt,
    LastError,
    DeadAt,
    ClaimedUntil,
}

#[derive(DeriveIden, Clone, Copy)]
enum UserAccount {
    Table,
    Language,
}
