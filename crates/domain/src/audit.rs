//! The audit log's hash chain (DESIGN.md section 6).
//!
//! Each entry stores the hash of its predecessor and its own hash over every column,
//! so altering, inserting or deleting a row anywhere but at the very end breaks a link
//! that [`ChainVerifier`] reports.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// Whether the audited action went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuditOutcome {
    Success,
    /// Refused by an authorisation rule.
    Denied,
    /// Attempted but failed (validation, conflict).
    Failure,
}

impl AuditOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditOutcome::Success => "SUCCESS",
            AuditOutcome::Denied => "DENIED",
            AuditOutcome::Failure => "FAILURE",
        }
    }

    pub fn parse(s: &str) -> Option<AuditOutcome> {
        [
            AuditOutcome::Success,
            AuditOutcome::Denied,
            AuditOutcome::Failure,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// One audit entry's content, everything that the chain hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: Uuid,
    /// Position in the chain, starting at 1, without gaps.
    pub seq: i64,
    /// Microsecond precision in UTC: what both SQLite and PostgreSQL store exactly.
    pub occurred_at: OffsetDateTime,
    pub actor_id: String,
    /// The role the actor acted in, if any.
    pub actor_role: Option<String>,
    /// Dotted verb, e.g. `audit_log.read`, `application.submit`.
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: AuditOutcome,
    pub reason: Option<String>,
    pub client_address: Option<String>,
    pub request_id: Option<String>,
    /// Extra facts as JSON text (counts, changed fields); never personal identity codes.
    pub details: Option<String>,
}

/// Truncates a timestamp to what the databases store, so hashes stay stable on re-read.
pub fn audit_timestamp(at: OffsetDateTime) -> OffsetDateTime {
    let at = at.to_offset(time::UtcOffset::UTC);
    at.replace_nanosecond(at.nanosecond() / 1_000 * 1_000)
        .expect("a truncated nanosecond value is always in range")
}

/// A SHA-256 link of the chain.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChainHash([u8; 32]);

impl ChainHash {
    /// The predecessor of the first entry.
    pub const GENESIS: ChainHash = ChainHash([0; 32]);

    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }

    /// Parses the lowercase hex form stored in the database.
    pub fn from_hex(s: &str) -> Option<ChainHash> {
        if s.len() != 64 || s.bytes().any(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(s, &mut bytes).ok()?;
        Some(ChainHash(bytes))
    }
}

impl fmt::Debug for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChainHash({})", self.to_hex())
    }
}

impl fmt::Display for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl AuditRecord {
    /// The hash of this entry when it follows `previous`.
    ///
    /// Every field is length-prefixed and optional fields carry a presence tag, so no two
    /// different records can encode to the same bytes.
    pub fn chain_hash(&self, previous: &ChainHash) -> ChainHash {
        let mut hasher = Sha256::new();
        hasher.update(b"tietolupa-audit-v1\0");
        hasher.update(previous.0);
        self.encode_content(|bytes| hasher.update(bytes));
        ChainHash(hasher.finalize().into())
    }

    /// The bytes the entry's Merkle-tree leaf hashes: the content the chain hash covers,
    /// without the link to the predecessor, so a leaf stands for its entry alone and a
    /// proof about it reveals nothing of its neighbours.
    pub fn leaf_data(&self) -> Vec<u8> {
        let mut data = b"tietolupa-audit-leaf-v1\0".to_vec();
        self.encode_content(|bytes| data.extend_from_slice(bytes));
        data
    }

    fn encode_content(&self, mut sink: impl FnMut(&[u8])) {
        sink(self.id.as_bytes());
        sink(&self.seq.to_be_bytes());
        let micros = (self.occurred_at.unix_timestamp_nanos() / 1_000) as i64;
        sink(&micros.to_be_bytes());
        let fields: [Option<&str>; 10] = [
            Some(&self.actor_id),
            self.actor_role.as_deref(),
            Some(&self.action),
            self.target_type.as_deref(),
            self.target_id.as_deref(),
            Some(self.outcome.as_str()),
            self.reason.as_deref(),
            self.client_address.as_deref(),
            self.request_id.as_deref(),
            self.details.as_deref(),
        ];
        for field in fields {
            match field {
                None => sink(&[0u8]),
                Some(value) => {
                    sink(&[1u8]);
                    sink(&(value.len() as u64).to_be_bytes());
                    sink(value.as_bytes());
                }
            }
        }
    }
}

