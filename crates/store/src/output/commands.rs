//! The steps of an output request: submit (and submit again after changes were asked for),
//! start review, approve with overrides, confirm (four eyes), ask for changes, reject,
//! release; and a permit's stricter thresholds. Each step runs in one transaction with its
//! history event and audit entry, and takes the `version` the caller saw.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use tietolupa_domain::application::attachment::safe_file_name;
use tietolupa_domain::output_request::{self as lifecycle, OutputRefusal, OutputRequestState};
use tietolupa_domain::permit::PermitStatus;
use tietolupa_domain::{MessageKey, Operation, Role};
use tietolupa_entity::{
    application, output_file, output_request, output_request_event, output_request_version, permit,
};
use tietolupa_output_check::{
    CheckStatus, PermitThresholds, TableKind, Thresholds, check_table, parse_table,
};
use uuid::Uuid;

use super::{
    CellFinding, OutputCheck, OutputRequest, StoredReport, find_visible, load, state_of,
    table_problem, wire_name,
};
use crate::applications::attachments::AttachmentFiles;
use crate::audit::{self, AuditEvent, AuditTarget, DenialReason};
use crate::{CallContext, Db, StoreError};

/// A result table as uploaded: its name, how it was declared, its bytes.
#[derive(Debug, Clone)]
pub struct NewOutputFile {
    pub name: String,
    pub kind: TableKind,
    pub bytes: Vec<u8>,
}

/// A new output request: under a permit (the holder) or for a data request's delivery
/// order (a handler, with the statistics).
#[derive(Debug, Clone)]
pub struct NewOutputRequest {
    pub permit_id: Option<Uuid>,
    pub delivery_order_id: Option<Uuid>,
    pub description: String,
    pub files: Vec<NewOutputFile>,
}

/// A new version of a request after changes were asked for.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub description: String,
    pub files: Vec<NewOutputFile>,
}

pub(super) fn refusal(e: OutputRefusal) -> StoreError {
    match (&e, e.field()) {
        (OutputRefusal::ReviewerCannotConfirm, _) => StoreError::Forbidden {
            reason: e.message(),
        },
        (_, Some(field)) => StoreError::validation(field, e.message()),
        _ => StoreError::InvalidTransition {
            message: e.message(),
        },
    }
}

fn description(text: &str) -> Result<String, StoreError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::validation("description", MessageKey::Required));
    }
    if text.chars().count() > tietolupa_domain::application::content::MAX_TEXT {
        return Err(StoreError::validation("description", MessageKey::TooLong));
    }
    Ok(text.to_owned())
}

pub(super) fn reason_text(text: &str) -> Result<String, StoreError> {
    let text = text.trim();
    if text.chars().count() > tietolupa_domain::application::content::MAX_TEXT {
        return Err(StoreError::validation("reason", MessageKey::TooLong));
    }
    Ok(text.to_owned())
}

/// A checked file, ready to be written.
struct CheckedFile {
    id: Uuid,
    name: String,
    kind: TableKind,
    bytes: Vec<u8>,
    sha256: String,
    report: StoredReport,
}

/// Parses and checks every file; the first that cannot be checked refuses them all, named
/// by its place and name (`files[0]:table.csv`).
fn check_files(
    files: Vec<NewOutputFile>,
    check: &OutputCheck,
    thresholds: &Thresholds,
) -> Result<Vec<CheckedFile>, StoreError> {
    if files.is_empty() {
        return Err(StoreError::validation("files", MessageKey::Required));
    }
    let mut checked = Vec::with_capacity(files.len());
    for (i, file) in files.into_iter().enumerate() {
        let name = safe_file_name(&file.name);
        let field = format!("files[{i}]:{name}");
        if file.bytes.is_empty() {
            return Err(StoreError::validation(field, MessageKey::FileEmpty));
        }
        let table = parse_table(&file.bytes, file.kind, &check.limits)
            .map_err(|e| StoreError::validation(field.clone(), table_problem(&e)))?;
        let report = check_table(&table, thresholds);
        let label = |labels: &[String], i: usize| labels.get(i).cloned().unwrap_or_default();
        let findings = report
            .findings
            .into_iter()
            .map(|f| CellFinding {
                row_label: label(&table.row_labels, f.row),
                column_label: label(&table.column_labels, f.column),
                row: f.row,
                column: f.column,
                rule: f.rule,
                status: f.status,
                explanation: f.explanation,
            })
            .collect();
        checked.push(CheckedFile {
            id: Uuid::now_v7(),
            name,
            kind: file.kind,
            sha256: hex::encode(Sha256::digest(&file.bytes)),
            bytes: file.bytes,
            report: StoredReport {
                status: report.status,
                cells: report.cells,
                findings,
            },
        });
    }
    Ok(checked)
}

