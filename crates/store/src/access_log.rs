//! `myAccessLog`: a person's own view of the audit log (issue 20 §3). A citizen sees which
//! staff roles read or handled the objections about them; an applicant sees the same for
//! their applications. What is shown, and as whom, is decided by
//! [`tietolupa_domain::access_log`].
//!
//! The owner's own read of their log is not audited: it shows only their own data, and
//! auditing it would put an entry about the owner into the very log they are reading.

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tietolupa_domain::access_log::{self, AccessKind, AccessorOrganisation};
use tietolupa_domain::{AuditOutcome, Operation, Role};
use tietolupa_entity::{application, audit_entry};
use tietolupa_objection_crypto::ObjectionCrypto;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{self, AuditTarget};
use crate::page::{self, Page};
use crate::{CallContext, Db, StoreError};

/// Whose data an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessSubject {
    Objection(Uuid),
    Application(Uuid),
}

/// One staff action on the caller's data, as the caller is shown it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLogEntry {
    /// The entry's position in the audit log; its Merkle leaf index is `seq - 1`.
    pub seq: i64,
    pub occurred_at: OffsetDateTime,
    pub action: String,
    pub kind: AccessKind,
    pub role: Role,
    pub organisation: AccessorOrganisation,
    pub subject: AccessSubject,
    /// The reason the staff member gave, where the action asks for one (objection reads).
    pub reason: Option<String>,
}

/// Narrows [`mine`] to one of the caller's applications.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccessLogFilter {
    pub application_id: Option<Uuid>,
}

const ACTION: &str = "access_log.read";

/// The caller's access log, newest first, `first` at a time, before `before_seq`. Asking
/// for an application that is not the caller's is refused as NOT_FOUND and audited like
/// any other refusal.
#[tracing::instrument(skip_all, fields(first = first, before_seq = ?before_seq))]
pub async fn mine(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
    filter: AccessLogFilter,
    first: u64,
    before_seq: Option<i64>,
) -> Result<Page<AccessLogEntry>, StoreError> {
    let operation = Operation::ViewOwnAccessLog;
    match filter.application_id {
        Some(id) => {
            let target = AuditTarget::new("application", id);
            audit::guard(db, ctx, operation, ACTION, &target, async {
                audit::role_for(ctx, operation)?;
                read(db, crypto, ctx, filter, first, before_seq).await
            })
            .await
        }
        None => {
            audit::authorize(db, ctx, operation, ACTION).await?;
            read(db, crypto, ctx, filter, first, before_seq).await
        }
    }
}

async fn read(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
    filter: AccessLogFilter,
    first: u64,
    before_seq: Option<i64>,
) -> Result<Page<AccessLogEntry>, StoreError> {
    let owner = ctx.actor.id.as_str();
    let applications: Vec<Uuid> = if ctx.actor.has_role(Role::Applicant) {
        let mut query = application::Entity::find()
            .select_only()
            .column(application::Column::Id)
            .filter(application::Column::ApplicantId.eq(owner));
        if let Some(id) = filter.application_id {
            query = query.filter(application::Column::Id.eq(id));
        }
        query.into_tuple().all(db.conn()).await?
    } else {
        Vec::new()
    };
    let objections: Vec<Uuid> =
        if ctx.actor.has_role(Role::Citizen) && filter.application_id.is_none() {
            crate::objections::ids_about_caller(db.conn(), crypto, ctx).await?
        } else {
            Vec::new()
        };
    if filter.application_id.is_some() && applications.is_empty() {
        // Not the caller's application, or none at all: to them it does not exist.
        return Err(StoreError::NotFound {
            entity: "application",
        });
    }
    if applications.is_empty() && objections.is_empty() {
        return Ok(Page {
            items: Vec::new(),
            has_next: false,
        });
    }
    let ids = |list: &[Uuid]| list.iter().map(Uuid::to_string).collect::<Vec<_>>();
    let mut subjects = Condition::any();
    if !applications.is_empty() {
        subjects = subjects.add(
            Condition::all()
                .add(audit_entry::Column::TargetType.eq("application"))
                .add(audit_entry::Column::TargetId.is_in(ids(&applications))),
        );
    }
    if !objections.is_empty() {
        subjects = subjects.add(
            Condition::all()
                .add(audit_entry::Column::TargetType.eq("objection"))
                .add(audit_entry::Column::TargetId.is_in(ids(&objections))),
        );
    }
    let mut query = audit_entry::Entity::find()
        .filter(subjects)
        .filter(audit_entry::Column::Outcome.eq(AuditOutcome::Success.as_str()))
        .filter(audit_entry::Column::ActorId.ne(owner))
        .filter(audit_entry::Column::ActorRole.is_in(staff_roles()));
    if let Some(seq) = before_seq {
        query = query.filter(audit_entry::Column::Seq.lt(seq));
    }
    let rows = page::fetch(
        query.order_by_desc(audit_entry::Column::Seq),
        db.conn(),
        first,
    )
    .await?;
    // The query has already kept only what the domain's rule shows; a row that still
    // fails it holds a value no writer stores, and stays out.
    Ok(Page {
        items: rows
            .items
            .into_iter()
            .filter_map(|row| to_entry(owner, row))
            .collect(),
        has_next: rows.has_next,
    })
}

fn staff_roles() -> Vec<&'static str> {
    Role::ALL
        .into_iter()
        .filter(|role| role.is_staff())
        .map(Role::as_str)
        .collect()
}

fn to_entry(owner: &str, row: audit_entry::Model) -> Option<AccessLogEntry> {
    let outcome = AuditOutcome::parse(&row.outcome)?;
    let role =
        access_log::shown_to_owner(owner, &row.actor_id, row.actor_role.as_deref(), outcome)?;
    let id = Uuid::parse_str(row.target_id.as_deref()?).ok()?;
    let subject = match row.target_type.as_deref()? {
        "application" => AccessSubject::Application(id),
        "objection" => AccessSubject::Objection(id),
        _ => return None,
    };
    Some(AccessLogEntry {
        seq: row.seq,
        occurred_at: row.occurred_at,
        kind: access_log::access_kind(&row.action),
        action: row.action,
        organisation: access_log::organisation_of(role)?,
        role,
        subject,
        reason: row.reason,
    })
}