/// Why the chain does not verify at an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenLink {
    /// The entry's position is not the one after its predecessor: a row was removed,
    /// inserted or renumbered.
    SequenceGap { expected: i64 },
    /// The stored previous-hash is not the predecessor's hash.
    PreviousHashMismatch,
    /// The entry's content does not hash to its stored hash: a column was altered.
    ContentAltered,
    /// A stored hash is not 64 lowercase hex digits.
    MalformedHash,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BrokenLink::SequenceGap { expected } => {
                write!(f, "sequence gap (expected entry {expected})")
            }
            BrokenLink::PreviousHashMismatch => {
                f.write_str("previous-hash does not match the preceding entry")
            }
            BrokenLink::ContentAltered => f.write_str("content does not match its hash"),
            BrokenLink::MalformedHash => f.write_str("stored hash is malformed"),
        }
    }
}

/// The first entry at which verification failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit entry {seq} ({id}): {problem}")]
pub struct ChainBreak {
    pub seq: i64,
    pub id: Uuid,
    pub problem: BrokenLink,
}

/// Verifies entries one at a time in `seq` order, so a log of any length streams through
/// in constant memory.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    previous: ChainHash,
    next_seq: i64,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            previous: ChainHash::GENESIS,
            next_seq: 1,
            checked: 0,
        }
    }
}

impl ChainVerifier {
    pub fn new() -> ChainVerifier {
        ChainVerifier::default()
    }

    /// Checks the next entry, given the hashes as stored.
    pub fn check(
        &mut self,
        record: &AuditRecord,
        stored_previous: &str,
        stored_hash: &str,
    ) -> Result<(), ChainBreak> {
        let broken = |problem| ChainBreak {
            seq: record.seq,
            id: record.id,
            problem,
        };
        if record.seq != self.next_seq {
            return Err(broken(BrokenLink::SequenceGap {
                expected: self.next_seq,
            }));
        }
        let previous = ChainHash::from_hex(stored_previous)
            .ok_or_else(|| broken(BrokenLink::MalformedHash))?;
        let hash =
            ChainHash::from_hex(stored_hash).ok_or_else(|| broken(BrokenLink::MalformedHash))?;
        if previous != self.previous {
            return Err(broken(BrokenLink::PreviousHashMismatch));
        }
        if record.chain_hash(&previous) != hash {
            return Err(broken(BrokenLink::ContentAltered));
        }
        self.previous = hash;
        self.next_seq += 1;
        self.checked += 1;
        Ok(())
    }

    /// How many entries verified so far.
    pub fn checked(&self) -> u64 {
        self.checked
    }

