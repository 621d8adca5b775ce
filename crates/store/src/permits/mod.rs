//! Permits (DESIGN.md section 3): issued with a granted data-permit decision, changed by
//! granted amendments (the previous terms kept as a version), revoked by a director,
//! ended by the holder's confirmation of data destruction, and expired by the daily job
//! (and, when read, by the date alone).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use tietolupa_domain::MessageKey;
use tietolupa_domain::application::{FieldProblem, Processor, Purpose};
use tietolupa_domain::permit::{
    self as rules, AmendmentRequest, CombinedPermitFacts, Holder, PermitRefusal, PermitStatus,
    PermitTerms, effective_status,
};
use tietolupa_domain::{Operation, Role};
use tietolupa_entity::{application, decision, outbox_message, permit, permit_version};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::{self, AuditEvent, AuditTarget};
use crate::credentials::{self, CredentialEvent};
use crate::outbox::{self, notices};
use crate::{CallContext, Db, StoreError, public_register};

mod expiry;

pub use expiry::{ExpiryReport, run_expiry};

/// A permit as its holder and staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permit {
    pub id: Uuid,
    pub version: i32,
    pub application_id: Uuid,
    pub diary_number: Option<String>,
    pub decision_number: String,
    pub holder_id: String,
    pub holder_name: Option<String>,
    pub holder_organisation: Option<String>,
    pub holder_business_id: Option<String>,
    /// The organisation of the register holding the permit; none for a private person.
    pub holder_organisation_id: Option<Uuid>,
    pub purpose: Option<Purpose>,
    pub terms: PermitTerms,
    /// The status today (expiry derived from the date).
    pub status: PermitStatus,
    pub status_changed_at: Option<OffsetDateTime>,
    pub revocation_reason: Option<String>,
    pub data_destroyed_on: Option<Date>,
    pub combined_into: Option<Uuid>,
    /// The permit's own output-check thresholds (`PermitThresholds` as JSON), if any.
    pub output_check_thresholds: Option<serde_json::Value>,
    pub previous_versions: Vec<PermitVersion>,
    pub amendments: Vec<Amendment>,
}

/// Terms an amendment replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermitVersion {
    pub version: i32,
    pub terms: PermitTerms,
    pub replaced_at: OffsetDateTime,
    pub amendment_application_id: Option<Uuid>,
    pub amendment_decision_number: Option<String>,
}

/// An amendment application of the permit, decided or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    pub application_id: Uuid,
    pub diary_number: Option<String>,
    pub state: String,
    pub decision_number: Option<String>,
    pub decided_on: Option<Date>,
    pub outcome: Option<String>,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(format!(
        "unreadable {what} in a permit row"
    )))
}

pub(crate) fn terms(row: &permit::Model) -> Result<PermitTerms, StoreError> {
    Ok(PermitTerms {
        processors: serde_json::from_value(row.processors.clone())
            .map_err(|_| corrupt("processors"))?,
        processing_environment_id: row.processing_environment_id,
        granted_data_source_ids: serde_json::from_value(row.granted_data_source_ids.clone())
            .map_err(|_| corrupt("data sources"))?,
        valid_from: row.valid_from,
        valid_until: row.valid_until,
    })
}

/// The permit's holder: its organisation, or the private person.
fn holder(row: &permit::Model) -> Holder<'_> {
    Holder::of(&row.holder_id, row.holder_organisation_id)
}

pub(crate) fn stored_status(row: &permit::Model) -> Result<PermitStatus, StoreError> {
    PermitStatus::parse(&row.status).ok_or_else(|| corrupt("status"))
}

fn refusal(e: PermitRefusal) -> StoreError {
    match e {
        PermitRefusal::Invalid { field, message } => StoreError::validation(field, message),
        other => StoreError::InvalidTransition {
            message: other.message(),
        },
    }
}

