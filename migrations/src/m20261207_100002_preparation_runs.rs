use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Preparation runs (issue 16 section 2, docs/preparation.md): each time a controller's
/// dataset was filtered and pseudonymised for a delivery order. Counts and line numbers
/// only; never a code, a pseudonym or any other content of the dataset.
///
/// A row is written when the run starts (`completed` false, no `finished_at`) and
/// completed in the transaction that moves the order to PREPARED, so a run that died
/// midway stays visible as unfinished.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PreparationRun::Table)
                    .col(pk_uuid(PreparationRun::Id))
                    .col(uuid(PreparationRun::DeliveryOrderId))
                    .col(timestamp_with_time_zone(PreparationRun::StartedAt))
                    .col(timestamp_with_time_zone_null(PreparationRun::FinishedAt))
                    .col(boolean(PreparationRun::Completed))
                    .col(text(PreparationRun::Via))
                    .col(text_null(PreparationRun::RunBy))
                    .col(text_null(PreparationRun::RunByName))
                    .col(big_integer(PreparationRun::RowsRead))
                    .col(big_integer(PreparationRun::DroppedAsObjectors))
                    .col(big_integer(PreparationRun::Invalid))
                    .col(big_integer(PreparationRun::Written))
                    .col(json(PreparationRun::InvalidLines))
                    .col(text(PreparationRun::KeyId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("preparation_run_delivery_order_fkey")
                            .from(PreparationRun::Table, PreparationRun::DeliveryOrderId)
                            .to(DeliveryOrder::Table, DeliveryOrder::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // An order's runs, newest first.
        index(
            manager,
            "preparation_run_order_idx",
            PreparationRun::Table,
            &[PreparationRun::DeliveryOrderId, PreparationRun::StartedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PreparationRun::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum PreparationRun {
    Table,
    Id,
    DeliveryOrderId,
    StartedAt,
    /// Set with the counts when the run completed.
    FinishedAt,
    Completed,
    /// `CLI` or `API`.
    Via,
    /// The actor id of the staff member, or none for the CLI run as the system.
    RunBy,
    RunByName,
    RowsRead,
    DroppedAsObjectors,
    Invalid,
    Written,
    /// The starting lines of the first 100 invalid rows, as a JSON array of numbers.
    InvalidLines,
    /// The id of the master pseudonymisation key the permit's key was derived from.
    KeyId,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeliveryOrder {
    Table,
    Id,
}
