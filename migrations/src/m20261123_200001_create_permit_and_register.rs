use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

use crate::m20261123_100002_create_application::Application;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Permits (with the versions amendments replaced), the public register's read model,
/// the outbox of messages to deliver, and tombstones of drafts removed by retention.
/// Amendments reference their permit from the application row.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement and no foreign keys on added columns; the
        // store checks the reference when the amendment is created.
        manager
            .alter_table(
                Table::alter()
                    .table(Application::Table)
                    .add_column(uuid_null(AmendmentColumns::PermitId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Application::Table)
                    .add_column(json_null(AmendmentColumns::Amendment))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "application_permit_idx",
            Application::Table,
            &[AmendmentColumns::PermitId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Permit::Table)
                    .col(pk_uuid(Permit::Id))
                    .col(uuid(Permit::ApplicationId))
                    .col(uuid(Permit::DecisionId))
                    .col(text(Permit::HolderId))
                    .col(text_null(Permit::HolderName))
                    .col(text_null(Permit::HolderOrganisation))
                    .col(text_null(Permit::HolderBusinessId))
                    .col(text_null(Permit::Purpose))
                    .col(json(Permit::Processors))
                    .col(uuid_null(Permit::ProcessingEnvironmentId))
                    .col(json(Permit::GrantedDataSourceIds))
                    .col(date(Permit::ValidFrom))
                    .col(date(Permit::ValidUntil))
                    .col(text(Permit::Status))
                    .col(timestamp_with_time_zone_null(Permit::StatusChangedAt))
                    .col(text_null(Permit::RevokedBy))
                    .col(text_null(Permit::RevocationReason))
                    .col(date_null(Permit::DataDestroyedOn))
                    .col(text_null(Permit::DestructionConfirmedBy))
                    .col(uuid_null(Permit::CombinedInto))
                    .col(integer(Permit::Version))
                    .col(timestamp_with_time_zone(Permit::CreatedAt))
                    .col(timestamp_with_time_zone(Permit::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("permit_application_fkey")
                            .from(Permit::Table, Permit::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "permit_application_key",
            Permit::Table,
            &[Permit::ApplicationId],
        )
        .await?;
        index(
            manager,
            "permit_status_valid_idx",
            Permit::Table,
            &[Permit::Status, Permit::ValidUntil],
        )
        .await?;
        index(
            manager,
            "permit_holder_idx",
            Permit::Table,
            &[Permit::HolderId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PermitVersion::Table)
                    .col(pk_uuid(PermitVersion::Id))
                    .col(uuid(PermitVersion::PermitId))
                    .col(integer(PermitVersion::Version))
                    .col(json(PermitVersion::Terms))
                    .col(timestamp_with_time_zone(PermitVersion::ReplacedAt))
                    .col(uuid_null(PermitVersion::AmendmentApplicationId))
                    .col(text_null(PermitVersion::AmendmentDecisionNumber))
                    .foreign_key(
                        ForeignKey::create()
                            .name("permit_version_permit_fkey")
                            .from(PermitVersion::Table, PermitVersion::PermitId)
                            .to(Permit::Table, Permit::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "permit_version_key",
            PermitVersion::Table,
            &[PermitVersion::PermitId, PermitVersion::Version],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PublishedDecision::Table)
                    .col(pk_uuid(PublishedDecision::Id))
                    .col(uuid(PublishedDecision::ApplicationId))
                    .col(text(PublishedDecision::DiaryNumber))
                    .col(text(PublishedDecision::DecisionNumber))
                    .col(date(PublishedDecision::DecidedOn))
                    .col(big_integer(PublishedDecision::DecidedAtMicros))
                    .col(integer(PublishedDecision::DecisionYear))
                    .col(text(PublishedDecision::Kind))
                    .col(text(PublishedDecision::Outcome))
                    .col(text_null(PublishedDecision::Purpose))
                    .col(text(PublishedDecision::Title))
                    .col(text(PublishedDecision::PublicSummary))
                    .col(text(PublishedDecision::Holder))
                    .col(json(PublishedDecision::Registers))
                    .col(text(PublishedDecision::ControllerCodes))
                    .col(text_null(PublishedDecision::ProcessingEnvironment))
                    .col(uuid_null(PublishedDecision::PermitId))
                    .col(date_null(PublishedDecision::ValidFrom))
                    .col(date_null(PublishedDecision::ValidUntil))
                    .col(text_null(PublishedDecision::PermitStatus))
                    .col(text_null(PublishedDecision::AmendsDiaryNumber))
                    .col(integer_null(PublishedDecision::ProcessingDays))
                    .col(text(PublishedDecision::SearchText))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "published_decision_diary_key",
            PublishedDecision::Table,
            &[PublishedDecision::DiaryNumber],
        )
        .await?;
        index(
            manager,
            "published_decision_order_idx",
            PublishedDecision::Table,
            &[PublishedDecision::DecidedAtMicros, PublishedDecision::Id],
        )
        .await?;
        index(
            manager,
            "published_decision_permit_idx",
            PublishedDecision::Table,
            &[PublishedDecision::PermitId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(OutboxMessage::Table)
                    .col(pk_uuid(OutboxMessage::Id))
                    .col(text(OutboxMessage::Kind))
                    .col(text(OutboxMessage::RecipientId))
                    .col(json(OutboxMessage::Payload))
                    .col(text(OutboxMessage::DedupeKey))
                    .col(timestamp_with_time_zone(OutboxMessage::CreatedAt))
                    .col(timestamp_with_time_zone_null(OutboxMessage::DeliveredAt))
                    .col(integer(OutboxMessage::Attempts).default(0))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "outbox_message_dedupe_key",
            OutboxMessage::Table,
            &[OutboxMessage::DedupeKey],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApplicationTombstone::Table)
                    .col(pk_uuid(ApplicationTombstone::Id))
                    .col(text(ApplicationTombstone::Kind))
                    .col(timestamp_with_time_zone(ApplicationTombstone::CreatedAt))
                    .col(timestamp_with_time_zone(
                        ApplicationTombstone::LastUpdatedAt,
                    ))
                    .col(timestamp_with_time_zone(ApplicationTombstone::DeletedAt))
                    .col(text(ApplicationTombstone::Reason))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApplicationTombstone::Table.into_iden(),
            OutboxMessage::Table.into_iden(),
            PublishedDecision::Table.into_iden(),
            PermitVersion::Table.into_iden(),
            Permit::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(Index::drop().name("application_permit_idx").to_owned())
            .await?;
        for column in [AmendmentColumns::Amendment, AmendmentColumns::PermitId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Application::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AmendmentColumns {
    /// For amendments: the permit they change.
    PermitId,
    /// For amendments: the change types and new values (JSON).
    Amendment,
}

#[derive(DeriveIden, Clone, Copy)]
enum Permit {
    Table,
    Id,
    /// The granted data-permit application.
    ApplicationId,
    DecisionId,
    HolderId,
    HolderName,
    HolderOrganisation,
    HolderBusinessId,
    Purpose,
    Processors,
    ProcessingEnvironmentId,
    GrantedDataSourceIds,
    ValidFrom,
    ValidUntil,
    /// `ACTIVE`, `EXPIRED`, `REVOKED`, `DATA_DESTROYED` or `COMBINED`.
    Status,
    StatusChangedAt,
    RevokedBy,
    RevocationReason,
    DataDestroyedOn,
    DestructionConfirmedBy,
    CombinedInto,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PermitVersion {
    Table,
    Id,
    PermitId,
    /// The permit's version these terms were.
    Version,
    Terms,
    ReplacedAt,
    AmendmentApplicationId,
    AmendmentDecisionNumber,
}

/// Exactly the public fields of a decision (DESIGN.md section 3), written with it.
#[derive(DeriveIden, Clone, Copy)]
enum PublishedDecision {
    Table,
    /// The decision's id.
    Id,
    ApplicationId,
    DiaryNumber,
    DecisionNumber,
    DecidedOn,
    /// Microseconds since the epoch: the keyset for newest-first pagination.
    DecidedAtMicros,
    DecisionYear,
    Kind,
    Outcome,
    Purpose,
    Title,
    PublicSummary,
    /// The holder organisation, or "private person".
    Holder,
    /// `[{"dataController", "dataControllerCode", "register"}]`.
    Registers,
    /// `|code|code|`, for filtering by data controller.
    ControllerCodes,
    ProcessingEnvironment,
    PermitId,
    ValidFrom,
    ValidUntil,
    /// The permit's stored status; expiry is derived from `valid_until` when read.
    PermitStatus,
    /// For amendments: the diary number of the permit's application.
    AmendsDiaryNumber,
    /// Clock days from submission to decision, without paused time.
    ProcessingDays,
    /// Lower-cased title and summary, for the full-text filter.
    SearchText,
}

#[derive(DeriveIden, Clone, Copy)]
enum OutboxMessage {
    Table,
    Id,
    /// e.g. `PERMIT_EXPIRY_REMINDER`.
    Kind,
    RecipientId,
    Payload,
    /// Makes a message idempotent: the same reminder is never queued twice.
    DedupeKey,
    CreatedAt,
    DeliveredAt,
    Attempts,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApplicationTombstone {
    Table,
    /// The removed application's id.
    Id,
    Kind,
    CreatedAt,
    LastUpdatedAt,
    DeletedAt,
    Reason,
}
