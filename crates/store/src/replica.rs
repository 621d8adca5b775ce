//! Public register reads from a streaming-replication standby (docs/operations.md, "Read
//! replica"). Only what the public register shows goes there: its lists, search, exports and
//! statistics. Every command, every signed-in read and every read that decides a write stays
//! on the primary.
//!
//! A register read uses the replica only when all of these hold, else the primary:
//! - the replica answered its last lag check and its replay lag was within the bound
//!   (`TIETOLUPA_DATABASE_REPLICA_MAX_LAG_MS`); the check runs in the background
//!   ([`Replica::measure`]), so a read pays nothing for it;
//! - the replica's register generation is at least the primary's, read at the start of the
//!   request. Every transaction that changes what the register shows bumps the generation,
//!   so a page is never older than anything committed before the request arrived, the
//!   caller's own last write included. That is the same rule the register cache keys on.
//!
//! When the primary does not answer, register reads go to the replica alone: the public can
//! still read while writes fail. When the replica fails a read for want of a connection (it
//! stopped since its last lag check), the read runs again on the primary (`Db::register_read`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

use crate::StoreError;

/// How long a read waits for a connection to the replica before it counts as down.
const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(500);

/// `lag_ms` while the replica does not answer.
const UNREACHABLE: u64 = u64::MAX;

/// Replay lag as PostgreSQL's own monitoring defines it: zero while the standby has replayed
/// everything it received (an idle primary sends nothing, and the last replay time would
/// otherwise read as growing lag), else the age of the last replayed transaction. A server
/// that is not in recovery (a promoted standby) has no lag.
pub const LAG_QUERY: &str = "SELECT CAST(CASE \
     WHEN NOT pg_is_in_recovery() THEN 0 \
     WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 \
     ELSE COALESCE(EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())) * 1000, 0) \
     END AS BIGINT) AS lag_ms";

#[derive(Debug)]
pub struct Replica {
    conn: DatabaseConnection,
    max_lag: Duration,
    lag_ms: AtomicU64,
    reads: AtomicU64,
}

impl Replica {
    /// Opens a pool to the replica. Its lag is unknown (so unused) until the first
    /// [`Replica::measure`].
    pub async fn connect(
        url: &str,
        max_connections: u32,
        max_lag: Duration,
    ) -> Result<Replica, StoreError> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections)
            .min_connections(0)
            // A replica that is down must not hold a register read up: the primary can answer.
            // sqlx retries a refused connection until this timeout, so it is what a read that
            // meets a stopped standby waits before it goes to the primary.
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy(true)
            .sqlx_logging(false);
        Ok(Replica {
            conn: Database::connect(options).await?,
            max_lag,
            lag_ms: AtomicU64::new(UNREACHABLE),
            reads: AtomicU64::new(0),
        })
    }

    /// Reads the replay lag and keeps it for the reads until the next measurement; a replica
    /// that does not answer counts as unusable. Run every few hundred milliseconds.
    pub async fn measure(&self) -> Result<Duration, StoreError> {
        let measured = async {
            let row = self
                .conn
                .query_one_raw(Statement::from_string(
                    self.conn.get_database_backend(),
                    LAG_QUERY,
                ))
                .await?
                .ok_or_else(|| {
                    StoreError::Database(sea_orm::DbErr::RecordNotFound("lag".into()))
                })?;
            let lag: i64 = row.try_get("", "lag_ms")?;
            Ok::<_, StoreError>(u64::try_from(lag).unwrap_or(0))
        };
        match tokio::time::timeout(Duration::from_secs(2), measured).await {
            Ok(Ok(lag)) => {
                self.lag_ms.store(lag, Ordering::Relaxed);
                Ok(Duration::from_millis(lag))
            }
            Ok(Err(e)) => {
                self.lag_ms.store(UNREACHABLE, Ordering::Relaxed);
                Err(e)
            }
            Err(_) => {
                self.lag_ms.store(UNREACHABLE, Ordering::Relaxed);
                Err(StoreError::Database(sea_orm::DbErr::Custom(
                    "the replica did not answer its lag check in time".into(),
                )))
            }
        }
    }

    /// Whether the last measurement found the replica answering and within the bound.
    pub fn usable(&self) -> bool {
        let lag = self.lag_ms.load(Ordering::Relaxed);
        lag != UNREACHABLE && Duration::from_millis(lag) <= self.max_lag
    }

    /// The replay lag as last measured; `None` while the replica does not answer.
    pub fn last_lag(&self) -> Option<Duration> {
        match self.lag_ms.load(Ordering::Relaxed) {
            UNREACHABLE => None,
            ms => Some(Duration::from_millis(ms)),
        }
    }

    /// A trivial round trip, bounded by `within`, for readiness checks.
    pub async fn ping(&self, within: Duration) -> Result<(), StoreError> {
        let ping = self.conn.query_one_raw(Statement::from_string(
            self.conn.get_database_backend(),
            "SELECT 1",
        ));
        match tokio::time::timeout(within, ping).await {
            Ok(answered) => answered.map(|_| ()).map_err(StoreError::from),
            Err(_) => Err(StoreError::Unavailable),
        }
    }

    /// How many register reads the replica has answered (for tests and metrics).
    pub fn reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }

    pub(crate) fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub(crate) fn count_read(&self) {
        self.reads.fetch_add(1, Ordering::Relaxed);
    }

    /// Forgets the last measurement: the replica failed a read, so until the next lag check
    /// says otherwise, reads go to the primary.
    pub(crate) fn mark_unreachable(&self) {
        self.lag_ms.store(UNREACHABLE, Ordering::Relaxed);
    }
}
