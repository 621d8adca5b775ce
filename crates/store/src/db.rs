use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use tietolupa_migration::{Migrator, MigratorTrait};

use crate::connection_check::OutageSightings;
use crate::error::{StoreError, Unreachable, unreachable};
use crate::sessions::SessionCache;

/// How long a check of the primary may take before the primary counts as down.
pub const PRIMARY_CHECK_TIMEOUT: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Connections a pool opens at most, unless configured: SQLite has one writer and gains
/// little from more; PostgreSQL serves a 64-connection load from 16 on two cores
/// (docs/benchmarks.md, "Load: public register").
pub const DEFAULT_SQLITE_CONNECTIONS: u32 = 8;
pub const DEFAULT_POSTGRES_CONNECTIONS: u32 = 16;

/// A pool of connections to the one database, SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub struct Db {
    conn: DatabaseConnection,
    /// Statements run through this pool since it opened (tests check query counts).
    statements: Arc<AtomicU64>,
    /// Sessions resolved lately; off until [`Db::with_session_cache`] gives it a lifetime.
    sessions: SessionCache,
    /// Days from a delivery order's extraction to its due date (`TIETOLUPA_DELIVERY_DUE_DAYS`).
    delivery_due_days: u32,
    /// What signs permit credentials; none issues none (`with_permit_credentials`).
    credentials: Option<crate::credentials::CredentialIssuer>,
    /// What signs the audit log's checkpoints; none signs none (`with_audit_checkpoints`).
    checkpoints: Option<crate::audit_tree::CheckpointKeys>,
    /// A standby for public register reads (`with_replica`; crate::replica).
    replica: Option<Arc<crate::replica::Replica>>,
    /// Whether the primary answers, as far as is known (shared by every clone).
    primary: Arc<PrimaryHealth>,
}

/// Whether the primary (the database of `Db::connect`) answered its last check. A command
/// that would wait for a connection to a primary known to be down fails at once instead, with
/// [`StoreError::Unavailable`], and register reads go to the replica alone.
///
/// [`Db::check_primary`] sets it, run every half second by the server
/// (`tietolupa_http::startup`); a connection the server dropped or refused marks it down at
/// once and asks for a check. Only PostgreSQL is ever marked down: SQLite has no server to
/// lose, and a busy SQLite file is not a missing one.
#[derive(Debug)]
struct PrimaryHealth {
    up: tokio::sync::watch::Sender<bool>,
    /// Wakes the monitor early, after a failure that may mean the primary went away.
    recheck: tokio::sync::Notify,
    /// A connection of its own for the checks (PostgreSQL only): a pool busy with requests
    /// must not make its check time out and the primary look down.
    probe: Option<DatabaseConnection>,
    /// When it was last seen down, which decides what the pool pings (crate::connection_check).
    sightings: Arc<OutageSightings>,
}

