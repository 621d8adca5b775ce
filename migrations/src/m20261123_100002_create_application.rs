use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

use crate::m20261123_100001_create_processing_environment::ProcessingEnvironment;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Applications and everything that hangs off a case: requested data sources, named
/// processors, history events, remarks, information requests, attachments, the decision,
/// and the per-year number sequences.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NumberSequence::Table)
                    .col(text(NumberSequence::Name))
                    .col(integer(NumberSequence::Year))
                    .col(big_integer(NumberSequence::LastValue))
                    .primary_key(
                        Index::create()
                            .col(NumberSequence::Name)
                            .col(NumberSequence::Year),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Application::Table)
                    .col(pk_uuid(Application::Id))
                    .col(text(Application::Kind))
                    .col(text(Application::State))
                    .col(integer(Application::Version))
                    .col(text(Application::ApplicantId))
                    .col(text_null(Application::DiaryNumber))
                    .col(integer_null(Application::DiaryYear))
                    .col(big_integer_null(Application::DiarySeq))
                    .col(text_null(Application::ApplicantName))
                    .col(text_null(Application::OrganisationName))
                    .col(text_null(Application::BusinessId))
                    .col(text_null(Application::ContactEmail))
                    .col(text_null(Application::BillingReference))
                    .col(text_null(Application::Title))
                    .col(text_null(Application::PublicSummary))
                    .col(text_null(Application::Purpose))
                    .col(text_null(Application::ResearchPlan))
                    .col(text_null(Application::CohortDefinition))
                    .col(text_null(Application::MinimisationJustification))
                    .col(uuid_null(Application::ProcessingEnvironmentId))
                    .col(date_null(Application::RequestedValidityEnd))
                    .col(boolean_null(Application::EthicsStatementNeeded))
                    .col(text_null(Application::EthicsReference))
                    .col(boolean_null(Application::DpiaDone))
                    .col(boolean(Application::IsThesis).default(false))
                    .col(boolean(Application::ApplicantOutsideEea).default(false))
                    .col(text_null(Application::PresenterId))
                    .col(text_null(Application::PresenterName))
                    .col(timestamp_with_time_zone_null(Application::SubmittedAt))
                    .col(date_null(Application::ClockStartedOn))
                    .col(integer(Application::PausedDays).default(0))
                    .col(date_null(Application::PausedSince))
                    .col(integer(Application::ExtensionDays).default(0))
                    .col(text_null(Application::ExtensionReason))
                    .col(date_null(Application::DueOn))
                    .col(json_null(Application::SubmittedContent))
                    .col(json_null(Application::Proposal))
                    .col(text_null(Application::ProposedBy))
                    .col(timestamp_with_time_zone_null(Application::ProposedAt))
                    .col(timestamp_with_time_zone(Application::CreatedAt))
                    .col(timestamp_with_time_zone(Application::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("application_processing_environment_fkey")
                            .from(Application::Table, Application::ProcessingEnvironmentId)
                            .to(ProcessingEnvironment::Table, ProcessingEnvironment::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "application_diary_number_key",
            Application::Table,
            &[Application::DiaryNumber],
        )
        .await?;
        index(
            manager,
            "application_applicant_idx",
            Application::Table,
            &[Application::ApplicantId, Application::CreatedAt],
        )
        .await?;
        index(
            manager,
            "application_state_due_idx",
            Application::Table,
            &[Application::State, Application::DueOn],
        )
        .await?;
        index(
            manager,
            "application_presenter_idx",
            Application::Table,
            &[Application::PresenterId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApplicationDataSource::Table)
                    .col(pk_uuid(ApplicationDataSource::Id))
                    .col(uuid(ApplicationDataSource::ApplicationId))
                    .col(integer(ApplicationDataSource::Position))
                    .col(uuid(ApplicationDataSource::DataSourceId))
                    .col(text(ApplicationDataSource::Variables))
                    .col(date_null(ApplicationDataSource::PeriodFrom))
                    .col(date_null(ApplicationDataSource::PeriodTo))
                    .foreign_key(&mut cascade(
                        "application_data_source_application_fkey",
                        ApplicationDataSource::Table,
                        ApplicationDataSource::ApplicationId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("application_data_source_data_source_fkey")
                            .from(
                                ApplicationDataSource::Table,
                                ApplicationDataSource::DataSourceId,
                            )
                            .to(DataSource::Table, DataSource::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "application_data_source_application_idx",
            ApplicationDataSource::Table,
            &[ApplicationDataSource::ApplicationId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApplicationProcessor::Table)
                    .col(pk_uuid(ApplicationProcessor::Id))
                    .col(uuid(ApplicationProcessor::ApplicationId))
                    .col(integer(ApplicationProcessor::Position))
                    .col(text(ApplicationProcessor::FirstName))
                    .col(text(ApplicationProcessor::LastName))
                    .col(text(ApplicationProcessor::Organisation))
                    .col(boolean(ApplicationProcessor::NdaSigned))
                    .foreign_key(&mut cascade(
                        "application_processor_application_fkey",
                        ApplicationProcessor::Table,
                        ApplicationProcessor::ApplicationId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "application_processor_application_idx",
            ApplicationProcessor::Table,
            &[ApplicationProcessor::ApplicationId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApplicationEvent::Table)
                    .col(pk_uuid(ApplicationEvent::Id))
                    .col(uuid(ApplicationEvent::ApplicationId))
                    .col(timestamp_with_time_zone(ApplicationEvent::OccurredAt))
                    .col(text(ApplicationEvent::ActorId))
                    .col(text_null(ApplicationEvent::ActorName))
                    .col(text_null(ApplicationEvent::ActorRole))
                    .col(text(ApplicationEvent::Action))
                    .col(text_null(ApplicationEvent::FromState))
                    .col(text(ApplicationEvent::ToState))
                    .col(text_null(ApplicationEvent::Comment))
                    .col(boolean(ApplicationEvent::CommentInternal).default(false))
                    .foreign_key(&mut cascade(
                        "application_event_application_fkey",
                        ApplicationEvent::Table,
                        ApplicationEvent::ApplicationId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "application_event_application_idx",
            ApplicationEvent::Table,
            &[
                ApplicationEvent::ApplicationId,
                ApplicationEvent::OccurredAt,
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApplicationRemark::Table)
                    .col(pk_uuid(ApplicationRemark::Id))
                    .col(uuid(ApplicationRemark::ApplicationId))
                    .col(text(ApplicationRemark::Visibility))
                    .col(text(ApplicationRemark::AuthorId))
                    .col(text_null(ApplicationRemark::AuthorName))
                    .col(text(ApplicationRemark::Body))
                    .col(timestamp_with_time_zone(ApplicationRemark::CreatedAt))
                    .foreign_key(&mut cascade(
                        "application_remark_application_fkey",
                        ApplicationRemark::Table,
                        ApplicationRemark::ApplicationId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "application_remark_application_idx",
            ApplicationRemark::Table,
            &[
                ApplicationRemark::ApplicationId,
                ApplicationRemark::CreatedAt,
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(InformationRequest::Table)
                    .col(pk_uuid(InformationRequest::Id))
                    .col(uuid(InformationRequest::ApplicationId))
                    .col(integer(InformationRequest::Number))
                    .col(text(InformationRequest::RequestedBy))
                    .col(timestamp_with_time_zone(InformationRequest::RequestedAt))
                    .col(date_null(InformationRequest::RespondBy))
                    .col(timestamp_with_time_zone_null(
                        InformationRequest::AnsweredAt,
                    ))
                    .foreign_key(&mut cascade(
                        "information_request_application_fkey",
                        InformationRequest::Table,
                        InformationRequest::ApplicationId,
                    ))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "information_request_number_key",
            InformationRequest::Table,
            &[
                InformationRequest::ApplicationId,
                InformationRequest::Number,
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(InformationRequestItem::Table)
                    .col(pk_uuid(InformationRequestItem::Id))
                    .col(uuid(InformationRequestItem::RequestId))
                    .col(integer(InformationRequestItem::Number))
                    .col(text(InformationRequestItem::Question))
                    .col(text_null(InformationRequestItem::Answer))
                    .col(timestamp_with_time_zone_null(
                        InformationRequestItem::AnsweredAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        InformationRequestItem::ResolvedAt,
                    ))
                    .col(text_null(InformationRequestItem::ResolvedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("information_request_item_request_fkey")
                            .from(
                                InformationRequestItem::Table,
                                InformationRequestItem::RequestId,
                            )
                            .to(InformationRequest::Table, InformationRequest::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "information_request_item_number_key",
            InformationRequestItem::Table,
            &[
                InformationRequestItem::RequestId,
                InformationRequestItem::Number,
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Attachment::Table)
                    .col(pk_uuid(Attachment::Id))
                    .col(uuid(Attachment::ApplicationId))
                    .col(text(Attachment::Kind))
                    .col(text(Attachment::FileName))
                    .col(text(Attachment::MediaType))
                    .col(big_integer(Attachment::SizeBytes))
                    .col(char_len(Attachment::Sha256, 64))
                    .col(text(Attachment::StorageKey))
                    .col(text(Attachment::UploadedBy))
                    .col(timestamp_with_time_zone(Attachment::UploadedAt))
                    .foreign_key(&mut cascade(
                        "attachment_application_fkey",
                        Attachment::Table,
                        Attachment::ApplicationId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "attachment_application_idx",
            Attachment::Table,
            &[Attachment::ApplicationId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Decision::Table)
                    .col(pk_uuid(Decision::Id))
                    .col(uuid(Decision::ApplicationId))
                    .col(text(Decision::DecisionNumber))
                    .col(date(Decision::DecidedOn))
                    .col(timestamp_with_time_zone(Decision::DecidedAt))
                    .col(text(Decision::Outcome))
                    .col(text(Decision::Reasoning))
                    .col(text_null(Decision::Conditions))
                    .col(json(Decision::GrantedDataSourceIds))
                    .col(date_null(Decision::ValidUntil))
                    .col(text(Decision::FeeCategory))
                    .col(big_integer(Decision::FeeCents))
                    .col(text(Decision::PresenterId))
                    .col(text_null(Decision::PresenterName))
                    .col(text(Decision::DeciderId))
                    .col(text_null(Decision::DeciderName))
                    .col(boolean(Decision::EditedByDecider))
                    .foreign_key(&mut cascade(
                        "decision_application_fkey",
                        Decision::Table,
                        Decision::ApplicationId,
                    ))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "decision_application_key",
            Decision::Table,
            &[Decision::ApplicationId],
        )
        .await?;
        unique(
            manager,
            "decision_number_key",
            Decision::Table,
            &[Decision::DecisionNumber],
        )
        .await?;
        index(
            manager,
            "decision_decided_at_idx",
            Decision::Table,
            &[Decision::DecidedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Decision::Table.into_iden(),
            Attachment::Table.into_iden(),
            InformationRequestItem::Table.into_iden(),
            InformationRequest::Table.into_iden(),
            ApplicationRemark::Table.into_iden(),
            ApplicationEvent::Table.into_iden(),
            ApplicationProcessor::Table.into_iden(),
            ApplicationDataSource::Table.into_iden(),
            Application::Table.into_iden(),
            NumberSequence::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn cascade<T: IntoIden + Copy + 'static, C: IntoIden + 'static>(
    name: &str,
    table: T,
    column: C,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Application::Table, Application::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[derive(DeriveIden, Clone, Copy)]
enum NumberSequence {
    Table,
    /// `diary` or `decision`.
    Name,
    Year,
    LastValue,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Application {
    Table,
    Id,
    Kind,
    State,
    Version,
    ApplicantId,
    DiaryNumber,
    DiaryYear,
    DiarySeq,
    ApplicantName,
    OrganisationName,
    BusinessId,
    ContactEmail,
    BillingReference,
    Title,
    PublicSummary,
    Purpose,
    ResearchPlan,
    CohortDefinition,
    MinimisationJustification,
    ProcessingEnvironmentId,
    RequestedValidityEnd,
    EthicsStatementNeeded,
    EthicsReference,
    DpiaDone,
    IsThesis,
    ApplicantOutsideEea,
    PresenterId,
    PresenterName,
    SubmittedAt,
    ClockStartedOn,
    PausedDays,
    PausedSince,
    ExtensionDays,
    ExtensionReason,
    DueOn,
    /// The content as last submitted (or answered), for showing what changed since.
    SubmittedContent,
    Proposal,
    ProposedBy,
    ProposedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApplicationDataSource {
    Table,
    Id,
    ApplicationId,
    Position,
    DataSourceId,
    Variables,
    PeriodFrom,
    PeriodTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum DataSource {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApplicationProcessor {
    Table,
    Id,
    ApplicationId,
    Position,
    FirstName,
    LastName,
    Organisation,
    NdaSigned,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApplicationEvent {
    Table,
    Id,
    ApplicationId,
    OccurredAt,
    ActorId,
    ActorName,
    ActorRole,
    Action,
    FromState,
    ToState,
    Comment,
    CommentInternal,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApplicationRemark {
    Table,
    Id,
    ApplicationId,
    /// `INTERNAL` or `TO_APPLICANT`.
    Visibility,
    AuthorId,
    AuthorName,
    Body,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum InformationRequest {
    Table,
    Id,
    ApplicationId,
    Number,
    RequestedBy,
    RequestedAt,
    RespondBy,
    AnsweredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum InformationRequestItem {
    Table,
    Id,
    RequestId,
    Number,
    Question,
    Answer,
    AnsweredAt,
    ResolvedAt,
    ResolvedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Attachment {
    Table,
    Id,
    ApplicationId,
    /// `RESEARCH_PLAN`, `DPIA`, `ETHICS_STATEMENT` or `OTHER`.
    Kind,
    FileName,
    MediaType,
    SizeBytes,
    Sha256,
    /// Where the bytes are, relative to the attachment store.
    StorageKey,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden, Clone, Copy)]
#[allow(clippy::enum_variant_names)] // `decision_number` is the domain's name for it
enum Decision {
    Table,
    Id,
    ApplicationId,
    DecisionNumber,
    DecidedOn,
    DecidedAt,
    Outcome,
    Reasoning,
    Conditions,
    GrantedDataSourceIds,
    ValidUntil,
    FeeCategory,
    FeeCents,
    PresenterId,
    PresenterName,
    DeciderId,
    DeciderName,
    EditedByDecider,
}
