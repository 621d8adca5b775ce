use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The catalogue of data controllers and their registers and datasets (DESIGN.md
/// section 11), from which applications pick their data sources.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataController::Table)
                    .col(pk_uuid(DataController::Id))
                    .col(text(DataController::Code))
                    .col(text(DataController::Name))
                    .col(text(DataController::Description))
                    .col(timestamp_with_time_zone(DataController::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("data_controller_code_key")
                    .table(DataController::Table)
                    .col(DataController::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DataSource::Table)
                    .col(pk_uuid(DataSource::Id))
                    .col(uuid(DataSource::ControllerId))
                    .col(text(DataSource::Code))
                    .col(text(DataSource::Name))
                    .col(text(DataSource::Kind))
                    .col(text(DataSource::Description))
                    .col(timestamp_with_time_zone(DataSource::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("data_source_controller_fkey")
                            .from(DataSource::Table, DataSource::ControllerId)
                            .to(DataController::Table, DataController::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("data_source_code_key")
                    .table(DataSource::Table)
                    .col(DataSource::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("data_source_controller_idx")
                    .table(DataSource::Table)
                    .col(DataSource::ControllerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DataSource::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DataController::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DataController {
    Table,
    Id,
    /// Stable short identifier, e.g. `thl`.
    Code,
    Name,
    Description,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DataSource {
    Table,
    Id,
    ControllerId,
    Code,
    Name,
    /// `REGISTER` or `DATASET`.
    Kind,
    Description,
    CreatedAt,
}
