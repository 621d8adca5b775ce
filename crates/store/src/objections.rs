//! The objection registry (DESIGN.md section 5): filing, recording, withdrawing and
//! reading objections, each in one transaction with its audit entry.
//!
//! Identity codes enter as strings from tokens or input, are parsed into
//! [`Hetu`](tietolupa_domain::Hetu) at once, and are stored only as blind indexes and
//! ciphertexts. Audit entries name the objection id and, where a person is involved, the
//! blind index; never the code. Responses carry only the masked code (`DDMMYYC****`).

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement,
};
use serde::Serialize;
use tietolupa_domain::objection::{
    self, Channel, IdentityVerification, ObjectionRuleError, ObjectionStatus, RepresentationBasis,
};
use tietolupa_domain::{Hetu, HetuPolicy, Operation, Role};
use tietolupa_entity::{audit_entry, objection as row};
use tietolupa_registry::{BlindIndex, ObjectorSet, PackedCodes, Registry, SealedCode};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError, violated_constraint};

const TARGET: &str = "objection";

/// An objection as shown to whoever may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectionView {
    pub id: Uuid,
    /// Birth-date part only, e.g. `010180-****`.
    pub masked_identity_code: String,
    #[serde(serialize_with = "wire")]
    pub status: ObjectionStatus,
    #[serde(serialize_with = "wire")]
    pub channel: Channel,
    #[serde(serialize_with = "wire_opt")]
    pub representation_basis: Option<RepresentationBasis>,
    #[serde(serialize_with = "wire")]
    pub identity_verification: IdentityVerification,
    pub received_on: Date,
    pub processed_on: Date,
    pub withdrawn_on: Option<Date>,
    pub version: i32,
    pub created_at: OffsetDateTime,
}

fn wire<S: serde::Serializer, T: std::fmt::Display>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