/// The permit a caller may see: its holder, or staff. Others are told it does not exist,
/// and the refusal is audited. A staff read is audited too: the permit names its holder
/// and the persons who process the data. The holder's own reads are not.
#[tracing::instrument(skip_all, fields(permit_id = %id))]
pub async fn get(db: &Db, ctx: &CallContext, id: Uuid) -> Result<Permit, StoreError> {
    let operation = Operation::ViewPermit;
    let target = AuditTarget::new("permit", id);
    let (role, permit) = audit::guard(db, ctx, operation, READ, &target, async {
        let role = audit::role_for(ctx, operation)?;
        let row = find_visible(db.conn(), ctx, role, id).await?;
        Ok((role, load(db.conn(), row, ctx.today()).await?))
    })
    .await?;
    if role.is_staff() {
        let txn = db.begin_write().await?;
        audit::append(
            &txn,
            ctx,
            AuditEvent::success(READ, Some(role)).target("permit", id.to_string()),
        )
        .await?;
        txn.commit().await?;
    }
    Ok(permit)
}

const READ: &str = "permit.read";

/// The permit as staff see it, without a read entry: for a command that has just audited
/// its change.
pub(crate) async fn get_unaudited(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
) -> Result<Permit, StoreError> {
    let row = permit::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or(StoreError::NotFound { entity: "permit" })?;
    load(db.conn(), row, ctx.today()).await
}

/// The permit issued on an application, as of the caller's today. For the details of an
/// application the caller was already allowed to read.
pub async fn for_application(
    db: &Db,
    ctx: &CallContext,
    application_id: Uuid,
) -> Result<Option<Permit>, StoreError> {
    match permit::Entity::find()
        .filter(permit::Column::ApplicationId.eq(application_id))
        .one(db.conn())
        .await?
    {
        Some(row) => Ok(Some(load(db.conn(), row, ctx.today()).await?)),
        None => Ok(None),
    }
}

async fn find_visible<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    role: Role,
    id: Uuid,
) -> Result<permit::Model, StoreError> {
    let row = permit::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound { entity: "permit" })?;
    if role == Role::Applicant && row.holder_id != ctx.actor.id {
        return Err(StoreError::NotFound { entity: "permit" });
    }
    Ok(row)
}

async fn load<C: ConnectionTrait>(
    conn: &C,
    row: permit::Model,
    today: Date,
) -> Result<Permit, StoreError> {
    let application = application::Entity::find_by_id(row.application_id)
        .one(conn)
        .await?;
    let decision = decision::Entity::find_by_id(row.decision_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound { entity: "decision" })?;
    let versions = permit_version::Entity::find()
        .filter(permit_version::Column::PermitId.eq(row.id))
        .order_by_asc(permit_version::Column::Version)
        .all(conn)
        .await?;
    let amendment_rows = application::Entity::find()
        .filter(application::Column::PermitId.eq(row.id))
        .order_by_asc(application::Column::CreatedAt)
        .all(conn)
        .await?;
    let amendment_ids: Vec<Uuid> = amendment_rows.iter().map(|a| a.id).collect();
    let decisions = decision::Entity::find()
        .filter(decision::Column::ApplicationId.is_in(amendment_ids))
        .all(conn)
        .await?;
    let stored = stored_status(&row)?;
    Ok(Permit {
        id: row.id,
        version: row.version,
        application_id: row.application_id,
        diary_number: application.and_then(|a| a.diary_number),
        decision_number: decision.decision_number,
        holder_id: row.holder_id.clone(),
        holder_name: row.holder_name.clone(),
        holder_organisation: row.holder_organisation.clone(),
        holder_business_id: row.holder_business_id.clone(),
        holder_organisation_id: row.holder_organisation_id,
        purpose: row.purpose.as_deref().and_then(Purpose::parse),
        terms: terms(&row)?,
        status: effective_status(stored, row.valid_until, today),
        status_changed_at: row.status_changed_at,
        revocation_reason: row.revocation_reason.clone(),
        data_destroyed_on: row.data_destroyed_on,
        combined_into: row.combined_into,
        output_check_thresholds: row.output_check_thresholds.clone(),
        previous_versions: versions
            .into_iter()
            .map(|v| {
                Ok(PermitVersion {
                    version: v.version,
                    terms: serde_json::from_value(v.terms).map_err(|_| corrupt("version"))?,
                    replaced_at: v.replaced_at,
                    amendment_application_id: v.amendment_application_id,
                    amendment_decision_number: v.amendment_decision_number,
                })
            })
            .collect::<Result<_, StoreError>>()?,
        amendments: amendment_rows
            .into_iter()
            .map(|a| {
                let d = decisions.iter().find(|d| d.application_id == a.id);
                Amendment {
                    application_id: a.id,
                    diary_number: a.diary_number,
                    state: a.state,
                    decision_number: d.map(|d| d.decision_number.clone()),
                    decided_on: d.map(|d| d.decided_on),
                    outcome: d.map(|d| d.outcome.clone()),
                }
            })
            .collect(),
    })
}

