//! A citizen's GDPR access export of the registry: their objections, those they filed for
//! others, and every audit entry about them.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use tietolupa_audit_proof::offline::PublishedProof;
use tietolupa_domain::access_log;
use tietolupa_domain::{Operation, Role};
use tietolupa_entity::{audit_entry, objection as row};
use tietolupa_objection_crypto::ObjectionCrypto;
use time::OffsetDateTime;

use super::protect::{caller_code, person_matches, representative_matches};
use super::views::{ObjectionView, view};
use super::{TARGET, commit_read};
use crate::audit;
use crate::audit_tree::{self, ProofRequestError};
use crate::{CallContext, Db, StoreError};

/// An audit entry about one of the person's objections, as shown in their export.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedAuditEntry {
    /// The entry's position in the audit log; its Merkle leaf index is `seq - 1`.
    pub seq: i64,
    pub occurred_at: OffsetDateTime,
    pub action: String,
    pub actor_role: Option<String>,
    pub objection_id: Option<String>,
    pub reason: Option<String>,
    pub outcome: String,
    /// The organisation a staff actor acts for (`PERMIT_AUTHORITY`); none for the person
    /// themselves and for system jobs.
    pub organisation: Option<&'static str>,
    /// That the entry is in the tree of [`RegistryExport::checkpoint`]: hashes only,
    /// checkable offline with `tietolupa audit verify-proof`. None for an entry newer
    /// than the checkpoint, or when the server signs no checkpoints.
    pub inclusion_proof: Option<PublishedProof>,
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
    /// The newest signed checkpoint of the audit log (C2SP signed note), which the
    /// entries' inclusion proofs lead to; its public key is at
    /// `GET /api/audit/checkpoint-keys`.
    pub checkpoint: Option<String>,
}

/// The caller's GDPR access export; the read is audited like any other.
#[tracing::instrument(skip_all)]
pub async fn export(
    db: &Db,
    crypto: &ObjectionCrypto,
    ctx: &CallContext,
) -> Result<RegistryExport, StoreError> {
    let role = audit::authorize(
        db,
        ctx,
        Operation::ExportOwnObjectionData,
        "objection.export",
    )
    .await?;
    let caller = caller_code(ctx, crypto)?;
    let indexes = crypto.keys.all_blind_indexes(&caller);
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
    // The proofs lead to a checkpoint that covers every entry exported: the newest one, or
    // a fresh one when the newest predates the person's latest entry.
    let mut checkpoint = audit_tree::latest_checkpoint(db).await?;
    if let Some(newest) = entries.iter().map(|e| e.seq).max()
        && checkpoint
            .as_ref()
            .is_none_or(|c| (c.tree_size as i64) < newest)
    {
        checkpoint = audit_tree::sign_checkpoint(db, ctx.at)
            .await?
            .or(checkpoint);
    }
    // One query for every entry's proof into that checkpoint's tree.
    let mut proofs: HashMap<i64, PublishedProof> = HashMap::new();
    if let Some(c) = &checkpoint {
        let seqs: Vec<i64> = entries
            .iter()
            .map(|e| e.seq)
            .filter(|&seq| seq >= 1 && seq as u64 <= c.tree_size)
            .collect();
        let leaves: Vec<u64> = seqs.iter().map(|&seq| seq as u64 - 1).collect();
        match audit_tree::inclusion_proofs(db, &leaves, c.tree_size).await {
            Ok(found) => proofs.extend(seqs.into_iter().zip(found)),
            Err(ProofRequestError::Store(error)) => return Err(error),
            // The checkpoint's size is within the tree (the tree only grows), so this does
            // not happen; the entries are still exported, without proofs.
            Err(
                ProofRequestError::LeafOutOfRange { .. }
                | ProofRequestError::SizesOutOfRange { .. },
            ) => {}
        }
    }
    let mut audit_entries = Vec::with_capacity(entries.len());
    for e in entries {
        let inclusion_proof = proofs.remove(&e.seq);
        let organisation = e
            .actor_role
            .as_deref()
            .and_then(|r| r.parse::<Role>().ok())
            .and_then(access_log::organisation_of)
            .map(access_log::AccessorOrganisation::as_str);
        audit_entries.push(ExportedAuditEntry {
            seq: e.seq,
            occurred_at: e.occurred_at,
            action: e.action,
            actor_role: e.actor_role,
            objection_id: e.target_id,
            reason: e.reason,
            outcome: e.outcome,
            organisation,
            inclusion_proof,
        });
    }
    Ok(RegistryExport {
        generated_at: OffsetDateTime::now_utc(),
        masked_identity_code: caller.masked(),
        storage: "The identity code is stored only as an HMAC-SHA-256 blind index and an \
                  AES-256-GCM encrypted copy; it is shown here in masked form.",
        objections: own
            .iter()
            .map(|m| view(crypto, m))
            .collect::<Result<_, _>>()?,
        objections_filed_for_others: for_others
            .iter()
            .map(|m| view(crypto, m))
            .collect::<Result<_, _>>()?,
        audit_entries,
        checkpoint: checkpoint.map(|c| c.note),
    })
}
