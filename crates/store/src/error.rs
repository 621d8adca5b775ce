use sea_orm::{DbErr, RuntimeErr};
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
    Forbidden { reason: &'static str },
    /// No such thing, or not visible to the caller.
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// The thing changed since the caller saw it, or a uniqueness rule was hit.
    #[error("conflict: {message}")]
    Conflict { message: String },
    /// The input breaks rules; every problem is listed.
    #[error("invalid input")]
    Validation(Vec<FieldProblem>),
    /// The action is not possible in the thing's current state.
    #[error("{message}")]
    InvalidTransition { message: String },
    /// The database failed; details are logged, never shown to clients.
    #[error("database error")]
    Database(#[from] DbErr),
}

impl StoreError {
    /// A single field's problem.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> StoreError {
        StoreError::Validation(vec![FieldProblem::new(field, message)])
    }
}

/// The name of the constraint a write violated, when the error is a constraint violation.
///
/// PostgreSQL reports constraint names directly. SQLite names only the columns
/// (`UNIQUE constraint failed: audit_entry.seq`), so those are looked up among the
/// explicitly named unique indexes of the migrations.
pub fn violated_constraint(err: &DbErr) -> Option<String> {
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
    SQLITE_UNIQUE_INDEXES
        .iter()
        .find(|(_, cols)| *cols == columns)
        .map(|(name, _)| (*name).to_owned())
}

/// Unique index name -> the column list SQLite reports for it.
const SQLITE_UNIQUE_INDEXES: &[(&str, &str)] = &[
    ("audit_entry_seq_key", "audit_entry.seq"),
    ("user_account_subject_key", "user_account.subject"),
    ("data_controller_code_key", "data_controller.code"),
    ("data_source_code_key", "data_source.code"),
    (
        "processing_environment_name_key",
        "processing_environment.name",
    ),
    ("application_diary_number_key", "application.diary_number"),
    ("decision_number_key", "decision.decision_number"),
    ("decision_application_key", "decision.application_id"),
    (
        "objection_in_force_key",
        "objection.person_index_key_id, objection.person_blind_index",
    ),
];

impl StoreError {
    pub fn forbidden() -> StoreError {
        StoreError::Forbidden {
            reason: "not allowed for your role",
        }
    }

    pub fn stale() -> StoreError {
        StoreError::Conflict {
            message: "changed by someone else since you loaded it; reload and try again".to_owned(),
        }
    }
}
