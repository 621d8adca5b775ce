//! What callers see of an objection, and the audited reads: a citizen's own list and a
//! staff member's read of one.

use sea_orm::{Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use tietolupa_domain::MessageKey;
use tietolupa_domain::objection::{
    Channel, IdentityVerification, ObjectionStatus, RepresentationBasis,
};
use tietolupa_domain::{HetuPolicy, Operation};
use tietolupa_entity::objection as row;
use tietolupa_objection_crypto::{ObjectionCrypto, SealedCode};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::protect::{caller_code, context, person_matches, representative_matches};
use super::{TARGET, commit_read};
use crate::audit::{self, AuditEvent, AuditTarget};
use crate::page::{self, Page};
use crate::{CallContext, Db, StoreError};

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

pub(super) fn view(
    crypto: &ObjectionCrypto,
    model: &row::Model,
) -> Result<ObjectionView, StoreError> {
    let sealed = SealedCode {
        key_id: model.person_code_key_id.clone(),
        bytes: model.person_code_ciphertext.clone(),
    };
    let person = crypto
        .keys
        .open(
            &sealed,
            &context(model.id, "person"),
            HetuPolicy::ALLOW_TEMPORARY,
        )
        .map_err(|e| {
            tracing::error!(objection_id = %model.id, error = %e, "cannot decrypt an identity code");
            StoreError::Conflict {
                message: MessageKey::StoredCodeUnreadable,
            }
        })?;
    let corrupt = |column: &str| {
        tracing::error!(objection_id = %model.id, column, "unknown stored value");
        StoreError::Conflict {
            message: MessageKey::StoredObjectionCorrupt,
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

/// `myObjections`: the caller's own objections and those filed for people they represent,
/// newest first, `first` at a time after `offset`, each with whether the caller filed it for
/// someone else. The read is audited.
#[tracing::instrument(skip_all, fields(first, offset))]
pub async fn mine(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
    first: u64,
    offset: u64,
) -> Result<Page<(ObjectionView, bool)>, StoreError> {
    let role =
        audit::authorize(db, ctx, Operation::ViewOwnObjections, "objection.list_own").await?;
    let indexes = crypto.keys.all_blind_indexes(&caller_code(ctx, crypto)?);
    let txn = db.begin_write().await?;
    let query = row::Entity::find()
        .filter(
            Condition::any()
                .add(person_matches(&indexes))
                .add(representative_matches(&indexes)),
        )
        .order_by_desc(row::Column::CreatedAt)
        .order_by_desc(row::Column::Id)
        .offset(offset);
    let page = page::fetch(query, &txn, first).await?;
    let ids: Vec<String> = page.items.iter().map(|m| m.id.to_string()).collect();
    commit_read(txn, ctx, "objection.list_own", role, &ids).await?;
    let person_indexes: Vec<(String, String)> = indexes
        .iter()
        .map(|i| (i.key_id.clone(), i.to_hex()))
        .collect();
    page.try_map(|m| {
        let own = person_indexes
            .iter()
            .any(|(k, h)| *k == m.person_index_key_id && *h == m.person_blind_index);
        Ok((view(crypto, &m)?, !own))
    })
}

/// `objection(id, reason)`: staff read one objection, giving a reason that is audited.
#[tracing::instrument(skip_all, fields(objection_id = %id))]
pub async fn read(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
    id: Uuid,
    reason: &str,
) -> Result<ObjectionView, StoreError> {
    let operation = Operation::ViewObjection;
    let target = AuditTarget::new(TARGET, id);
    audit::guard(db, ctx, operation, "objection.read", &target, async {
        let role = audit::role_for(ctx, operation)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::validation(
                "reason",
                MessageKey::ReasonRequiredToRead,
            ));
        }
        if reason.chars().count() > 500 {
            return Err(StoreError::validation(
                "reason",
                MessageKey::MaxChars { max: 500 },
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
        view(crypto, &model)
    })
    .await
}
