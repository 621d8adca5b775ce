use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Output requests (DESIGN.md section 13): a permit holder's result tables, checked for
/// disclosure, reviewed and released; also the statistics of a data request.
///
/// Each submission is a row of `output_request_version` with its files; a new submission
/// after changes were requested adds rows and never rewrites the earlier ones, so the
/// history of what was asked, checked and decided stays. File bytes live outside the
/// database, as attachments do; a row holds the storage key, the size and the SHA-256, and
/// the check's report as JSON.
///
/// `delivery_order_id` has no foreign key: a data request's order lives in a table of a
/// migration of its own, and the store checks the order when it links a request to it.
/// `permit.output_check_thresholds` is a permit's stricter thresholds, null for the defaults.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutputRequest::Table)
                    .col(uuid(OutputRequest::Id).primary_key())
                    .col(uuid_null(OutputRequest::PermitId))
                    .col(uuid_null(OutputRequest::DeliveryOrderId))
                    .col(text(OutputRequest::HolderId))
                    .col(text(OutputRequest::DiaryNumber))
                    .col(text(OutputRequest::State))
                    .col(text(OutputRequest::Description))
                    .col(integer(OutputRequest::Submission))
                    .col(text(OutputRequest::Status))
                    .col(boolean(OutputRequest::AwaitingSecondApproval).default(false))
                    .col(text_null(OutputRequest::ReviewerId))
                    .col(text_null(OutputRequest::ReviewerName))
                    .col(text_null(OutputRequest::SecondApproverId))
                    .col(text_null(OutputRequest::SecondApproverName))
                    .col(json(OutputRequest::Overrides))
                    .col(text_null(OutputRequest::DecisionReason))
                    .col(integer(OutputRequest::Version))
                    .col(timestamp_with_time_zone(OutputRequest::CreatedAt))
                    .col(timestamp_with_time_zone(OutputRequest::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("output_request_permit_fkey")
                            .from(OutputRequest::Table, OutputRequest::PermitId)
                            .to(Permit::Table, Permit::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "output_request_permit_idx",
            OutputRequest::Table,
            &[OutputRequest::PermitId],
        )
        .await?;
        index(
            manager,
            "output_request_holder_idx",
            OutputRequest::Table,
            &[OutputRequest::HolderId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutputRequestVersion::Table)
                    .col(uuid(OutputRequestVersion::Id).primary_key())
                    .col(uuid(OutputRequestVersion::OutputRequestId))
                    .col(integer(OutputRequestVersion::Number))
                    .col(text(OutputRequestVersion::Description))
                    .col(text(OutputRequestVersion::SubmittedBy))
                    .col(text_null(OutputRequestVersion::SubmittedByName))
                    .col(timestamp_with_time_zone(OutputRequestVersion::SubmittedAt))
                    .col(json(OutputRequestVersion::Thresholds))
                    .col(text(OutputRequestVersion::ToolVersion))
                    .foreign_key(
                        ForeignKey::create()
                            .name("output_request_version_request_fkey")
                            .from(
                                OutputRequestVersion::Table,
                                OutputRequestVersion::OutputRequestId,
                            )
                            .to(OutputRequest::Table, OutputRequest::Id),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "output_request_version_number_key",
            OutputRequestVersion::Table,
            &[
                OutputRequestVersion::OutputRequestId,
                OutputRequestVersion::Number,
            ],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutputFile::Table)
                    .col(uuid(OutputFile::Id).primary_key())
                    .col(uuid(OutputFile::OutputRequestId))
                    .col(integer(OutputFile::Submission))
                    .col(integer(OutputFile::Position))
                    .col(text(OutputFile::Name))
                    .col(text(OutputFile::Kind))
                    .col(big_integer(OutputFile::SizeBytes))
                    .col(text(OutputFile::Sha256))
                    .col(text(OutputFile::StorageKey))
                    .col(text(OutputFile::Status))
                    .col(json(OutputFile::Report))
                    .foreign_key(
                        ForeignKey::create()
                            .name("output_file_request_fkey")
                            .from(OutputFile::Table, OutputFile::OutputRequestId)
                            .to(OutputRequest::Table, OutputRequest::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "output_file_request_idx",
            OutputFile::Table,
            &[OutputFile::OutputRequestId, OutputFile::Submission],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutputRequestEvent::Table)
                    .col(uuid(OutputRequestEvent::Id).primary_key())
                    .col(uuid(OutputRequestEvent::OutputRequestId))
                    .col(timestamp_with_time_zone(OutputRequestEvent::At))
                    .col(text(OutputRequestEvent::ActorId))
                    .col(text_null(OutputRequestEvent::ActorName))
                    .col(text_null(OutputRequestEvent::FromState))
                    .col(text(OutputRequestEvent::ToState))
                    .col(text_null(OutputRequestEvent::Comment))
                    .foreign_key(
                        ForeignKey::create()
                            .name("output_request_event_request_fkey")
                            .from(
                                OutputRequestEvent::Table,
                                OutputRequestEvent::OutputRequestId,
                            )
                            .to(OutputRequest::Table, OutputRequest::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "output_request_event_request_idx",
            OutputRequestEvent::Table,
            &[OutputRequestEvent::OutputRequestId],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Permit::Table)
                    .add_column(json_null(Permit::OutputCheckThresholds))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Permit::Table)
                    .drop_column(Permit::OutputCheckThresholds)
                    .to_owned(),
            )
            .await?;
        for table in [
            OutputRequestEvent::Table.into_iden(),
            OutputFile::Table.into_iden(),
            OutputRequestVersion::Table.into_iden(),
            OutputRequest::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum OutputRequest {
    Table,
    Id,
    /// The permit the holder asks under; none for a data request's statistics.
    PermitId,
    /// The data request's delivery order; none for a permit holder's request.
    DeliveryOrderId,
    /// Who may read the request and, once released, download its files: the permit's
    /// holder, or the data request's applicant.
    HolderId,
    DiaryNumber,
    /// `SUBMITTED`, `IN_REVIEW`, `APPROVED`, `CHANGES_REQUESTED`, `REJECTED`, `RELEASED`.
    State,
    /// The current submission's description.
    Description,
    /// The current submission's number (1, 2, ...).
    Submission,
    /// The worst check status over the current submission's cells.
    Status,
    AwaitingSecondApproval,
    ReviewerId,
    ReviewerName,
    SecondApproverId,
    SecondApproverName,
    /// The overrides of the current submission's approval, as JSON.
    Overrides,
    DecisionReason,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OutputRequestVersion {
    Table,
    Id,
    OutputRequestId,
    Number,
    Description,
    SubmittedBy,
    SubmittedByName,
    SubmittedAt,
    /// The thresholds the files were checked with.
    Thresholds,
    /// The checker's version that produced the reports.
    ToolVersion,
}

#[derive(DeriveIden, Clone, Copy)]
enum OutputFile {
    Table,
    Id,
    OutputRequestId,
    Submission,
    /// The file's place in its submission, as uploaded.
    Position,
    Name,
    /// `FREQUENCY` or `MAGNITUDE`.
    Kind,
    SizeBytes,
    Sha256,
    StorageKey,
    Status,
    /// The check's report: the flagged cells with their rule, status and figures.
    Report,
}

#[derive(DeriveIden, Clone, Copy)]
enum OutputRequestEvent {
    Table,
    Id,
    OutputRequestId,
    At,
    ActorId,
    ActorName,
    FromState,
    ToState,
    Comment,
}

#[derive(DeriveIden, Clone, Copy)]
enum Permit {
    Table,
    Id,
    /// A permit's stricter disclosure-check thresholds, as JSON; null for the defaults.
    OutputCheckThresholds,
}
