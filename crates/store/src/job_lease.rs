//! Leases on scheduled jobs, so that of several server instances sharing the database one
//! runs a job per interval (docs/operations.md, "Scheduled jobs").
//!
//! Taking a lease is one conditional `UPDATE` of the job's row: it succeeds only while no
//! other instance holds a live lease and the run is due ([`JobSchedule`]). Two instances
//! trying at once both reach the row, the database orders their updates, and the second
//! finds the condition false and changes nothing. No advisory locks and no read before the
//! write, so the same statements work on SQLite and PostgreSQL.
//!
//! An instance that dies mid-run never releases its lease; it lapses after the lease's
//! length, and as the run was never marked done, the next instance to try runs it again.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Set};
use tietolupa_domain::schedule::JobSchedule;
use tietolupa_entity::job_lease::{self, Column, Entity};
use time::OffsetDateTime;

use crate::{Db, StoreError};

/// Whoever holds no lease: the holder of a row no instance has taken yet.
const NOBODY: &str = "";

/// Microseconds since the Unix epoch, the unit of the table's times.
fn micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

/// Takes (or, for its holder, extends) the lease on the job `name` for `holder` at `now`,
/// if a run is due. True when `holder` now holds the lease and may run the job.
///
/// The holder renews by calling this again during its run: the run is still due then, as
/// it is only marked done by [`release`].
pub async fn acquire(
    db: &Db,
    name: &str,
    holder: &str,
    schedule: &JobSchedule,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let txn = db.begin_write().await?;
    // The row must exist for the update to decide; the first instance ever creates it,
    // and a concurrent second insert waits for it and then does nothing.
    Entity::insert(job_lease::ActiveModel {
        name: Set(name.to_owned()),
        holder: Set(NOBODY.to_owned()),
        expires_at_micros: Set(0),
        last_run_micros: Set(None),
    })
    .on_conflict(OnConflict::column(Column::Name).do_nothing().to_owned())
    .exec_without_returning(&txn)
    .await?;
    let taken = Entity::update_many()
        .col_expr(Column::Holder, Expr::value(holder))
        .col_expr(
            Column::ExpiresAtMicros,
            Expr::value(micros(schedule.lease_expires_at(now))),
        )
        .filter(Column::Name.eq(name))
        .filter(
            Condition::any()
                .add(Column::ExpiresAtMicros.lte(micros(now)))
                .add(Column::Holder.eq(holder)),
        )
        .filter(
            Condition::any()
                .add(Column::LastRunMicros.is_null())
                .add(Column::LastRunMicros.lte(micros(schedule.due_if_last_run_by(now)))),
        )
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(taken.rows_affected == 1)
}

/// Marks the run that `holder` started at `started` done and releases the lease at `now`.
/// False when the lease had lapsed and another instance has taken it since: that run
/// records itself, and this one changes nothing.
pub async fn release(
    db: &Db,
    name: &str,
    holder: &str,
    started: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    // The next run is due one interval after this one started, not after it ended, so
    // runs keep their time of day however long each takes.
    let released = Entity::update_many()
        .col_expr(Column::LastRunMicros, Expr::value(micros(started)))
        .col_expr(Column::ExpiresAtMicros, Expr::value(micros(now)))
        .filter(Column::Name.eq(name))
        .filter(Column::Holder.eq(holder))
        .exec(db.conn())
        .await?;
    Ok(released.rows_affected == 1)
}