fn wire_opt<S: serde::Serializer, T: std::fmt::Display>(
    value: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

/// The result of filing or recording: the objection, and whether it is new.
#[derive(Debug, Clone)]
pub struct Filed {
    pub objection: ObjectionView,
    /// False when an objection was already in force and is returned as it was.
    pub created: bool,
}

/// A citizen's filing in the e-service.
#[derive(Debug, Clone, Default)]
pub struct FileObjection {
    /// For a represented person: their code and the basis. `None` files for the caller.
    pub represented: Option<(String, RepresentationBasis)>,
}

/// What a clerk records from a letter or a visit.
#[derive(Debug, Clone)]
pub struct RecordObjection {
    pub identity_code: String,
    pub channel: Channel,
    pub identity_verification: IdentityVerification,
    pub received_on: Date,
    /// Defaults to today in Finland.
    pub processed_on: Option<Date>,
    /// When a representative filed it: the basis and, if given, their code.
    pub representation: Option<(RepresentationBasis, Option<String>)>,
}

/// A person's code and what is stored for it.
struct Protected {
    index: BlindIndex,
    sealed: SealedCode,
}

struct NewObjection {
    person: Hetu,
    representative: Option<(Hetu, RepresentationBasis)>,
    /// A basis without a known representative code (a clerk recording a letter).
    basis_only: Option<RepresentationBasis>,
    channel: Channel,
    verification: IdentityVerification,
    received_on: Date,
    processed_on: Date,
}

fn parse_code(code: &str, field: &str, policy: HetuPolicy) -> Result<Hetu, StoreError> {
    Hetu::parse(code, policy).map_err(|e| StoreError::validation(field, e.to_string()))
}

/// The caller's own code, from the token's `hetu` claim.
fn caller_code(ctx: &CallContext, policy: HetuPolicy) -> Result<Hetu, StoreError> {
    let claim = ctx.actor.identity_code.as_ref().ok_or_else(|| {
        StoreError::validation("token.hetu", "the token carries no personal identity code")
    })?;
    parse_code(claim.expose(), "token.hetu", policy)
}

fn rule(e: ObjectionRuleError) -> StoreError {
    StoreError::validation(e.field(), e.to_string())
}

fn context(id: Uuid, column: &str) -> Vec<u8> {
    let mut context = String::with_capacity(64);
    write_context(&mut context, id, column);
    context.into_bytes()
}

/// The associated data that binds a sealed code to its row and column.
fn write_context(out: &mut String, id: Uuid, column: &str) {
    use std::fmt::Write;
    let _ = write!(out, "tietolupa/objection/{id}/{column}");
}

fn protect(registry: &Registry, id: Uuid, column: &str, hetu: &Hetu) -> Protected {
    Protected {
        index: registry.keys.blind_index(hetu),
        sealed: registry.keys.seal(hetu, &context(id, column)),
    }
}

/// Rows whose person (or representative) blind index is any of `indexes`.
fn matching(
    key_column: row::Column,
    index_column: row::Column,
    indexes: &[BlindIndex],
) -> Condition {
    indexes.iter().fold(Condition::any(), |any, index| {
        any.add(
            Condition::all()
                .add(key_column.eq(index.key_id.as_str()))
                .add(index_column.eq(index.to_hex())),
        )
    })
}

fn person_matches(indexes: &[BlindIndex]) -> Condition {
    matching(
        row::Column::PersonIndexKeyId,
        row::Column::PersonBlindIndex,
        indexes,
    )
}

fn representative_matches(indexes: &[BlindIndex]) -> Condition {
    matching(
        row::Column::RepresentativeIndexKeyId,
        row::Column::RepresentativeBlindIndex,
        indexes,
    )
}

fn view(registry: &Registry, model: &row::Model) -> Result<ObjectionView, StoreError> {
    let sealed = SealedCode {
        key_id: model.person_code_key_id.clone(),
        bytes: model.person_code_ciphertext.clone(),
    };
    let person = registry
        .keys
        .open(
            &sealed,
            &context(model.id, "person"),
            HetuPolicy::ALLOW_TEMPORARY,
        )
        .map_err(|e| {
            tracing::error!(objection_id = %model.id, error = %e, "cannot decrypt an identity code");
            StoreError::Conflict {
                message: "the stored identity code cannot be read".to_owned(),
            }
        })?;
    let corrupt = |column: &str| {
        tracing::error!(objection_id = %model.id, column, "unknown stored value");
        StoreError::Conflict {
            message: "the stored objection is corrupt".to_owned(),
        }
    };
    Ok(ObjectionView {
        id: model.id,
        masked_identity_code: person.masked(),
        status: ObjectionStatus::parse(&model.status).ok_or_else(|| corrupt("status"))?,
        channel: Channel::parse(&model.channel).ok_or_else(|| corrupt("channel"))?,
        representation_basis: match &model.representation_basis {
            Some(b) => {
                Some(RepresentationBasis::parse(b).ok_or_else(|| corrupt("representation_basis"))?)
            }
            None => None,
        },
        identity_verification: IdentityVerification::parse(&model.identity_verification)
            .ok_or_else(|| corrupt("identity_verification"))?,
        received_on: model.received_on,
        processed_on: model.processed_on,
        withdrawn_on: model.withdrawn_on,
        version: model.version,
        created_at: model.created_at,
    })
}

async fn in_force_for<C: ConnectionTrait>(
    conn: &C,
    registry: &Registry,
    person: &Hetu,
) -> Result<Option<row::Model>, StoreError> {
    Ok(row::Entity::find()
        .filter(person_matches(&registry.keys.all_blind_indexes(person)))
        .filter(row::Column::Status.eq(ObjectionStatus::InForce.as_str()))
        .one(conn)
        .await?)
}

/// Inserts the objection unless one is in force for the person; idempotent and safe under
/// concurrency (the partial unique index `objection_in_force_key` settles races).
async fn insert_or_existing(
    db: &Db,
    registry: &Registry,
    ctx: &CallContext,
    role: Role,
    action: &'static str,
    new: NewObjection,
) -> Result<Filed, StoreError> {
    for _attempt in 0..2 {
        let txn = db.begin_write().await?;
        let person_index = registry.keys.blind_index(&new.person);
        if let Some(existing) = in_force_for(&txn, registry, &new.person).await? {
            audit::append(
                &txn,
                ctx,
                AuditEvent::success(action, Some(role))
                    .target(TARGET, existing.id.to_string())
                    .details(serde_json::json!({
                        "person": person_index.tagged(),
                        "alreadyInForce": true,
                    })),
            )
            .await?;
            txn.commit().await?;
            return Ok(Filed {
                objection: view(registry, &existing)?,
                created: false,
            });
        }
        let id = Uuid::now_v7();
        let now = ctx.at;
        let person = protect(registry, id, "person", &new.person);
        let representative = new
            .representative
            .as_ref()
            .map(|(hetu, _)| protect(registry, id, "representative", hetu));
        let basis = new.representative.map(|(_, b)| b).or(new.basis_only);
        let model = row::ActiveModel {
            id: Set(id),
            person_index_key_id: Set(person.index.key_id.clone()),
            person_blind_index: Set(person.index.to_hex()),
            person_code_key_id: Set(person.sealed.key_id),
            person_code_ciphertext: Set(person.sealed.bytes),
            channel: Set(new.channel.as_str().to_owned()),
            representation_basis: Set(basis.map(|b| b.as_str().to_owned())),
            representative_index_key_id: Set(representative
                .as_ref()
                .map(|r| r.index.key_id.clone())),
            representative_blind_index: Set(representative.as_ref().map(|r| r.index.to_hex())),
            representative_code_key_id: Set(representative
                .as_ref()
                .map(|r| r.sealed.key_id.clone())),
            representative_code_ciphertext: Set(representative.map(|r| r.sealed.bytes)),
            identity_verification: Set(new.verification.as_str().to_owned()),
            received_on: Set(new.received_on),
            processed_on: Set(new.processed_on),
            status: Set(ObjectionStatus::InForce.as_str().to_owned()),
            withdrawn_on: Set(None),
            withdrawn_at: Set(None),
            withdrawn_by: Set(None),
            filed_by: Set(ctx.actor.id.clone()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        };
        match row::Entity::insert(model)
            .exec_without_returning(&txn)
            .await
        {
            Ok(_) => {}
            Err(e) => {
                if violated_constraint(&txn, &e).await.as_deref() == Some("objection_in_force_key")
                {
                    // Another filing for the same person won the race: return theirs.
                    drop(txn);
                    continue;
                }
                return Err(e.into());
            }
        }
        audit::append(
            &txn,
            ctx,
            AuditEvent::success(action, Some(role))
                .target(TARGET, id.to_string())
                .details(serde_json::json!({
                    "person": person.index.tagged(),
                    "channel": new.channel.as_str(),
                    "representationBasis": basis.map(|b| b.as_str()),
                })),
        )
        .await?;
        let model = row::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound { entity: TARGET })?;
        txn.commit().await?;
        tracing::info!(objection_id = %id, action, "objection in force");
        return Ok(Filed {
            objection: view(registry, &model)?,
            created: true,
        });
    }
    Err(StoreError::Conflict {
        message: "the objection changed concurrently; try again".to_owned(),
    })
}

/// `fileObjection`: a citizen files for themselves (the token's code) or, with a basis,
/// for a person they represent. Idempotent.
pub async fn file(
    db: &Db,
    registry: &Registry,
    ctx: &CallContext,
    input: FileObjection,
) -> Result<Filed, StoreError> {
    let role = audit::authorize(db, ctx, Operation::FileObjection, "objection.file").await?;
    let caller = caller_code(ctx, registry.policy)?;
    let today = ctx.today();
    let (person, representative) = match input.represented {
        None => (caller, None),
        Some((code, basis)) => {
            let person = parse_code(&code, "identityCode", registry.policy)?;
            objection::check_representation(Some(&caller), &person, basis, today).map_err(rule)?;
            (person, Some((caller, basis)))
        }
    };
    let new = NewObjection {
        person,
        representative,
        basis_only: None,
        channel: Channel::EService,
        verification: objection::verification_for(Channel::EService),
        received_on: today,
        processed_on: today,
    };
    insert_or_existing(db, registry, ctx, role, "objection.file", new).await
}

/// `recordObjection`: a clerk records an objection received by post or in person.
/// Idempotent like filing.
pub async fn record(
    db: &Db,
    registry: &Registry,
    ctx: &CallContext,
    input: RecordObjection,
) -> Result<Filed, StoreError> {
    let role = audit::authorize(db, ctx, Operation::RecordObjection, "objection.record").await?;
    let today = ctx.today();
    let processed_on = input.processed_on.unwrap_or(today);
    let person = parse_code(&input.identity_code, "identityCode", registry.policy)?;
    objection::check_recorded(
        input.channel,
        input.identity_verification,
        input.received_on,
        processed_on,
        today,
    )
    .map_err(rule)?;
    let (representative, basis_only) = match input.representation {
        None => (None, None),
        Some((basis, code)) => {
            let representative = code
                .map(|c| parse_code(&c, "representativeIdentityCode", registry.policy))
                .transpose()?;
            objection::check_representation(representative.as_ref(), &person, basis, today)
                .map_err(rule)?;
            match representative {
                Some(r) => (Some((r, basis)), None),
                None => (None, Some(basis)),
            }
        }
    };
    let new = NewObjection {
        person,
        representative,
        basis_only,
        channel: input.channel,
        verification: input.identity_verification,
        received_on: input.received_on,
        processed_on,
    };
    insert_or_existing(db, registry, ctx, role, "objection.record", new).await
}

/// Whether the citizen is the objection's person or their representative.
fn owned_by(model: &row::Model, indexes: &[BlindIndex]) -> bool {
    indexes.iter().any(|i| {
        (model.person_index_key_id == i.key_id && model.person_blind_index == i.to_hex())
            || (model.representative_index_key_id.as_deref() == Some(i.key_id.as_str())
                && model.representative_blind_index.as_deref() == Some(i.to_hex().as_str()))
    })
}

/// `withdrawObjection`: by the person, their representative, or a clerk. Takes the version
/// the caller saw; a citizen who is neither person nor representative gets `NOT_FOUND`.
pub async fn withdraw(
    db: &Db,
    registry: &Registry,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<ObjectionView, StoreError> {
    let role =
        audit::authorize(db, ctx, Operation::WithdrawObjection, "objection.withdraw").await?;
    let caller_indexes = if role == Role::Citizen {
        Some(
            registry
                .keys
                .all_blind_indexes(&caller_code(ctx, registry.policy)?),
        )
    } else {
        None
    };
    let txn = db.begin_write().await?;
    let model = row::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|m| caller_indexes.as_ref().is_none_or(|i| owned_by(m, i)))
        .ok_or(StoreError::NotFound { entity: TARGET })?;
    if model.status != ObjectionStatus::InForce.as_str() {
        return Err(StoreError::InvalidTransition {
            message: "the objection is already withdrawn".to_owned(),
        });
    }
    if model.version != version {
        return Err(StoreError::Conflict {
            message: "the objection changed since it was read".to_owned(),
        });
    }
    let now = ctx.at;
    let updated = row::Entity::update_many()
        .col_expr(
            row::Column::Status,
            Expr::value(ObjectionStatus::Withdrawn.as_str()),
        )
        .col_expr(row::Column::WithdrawnOn, Expr::value(ctx.today()))
        .col_expr(row::Column::WithdrawnAt, Expr::value(now))
        .col_expr(row::Column::WithdrawnBy, Expr::value(ctx.actor.id.clone()))
        .col_expr(row::Column::Version, Expr::value(version + 1))
        .col_expr(row::Column::UpdatedAt, Expr::value(now))
        .filter(row::Column::Id.eq(id))
        .filter(row::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::Conflict {
            message: "the objection changed since it was read".to_owned(),
        });
    }
    audit::append(
        &txn,
        ctx,
        AuditEvent::success("objection.withdraw", Some(role)).target(TARGET, id.to_string()),
    )
    .await?;
    let model = row::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound { entity: TARGET })?;
    txn.commit().await?;
    view(registry, &model)
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

