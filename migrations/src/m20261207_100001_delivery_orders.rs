use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Delivery orders (issue 16, docs/delivery.md): what the authority orders from a data
/// controller after a grant, and each step of it.
///
/// An order of a data permit names one granted data source (`data_source_id`); the one
/// order of a data request covers all its granted sources, so `data_source_id` is null and
/// `data_source_ids` lists them. What was ordered (variables, period, cohort definition,
/// environment) is copied at creation: a later amendment creates new orders rather than
/// changing what an earlier one asked for.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DeliveryOrder::Table)
                    .col(pk_uuid(DeliveryOrder::Id))
                    .col(integer(DeliveryOrder::Version))
                    .col(text(DeliveryOrder::State))
                    .col(text(DeliveryOrder::Kind))
                    .col(uuid(DeliveryOrder::ApplicationId))
                    .col(uuid_null(DeliveryOrder::PermitId))
                    .col(uuid_null(DeliveryOrder::DataSourceId))
                    .col(json(DeliveryOrder::DataSourceIds))
                    .col(json(DeliveryOrder::Variables))
                    .col(date_null(DeliveryOrder::PeriodFrom))
                    .col(date_null(DeliveryOrder::PeriodTo))
                    .col(text_null(DeliveryOrder::CohortDefinition))
                    .col(uuid_null(DeliveryOrder::ProcessingEnvironmentId))
                    .col(date(DeliveryOrder::ExtractionDate))
                    .col(date(DeliveryOrder::DueDate))
                    .col(text_null(DeliveryOrder::CancellationReason))
                    .col(timestamp_with_time_zone(DeliveryOrder::CreatedAt))
                    .col(timestamp_with_time_zone(DeliveryOrder::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("delivery_order_application_fkey")
                            .from(DeliveryOrder::Table, DeliveryOrder::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("delivery_order_permit_fkey")
                            .from(DeliveryOrder::Table, DeliveryOrder::PermitId)
                            .to(Permit::Table, Permit::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("delivery_order_data_source_fkey")
                            .from(DeliveryOrder::Table, DeliveryOrder::DataSourceId)
                            .to(DataSource::Table, DataSource::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("delivery_order_processing_environment_fkey")
                            .from(DeliveryOrder::Table, DeliveryOrder::ProcessingEnvironmentId)
                            .to(ProcessingEnvironment::Table, ProcessingEnvironment::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The staff list filters by state and sorts by due date; the overdue job reads
        // ORDERED orders past their due date.
        index(
            manager,
            "delivery_order_state_due_idx",
            DeliveryOrder::Table,
            &[DeliveryOrder::State, DeliveryOrder::DueDate],
        )
        .await?;
        index(
            manager,
            "delivery_order_due_idx",
            DeliveryOrder::Table,
            &[DeliveryOrder::DueDate],
        )
        .await?;
        index(
            manager,
            "delivery_order_permit_idx",
            DeliveryOrder::Table,
            &[DeliveryOrder::PermitId],
        )
        .await?;
        index(
            manager,
            "delivery_order_application_idx",
            DeliveryOrder::Table,
            &[DeliveryOrder::ApplicationId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(DeliveryOrderEvent::Table)
                    .col(pk_uuid(DeliveryOrderEvent::Id))
                    .col(uuid(DeliveryOrderEvent::DeliveryOrderId))
                    .col(timestamp_with_time_zone(DeliveryOrderEvent::OccurredAt))
                    .col(text(DeliveryOrderEvent::ActorId))
                    .col(text_null(DeliveryOrderEvent::ActorName))
                    .col(text(DeliveryOrderEvent::Action))
                    .col(text_null(DeliveryOrderEvent::FromState))
                    .col(text(DeliveryOrderEvent::ToState))
                    .col(text_null(DeliveryOrderEvent::Comment))
                    .foreign_key(
                        ForeignKey::create()
                            .name("delivery_order_event_order_fkey")
                            .from(
                                DeliveryOrderEvent::Table,
                                DeliveryOrderEvent::DeliveryOrderId,
                            )
                            .to(DeliveryOrder::Table, DeliveryOrder::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "delivery_order_event_order_idx",
            DeliveryOrderEvent::Table,
            &[
                DeliveryOrderEvent::DeliveryOrderId,
                DeliveryOrderEvent::OccurredAt,
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DeliveryOrderEvent::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DeliveryOrder::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum DeliveryOrder {
    Table,
    Id,
    /// Raised by every change; a command names the version its caller saw.
    Version,
    /// `ORDERED`, `RECEIVED`, `PREPARED`, `DELIVERED` or `CANCELLED`.
    State,
    /// The granted application's kind: `DATA_PERMIT` or `DATA_REQUEST`.
    Kind,
    ApplicationId,
    /// The permit the order serves; none for a data request.
    PermitId,
    /// The one data source of a permit's order; none for a data request's order.
    DataSourceId,
    /// Every data source the order covers, in the decision's order.
    DataSourceIds,
    /// The variables asked for, as a JSON array of strings.
    Variables,
    PeriodFrom,
    PeriodTo,
    CohortDefinition,
    /// Where the data is delivered: the permit's named environment.
    ProcessingEnvironmentId,
    /// The day the controller extracts the data; objections in force that day apply.
    ExtractionDate,
    /// The day the controller's data is due.
    DueDate,
    CancellationReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeliveryOrderEvent {
    Table,
    Id,
    DeliveryOrderId,
    OccurredAt,
    ActorId,
    ActorName,
    /// `CREATE`, `RECEIVE`, `PREPARE`, `DELIVER` or `CANCEL`.
    Action,
    FromState,
    ToState,
    Comment,
}

#[derive(DeriveIden, Clone, Copy)]
enum Application {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Permit {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum DataSource {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProcessingEnvironment {
    Table,
    Id,
}
