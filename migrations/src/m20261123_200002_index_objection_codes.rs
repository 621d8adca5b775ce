//! A covering index for loading the objections in force with their encrypted codes (the
//! cohort filter): one index range scan per part instead of a walk over the wide table.

use sea_orm_migration::prelude::*;

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(
            manager,
            "objection_code_index",
            Objection::Table,
            &[
                Objection::PersonCodeKeyId,
                Objection::PersonBlindIndex,
                Objection::ProcessedOn,
                Objection::WithdrawnOn,
                Objection::Id,
                Objection::PersonCodeCiphertext,
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("objection_code_index")
                    .table(Objection::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Objection {
    Table,
    Id,
    PersonCodeKeyId,
    PersonBlindIndex,
    ProcessedOn,
    WithdrawnOn,
    PersonCodeCiphertext,
}
