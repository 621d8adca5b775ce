use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The public register's generation, and indexes for its filtered pages.
///
/// Every transaction that writes `published_decision` bumps the one row of
/// `register_generation`, so a server instance can tell with one cheap read whether a page
/// it cached is still current, whichever instance made the change (docs/benchmarks.md,
/// "Load: public register").
///
/// The filtered indexes lead with the filter's equality column and end with the keyset
/// order, so a page filtered by year or kind reads its 50 rows in order instead of
/// walking the whole order index and discarding the rest.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RegisterGeneration::Table)
                    .col(text(RegisterGeneration::Name).primary_key())
                    .col(big_integer(RegisterGeneration::Generation))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(RegisterGeneration::Table)
                    .columns([RegisterGeneration::Name, RegisterGeneration::Generation])
                    .values_panic(["main".into(), 0i64.into()])
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "published_decision_year_order_idx",
            PublishedDecision::Table,
            &[
                PublishedDecision::DecisionYear,
                PublishedDecision::DecidedAtMicros,
                PublishedDecision::Id,
            ],
        )
        .await?;
        index(
            manager,
            "published_decision_kind_order_idx",
            PublishedDecision::Table,
            &[
                PublishedDecision::Kind,
                PublishedDecision::DecidedAtMicros,
                PublishedDecision::Id,
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "published_decision_kind_order_idx",
            "published_decision_year_order_idx",
        ] {
            manager
                .drop_index(Index::drop().name(name).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table(RegisterGeneration::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RegisterGeneration {
    Table,
    Name,
    Generation,
}

#[derive(DeriveIden, Clone, Copy)]
enum PublishedDecision {
    Table,
    Id,
    DecidedAtMicros,
    DecisionYear,
    Kind,
}