/// Writes the changed permit only if nobody changed it since `loaded_version`.
async fn save<C: ConnectionTrait>(
    conn: &C,
    mut row: permit::Model,
    loaded_version: i32,
    at: OffsetDateTime,
) -> Result<permit::Model, StoreError> {
    row.version = loaded_version + 1;
    row.updated_at = at;
    let active: permit::ActiveModel = row.clone().into();
    let result = permit::Entity::update_many()
        .set(active.reset_all())
        .filter(permit::Column::Id.eq(row.id))
        .filter(permit::Column::Version.eq(loaded_version))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::stale());
    }
    public_register::refresh_permit(conn, &row).await?;
    Ok(row)
}

/// A director revokes an active permit, with a reason; the holder is notified through
/// the outbox.
#[tracing::instrument(skip_all, fields(permit_id = %id, version = version))]
pub async fn revoke(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    reason: String,
) -> Result<Permit, StoreError> {
    let operation = Operation::RevokePermit;
    let target = AuditTarget::new("permit", id);
    audit::guard(db, ctx, operation, "permit.revoke", &target, async {
        let role = audit::role_for(ctx, operation)?;
        let reason = reason.trim().to_owned();
        if reason.chars().count() > tietolupa_domain::application::content::MAX_TEXT {
            return Err(StoreError::validation("reason", MessageKey::TooLong));
        }
        let txn = db.begin_write().await?;
        let mut row = find_visible(&txn, ctx, role, id).await?;
        if row.version != version {
            return Err(StoreError::stale());
        }
        rules::check_revocation(stored_status(&row)?, row.valid_until, ctx.today(), &reason)
            .map_err(refusal)?;
        row.status = PermitStatus::Revoked.as_str().to_owned();
        row.status_changed_at = Some(ctx.at);
        row.revoked_by = Some(ctx.actor.id.clone());
        row.revocation_reason = Some(reason.clone());
        let row = save(&txn, row, version, ctx.at).await?;
        // The reason is read in the service, not in the message (free text stays inside).
        let granted_on = application::Entity::find_by_id(row.application_id)
            .one(&txn)
            .await?;
        let notice = notices::permit_revoked(&row, granted_on.as_ref(), ctx.today());
        outbox::queue(&txn, ctx.at, notice).await?;
        // The permit's data is no longer to be delivered: its open orders end with it.
        crate::delivery::orders::cancel_open_of_permit(&txn, ctx, Some(role), row.id, &reason)
            .await?;
        credentials::issue(&txn, db, ctx, &row, CredentialEvent::Revocation).await?;
        let documents = crate::documents::on_revocation(&txn, ctx, &row).await?;
        audit::append(
            &txn,
            ctx,
            AuditEvent::success("permit.revoke", Some(role))
                .target("permit", row.id.to_string())
                .reason(reason)
                .details(serde_json::json!({ "documents": documents.audit() })),
        )
        .await?;
        let permit = load(&txn, row, ctx.today()).await?;
        txn.commit().await?;
        Ok(permit)
    })
    .await
}