/// One page of a citizen's objections.
#[derive(Debug, Clone)]
pub struct ObjectionPage {
    /// Each with whether the caller filed it for someone else.
    pub objections: Vec<(ObjectionView, bool)>,
    pub has_next_page: bool,
}

/// `myObjections`: the caller's own objections and those filed for people they represent,
/// newest first, `first` at a time after `offset`. The read is audited.
pub async fn mine(
    db: &Db,
    registry: &Registry,
    ctx: &CallContext,
    first: u64,
    offset: u64,
) -> Result<ObjectionPage, StoreError> {
    let role =
        audit::authorize(db, ctx, Operation::ViewOwnObjections, "objection.list_own").await?;
    let indexes = registry
        .keys
        .all_blind_indexes(&caller_code(ctx, registry.policy)?);
    let txn = db.begin_write().await?;
    let mut models = row::Entity::find()
        .filter(
            Condition::any()
                .add(person_matches(&indexes))
                .add(representative_matches(&indexes)),
        )
        .order_by_desc(row::Column::CreatedAt)
        .order_by_desc(row::Column::Id)
        .offset(offset)
        .limit(first + 1)
        .all(&txn)
        .await?;
    let has_next_page = models.len() as u64 > first;
    models.truncate(first as usize);
    let ids: Vec<String> = models.iter().map(|m| m.id.to_string()).collect();
    commit_read(txn, ctx, "objection.list_own", role, &ids).await?;
    let person_indexes: Vec<(String, String)> = indexes
        .iter()
        .map(|i| (i.key_id.clone(), i.to_hex()))
        .collect();
    let objections = models
        .iter()
        .map(|m| {
            let own = person_indexes
                .iter()
                .any(|(k, h)| *k == m.person_index_key_id && *h == m.person_blind_index);
            Ok((view(registry, m)?, !own))
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(ObjectionPage {
        objections,
        has_next_page,
    })
}

/// `objection(id, reason)`: staff read one objection, giving a reason that is audited.
pub async fn read(
    db: &Db,
    registry: &Registry,
    ctx: &CallContext,
    id: Uuid,
    reason: &str,
) -> Result<ObjectionView, StoreError> {
    let role = audit::authorize(db, ctx, Operation::ViewObjection, "objection.read").await?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::validation(
            "reason",
            "a reason is required to read an objection",
        ));
    }
    if reason.chars().count() > 500 {
        return Err(StoreError::validation(
            "reason",
            "must be at most 500 characters",
        ));
    }
    let txn = db.begin_write().await?;
    let model = row::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound { entity: TARGET })?;
    audit::append(
        &txn,
        ctx,
        AuditEvent::success("objection.read", Some(role))
            .target(TARGET, id.to_string())
            .reason(reason),
    )
    .await?;
    txn.commit().await?;
    view(registry, &model)
}

