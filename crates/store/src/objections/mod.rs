//! The objection registry (DESIGN.md section 5): filing, recording, withdrawing and
//! reading objections, each in one transaction with its audit entry.
//!
//! Identity codes enter as strings from tokens or input, are parsed into
//! [`Hetu`](tietolupa_domain::Hetu) at once, and are stored only as blind indexes and
//! ciphertexts. Audit entries name the objection id and, where a person is involved, the
//! blind index; never the code. Responses carry only the masked code (`DDMMYYC****`).
//!
//! `commands` file, record and withdraw; `views` map rows to what callers see and serve
//! the audited reads; `export` is the GDPR access export; `cohort_load` loads the
//! objectors for a cohort-filter run; `reindex` re-keys after a key rotation; `protect`
//! turns identity codes into blind indexes and sealed copies and back.

mod cohort_load;
mod commands;
mod export;
mod protect;
mod reindex;
mod views;

use tietolupa_domain::Role;

use crate::audit::{self, AuditEvent};
use crate::{CallContext, StoreError};

pub use cohort_load::objectors_on;
pub use commands::{FileObjection, Filed, RecordObjection, file, record, withdraw};
pub use export::{ExportedAuditEntry, RegistryExport, export};
pub use reindex::{ReindexReport, reindex};
pub use views::{ObjectionView, mine, read};

const TARGET: &str = "objection";

/// The ids of the objections about the caller (not those they filed for others), for
/// their access log.
pub(crate) async fn ids_about_caller<C: sea_orm::ConnectionTrait>(
    conn: &C,
    crypto: &tietolupa_objection_crypto::ObjectionCrypto,
    ctx: &CallContext,
) -> Result<Vec<uuid::Uuid>, StoreError> {
    use sea_orm::{EntityTrait, QueryFilter, QuerySelect};
    use tietolupa_entity::objection as row;

    let indexes = crypto
        .keys
        .all_blind_indexes(&protect::caller_code(ctx, crypto)?);
    Ok(row::Entity::find()
        .select_only()
        .column(row::Column::Id)
        .filter(protect::person_matches(&indexes))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Records a citizen's read of the listed objections and commits.
async fn commit_read(
    txn: sea_orm::DatabaseTransaction,
    ctx: &CallContext,
    action: &'static str,
    role: Role,
    ids: &[String],
) -> Result<(), StoreError> {
    audit::append(
        &txn,
        ctx,
        AuditEvent::success(action, Some(role)).details(serde_json::json!({ "objections": ids })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