/// The holder (or staff) confirms the permitted data was destroyed on `destroyed_on`.
#[tracing::instrument(skip_all, fields(permit_id = %id, version = version))]
pub async fn confirm_data_destruction(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    destroyed_on: Date,
) -> Result<Permit, StoreError> {
    let operation = Operation::ConfirmDataDestruction;
    let target = AuditTarget::new("permit", id);
    audit::guard(
        db,
        ctx,
        operation,
        "permit.confirm_data_destruction",
        &target,
        async {
            let role = audit::role_for(ctx, operation)?;
            let txn = db.begin_write().await?;
            let mut row = find_visible(&txn, ctx, role, id).await?;
            if row.version != version {
                return Err(StoreError::stale());
            }
            rules::check_destruction(
                stored_status(&row)?,
                row.valid_from,
                destroyed_on,
                ctx.today(),
            )
            .map_err(refusal)?;
            row.status = PermitStatus::DataDestroyed.as_str().to_owned();
            row.status_changed_at = Some(ctx.at);
            row.data_destroyed_on = Some(destroyed_on);
            row.destruction_confirmed_by = Some(ctx.actor.id.clone());
            let row = save(&txn, row, version, ctx.at).await?;
            credentials::issue(&txn, db, ctx, &row, CredentialEvent::DataDestruction).await?;
            audit::append(
                &txn,
                ctx,
                AuditEvent::success("permit.confirm_data_destruction", Some(role))
                    .target("permit", row.id.to_string())
                    .details(serde_json::json!({ "destroyedOn": destroyed_on.to_string() })),
            )
            .await?;
            let permit = load(&txn, row, ctx.today()).await?;
            txn.commit().await?;
            Ok(permit)
        },
    )
    .await
}

/// What the deciding transaction knows about a granted data permit.
pub(crate) struct Issue<'a> {
    pub application: &'a application::Model,
    pub decision_id: Uuid,
    pub processors: &'a [Processor],
    pub granted_data_source_ids: &'a [Uuid],
    pub valid_from: Date,
    pub valid_until: Date,
}

/// Issues the permit of a granted data permit, in the deciding transaction.
pub(crate) async fn issue(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    issue: Issue<'_>,
) -> Result<permit::Model, StoreError> {
    let app = issue.application;
    let row = permit::Model {
        id: Uuid::now_v7(),
        application_id: app.id,
        decision_id: issue.decision_id,
        holder_id: app.applicant_id.clone(),
        holder_name: app.applicant_name.clone(),
        holder_organisation: app.organisation_name.clone(),
        holder_business_id: app.business_id.clone(),
        holder_organisation_id: app.organisation_id,
        purpose: app.purpose.clone(),
        processors: serde_json::to_value(issue.processors).expect("processors serialise"),
        processing_environment_id: app.processing_environment_id,
        granted_data_source_ids: serde_json::json!(issue.granted_data_source_ids),
        valid_from: issue.valid_from,
        valid_until: issue.valid_until,
        status: PermitStatus::Active.as_str().to_owned(),
        status_changed_at: None,
        revoked_by: None,
        revocation_reason: None,
        data_destroyed_on: None,
        destruction_confirmed_by: None,
        combined_into: None,
        output_check_thresholds: None,
        version: 1,
        created_at: ctx.at,
        updated_at: ctx.at,
    };
    let active: permit::ActiveModel = row.clone().into();
    active.reset_all().insert(txn).await?;
    Ok(row)
}

/// The permit an amendment refers to, with what the amendment rules need. Only the
/// holder's own permits are found.
pub(crate) async fn for_amendment<C: ConnectionTrait>(
    conn: &C,
    holder_id: &str,
    permit_id: Uuid,
) -> Result<permit::Model, StoreError> {
    permit::Entity::find_by_id(permit_id)
        .one(conn)
        .await?
        .filter(|p| p.holder_id == holder_id)
        .ok_or(StoreError::NotFound { entity: "permit" })
}

/// Every problem with an amendment against the permit as it is now.
pub(crate) async fn check_amendment<C: ConnectionTrait>(
    conn: &C,
    permit: &permit::Model,
    request: &AmendmentRequest,
    today: Date,
) -> Result<(), StoreError> {
    let problems = amendment_problems(conn, permit, request, today).await?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(problems))
    }
}

pub(crate) async fn amendment_problems<C: ConnectionTrait>(
    conn: &C,
    permit: &permit::Model,
    request: &AmendmentRequest,
    today: Date,
) -> Result<Vec<FieldProblem>, StoreError> {
    let mut combined = Vec::new();
    for id in &request.combine_permit_ids {
        if let Some(other) = permit::Entity::find_by_id(*id).one(conn).await? {
            combined.push(CombinedPermitFacts {
                id: other.id,
                same_holder: holder(&other) == holder(permit),
                same_purpose: other.purpose == permit.purpose,
                status: effective_status(stored_status(&other)?, other.valid_until, today),
            });
        }
    }
    let status = effective_status(stored_status(permit)?, permit.valid_until, today);
    let mut problems = rules::validate_amendment(
        request,
        &terms(permit)?,
        status,
        &combined,
        permit.id,
        today,
    );
    if let Some(env) = request.new_environment_id {
        match crate::environments::find(conn, env).await? {
            None => problems.push(FieldProblem::new(
                "amendment.newEnvironmentId",
                MessageKey::NotInEnvironmentRegister,
            )),
            Some(e) => {
                if let Err(reason) = e.facts().usable_on(today) {
                    problems.push(FieldProblem::new("amendment.newEnvironmentId", reason));
                }
            }
        }
    }
    Ok(problems)
}