/// An audit entry about one of the person's objections, as shown in their export.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedAuditEntry {
    pub occurred_at: OffsetDateTime,
    pub action: String,
    pub actor_role: Option<String>,
    pub objection_id: Option<String>,
    pub reason: Option<String>,
    pub outcome: String,
}

/// A citizen's GDPR access export of the registry (`GET /api/objections/me/export`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistryExport {
    pub generated_at: OffsetDateTime,
    /// The caller's code as the registry shows it (birth-date part only).
    pub masked_identity_code: String,
    /// How the registry keeps identity codes.
    pub storage: &'static str,
    /// Objections about the caller.
    pub objections: Vec<ObjectionView>,
    /// Objections the caller filed as a representative.
    pub objections_filed_for_others: Vec<ObjectionView>,
    /// Every audit entry about those objections: filings, reads by staff with their
    /// reasons, withdrawals.
    pub audit_entries: Vec<ExportedAuditEntry>,
}

pub async fn export(
    db: &Db,
    registry: &Registry,
    ctx: &CallContext,
) -> Result<RegistryExport, StoreError> {
    let role = audit::authorize(
        db,
        ctx,
        Operation::ExportOwnObjectionData,
        "objection.export",
    )
    .await?;
    let caller = caller_code(ctx, registry.policy)?;
    let indexes = registry.keys.all_blind_indexes(&caller);
    let txn = db.begin_write().await?;
    let own = row::Entity::find()
        .filter(person_matches(&indexes))
        .order_by_asc(row::Column::CreatedAt)
        .all(&txn)
        .await?;
    let for_others = row::Entity::find()
        .filter(representative_matches(&indexes))
        .order_by_asc(row::Column::CreatedAt)
        .all(&txn)
        .await?;
    let ids: Vec<String> = own
        .iter()
        .chain(&for_others)
        .map(|m| m.id.to_string())
        .collect();
    let entries = if ids.is_empty() {
        Vec::new()
    } else {
        audit_entry::Entity::find()
            .filter(audit_entry::Column::TargetType.eq(TARGET))
            .filter(audit_entry::Column::TargetId.is_in(ids.clone()))
            .order_by_asc(audit_entry::Column::Seq)
            .all(&txn)
            .await?
    };
    commit_read(txn, ctx, "objection.export", role, &ids).await?;
    Ok(RegistryExport {
        generated_at: OffsetDateTime::now_utc(),
        masked_identity_code: caller.masked(),
        storage: "The identity code is stored only as an HMAC-SHA-256 blind index and an \
                  AES-256-GCM encrypted copy; it is shown here in masked form.",
        objections: own
            .iter()
            .map(|m| view(registry, m))
            .collect::<Result<_, _>>()?,
        objections_filed_for_others: for_others
            .iter()
            .map(|m| view(registry, m))
            .collect::<Result<_, _>>()?,
        audit_entries: entries
            .into_iter()
            .map(|e| ExportedAuditEntry {
                occurred_at: e.occurred_at,
                action: e.action,
                actor_role: e.actor_role,
                objection_id: e.target_id,
                reason: e.reason,
                outcome: e.outcome,
            })
            .collect(),
    })
}