/// The configured defaults made stricter by the permit's own thresholds.
fn thresholds_for(
    check: &OutputCheck,
    permit: Option<&permit::Model>,
) -> Result<Thresholds, StoreError> {
    let own: PermitThresholds = match permit.and_then(|p| p.output_check_thresholds.clone()) {
        Some(value) => serde_json::from_value(value).map_err(|_| {
            StoreError::Database(sea_orm::DbErr::Custom(
                "unreadable permit thresholds".into(),
            ))
        })?,
        None => PermitThresholds::default(),
    };
    // Stored thresholds were accepted against the defaults of their day; if the defaults
    // have since become stricter than the permit's, the defaults hold.
    Ok(check.defaults.stricter(&own).unwrap_or(check.defaults))
}

/// Who a new request belongs to, and under what.
struct Subject {
    permit: Option<permit::Model>,
    holder_id: String,
    diary_number: String,
}

async fn subject(
    db: &Db,
    ctx: &CallContext,
    input: &NewOutputRequest,
) -> Result<Subject, StoreError> {
    match (input.permit_id, input.delivery_order_id) {
        (Some(permit_id), None) => {
            // Only the holder asks under a permit; for anyone else it does not exist.
            let row = permit::Entity::find_by_id(permit_id)
                .one(db.conn())
                .await?
                .filter(|p| p.holder_id == ctx.actor.id)
                .ok_or(StoreError::NotFound { entity: "permit" })?;
            let status = tietolupa_domain::permit::effective_status(
                crate::permits::stored_status(&row)?,
                row.valid_until,
                ctx.today(),
            );
            if status != PermitStatus::Active {
                return Err(StoreError::InvalidTransition {
                    message: MessageKey::OnlyActivePermitOutputs,
                });
            }
            let diary_number = application::Entity::find_by_id(row.application_id)
                .one(db.conn())
                .await?
                .and_then(|a| a.diary_number)
                .unwrap_or_default();
            Ok(Subject {
                holder_id: row.holder_id.clone(),
                permit: Some(row),
                diary_number,
            })
        }
        (None, Some(order_id)) => super::views::data_request_subject(db, ctx, order_id)
            .await
            .map(|(holder_id, diary_number)| Subject {
                permit: None,
                holder_id,
                diary_number,
            }),
        _ => Err(StoreError::validation("permitId", MessageKey::Required)),
    }
}

/// Writes the files' bytes; on any failure the ones written go again.
fn write_files(
    store: &AttachmentFiles,
    request_id: Uuid,
    files: &[CheckedFile],
) -> Result<Vec<String>, StoreError> {
    let mut keys = Vec::new();
    for file in files {
        let key = format!("output/{request_id}/{}", file.id);
        if let Err(e) = store.write(&key, &file.bytes) {
            keys.iter().for_each(|k: &String| store.remove(k));
            return Err(e);
        }
        keys.push(key);
    }
    Ok(keys)
}

fn worst(files: &[CheckedFile]) -> CheckStatus {
    files
        .iter()
        .map(|f| f.report.status)
        .max()
        .unwrap_or(CheckStatus::Pass)
}

/// Inserts a submission's version row and its files.
/// A submission ready to be written: its number, text, thresholds, files and their keys.
struct Submission<'a> {
    number: i32,
    description: &'a str,
    thresholds: &'a Thresholds,
    files: &'a [CheckedFile],
    keys: &'a [String],
}

