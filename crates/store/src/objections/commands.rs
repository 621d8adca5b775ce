//! Filing, recording and withdrawing objections, each in one transaction with its audit
//! entry.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tietolupa_domain::MessageKey;
use tietolupa_domain::objection::{
    self, Channel, IdentityVerification, ObjectionRuleError, ObjectionStatus, RepresentationBasis,
};
use tietolupa_domain::{Hetu, Operation, Role};
use tietolupa_entity::objection as row;
use tietolupa_objection_crypto::{BlindIndex, ObjectionCrypto};
use time::Date;
use uuid::Uuid;

use super::TARGET;
use super::protect::{caller_code, parse_code, person_matches, protect};
use super::views::{ObjectionView, view};
use crate::audit::{self, AuditEvent, AuditTarget};
use crate::{CallContext, Db, StoreError, violated_constraint};

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

fn rule(e: ObjectionRuleError) -> StoreError {
    StoreError::validation(e.field(), e.into())
}

async fn in_force_for<C: ConnectionTrait>(
    conn: &C,
    crypto: &ObjectionCrypto,
    person: &Hetu,
) -> Result<Option<row::Model>, StoreError> {
    Ok(row::Entity::find()
        .filter(person_matches(&crypto.keys.all_blind_indexes(person)))
        .filter(row::Column::Status.eq(ObjectionStatus::InForce.as_str()))
        .one(conn)
        .await?)
}

/// Inserts the objection unless one is in force for the person; idempotent and safe under
/// concurrency (the partial unique index `objection_in_force_key` settles races).
async fn insert_or_existing(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
    role: Role,
    action: &'static str,
    new: NewObjection,
) -> Result<Filed, StoreError> {
    for _attempt in 0..2 {
        let txn = db.begin_write().await?;
        let person_index = crypto.keys.blind_index(&new.person);
        if let Some(existing) = in_force_for(&txn, crypto, &new.person).await? {
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
                objection: view(crypto, &existing)?,
                created: false,
            });
        }
        let id = Uuid::now_v7();
        let now = ctx.at;
        let person = protect(crypto, id, "person", &new.person);
        let representative = new
            .representative
            .as_ref()
            .map(|(hetu, _)| protect(crypto, id, "representative", hetu));
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
            objection: view(crypto, &model)?,
            created: true,
        });
    }
    Err(StoreError::Conflict {
        message: MessageKey::ObjectionChangedConcurrently,
    })
}

/// `fileObjection`: a citizen files for themselves (the token's code) or, with a basis,
/// for a person they represent. Idempotent.
#[tracing::instrument(skip_all, fields(represented = input.represented.is_some()))]
pub async fn file(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
    input: FileObjection,
) -> Result<Filed, StoreError> {
    let role = audit::authorize(db, ctx, Operation::FileObjection, "objection.file").await?;
    let caller = caller_code(ctx, crypto)?;
    let today = ctx.today();
    let (person, representative) = match input.represented {
        None => (caller, None),
        Some((code, basis)) => {
            let person = parse_code(&code, "identityCode", crypto.policy)?;
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
    insert_or_existing(db, crypto, ctx, role, "objection.file", new).await
}

/// `recordObjection`: a clerk records an objection received by post or in person.
/// Idempotent like filing.
#[tracing::instrument(skip_all, fields(channel = input.channel.as_str()))]
pub async fn record(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
    input: RecordObjection,
) -> Result<Filed, StoreError> {
    let role = audit::authorize(db, ctx, Operation::RecordObjection, "objection.record").await?;
    let today = ctx.today();
    let processed_on = input.processed_on.unwrap_or(today);
    let person = parse_code(&input.identity_code, "identityCode", crypto.policy)?;
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
                .map(|c| parse_code(&c, "representativeIdentityCode", crypto.policy))
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
    insert_or_existing(db, crypto, ctx, role, "objection.record", new).await
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
#[tracing::instrument(skip_all, fields(objection_id = %id, version))]
pub async fn withdraw(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
) -> Result<ObjectionView, StoreError> {
    let operation = Operation::WithdrawObjection;
    let target = AuditTarget::new(TARGET, id);
    audit::guard(db, ctx, operation, "objection.withdraw", &target, async {
        let role = audit::role_for(ctx, operation)?;
        let caller_indexes = if role == Role::Citizen {
            Some(crypto.keys.all_blind_indexes(&caller_code(ctx, crypto)?))
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
                message: MessageKey::ObjectionAlreadyWithdrawn,
            });
        }
        if model.version != version {
            return Err(StoreError::Conflict {
                message: MessageKey::ObjectionChanged,
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
                message: MessageKey::ObjectionChanged,
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
        view(crypto, &model)
    })
    .await
}
