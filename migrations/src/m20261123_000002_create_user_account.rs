use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UserAccount::Table)
                    .col(pk_uuid(UserAccount::Id))
                    .col(text(UserAccount::Subject))
                    .col(text(UserAccount::DisplayName))
                    .col(text_null(UserAccount::Email))
                    .col(text_null(UserAccount::Organisation))
                    .col(json(UserAccount::Roles))
                    .col(boolean(UserAccount::IsDemo).default(false))
                    .col(timestamp_with_time_zone(UserAccount::CreatedAt))
                    .col(timestamp_with_time_zone(UserAccount::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("user_account_subject_key")
                    .table(UserAccount::Table)
                    .col(UserAccount::Subject)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UserAccount::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
    /// The token's `sub`.
    Subject,
    DisplayName,
    Email,
    Organisation,
    Roles,
    IsDemo,
    CreatedAt,
    UpdatedAt,
}
