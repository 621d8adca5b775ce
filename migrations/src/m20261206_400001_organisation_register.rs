use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The organisation register (DESIGN.md section 12): customer organisations and their
/// contact persons by role.
///
/// Contact persons are rows of their own so that the ten-year purge deletes them outright;
/// what stays of a purged organisation (name, business ID) is what the public register needs.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(uuid(Organisation::Id).primary_key())
                    .col(text(Organisation::Name))
                    .col(text(Organisation::BusinessId))
                    .col(text_null(Organisation::Address))
                    .col(date(Organisation::CustomerSince))
                    .col(date_null(Organisation::RelationshipEndedOn))
                    .col(date_null(Organisation::ContactDataPurgedOn))
                    .col(integer(Organisation::Version))
                    .col(timestamp_with_time_zone(Organisation::CreatedAt))
                    .col(timestamp_with_time_zone(Organisation::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "organisation_business_id_key",
            Organisation::Table,
            &[Organisation::BusinessId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganisationContact::Table)
                    .col(uuid(OrganisationContact::Id).primary_key())
                    .col(uuid(OrganisationContact::OrganisationId))
                    .col(text(OrganisationContact::Role))
                    .col(text(OrganisationContact::Name))
                    .col(text(OrganisationContact::Email))
                    .col(text_null(OrganisationContact::Phone))
                    .col(text_null(OrganisationContact::UserSubject))
                    .col(timestamp_with_time_zone(OrganisationContact::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("organisation_contact_organisation_fkey")
                            .from(
                                OrganisationContact::Table,
                                OrganisationContact::OrganisationId,
                            )
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "organisation_contact_organisation_idx",
            OrganisationContact::Table,
            &[OrganisationContact::OrganisationId],
        )
        .await?;
        index(
            manager,
            "organisation_contact_user_subject_idx",
            OrganisationContact::Table,
            &[OrganisationContact::UserSubject],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrganisationContact::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Organisation::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Organisation {
    Table,
    Id,
    Name,
    BusinessId,
    Address,
    CustomerSince,
    RelationshipEndedOn,
    /// When the ten-year purge deleted the contact data; none while it is kept.
    ContactDataPurgedOn,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganisationContact {
    Table,
    Id,
    OrganisationId,
    /// `MAIN_USER`, `TECHNICAL`, `DATA_PROTECTION_OFFICER` or `INVOICING`.
    Role,
    Name,
    Email,
    Phone,
    /// The token `sub` of the person when they use Tietolupa.
    UserSubject,
    CreatedAt,
}
