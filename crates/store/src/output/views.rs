//! Reading output requests, and the download of a result file.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tietolupa_domain::output_request::{OutputRequestState, holder_may_download};
use tietolupa_domain::{ActorKind, Operation};
use tietolupa_entity::{output_file, output_request};
use uuid::Uuid;

use super::{OutputFile, OutputRequest, find_visible, is_staff, load, state_of};
use crate::audit::{self, AuditEvent, AuditTarget, DenialReason};
use crate::page::{self, Page};
use crate::{CallContext, Db, StoreError};

/// Narrows [`list`].
#[derive(Debug, Clone, Default)]
pub struct OutputRequestFilter {
    pub state: Option<OutputRequestState>,
    pub permit_id: Option<Uuid>,
}

/// Output requests, newest first: every one for staff, their own for holders.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &Db,
    ctx: &CallContext,
    filter: OutputRequestFilter,
    first: u64,
    offset: u64,
) -> Result<Page<OutputRequest>, StoreError> {
    let role = audit::authorize(
        db,
        ctx,
        Operation::ViewOutputRequests,
        "output_request.list",
    )
    .await?;
    let mut query = output_request::Entity::find()
        .order_by_desc(output_request::Column::CreatedAt)
        .order_by_desc(output_request::Column::Id)
        .offset(offset);
    if !is_staff(role) {
        query = query.filter(output_request::Column::HolderId.eq(ctx.actor.id.as_str()));
    }
    if let Some(state) = filter.state {
        query = query.filter(output_request::Column::State.eq(state.as_str()));
    }
    if let Some(permit_id) = filter.permit_id {
        query = query.filter(output_request::Column::PermitId.eq(permit_id));
    }
    let rows = page::fetch(query, db.conn(), first).await?;
    let mut items = Vec::with_capacity(rows.items.len());
    for row in rows.items.iter().cloned() {
        items.push(load(db.conn(), role, row).await?);
    }
    Ok(rows.with_items(items))
}

/// One output request, if the caller may see it.
#[tracing::instrument(skip_all, fields(output_request_id = %id))]
pub async fn get(db: &Db, ctx: &CallContext, id: Uuid) -> Result<OutputRequest, StoreError> {
    let operation = Operation::ViewOutputRequests;
    let target = AuditTarget::new("output_request", id);
    audit::guard(db, ctx, operation, "output_request.read", &target, async {
        let role = audit::role_for(ctx, operation)?;
        let row = find_visible(db.conn(), ctx, role, id).await?;
        load(db.conn(), role, row).await
    })
    .await
}

/// A result file the caller may download, and where its bytes are; the download is
/// audited with the file's SHA-256. Staff may download any file of any submission; the
/// holder only the current files of a released request. The holder's own unreleased (or
/// rejected) files are refused (403, audited); anyone else's do not exist (404).
#[tracing::instrument(skip_all, fields(output_request_id = %request_id, output_file_id = %file_id))]
pub async fn for_download(
    db: &Db,
    ctx: &CallContext,
    request_id: Uuid,
    file_id: Uuid,
) -> Result<(OutputFile, String), StoreError> {
    let role = audit::authorize(db, ctx, Operation::DownloadOutputFile, ACTION).await?;
    let not_found = || StoreError::NotFound {
        entity: "output file",
    };
    let target = AuditTarget::new("output_request", request_id);
    let row = match find_visible(db.conn(), ctx, role, request_id).await {
        Err(StoreError::NotFound { .. }) if ctx.actor.kind == ActorKind::Anonymous => {
            return Err(StoreError::Unauthenticated);
        }
        Err(error @ StoreError::NotFound { .. }) => {
            let operation = Operation::DownloadOutputFile;
            audit::record_refusal(db, ctx, operation, ACTION, &target, &error).await?;
            return Err(not_found());
        }
        other => other?,
    };
    let file = output_file::Entity::find_by_id(file_id)
        .one(db.conn())
        .await?
        .filter(|f| f.output_request_id == request_id)
        .ok_or_else(not_found)?;
    let holder_may = holder_may_download(state_of(&row)?) && file.submission == row.submission;
    if !(is_staff(role) || holder_may) {
        let why = DenialReason::State;
        audit::record_denial(db, ctx, ACTION, Some(role), Some(&target), why).await?;
        return Err(StoreError::forbidden());
    }
    let txn = db.begin_write().await?;
    audit::append(
        &txn,
        ctx,
        AuditEvent::success(ACTION, Some(role))
            .target("output_request", request_id.to_string())
            .details(serde_json::json!({ "file": file_id, "sha256": file.sha256 })),
    )
    .await?;
    txn.commit().await?;
    let view = load(db.conn(), role, row)
        .await?
        .submissions
        .into_iter()
        .flat_map(|s| s.files)
        .find(|f| f.id == file_id)
        .ok_or_else(not_found)?;
    Ok((view, file.storage_key))
}

const ACTION: &str = "output_file.download";

/// For a data request's statistics: the requester (who will download them once released)
/// and the diary number, from the data request's delivery order.
pub(crate) async fn data_request_subject(
    db: &Db,
    _ctx: &CallContext,
    order_id: Uuid,
) -> Result<(String, String), StoreError> {
    use tietolupa_entity::{application, delivery_order};
    let order = delivery_order::Entity::find_by_id(order_id)
        .one(db.conn())
        .await?
        .ok_or(StoreError::NotFound {
            entity: "delivery order",
        })?;
    let application = application::Entity::find_by_id(order.application_id)
        .one(db.conn())
        .await?
        .filter(|a| a.kind == "DATA_REQUEST")
        .ok_or(StoreError::validation(
            "deliveryOrderId",
            tietolupa_domain::MessageKey::UnknownValue,
        ))?;
    // Statistics are made from the controllers' data, so it must have arrived; a cancelled
    // order gets none.
    let state = crate::delivery::stored_state(&order)?;
    tietolupa_domain::delivery::accept_statistics(state).map_err(|e| {
        StoreError::InvalidTransition {
            message: e.message(),
        }
    })?;
    Ok((
        application.applicant_id,
        application.diary_number.unwrap_or_default(),
    ))
}