    /// The hash of the last verified entry (the chain head).
    pub fn head(&self) -> ChainHash {
        self.previous
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn record(seq: i64) -> AuditRecord {
        AuditRecord {
            id: Uuid::from_u128(seq as u128),
            seq,
            occurred_at: datetime!(2026-11-23 12:00:00.123456 UTC),
            actor_id: "auditor-1".into(),
            actor_role: Some("AUDITOR".into()),
            action: "audit_log.read".into(),
            target_type: None,
            target_id: None,
            outcome: AuditOutcome::Success,
            reason: None,
            client_address: Some("127.0.0.1".into()),
            request_id: Some("r-1".into()),
            details: None,
        }
    }

    /// A chain of `n` entries as stored: (record, previous hex, hash hex).
    fn chain(n: i64) -> Vec<(AuditRecord, String, String)> {
        let mut previous = ChainHash::GENESIS;
        (1..=n)
            .map(|seq| {
                let r = record(seq);
                let hash = r.chain_hash(&previous);
                let row = (r, previous.to_hex(), hash.to_hex());
                previous = hash;
                row
            })
            .collect()
    }

    fn verify(rows: &[(AuditRecord, String, String)]) -> Result<u64, ChainBreak> {
        let mut verifier = ChainVerifier::new();
        for (r, p, h) in rows {
            verifier.check(r, p, h)?;
        }
        Ok(verifier.checked())
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
    }

    #[test]
    fn altering_any_field_breaks_the_entry() {
        type Alteration = fn(&mut AuditRecord);
        let alterations: [(&str, Alteration); 13] = [
            ("id", |r| r.id = Uuid::from_u128(999)),
            ("occurred_at", |r| {
                r.occurred_at += time::Duration::microseconds(1)
            }),
            ("actor_id", |r| r.actor_id.push('x')),
            ("actor_role", |r| r.actor_role = None),
            ("action", |r| r.action = "audit_log.verify".into()),
            ("target_type", |r| r.target_type = Some("x".into())),
            ("target_id", |r| r.target_id = Some(String::new())),
            ("outcome", |r| r.outcome = AuditOutcome::Denied),
            ("reason", |r| r.reason = Some("because".into())),
            ("client_address", |r| r.client_address = None),
            ("request_id", |r| r.request_id = Some("r-2".into())),
            ("details", |r| r.details = Some("{}".into())),
            ("seq", |r| r.seq = 7),
        ];
        for (field, alter) in alterations {
            let mut rows = chain(4);
            alter(&mut rows[2].0);
            let err = verify(&rows).expect_err(field);
            assert_eq!(err.id, rows[2].0.id, "{field}");
        }
    }

    #[test]
    fn none_and_empty_are_different_content() {
        let mut a = record(1);
        let mut b = record(1);
        a.reason = None;
        b.reason = Some(String::new());
        assert_ne!(
            a.chain_hash(&ChainHash::GENESIS),
            b.chain_hash(&ChainHash::GENESIS)
        );
    }

    #[test]
    fn shifting_text_between_fields_changes_the_hash() {
        let mut a = record(1);
        let mut b = record(1);
        a.actor_id = "ab".into();
        a.action = "c".into();
        b.actor_id = "a".into();
        b.action = "bc".into();
        assert_ne!(
            a.chain_hash(&ChainHash::GENESIS),
            b.chain_hash(&ChainHash::GENESIS)
        );
    }

    #[test]
    fn a_rewritten_hash_breaks_the_next_link() {
        let mut rows = chain(4);
        // An attacker who alters entry 2 and recomputes its hash still breaks entry 3.
        rows[1].0.reason = Some("covered up".into());
        let previous = ChainHash::from_hex(&rows[1].1).unwrap();
        rows[1].2 = rows[1].0.chain_hash(&previous).to_hex();
        let err = verify(&rows).unwrap_err();
        assert_eq!(err.seq, 3);
        assert_eq!(err.problem, BrokenLink::PreviousHashMismatch);
    }

    #[test]
    fn a_deleted_entry_is_a_sequence_gap() {
        let mut rows = chain(4);
        rows.remove(1);
        let err = verify(&rows).unwrap_err();
        assert_eq!(err.seq, 3);
        assert_eq!(err.problem, BrokenLink::SequenceGap { expected: 2 });
    }

    #[test]
    fn malformed_hashes_are_reported_not_panicked_on() {
        let mut rows = chain(2);
        rows[1].2 = "ZZ".into();
        assert_eq!(
            verify(&rows).unwrap_err().problem,
            BrokenLink::MalformedHash
        );
        let mut rows = chain(2);
        rows[0].1 = rows[0].1.to_uppercase().replace('0', "A");
        assert_eq!(
            verify(&rows).unwrap_err().problem,
            BrokenLink::MalformedHash
        );
    }

    #[test]
    fn timestamps_are_truncated_to_microseconds_in_utc() {
        let at = datetime!(2026-11-23 14:00:00.123456789 +02:00);
        let truncated = audit_timestamp(at);
        assert_eq!(truncated, datetime!(2026-11-23 12:00:00.123456 UTC));
        assert_eq!(truncated.offset(), time::UtcOffset::UTC);
    }

    #[test]
    fn hex_round_trips() {
        let hash = record(1).chain_hash(&ChainHash::GENESIS);
        assert_eq!(ChainHash::from_hex(&hash.to_hex()), Some(hash));
    }
}
