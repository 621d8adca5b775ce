use sea_orm::{ConnectionTrait, DbBackend, DbErr, RuntimeErr, Statement};
use tietolupa_domain::MessageKey;
use tietolupa_domain::application::FieldProblem;

/// Why a store operation did not happen. The GraphQL layer maps each variant once to an
/// error code; only [`StoreError::Database`] is an internal failure.
///
/// A [`DbErr`] becomes [`StoreError::Unavailable`] when the database could not be reached
/// (see [`unreachable`]) and [`StoreError::Database`] otherwise.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The operation needs a signed-in caller.
    #[error("authentication required")]
    Unauthenticated,
    /// The caller lacks the role, or a rule (four eyes, presenter only) stands in the way.
    #[error("{reason}")]
    Forbidden { reason: MessageKey },
    /// No such thing, or not visible to the caller.
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// The thing changed since the caller saw it, or a uniqueness rule was hit.
    #[error("conflict: {message}")]
    Conflict { message: MessageKey },
    /// The input breaks rules; every problem is listed.
    #[error("invalid input")]
    Validation(Vec<FieldProblem>),
    /// The action is not possible in the thing's current state.
    #[error("{message}")]
    InvalidTransition { message: MessageKey },
    /// The database could not be reached: no connection to be had in time, or the
    /// server went away (stopped, restarting, the network between). Retrying later may
    /// succeed; nothing was done.
    #[error("the database is unavailable")]
    Unavailable,
    /// The database failed; details are logged, never shown to clients.
    #[error("database error")]
    Database(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(error: DbErr) -> Self {
        if unreachable(&error).is_some() {
            // The caller answers UNAVAILABLE without detail; the cause is kept here.
            tracing::debug!(%error, "the database is unreachable");
            StoreError::Unavailable
        } else {
            StoreError::Database(error)
        }
    }
}

/// How a database could not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unreachable {
    /// No connection came free within the pool's acquire timeout: the server may be down,
    /// or merely every connection busy, so this alone says nothing of the server's health.
    PoolTimedOut,
    /// The server refused, dropped or shut down the connection, or the pool is closed.
    ServerGone,
}

/// Whether `error` says the database could not be reached, rather than that a statement
/// failed: the pool timed out or is closed; the socket failed (refused, reset, closed);
/// PostgreSQL ended the session (SQLSTATE class 08, connection exception, or 57P01-57P03:
/// administrator shutdown, crash shutdown, cannot connect now).
pub(crate) fn unreachable(error: &DbErr) -> Option<Unreachable> {
    use sea_orm::sqlx::Error as Sqlx;
    let sqlx = match error {
        DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout) => {
            return Some(Unreachable::PoolTimedOut);
        }
        DbErr::ConnectionAcquire(_) => return Some(Unreachable::ServerGone),
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e.as_ref(),
        _ => return None,
    };
    match sqlx {
        Sqlx::PoolTimedOut => Some(Unreachable::PoolTimedOut),
        Sqlx::PoolClosed | Sqlx::Io(_) | Sqlx::Tls(_) | Sqlx::WorkerCrashed => {
            Some(Unreachable::ServerGone)
        }
        Sqlx::Database(db) => {
            let postgres = db.try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>()?;
            let code = postgres.code();
            (code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03"))
                .then_some(Unreachable::ServerGone)
        }
        _ => None,
    }
}

impl StoreError {
    /// A single field's problem.
    pub fn validation(field: impl Into<String>, message: MessageKey) -> StoreError {
        StoreError::Validation(vec![FieldProblem::new(field, message)])
    }
}

/// The name of the constraint a write violated, when the error is a constraint violation.
///
/// PostgreSQL reports the constraint's name. SQLite reports only the columns
/// (`UNIQUE constraint failed: objection.person_index_key_id, objection.person_blind_index`),
/// so the name is read from the schema itself: the unique index of that table over exactly
/// those columns, in that order. Both engines thus answer with the names the migrations
/// gave, and no list here can fall out of step with them.
///
/// `conn` is the connection the write failed on; a failed statement leaves a SQLite
/// transaction usable, and PostgreSQL needs no query.
pub(crate) async fn violated_constraint<C: ConnectionTrait>(
    conn: &C,
    err: &DbErr,
) -> Option<String> {
    let sqlx = match err {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return None,
    };
    let db_error = sqlx.as_database_error()?;
    if let Some(name) = db_error.constraint() {
        return Some(name.to_owned());
    }
    let columns = db_error
        .message()
        .strip_prefix("UNIQUE constraint failed: ")?;
    sqlite_unique_index(conn, columns).await
}

