//! Key rotation's second step: rewriting rows made under old keys.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use tietolupa_domain::HetuPolicy;
use tietolupa_domain::MessageKey;
use tietolupa_entity::objection as row;
use tietolupa_objection_crypto::{ObjectionCrypto, SealedCode};
use uuid::Uuid;

use super::protect::{context, protect};
use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError};

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
#[tracing::instrument(skip_all)]
pub async fn reindex(db: &Db, crypto: &ObjectionCrypto) -> Result<ReindexReport, StoreError> {
    let ctx = CallContext::system("objections-reindex");
    let index_key = crypto.keys.current_indexer().key_id().to_owned();
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
                if crypto.keys.is_current_encryption(&sealed) && *index_key_id == index_key {
                    continue;
                }
                let hetu = crypto
                    .keys
                    .open(
                        &sealed,
                        &context(model.id, column),
                        HetuPolicy::ALLOW_TEMPORARY,
                    )
                    .map_err(|e| StoreError::Conflict {
                        message: MessageKey::ObjectionUnreadable {
                            id: model.id.to_string(),
                            detail: e.to_string(),
                        },
                    })?;
                let fresh = protect(crypto, model.id, column, &hetu);
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
