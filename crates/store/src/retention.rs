//! The retention job: drafts untouched for six months are deleted with their attachments
//! (rows cascade, files are removed after the commit); a tombstone with no content and an
//! audit entry remain. Submitted applications are never touched.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use tietolupa_domain::application::ApplicationState;
use tietolupa_domain::retention::draft_expired;
use tietolupa_entity::{application, application_tombstone, attachment};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::applications::attachments::AttachmentFiles;
use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError};

/// What a retention run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionReport {
    pub deleted: Vec<Uuid>,
    pub files_removed: usize,
}

/// Deletes every draft due for deletion at `ctx.at`, one transaction per draft.
#[tracing::instrument(skip_all)]
pub async fn run(
    db: &Db,
    ctx: &CallContext,
    files: &AttachmentFiles,
) -> Result<RetentionReport, StoreError> {
    // Timestamps are compared in Rust: SQLite keeps them as text.
    let drafts: Vec<(Uuid, OffsetDateTime)> = application::Entity::find()
        .select_only()
        .column(application::Column::Id)
        .column(application::Column::UpdatedAt)
        .filter(application::Column::State.eq(ApplicationState::Draft.as_str()))
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut report = RetentionReport::default();
    for (id, updated_at) in drafts {
        if !draft_expired(ApplicationState::Draft, updated_at, ctx.at) {
            continue;
        }
        let txn = db.begin_write().await?;
        // Re-read inside the transaction: the applicant may have saved or submitted since.
        let Some(row) = application::Entity::find_by_id(id).one(&txn).await? else {
            continue;
        };
        let state = ApplicationState::parse(&row.state).unwrap_or(ApplicationState::Submitted);
        if !draft_expired(state, row.updated_at, ctx.at) {
            continue;
        }
        let keys: Vec<String> = attachment::Entity::find()
            .select_only()
            .column(attachment::Column::StorageKey)
            .filter(attachment::Column::ApplicationId.eq(id))
            .into_tuple()
            .all(&txn)
            .await?;
        // The delete is the guard: it names the state and the time read, and on
        // PostgreSQL waits for a concurrent run (another server instance) holding the row,
        // then deletes nothing, so each draft is removed, tombstoned and audited once.
        let removed = application::Entity::delete_many()
            .filter(application::Column::Id.eq(id))
            .filter(application::Column::State.eq(ApplicationState::Draft.as_str()))
            .filter(application::Column::UpdatedAt.eq(row.updated_at))
            .exec(&txn)
            .await?;
        if removed.rows_affected != 1 {
            continue;
        }
        application_tombstone::Entity::insert(application_tombstone::ActiveModel {
            id: Set(id),
            kind: Set(row.kind.clone()),
            created_at: Set(row.created_at),
            last_updated_at: Set(row.updated_at),
            deleted_at: Set(ctx.at),
            reason: Set("RETENTION_DRAFT_UNTOUCHED_6_MONTHS".to_owned()),
        })
        .exec_without_returning(&txn)
        .await?;
        audit::append(
            &txn,
            ctx,
            AuditEvent::success("application.retention_delete", None)
                .target("application", id.to_string())
                .details(serde_json::json!({ "kind": row.kind, "attachments": keys.len() })),
        )
        .await?;
        txn.commit().await?;
        for key in &keys {
            files.remove(key);
            report.files_removed += 1;
        }
        report.deleted.push(id);
    }
    Ok(report)
}

/// Whether a tombstone exists for `id` (the draft was removed by retention).
pub async fn tombstone_exists(db: &Db, id: Uuid) -> Result<bool, StoreError> {
    Ok(application_tombstone::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .is_some())
}
