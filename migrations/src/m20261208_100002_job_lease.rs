use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One lease per scheduled job (issue 18 section 1, docs/operations.md "Scheduled jobs"),
/// so that of several server instances one runs the jobs per interval.
///
/// The job's name is the key: there are a handful of rows, each written by one conditional
/// `UPDATE` that only succeeds for the instance that may run the job now. Times are
/// microseconds since the Unix epoch, compared as integers the same way on both engines.
/// `last_run_micros` is when the last run started (none yet: `NULL`); `holder` stays
/// after a release, naming the instance that ran last.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobLease::Table)
                    .col(text(JobLease::Name).primary_key())
                    .col(text(JobLease::Holder))
                    .col(big_integer(JobLease::ExpiresAtMicros))
                    .col(big_integer_null(JobLease::LastRunMicros))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JobLease::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum JobLease {
    Table,
    Name,
    Holder,
    ExpiresAtMicros,
    LastRunMicros,
}