/// The people whose objection is in force on `extraction_date`, decrypted into a set
/// (see [`ObjectorSet`] for why the filter compares codes and not blind indexes).
///
/// The condition mirrors [`objection::in_force_on`]: processed on or before the date and
/// not withdrawn on or before it. Rows come concatenated by the database (`id || sealed
/// code`, raw bytes) with their count, 16 ranges of the covering index
/// `objection_code_index` per key, and are decrypted on blocking threads, one range per
/// core at a time: hundreds of thousands of one-row round trips through the driver would
/// cost more than the filtering itself. A range whose records do not all decrypt, or do
/// not match its count, stops the load.
pub async fn objectors_on(
    db: &Db,
    registry: &Registry,
    extraction_date: Date,
) -> Result<ObjectorSet, StoreError> {
    use futures::{StreamExt, TryStreamExt};

    let backend = db.conn().get_database_backend();
    // Raw bytes, not hex: encoding 300 k rows as text costs more than the scan. SQLite
    // concatenates blobs byte for byte (as text, hence the cast back); PostgreSQL has a
    // bytea aggregate.
    let records = match db.backend() {
        crate::Backend::Sqlite => "CAST(group_concat(id || person_code_ciphertext, '') AS BLOB)",
        crate::Backend::Postgres => {
            "string_agg(uuid_send(id) || person_code_ciphertext, ''::bytea)"
        }
    };
    let in_force = "processed_on <= $1 AND (withdrawn_on IS NULL OR withdrawn_on > $1)";
    let date = sea_orm::Value::from(extraction_date);
    // The encryption keys in use, by seeking from one to the next in the covering index
    // (a handful of lookups) rather than grouping 300 k rows.
    let key_rows = db
        .conn()
        .query_all_raw(Statement::from_string(
            backend,
            "WITH RECURSIVE key_ids(key_id) AS ( \
                 SELECT MIN(person_code_key_id) FROM objection \
                 UNION ALL \
                 SELECT (SELECT MIN(person_code_key_id) FROM objection \
                         WHERE person_code_key_id > key_ids.key_id) \
                 FROM key_ids WHERE key_ids.key_id IS NOT NULL) \
             SELECT key_id FROM key_ids WHERE key_id IS NOT NULL",
        ))
        .await?;
    let mut parts = Vec::new();
    for row in key_rows {
        let key_id: String = row.try_get("", "key_id")?;
        if !registry.keys.has_encryption_key(&key_id) {
            let n: i64 = db
                .conn()
                .query_one_raw(Statement::from_sql_and_values(
                    backend,
                    format!(
                        "SELECT COUNT(*) AS n FROM objection \
                         WHERE {in_force} AND person_code_key_id = $2"
                    ),
                    [date.clone(), key_id.clone().into()],
                ))
                .await?
                .map(|row| row.try_get("", "n"))
                .transpose()?
                .unwrap_or(0);
            if n > 0 {
                // Filtering without them would pass objectors through: refuse.
                return Err(StoreError::Conflict {
                    message: format!(
                        "{n} objections are encrypted under the key `{key_id}`, which the \
                         secrets file no longer holds"
                    ),
                });
            }
            continue;
        }
        const HEX: &[u8; 17] = b"0123456789abcdefg";
        for range in HEX.windows(2) {
            parts.push((key_id.clone(), range[0] as char, range[1] as char));
        }
    }
    let sql = format!(
        "SELECT COUNT(*) AS n, {records} AS records FROM objection WHERE {in_force} \
         AND person_code_key_id = $2 AND person_blind_index >= $3 AND person_blind_index < $4"
    );
    let parallel = std::thread::available_parallelism().map_or(1, |n| n.get());
    let codes = futures::stream::iter(parts)
        .map(|(key_id, from, until)| {
            let statement = Statement::from_sql_and_values(
                backend,
                &sql,
                [
                    date.clone(),
                    key_id.clone().into(),
                    from.to_string().into(),
                    until.to_string().into(),
                ],
            );
            let registry = registry.clone();
            async move {
                let (expected, records): (i64, Option<Vec<u8>>) =
                    match db.conn().query_one_raw(statement).await? {
                        Some(row) => (row.try_get("", "n")?, row.try_get("", "records")?),
                        None => (0, None),
                    };
                let records = records.unwrap_or_default();
                tokio::task::spawn_blocking(move || {
                    let part = open_records(&registry, &key_id, &records)?;
                    // Every row the count saw must have come through the concatenation.
                    if part.len() as i64 != expected {
                        return Err(StoreError::Conflict {
                            message: format!(
                                "loaded {} of {expected} objections in force; refusing to filter",
                                part.len()
                            ),
                        });
                    }
                    Ok(part)
                })
                .await
                .map_err(loading_failed)?
            }
        })
        .buffer_unordered(parallel.clamp(1, 4))
        .try_collect::<Vec<PackedCodes>>()
        .await?;
    tokio::task::spawn_blocking(move || ObjectorSet::from_parts(&codes))
        .await
        .map_err(loading_failed)
}