/// What the deciding transaction knows about a granted amendment.
pub(crate) struct Amending<'a> {
    pub permit_id: Uuid,
    pub amendment_application_id: Uuid,
    pub decision_number: &'a str,
    pub request: &'a AmendmentRequest,
}

/// Applies a granted amendment in its deciding transaction: the previous terms become a
/// version linked to the amendment's decision; combined permits end as `COMBINED`. Each
/// permit changed gets its own audit entry, so a permit's trail names every change.
pub(crate) async fn amend(
    txn: &DatabaseTransaction,
    ctx: &CallContext,
    role: Role,
    amending: Amending<'_>,
) -> Result<permit::Model, StoreError> {
    let Amending {
        permit_id,
        amendment_application_id,
        decision_number,
        request,
    } = amending;
    let row = permit::Entity::find_by_id(permit_id)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound { entity: "permit" })?;
    check_amendment(txn, &row, request, ctx.today()).await?;
    let before = terms(&row)?;
    let mut others = Vec::new();
    for id in &request.combine_permit_ids {
        let other = permit::Entity::find_by_id(*id)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound { entity: "permit" })?;
        others.push(other);
    }
    let other_terms: Vec<PermitTerms> = others.iter().map(terms).collect::<Result<_, _>>()?;
    let after = rules::apply_amendment(&before, request, &other_terms);
    permit_version::Entity::insert(permit_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        permit_id: Set(row.id),
        version: Set(row.version),
        terms: Set(serde_json::to_value(&before).expect("terms serialise")),
        replaced_at: Set(ctx.at),
        amendment_application_id: Set(Some(amendment_application_id)),
        amendment_decision_number: Set(Some(decision_number.to_owned())),
    })
    .exec_without_returning(txn)
    .await?;
    let loaded = row.version;
    let mut next = row;
    next.processors = serde_json::to_value(&after.processors).expect("processors serialise");
    next.processing_environment_id = after.processing_environment_id;
    next.granted_data_source_ids = serde_json::json!(after.granted_data_source_ids);
    next.valid_until = after.valid_until;
    let next = save(txn, next, loaded, ctx.at).await?;
    let changes: Vec<&str> = request.changes.iter().map(|c| c.as_str()).collect();
    audit::append(
        txn,
        ctx,
        AuditEvent::success("permit.amend", Some(role))
            .target("permit", next.id.to_string())
            .details(serde_json::json!({
                "amendment": amendment_application_id.to_string(),
                "decisionNumber": decision_number,
                "changes": changes,
            })),
    )
    .await?;
    for mut other in others {
        let loaded = other.version;
        other.status = PermitStatus::Combined.as_str().to_owned();
        other.status_changed_at = Some(ctx.at);
        other.combined_into = Some(next.id);
        let other = save(txn, other, loaded, ctx.at).await?;
        audit::append(
            txn,
            ctx,
            AuditEvent::success("permit.combine", Some(role))
                .target("permit", other.id.to_string())
                .details(serde_json::json!({
                    "combinedInto": next.id.to_string(),
                    "decisionNumber": decision_number,
                })),
        )
        .await?;
    }
    Ok(next)
}

/// Messages waiting in the outbox for a recipient (for delivery, and for tests).
pub async fn outbox_for(db: &Db, recipient_id: &str) -> Result<Vec<serde_json::Value>, StoreError> {
    Ok(outbox_message::Entity::find()
        .filter(outbox_message::Column::RecipientId.eq(recipient_id))
        .order_by_asc(outbox_message::Column::CreatedAt)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|m| serde_json::json!({ "kind": m.kind, "payload": m.payload }))
        .collect())
}
