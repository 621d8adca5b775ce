//! Loading the objectors for a cohort-filter run (`crate::cohort_filter` audits the run;
//! the filter itself is the `tietolupa_cohort_filter` crate).

use sea_orm::{ConnectionTrait, Statement};
use tietolupa_cohort_filter::{ObjectorSet, PackedCodes};
use tietolupa_domain::HetuPolicy;
use tietolupa_domain::MessageKey;
use tietolupa_objection_crypto::ObjectionCrypto;
use time::Date;
use uuid::Uuid;

use super::protect::write_context;
use crate::{Db, StoreError};

/// The people whose objection is in force on `extraction_date`, decrypted into a set
/// (see [`ObjectorSet`] for why the filter compares codes and not blind indexes).
///
/// The condition mirrors [`in_force_on`]: processed on or before the date and not
/// withdrawn on or before it. Rows come concatenated by the database (`id || sealed code`,
/// raw bytes) with their count, 16 ranges of the covering index `objection_code_index` per
/// key, and are decrypted on blocking threads, one range per core at a time: hundreds of
/// thousands of one-row round trips through the driver would cost more than the filtering
/// itself. A range whose records do not all decrypt, or do not match its count, stops the
/// load.
///
/// [`in_force_on`]: tietolupa_domain::objection::in_force_on
#[tracing::instrument(skip_all, fields(extraction_date = %extraction_date))]
pub async fn objectors_on(
    db: &Db,
    crypto: &ObjectionCrypto,
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
        if !crypto.keys.has_encryption_key(&key_id) {
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
                    message: MessageKey::ObjectionKeyMissing {
                        count: n,
                        key_id: key_id.clone(),
                    },
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
            let crypto = crypto.clone();
            async move {
                let (expected, records): (i64, Option<Vec<u8>>) =
                    match db.conn().query_one_raw(statement).await? {
                        Some(row) => (row.try_get("", "n")?, row.try_get("", "records")?),
                        None => (0, None),
                    };
                let records = records.unwrap_or_default();
                tokio::task::spawn_blocking(move || {
                    let part = open_records(&crypto, &key_id, &records)?;
                    // Every row the count saw must have come through the concatenation.
                    if part.len() as i64 != expected {
                        return Err(StoreError::Conflict {
                            message: MessageKey::ObjectionsPartlyLoaded {
                                loaded: part.len(),
                                expected,
                            },
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
    crypto: &ObjectionCrypto,
    key_id: &str,
    records: &[u8],
) -> Result<PackedCodes, StoreError> {
    let malformed = || StoreError::Conflict {
        message: MessageKey::StoredCodeMalformed,
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
        let hetu = crypto
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
