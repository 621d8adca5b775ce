use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Names and descriptions of the data catalogue in Finnish, Swedish and English (DESIGN.md
/// section 11). The texts so far were English: they become the English ones and, until the
/// catalogue seed brings the official names in on the next start, the Finnish and Swedish
/// ones too, so no screen ever shows an empty name.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Catalogue::DataController, Catalogue::DataSource] {
            // SQLite takes one change per ALTER TABLE.
            for (old, new) in [
                (Catalogue::Name, Catalogue::NameEn),
                (Catalogue::Description, Catalogue::DescriptionEn),
            ] {
                manager
                    .alter_table(
                        Table::alter()
                            .table(table)
                            .rename_column(old, new)
                            .to_owned(),
                    )
                    .await?;
            }
            for (column, from) in [
                (Catalogue::NameFi, Catalogue::NameEn),
                (Catalogue::NameSv, Catalogue::NameEn),
                (Catalogue::DescriptionFi, Catalogue::DescriptionEn),
                (Catalogue::DescriptionSv, Catalogue::DescriptionEn),
            ] {
                manager
                    .alter_table(
                        Table::alter()
                            .table(table)
                            .add_column(ColumnDef::new(column).text().not_null().default(""))
                            .to_owned(),
                    )
                    .await?;
                manager
                    .exec_stmt(
                        Query::update()
                            .table(table)
                            .value(column, Expr::col(from))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Catalogue::DataController, Catalogue::DataSource] {
            for column in [
                Catalogue::NameFi,
                Catalogue::NameSv,
                Catalogue::DescriptionFi,
                Catalogue::DescriptionSv,
            ] {
                manager
                    .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                    .await?;
            }
            for (new, old) in [
                (Catalogue::NameEn, Catalogue::Name),
                (Catalogue::DescriptionEn, Catalogue::Description),
            ] {
                manager
                    .alter_table(
                        Table::alter()
                            .table(table)
                            .rename_column(new, old)
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Catalogue {
    DataController,
    DataSource,
    Name,
    Description,
    NameFi,
    NameSv,
    NameEn,
    DescriptionFi,
    DescriptionSv,
    DescriptionEn,
}