impl Db {
    /// Connects, creating the SQLite file (and its directory) when the URL allows it.
    /// SQLite runs in WAL mode with foreign keys enforced.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        Db::connect_with(url, None).await
    }

    /// As [`Db::connect`], with at most `max_connections` in the pool (the default for the
    /// engine when `None`).
    pub async fn connect_with(url: &str, max_connections: Option<u32>) -> Result<Db, StoreError> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .acquire_timeout(Duration::from_secs(10))
            // Statement logging would put SQL in the logs at info level; slow ones are
            // still reported, without bound values.
            .sqlx_logging(false)
            .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_secs(1))
            .test_before_acquire(false);
        let sightings = Arc::new(OutageSightings::new());
        if url.starts_with("sqlite:") {
            ensure_sqlite_directory(url);
            // A SQLite connection is a file handle: there is no server to lose it, so it is
            // never pinged.
            options
                .max_connections(max_connections.unwrap_or(DEFAULT_SQLITE_CONNECTIONS))
                .map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                });
        } else {
            let hook = sightings.clone();
            options
                .max_connections(max_connections.unwrap_or(DEFAULT_POSTGRES_CONNECTIONS))
                .map_sqlx_postgres_before_acquire(move |conn, meta| {
                    let ping = hook.needs_ping(&meta);
                    Box::pin(async move {
                        if ping {
                            sea_orm::sqlx::Connection::ping(conn).await?;
                        }
                        Ok(true)
                    })
                });
        }
        let probe = if url.starts_with("sqlite:") {
            None
        } else {
            let mut probe = ConnectOptions::new(url.to_owned());
            probe
                .max_connections(1)
                .min_connections(0)
                // sqlx retries a refused connection until this timeout: a stopped primary
                // is seen within it, well inside the check's own bound.
                .acquire_timeout(PRIMARY_CHECK_TIMEOUT / 2)
                .connect_lazy(true)
                .sqlx_logging(false);
            Some(Database::connect(probe).await?)
        };
        let mut conn = Database::connect(options).await?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        conn.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        Ok(Db {
            conn,
            statements,
            sessions: SessionCache::new(Duration::ZERO),
            delivery_due_days: tietolupa_domain::delivery::DEFAULT_DUE_DAYS,
            credentials: None,
            checkpoints: None,
            replica: None,
            primary: Arc::new(PrimaryHealth {
                up: tokio::sync::watch::Sender::new(true),
                recheck: tokio::sync::Notify::new(),
                probe,
                sightings,
            }),
        })
    }

    /// Keeps resolved sign-in sessions for `lifetime` (zero: not at all). Every clone of the
    /// returned pool shares the cache, so a session ended through any of them is dropped
    /// from it at once.
    pub fn with_session_cache(mut self, lifetime: Duration) -> Db {
        self.sessions = SessionCache::new(lifetime);
        self
    }

    /// Gives delivery orders created through this pool `days` until their due date. A
    /// setting of the pool (like the session cache) rather than of each command, so the
    /// deciding transaction, the seed and the tests all create orders the same way.
    pub fn with_delivery_due_days(mut self, days: u32) -> Db {
        self.delivery_due_days = days;
        self
    }

    /// Signs a credential of each permit whenever its state changes, in the transaction of
    /// the change. A setting of the pool, like the due days, so the deciding transaction,
    /// the jobs, the seed and the tests issue them the same way.
    pub fn with_permit_credentials(mut self, issuer: crate::credentials::CredentialIssuer) -> Db {
        self.credentials = Some(issuer);
        self
    }

    /// Signs checkpoints of the audit log's tree (scheduled, and after each decision).
    pub fn with_audit_checkpoints(mut self, keys: crate::audit_tree::CheckpointKeys) -> Db {
        self.checkpoints = Some(keys);
        self
    }

    pub fn audit_checkpoints(&self) -> Option<&crate::audit_tree::CheckpointKeys> {
        self.checkpoints.as_ref()
    }

    /// Sends public register reads to `replica` while it keeps up (crate::replica).
    pub fn with_replica(mut self, replica: crate::replica::Replica) -> Db {
        self.replica = Some(Arc::new(replica));
        self
    }

    pub fn replica(&self) -> Option<&Arc<crate::replica::Replica>> {
        self.replica.as_ref()
    }

    /// Runs a public register read where it should go now: the replica while it is usable
    /// and has replayed the primary's register generation (or the primary is down), else the
    /// primary (crate::replica). A replica that fails the read for want of a connection (it
    /// stopped since its last lag check) is marked unreachable and the read runs again on
    /// the primary, so a standby stopping fails no read.
    ///
    /// Both connections live as long as `self`, so `read` may borrow what it needs.
    pub(crate) async fn register_read<'a, T, F, Fut>(&'a self, read: F) -> Result<T, StoreError>
    where
        F: Fn(&'a DatabaseConnection) -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        if let Some(replica) = self.register_replica().await {
            match read(replica.conn()).await {
                Err(StoreError::Unavailable) => {
                    replica.mark_unreachable();
                    tracing::warn!(
                        "the replica failed a register read: read again from the primary"
                    );
                }
                answered => {
                    replica.count_read();
                    return answered;
                }
            }
        }
        self.on_primary(read(&self.conn)).await
    }

    /// The replica, if a register read may go there now (see [`Db::register_read`]).
    async fn register_replica(&self) -> Option<&crate::replica::Replica> {
        let replica = self.replica.as_deref().filter(|r| r.usable())?;
        // While the primary is down the replica is all there is to read.
        let on_primary = if self.primary_up() {
            Some(
                self.on_primary(crate::public_register::generation_on(&self.conn))
                    .await,
            )
        } else {
            None
        };
        let on_replica = crate::public_register::generation_on(replica.conn()).await;
        match (on_primary, on_replica) {
            (_, Err(_)) => {
                replica.mark_unreachable();
                None
            }
            // Behind the primary: this read must not be older than what it committed.
            (Some(Ok(primary)), Ok(replayed)) if replayed < primary => None,
            // Caught up; or the primary does not answer.
            _ => Some(replica),
        }
    }

    /// The register's generation where its reads go now: the primary's while it answers,
    /// else the replica's ([`StoreError::Unavailable`] from neither). Register reads that follow see at least
    /// this generation, so an answer labelled with it is never older than its label.
    pub(crate) async fn register_generation(&self) -> Result<i64, StoreError> {
        if self.primary_up() {
            return self
                .on_primary(crate::public_register::generation_on(&self.conn))
                .await;
        }
        match self.replica.as_deref().filter(|r| r.usable()) {
            Some(replica) => crate::public_register::generation_on(replica.conn()).await,
            None => Err(StoreError::Unavailable),
        }
    }

    /// Whether the primary answered its last check (always, on SQLite).
    pub fn primary_up(&self) -> bool {
        *self.primary.up.borrow()
    }

    /// Pings the primary, bounded by [`PRIMARY_CHECK_TIMEOUT`], and on PostgreSQL records
    /// whether it answered (logged when that changes). The server runs this every half
    /// second, and sooner when [`Db::primary_check_due`] says so.
    pub async fn check_primary(&self) -> Result<(), StoreError> {
        let Some(probe) = &self.primary.probe else {
            return self.ping().await;
        };
        let ping = probe.query_one_raw(Statement::from_string(
            probe.get_database_backend(),
            "SELECT 1",
        ));
        let answered = match tokio::time::timeout(PRIMARY_CHECK_TIMEOUT, ping).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => Err("no answer in time".to_owned()),
        };
        self.set_primary_up(answered.as_ref().err().map(String::as_str));
        answered.map_err(|_| StoreError::Unavailable)
    }

    /// Waits until the next check of the primary is due: after `interval`, or at once when a
    /// request saw the primary's connection fail.
    pub async fn primary_check_due(&self, interval: Duration) {
        let _ = tokio::time::timeout(interval, self.primary.recheck.notified()).await;
    }

    /// Records the primary as up (`failure` `None`) or down, logging only the changes.
    fn set_primary_up(&self, failure: Option<&str>) {
        let up = failure.is_none();
        if !up {
            self.primary.sightings.seen_down();
        }
        let changed = self.primary.up.send_if_modified(|was| {
            let changed = *was != up;
            *was = up;
            changed
        });
        match failure {
            _ if !changed => {}
            None => tracing::info!("the primary database answers again: writes resume"),
            Some(error) => tracing::warn!(
                error,
                "the primary database does not answer: writes fail with UNAVAILABLE, \
                 register reads go to the replica"
            ),
        }
    }

    /// The store error of a statement that failed on the primary. A connection the server
    /// dropped or refused marks the primary down at once (PostgreSQL only) and asks the
    /// monitor to check it again now; a pool merely busy does not.
    pub(crate) fn primary_failed(&self, error: sea_orm::DbErr) -> StoreError {
        if self.primary.probe.is_some() && unreachable(&error) == Some(Unreachable::ServerGone) {
            self.set_primary_up(Some(&error.to_string()));
            self.primary.recheck.notify_one();
        }
        error.into()
    }

    /// Runs `work` against the primary: [`StoreError::Unavailable`] at once while the
    /// primary is down, and as soon as it is marked down while `work` waits (for a
    /// connection the pool would otherwise retry for its whole acquire timeout).
    pub(crate) async fn on_primary<T>(
        &self,
        work: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        let mut up = self.primary.up.subscribe();
        tokio::select! {
            biased;
            _ = up.wait_for(|up| !*up) => Err(StoreError::Unavailable),
            done = work => done,
        }
    }

    pub fn permit_credentials(&self) -> Option<&crate::credentials::CredentialIssuer> {
        self.credentials.as_ref()
    }

    pub(crate) fn delivery_due_days(&self) -> u32 {
        self.delivery_due_days
    }

    pub(crate) fn session_cache(&self) -> &SessionCache {
        &self.sessions
    }

    /// How many SQL statements this pool (and its clones) has run, for tests that check a
    /// list query does not issue one query per row.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        Migrator::up(&self.conn, None).await?;
        // Leaf hashes cover the entries' content, which a migration cannot encode.
        crate::audit_tree::build(self).await?;
        // The search index needs the Rust stemmers, which a migration cannot call.
        crate::public_register::search::rebuild_if_stale(&self.conn).await?;
        Ok(())
    }

    /// A trivial round trip, for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.conn
            .query_one_raw(Statement::from_string(
                self.conn.get_database_backend(),
                "SELECT 1",
            ))
            .await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.conn.get_database_backend() {
            DbBackend::Sqlite => Backend::Sqlite,
            _ => Backend::Postgres,
        }
    }

    /// The underlying connection, for reads. Only the store speaks SQL: the API layers
    /// call store functions, which check the caller and audit.
    pub(crate) fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// The underlying connection, for black-box tests and benchmarks that set up or tamper
    /// with rows no API would write (a corrupted audit entry, a draft aged by months).
    /// Exists only with the `testing` feature, which only dev-dependencies enable.
    #[cfg(feature = "testing")]
    #[doc(hidden)]
    pub fn raw_connection_for_tests(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later fails
    /// with `SQLITE_BUSY` instead of waiting when another writer got in between.
    ///
    /// Fails with [`StoreError::Unavailable`] at once while the primary is down, and within
    /// a check interval when it goes down while this waits for a connection
    /// ([`Db::on_primary`]).
    pub(crate) async fn begin_write(&self) -> Result<DatabaseTransaction, StoreError> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        self.on_primary(async {
            self.conn
                .begin_with_options(options)
                .await
                .map_err(|e| self.primary_failed(e))
        })
        .await
    }

    pub async fn close(self) -> Result<(), StoreError> {
        if let Some(probe) = &self.primary.probe {
            probe.close_by_ref().await.ok();
        }
        self.conn.close().await?;
        Ok(())
    }
}

/// `sqlite://data/tietolupa.db?mode=rwc` -> creates `data/`, so a fresh clone starts.
fn ensure_sqlite_directory(url: &str) {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return;
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        // A failure shows up right after, as the connection error naming the file.
        let _ = std::fs::create_dir_all(parent);
    }
}
