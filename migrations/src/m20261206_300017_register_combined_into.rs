use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A permit merged into another by a `COMBINE_PERMITS` amendment names, in the public
/// register, the diary number of the decision it continues under. Kept in the register's
/// own table because public queries read nothing else.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PublishedDecision::Table)
                    .add_column(text_null(PublishedDecision::CombinedIntoDiaryNumber))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PublishedDecision::Table)
                    .drop_column(PublishedDecision::CombinedIntoDiaryNumber)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum PublishedDecision {
    Table,
    CombinedIntoDiaryNumber,
}