/// A loading thread that panicked or was cancelled.
fn loading_failed(e: tokio::task::JoinError) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(format!("loading objections: {e}")))
}

/// Bytes of one record: the row id (16) and the sealed code (12 nonce + 11 code + 16 tag).
const RECORD_LEN: usize = 16 + 12 + 11 + 16;

/// Decrypts `id || sealed code` records, one packed code per record. A record that does
/// not decode or does not authenticate stops the load: filtering without it would pass an
/// objector through.
fn open_records(
    registry: &Registry,
    key_id: &str,
    records: &[u8],
) -> Result<PackedCodes, StoreError> {
    let malformed = || StoreError::Conflict {
        message: "a stored encrypted identity code is malformed or does not authenticate"
            .to_owned(),
    };
    if !records.len().is_multiple_of(RECORD_LEN) {
        return Err(malformed());
    }
    let mut codes = PackedCodes::with_capacity(records.len() / RECORD_LEN);
    let mut context_buffer = String::with_capacity(64);
    for record in records.chunks_exact(RECORD_LEN) {
        let (id, sealed) = record.split_at(16);
        let id = Uuid::from_slice(id).map_err(|_| malformed())?;
        context_buffer.clear();
        write_context(&mut context_buffer, id, "person");
        let hetu = registry
            .keys
            .open_parts(
                key_id,
                sealed,
                context_buffer.as_bytes(),
                HetuPolicy::ALLOW_TEMPORARY,
            )
            .map_err(|_| malformed())?;
        codes.push(&hetu);
    }
    Ok(codes)
}