/// The unique index SQLite means by `table.a, table.b` in a violation message.
async fn sqlite_unique_index<C: ConnectionTrait>(conn: &C, reported: &str) -> Option<String> {
    let mut table = None;
    let mut columns = Vec::new();
    for qualified in reported.split(", ") {
        let (t, column) = qualified.split_once('.')?;
        if *table.get_or_insert(t) != t {
            return None;
        }
        columns.push(column);
    }
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT il.name AS index_name, ii.name AS column_name \
             FROM pragma_index_list(?) AS il, pragma_index_info(il.name) AS ii \
             WHERE il.\"unique\" = 1 ORDER BY il.name, ii.seqno",
            [table?.into()],
        ))
        .await
        .ok()?;
    let mut indexes: Vec<(String, Vec<Option<String>>)> = Vec::new();
    for row in rows {
        let index: String = row.try_get("", "index_name").ok()?;
        let column: Option<String> = row.try_get("", "column_name").ok()?;
        match indexes.last_mut() {
            Some((name, cols)) if *name == index => cols.push(column),
            _ => indexes.push((index, vec![column])),
        }
    }
    indexes
        .into_iter()
        .find(|(_, cols)| {
            cols.iter()
                .map(Option::as_deref)
                .eq(columns.iter().map(|c| Some(*c)))
        })
        .map(|(name, _)| name)
}

impl StoreError {
    pub fn forbidden() -> StoreError {
        StoreError::Forbidden {
            reason: MessageKey::NotAllowedForRole,
        }
    }

    pub fn stale() -> StoreError {
        StoreError::Conflict {
            message: MessageKey::Stale,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sea_orm::error::ConnAcquireErr;
    use sea_orm::sqlx::Error as Sqlx;

    use super::*;

    fn sqlx(error: Sqlx) -> Arc<Sqlx> {
        Arc::new(error)
    }

    #[test]
    fn connection_failures_are_unreachable_and_everything_else_is_not() {
        use std::io::ErrorKind;
        let gone = [
            DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
            DbErr::Conn(RuntimeErr::SqlxError(sqlx(Sqlx::PoolClosed))),
            DbErr::Conn(RuntimeErr::SqlxError(sqlx(Sqlx::Io(
                ErrorKind::ConnectionRefused.into(),
            )))),
            DbErr::Exec(RuntimeErr::SqlxError(sqlx(Sqlx::Io(
                ErrorKind::ConnectionReset.into(),
            )))),
            DbErr::Query(RuntimeErr::SqlxError(sqlx(Sqlx::Io(
                ErrorKind::UnexpectedEof.into(),
            )))),
            DbErr::Query(RuntimeErr::SqlxError(sqlx(Sqlx::WorkerCrashed))),
        ];
        for error in gone {
            assert_eq!(
                unreachable(&error),
                Some(Unreachable::ServerGone),
                "{error}"
            );
            assert!(matches!(StoreError::from(error), StoreError::Unavailable));
        }
        let busy = [
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
            DbErr::Conn(RuntimeErr::SqlxError(sqlx(Sqlx::PoolTimedOut))),
        ];
        for error in busy {
            assert_eq!(
                unreachable(&error),
                Some(Unreachable::PoolTimedOut),
                "{error}"
            );
            assert!(matches!(StoreError::from(error), StoreError::Unavailable));
        }
        let failed = [
            DbErr::Custom("relation \"x\" does not exist".into()),
            DbErr::RecordNotFound("x".into()),
            DbErr::Query(RuntimeErr::SqlxError(sqlx(Sqlx::RowNotFound))),
            DbErr::Exec(RuntimeErr::SqlxError(sqlx(Sqlx::Protocol("x".into())))),
            DbErr::Conn(RuntimeErr::Internal("x".into())),
        ];
        for error in failed {
            assert_eq!(unreachable(&error), None, "{error}");
            assert!(matches!(StoreError::from(error), StoreError::Database(_)));
        }
    }
}
