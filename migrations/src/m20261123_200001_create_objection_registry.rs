use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The objection registry (DESIGN.md section 5). No column holds a plain identity code:
/// each code is kept as an HMAC-SHA-256 blind index (hex) for lookups and as AES-256-GCM
/// ciphertext, each with the id of its key so keys can be rotated.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Objection::Table)
                    .col(pk_uuid(Objection::Id))
                    .col(text(Objection::PersonIndexKeyId))
                    .col(text(Objection::PersonBlindIndex))
                    .col(text(Objection::PersonCodeKeyId))
                    .col(blob(Objection::PersonCodeCiphertext))
                    .col(text(Objection::Channel))
                    .col(text_null(Objection::RepresentationBasis))
                    .col(text_null(Objection::RepresentativeIndexKeyId))
                    .col(text_null(Objection::RepresentativeBlindIndex))
                    .col(text_null(Objection::RepresentativeCodeKeyId))
                    .col(blob_null(Objection::RepresentativeCodeCiphertext))
                    .col(text(Objection::IdentityVerification))
                    .col(date(Objection::ReceivedOn))
                    .col(date(Objection::ProcessedOn))
                    .col(text(Objection::Status))
                    .col(date_null(Objection::WithdrawnOn))
                    .col(timestamp_with_time_zone_null(Objection::WithdrawnAt))
                    .col(text_null(Objection::WithdrawnBy))
                    .col(text(Objection::FiledBy))
                    .col(integer(Objection::Version))
                    .col(timestamp_with_time_zone(Objection::CreatedAt))
                    .col(timestamp_with_time_zone(Objection::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                // Also covers the cohort filter's load of objections in force, which then
                // reads this index alone, not the much wider table.
                Index::create()
                    .name("objection_person_index")
                    .table(Objection::Table)
                    .col(Objection::PersonIndexKeyId)
                    .col(Objection::PersonBlindIndex)
                    .col(Objection::ProcessedOn)
                    .col(Objection::WithdrawnOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("objection_representative_index")
                    .table(Objection::Table)
                    .col(Objection::RepresentativeIndexKeyId)
                    .col(Objection::RepresentativeBlindIndex)
                    .to_owned(),
            )
            .await?;
        // At most one objection in force per person (per blind-index key): filing twice
        // returns the existing one, and concurrent filings cannot both insert. A partial
        // unique index, which SQLite and PostgreSQL both support with this syntax.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX objection_in_force_key \
                 ON objection (person_index_key_id, person_blind_index) \
                 WHERE status = 'IN_FORCE'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Objection::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Objection {
    Table,
    Id,
    PersonIndexKeyId,
    PersonBlindIndex,
    PersonCodeKeyId,
    PersonCodeCiphertext,
    Channel,
    /// NULL when the person filed for themselves.
    RepresentationBasis,
    RepresentativeIndexKeyId,
    RepresentativeBlindIndex,
    RepresentativeCodeKeyId,
    RepresentativeCodeCiphertext,
    IdentityVerification,
    ReceivedOn,
    ProcessedOn,
    Status,
    WithdrawnOn,
    WithdrawnAt,
    /// Actor id of whoever withdrew it.
    WithdrawnBy,
    /// Actor id of whoever filed or recorded it (token subject).
    FiledBy,
    Version,
    CreatedAt,
    UpdatedAt,
}
