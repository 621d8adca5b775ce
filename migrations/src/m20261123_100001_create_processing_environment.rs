use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The register of secure processing environments (DESIGN.md section 4).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProcessingEnvironment::Table)
                    .col(pk_uuid(ProcessingEnvironment::Id))
                    .col(text(ProcessingEnvironment::Name))
                    .col(text(ProcessingEnvironment::Provider))
                    .col(text(ProcessingEnvironment::ProviderBusinessId))
                    .col(date(ProcessingEnvironment::RegisteredOn))
                    .col(date(ProcessingEnvironment::CertificateValidUntil))
                    .col(text(ProcessingEnvironment::Status))
                    .col(integer(ProcessingEnvironment::Version))
                    .col(timestamp_with_time_zone(ProcessingEnvironment::CreatedAt))
                    .col(timestamp_with_time_zone(ProcessingEnvironment::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("processing_environment_name_key")
                    .table(ProcessingEnvironment::Table)
                    .col(ProcessingEnvironment::Name)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProcessingEnvironment::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ProcessingEnvironment {
    Table,
    Id,
    Name,
    Provider,
    ProviderBusinessId,
    RegisteredOn,
    CertificateValidUntil,
    /// `REGISTERED`, `SIGNIFICANT_DEVIATION` or `REMOVED`.
    Status,
    Version,
    CreatedAt,
    UpdatedAt,
}
