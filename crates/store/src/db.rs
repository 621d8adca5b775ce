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

use crate::error::StoreError;
use crate::sessions::SessionCache;

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
    /// A standby for public register reads (`with_replica`; crate::replica).
    replica: Option<Arc<crate::replica::Replica>>,
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
            .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_secs(1));
        if url.starts_with("sqlite:") {
            ensure_sqlite_directory(url);
            options
                .max_connections(max_connections.unwrap_or(DEFAULT_SQLITE_CONNECTIONS))
                .map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                });
        } else {
            options.max_connections(max_connections.unwrap_or(DEFAULT_POSTGRES_CONNECTIONS));
        }
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
            replica: None,
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

    /// Sends public register reads to `replica` while it keeps up (crate::replica).
    pub fn with_replica(mut self, replica: crate::replica::Replica) -> Db {
        self.replica = Some(Arc::new(replica));
        self
    }

    pub fn replica(&self) -> Option<&Arc<crate::replica::Replica>> {
        self.replica.as_ref()
    }

    /// The connection a public register read goes to now: the replica while it is usable
    /// and has replayed the primary's register generation, else the primary
    /// (crate::replica).
    pub(crate) async fn register_conn(&self) -> &DatabaseConnection {
        let Some(replica) = self.replica.as_ref().filter(|r| r.usable()) else {
            return &self.conn;
        };
        let on_primary = crate::public_register::generation_on(&self.conn).await;
        let on_replica = crate::public_register::generation_on(replica.conn()).await;
        match (on_primary, on_replica) {
            // Caught up; or the primary is down and the replica is all there is to read.
            (Ok(primary), Ok(replayed)) if replayed >= primary => {}
            (Err(_), Ok(_)) => {}
            (_, Err(_)) => {
                replica.mark_unreachable();
                return &self.conn;
            }
            // Behind the primary: this read must not be older than what it committed.
            (Ok(_), Ok(_)) => return &self.conn,
        }
        replica.count_read();
        replica.conn()
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
    pub(crate) async fn begin_write(&self) -> Result<DatabaseTransaction, StoreError> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        Ok(self.conn.begin_with_options(options).await?)
    }

    pub async fn close(self) -> Result<(), StoreError> {
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
