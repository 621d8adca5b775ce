use sea_orm::{ConnectionTrait, DbBackend, DbErr, RuntimeErr, Statement};
use tietolupa_domain::MessageKey;
use tietolupa_domain::application::FieldProblem;

/// Why a store operation did not happen. The GraphQL layer maps each variant once to an
/// error code; only [`StoreError::Database`] is an internal failure.
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
    /// The database failed; details are logged, never shown to clients.
    #[error("database error")]
    Database(#[from] DbErr),
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
