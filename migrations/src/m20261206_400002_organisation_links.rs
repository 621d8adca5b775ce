use sea_orm_migration::prelude::*;

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Applicants act for an organisation of the register, and permits name it as holder
/// (DESIGN.md section 12). Both nullable: a private person acts for none.
///
/// The name and business ID stay in their snapshot columns (`application.organisation_name`,
/// `permit.holder_organisation`, ...): the submitted content and the public register read
/// those, and a purged organisation keeps them anyway.
///
/// The foreign key is a column constraint of the added column: SQLite cannot add a table
/// constraint to an existing table, and both engines accept `REFERENCES` on `ADD COLUMN`
/// when the column is nullable.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_reference(
            manager,
            Application::Table,
            Application::OrganisationId,
            "application_organisation_fkey",
        )
        .await?;
        add_reference(
            manager,
            Permit::Table,
            Permit::HolderOrganisationId,
            "permit_holder_organisation_fkey",
        )
        .await?;
        index(
            manager,
            "application_organisation_idx",
            Application::Table,
            &[Application::OrganisationId],
        )
        .await?;
        index(
            manager,
            "permit_holder_organisation_idx",
            Permit::Table,
            &[Permit::HolderOrganisationId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("permit_holder_organisation_idx")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("application_organisation_idx")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Permit::Table)
                    .drop_column(Permit::HolderOrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Application::Table)
                    .drop_column(Application::OrganisationId)
                    .to_owned(),
            )
            .await
    }
}

/// A nullable UUID column of `table` referencing an organisation, its constraint named
/// `constraint` for the store to map.
async fn add_reference<T: IntoIden + 'static, C: IntoIden + 'static>(
    manager: &SchemaManager<'_>,
    table: T,
    column: C,
    constraint: &str,
) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(table)
                .add_column(ColumnDef::new(column).uuid().null().extra(format!(
                    "CONSTRAINT {constraint} REFERENCES organisation (id)"
                )))
                .to_owned(),
        )
        .await
}

#[derive(DeriveIden, Clone, Copy)]
enum Application {
    Table,
    /// The organisation the applicant acts for; none for a private person.
    OrganisationId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Permit {
    Table,
    /// The organisation holding the permit; none when a private person holds it.
    HolderOrganisationId,
}
