use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The register's search index (issue 18 section 2, docs/open-data.md "Search"): the
/// search terms of each published decision, each word's lower-cased form and its Finnish,
/// Swedish and English stems, with where the term occurs.
///
/// The primary key (term, weight, decision time, decision) is the lookup and the ranking:
/// for one term, its decisions in the order of the results (title before summary, newest
/// first) are one index range, so a page of a one-word search reads about a page of index
/// entries however many decisions match. `published_decision_vocabulary` lists each term
/// once, so that the word being typed becomes the terms it begins with a short range read.
/// PostgreSQL compares terms byte by byte (`COLLATE "C"`) as SQLite does by default, so a
/// range `>= 'dem' AND < 'den'` means "starts with dem" on both engines.
///
/// Stems come from Rust (the Snowball stemmers), which a migration cannot call, so this
/// one creates the table and the `search_terms` row of `register_generation` at version 0;
/// the store rebuilds the index at start-up whenever that row is older than its analyser
/// (`Db::migrate`), which back-fills existing decisions once.
///
/// `published_decision.search_text`, the lower-cased copy that `LIKE` searched, goes.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let postgres = manager.get_database_backend() == sea_orm::DbBackend::Postgres;
        manager
            .create_table(
                Table::create()
                    .table(PublishedDecisionTerm::Table)
                    .col(term(PublishedDecisionTerm::Term, postgres))
                    .col(integer(PublishedDecisionTerm::Weight))
                    .col(big_integer(PublishedDecisionTerm::DecidedAtMicros))
                    .col(uuid(PublishedDecisionTerm::DecisionId))
                    .primary_key(
                        Index::create()
                            .name("published_decision_term_pkey")
                            .col(PublishedDecisionTerm::Term)
                            .col(PublishedDecisionTerm::Weight)
                            .col(PublishedDecisionTerm::DecidedAtMicros)
                            .col(PublishedDecisionTerm::DecisionId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("published_decision_term_decision_fkey")
                            .from(
                                PublishedDecisionTerm::Table,
                                PublishedDecisionTerm::DecisionId,
                            )
                            .to(PublishedDecision::Table, PublishedDecision::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A decision's terms: rebuilding, and the relevance of a page's candidates.
        index(
            manager,
            "published_decision_term_decision_idx",
            PublishedDecisionTerm::Table,
            &[PublishedDecisionTerm::DecisionId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublishedDecisionVocabulary::Table)
                    .col(term(PublishedDecisionVocabulary::Term, postgres).primary_key())
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(RegisterGeneration::Table)
                    .columns([RegisterGeneration::Name, RegisterGeneration::Generation])
                    .values_panic(["search_terms".into(), 0i64.into()])
                    .to_owned(),
            )
            .await?;
        // The lower-cased copy the old `LIKE` search read; nothing reads it now.
        manager
            .get_connection()
            .execute_unprepared(r#"ALTER TABLE "published_decision" DROP COLUMN "search_text""#)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PublishedDecision::Table)
                    .add_column(text(PublishedDecision::SearchText).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(RegisterGeneration::Table)
                    .and_where(Expr::col(RegisterGeneration::Name).eq("search_terms"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(PublishedDecisionVocabulary::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(PublishedDecisionTerm::Table).to_owned())
            .await
    }
}

/// A term column: compared byte by byte on both engines.
fn term<T: IntoIden>(name: T, postgres: bool) -> ColumnDef {
    let mut column = ColumnDef::new(name);
    column.text().not_null();
    if postgres {
        column.extra("COLLATE \"C\"");
    }
    column
}

#[derive(DeriveIden, Clone, Copy)]
enum PublishedDecisionTerm {
    Table,
    Term,
    Weight,
    DecidedAtMicros,
    DecisionId,
}

#[derive(DeriveIden)]
enum PublishedDecisionVocabulary {
    Table,
    Term,
}

#[derive(DeriveIden)]
enum PublishedDecision {
    Table,
    Id,
    SearchText,
}

#[derive(DeriveIden)]
enum RegisterGeneration {
    Table,
    Name,
    Generation,
}