/// What a re-keying run changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReindexReport {
    /// Rows looked at.
    pub checked: u64,
    /// Rows rewritten under the current keys.
    pub rewritten: u64,
}

const REINDEX_BATCH: u64 = 500;

/// Key rotation's second step (`tietolupa objections reindex`): rewrites every row whose
/// blind index or ciphertext was made with a key other than the current one, decrypting
/// with the old key and indexing and encrypting under the current keys. One transaction
/// per batch, each audited with its counts; safe to interrupt and run again. Afterwards
/// the old keys can be removed from the secrets file.
pub async fn reindex(db: &Db, registry: &Registry) -> Result<ReindexReport, StoreError> {
    let ctx = CallContext::system("objections-reindex");
    let index_key = registry.keys.current_indexer().key_id().to_owned();
    let mut report = ReindexReport::default();
    let mut after: Option<Uuid> = None;
    loop {
        let txn = db.begin_write().await?;
        let mut query = row::Entity::find().order_by_asc(row::Column::Id);
        if let Some(after) = after {
            query = query.filter(row::Column::Id.gt(after));
        }
        let batch = query.limit(REINDEX_BATCH).all(&txn).await?;
        let Some(last) = batch.last() else {
            txn.commit().await?;
            break;
        };
        after = Some(last.id);
        let mut rewritten = 0u64;
        for model in &batch {
            report.checked += 1;
            let mut active: row::ActiveModel = model.clone().into();
            let mut changed = false;
            for column in ["person", "representative"] {
                let (key_id, bytes, index_key_id) = match column {
                    "person" => (
                        Some(&model.person_code_key_id),
                        Some(&model.person_code_ciphertext),
                        Some(&model.person_index_key_id),
                    ),
                    _ => (
                        model.representative_code_key_id.as_ref(),
                        model.representative_code_ciphertext.as_ref(),
                        model.representative_index_key_id.as_ref(),
                    ),
                };
                let (Some(key_id), Some(bytes), Some(index_key_id)) = (key_id, bytes, index_key_id)
                else {
                    continue;
                };
                let sealed = SealedCode {
                    key_id: key_id.clone(),
                    bytes: bytes.clone(),
                };
                if registry.keys.is_current_encryption(&sealed) && *index_key_id == index_key {
                    continue;
                }
                let hetu = registry
                    .keys
                    .open(
                        &sealed,
                        &context(model.id, column),
                        HetuPolicy::ALLOW_TEMPORARY,
                    )
                    .map_err(|e| StoreError::Conflict {
                        message: format!("objection {}: {e}", model.id),
                    })?;
                let fresh = protect(registry, model.id, column, &hetu);
                if column == "person" {
                    active.person_index_key_id = Set(fresh.index.key_id.clone());
                    active.person_blind_index = Set(fresh.index.to_hex());
                    active.person_code_key_id = Set(fresh.sealed.key_id);
                    active.person_code_ciphertext = Set(fresh.sealed.bytes);
                } else {
                    active.representative_index_key_id = Set(Some(fresh.index.key_id.clone()));
                    active.representative_blind_index = Set(Some(fresh.index.to_hex()));
                    active.representative_code_key_id = Set(Some(fresh.sealed.key_id));
                    active.representative_code_ciphertext = Set(Some(fresh.sealed.bytes));
                }
                changed = true;
            }
            if changed {
                row::Entity::update(active).exec(&txn).await?;
                rewritten += 1;
            }
        }
        if rewritten > 0 {
            audit::append(
                &txn,
                &ctx,
                AuditEvent::success("objection.reindex", None).details(serde_json::json!({
                    "rewritten": rewritten,
                    "blindIndexKey": index_key,
                })),
            )
            .await?;
        }
        txn.commit().await?;
        report.rewritten += rewritten;
    }
    Ok(report)
}