async fn insert_submission(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    request_id: Uuid,
    submission: Submission<'_>,
) -> Result<(), StoreError> {
    let Submission {
        number,
        description,
        thresholds,
        files,
        keys,
    } = submission;
    output_request_version::Entity::insert(output_request_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        output_request_id: Set(request_id),
        number: Set(number),
        description: Set(description.to_owned()),
        submitted_by: Set(ctx.actor.id.clone()),
        submitted_by_name: Set(ctx.actor.name.clone()),
        submitted_at: Set(ctx.at),
        thresholds: Set(json!(thresholds)),
        tool_version: Set(tietolupa_output_check::TOOL_VERSION.to_owned()),
    })
    .exec_without_returning(txn)
    .await?;
    for (position, (file, key)) in files.iter().zip(keys).enumerate() {
        output_file::Entity::insert(output_file::ActiveModel {
            id: Set(file.id),
            output_request_id: Set(request_id),
            submission: Set(number),
            position: Set(position as i32),
            name: Set(file.name.clone()),
            kind: Set(wire_name(file.kind)),
            size_bytes: Set(file.bytes.len() as i64),
            sha256: Set(file.sha256.clone()),
            storage_key: Set(key.clone()),
            status: Set(wire_name(file.report.status)),
            report: Set(json!(file.report)),
        })
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

pub(super) async fn event(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    request_id: Uuid,
    from: Option<OutputRequestState>,
    to: OutputRequestState,
    comment: Option<String>,
) -> Result<(), StoreError> {
    output_request_event::Entity::insert(output_request_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        output_request_id: Set(request_id),
        at: Set(ctx.at),
        actor_id: Set(ctx.actor.id.clone()),
        actor_name: Set(ctx.actor.name.clone()),
        from_state: Set(from.map(|s| s.as_str().to_owned())),
        to_state: Set(to.as_str().to_owned()),
        comment: Set(comment),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

fn file_summary(files: &[CheckedFile]) -> serde_json::Value {
    json!(files
        .iter()
        .map(|f| json!({ "file": f.id, "sha256": f.sha256, "sizeBytes": f.bytes.len(), "status": f.report.status, "findings": f.report.findings.len() }))
        .collect::<Vec<_>>())
}

/// Whether the caller may submit output at all, checked (and a refusal audited) before an
/// upload's body is read, so that nobody without the role can make the server read files.
pub async fn authorize_submission(db: &Db, ctx: &CallContext) -> Result<(), StoreError> {
    audit::authorize(
        db,
        ctx,
        Operation::SubmitOutputRequest,
        "output_request.submit",
    )
    .await
    .map(|_| ())
}

/// A permit holder (or a handler, for a data request's statistics) submits result tables.
/// Every file is parsed and checked first: one that cannot be checked refuses the request
/// and nothing is saved.
#[tracing::instrument(skip_all)]
pub async fn submit(
    db: &Db,
    ctx: &CallContext,
    store: &AttachmentFiles,
    check: &OutputCheck,
    input: NewOutputRequest,
) -> Result<OutputRequest, StoreError> {
    let role = audit::authorize(
        db,
        ctx,
        Operation::SubmitOutputRequest,
        "output_request.submit",
    )
    .await?;
    // A holder asks under a permit, a handler for a data request: the other way round is
    // outside what the role allows.
    let allowed = match (input.permit_id.is_some(), input.delivery_order_id.is_some()) {
        (true, false) => ctx.actor.roles.contains(&Role::Applicant),
        (false, true) => ctx.actor.roles.contains(&Role::Handler),
        _ => true, // refused below as invalid input
    };
    if !allowed {
        audit::record_denial(
            db,
            ctx,
            "output_request.submit",
            None,
            None,
            DenialReason::Role,
        )
        .await?;
        return Err(StoreError::forbidden());
    }
    let text = description(&input.description)?;
    let subject = subject(db, ctx, &input).await?;
    let thresholds = thresholds_for(check, subject.permit.as_ref())?;
    let files = check_files(input.files, check, &thresholds)?;
    let id = Uuid::now_v7();
    let keys = write_files(store, id, &files)?;
    let result = async {
        let txn = db.begin_write().await?;
        let status = worst(&files);
        output_request::Entity::insert(output_request::ActiveModel {
            id: Set(id),
            permit_id: Set(input.permit_id),
            delivery_order_id: Set(input.delivery_order_id),
            holder_id: Set(subject.holder_id.clone()),
            diary_number: Set(subject.diary_number.clone()),
            state: Set(OutputRequestState::Submitted.as_str().to_owned()),
            description: Set(text.clone()),
            submission: Set(1),
            status: Set(wire_name(status)),
            awaiting_second_approval: Set(false),
            reviewer_id: Set(None),
            reviewer_name: Set(None),
            second_approver_id: Set(None),
            second_approver_name: Set(None),
            overrides: Set(json!([])),
            decision_reason: Set(None),
            version: Set(1),
            created_at: Set(ctx.at),
            updated_at: Set(ctx.at),
        })
        .exec_without_returning(&txn)
        .await?;
        insert_submission(
            &txn,
            ctx,
            id,
            Submission {
                number: 1,
                description: &text,
                thresholds: &thresholds,
                files: &files,
                keys: &keys,
            },
        )
        .await?;
        event(&txn, ctx, id, None, OutputRequestState::Submitted, None).await?;
        audit::append(
            &txn,
            ctx,
            AuditEvent::success("output_request.submit", Some(role))
                .target("output_request", id.to_string())
                .details(json!({ "submission": 1, "status": status, "files": file_summary(&files), "thresholds": thresholds })),
        )
        .await?;
        let row = find_visible(&txn, ctx, role, id).await?;
        let view = load(&txn, role, row).await?;
        txn.commit().await?;
        Ok(view)
    }
    .await;
    if result.is_err() {
        keys.iter().for_each(|k| store.remove(k));
    }
    result
}

/// The holder submits a new version after changes were asked for; the earlier submission
/// and its files and reports stay.
#[tracing::instrument(skip_all, fields(output_request_id = %id, version = version))]
pub async fn resubmit(
    db: &Db,
    ctx: &CallContext,
    store: &AttachmentFiles,
    check: &OutputCheck,
    id: Uuid,
    version: i32,
    next: NewSubmission,
) -> Result<OutputRequest, StoreError> {
    let operation = Operation::SubmitOutputRequest;
    let target = AuditTarget::new("output_request", id);
    audit::guard(db, ctx, operation, "output_request.resubmit", &target, async {
        let NewSubmission {
            description: description_text,
            files,
        } = next;
        let role = audit::role_for(ctx, operation)?;
        let text = description(&description_text)?;
        let row = find_visible(db.conn(), ctx, role, id).await?;
        if row.version != version {
            return Err(StoreError::stale());
        }
        lifecycle::resubmit(state_of(&row)?).map_err(refusal)?;
        let permit = match row.permit_id {
            Some(p) => permit::Entity::find_by_id(p).one(db.conn()).await?,
            None => None,
        };
        let thresholds = thresholds_for(check, permit.as_ref())?;
        let checked = check_files(files, check, &thresholds)?;
        let keys = write_files(store, id, &checked)?;
        let result = async {
            let txn = db.begin_write().await?;
            let mut row = find_visible(&txn, ctx, role, id).await?;
            let from = state_of(&row)?;
            let to = lifecycle::resubmit(from).map_err(refusal)?;
            let number = row.submission + 1;
            row.state = to.as_str().to_owned();
            row.description = text.clone();
            row.submission = number;
            row.status = wire_name(worst(&checked));
            row.awaiting_second_approval = false;
            row.reviewer_id = None;
            row.reviewer_name = None;
            row.second_approver_id = None;
            row.second_approver_name = None;
            row.overrides = json!([]);
            row.decision_reason = None;
            let row = save(&txn, ctx, row, version).await?;
            insert_submission(
                &txn,
                ctx,
                id,
                Submission {
                    number,
                    description: &text,
                    thresholds: &thresholds,
                    files: &checked,
                    keys: &keys,
                },
            )
            .await?;
            event(&txn, ctx, id, Some(from), to, None).await?;
            audit::append(
                &txn,
                ctx,
                AuditEvent::success("output_request.resubmit", Some(role))
                    .target("output_request", id.to_string())
                    .details(json!({ "submission": number, "files": file_summary(&checked), "thresholds": thresholds })),
            )
            .await?;
            let view = load(&txn, role, row).await?;
            txn.commit().await?;
            Ok(view)
        }
        .await;
        if result.is_err() {
            keys.iter().for_each(|k| store.remove(k));
        }
        result
    })
    .await
}

/// Writes the changed row only if nobody changed it since `loaded_version`.
pub(super) async fn save<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    mut row: output_request::Model,
    loaded_version: i32,
) -> Result<output_request::Model, StoreError> {
    row.version = loaded_version + 1;
    row.updated_at = ctx.at;
    let active: output_request::ActiveModel = row.clone().into();
    let result = output_request::Entity::update_many()
        .set(active.reset_all())
        .filter(output_request::Column::Id.eq(row.id))
        .filter(output_request::Column::Version.eq(loaded_version))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::stale());
    }
    Ok(row)
}
