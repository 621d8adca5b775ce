//! The audit log's Merkle tree and its signed checkpoints (issue 20 section 2; the pure
//! part is `tietolupa_audit_proof`).
//!
//! Leaves are `audit_entry.leaf_hash` (leaf index = `seq - 1`), completed nodes from
//! level 2 up are rows of `audit_tree_node`, and the right edge (frontier) sits on the
//! chain head row, so [`crate::audit::append`] extends the tree in the entry's own
//! transaction with at most one extra statement. Proofs are planned in the pure crate and
//! fetched with one query (`proofs`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tietolupa_audit_proof::checkpoint::{Checkpoint, NoteSigner, NoteVerifier};
use tietolupa_audit_proof::{
    Frontier, Hash, NodeId, leaf_hash, plan_consistency, verify_consistency,
};
use tietolupa_domain::ChainBreak;
use tietolupa_entity::{audit_chain_head, audit_checkpoint, audit_entry, audit_tree_node};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{CHAIN, to_stored};
use crate::{Db, StoreError};

mod proofs;

use proofs::assemble;
pub use proofs::{ProofRequestError, consistency_proof, inclusion_proof, inclusion_proofs};

/// What signs checkpoints: the secrets file's `[audit_checkpoint]` ring. The current key
/// signs; every key of the ring is published, so checkpoints signed before a rotation keep
/// verifying.
#[derive(Clone)]
pub struct CheckpointKeys {
    origin: String,
    current: String,
    signers: Arc<BTreeMap<String, NoteSigner>>,
}

impl fmt::Debug for CheckpointKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CheckpointKeys({}, current {})",
            self.origin, self.current
        )
    }
}

impl CheckpointKeys {
    /// `origin` names the log (and is the signed note's key name); `keys` are the ring's
    /// Ed25519 seeds by id. `None` when the origin cannot be a key name or the current
    /// key is not in the ring.
    pub fn new<'k>(
        origin: &str,
        current: &str,
        keys: impl IntoIterator<Item = (&'k str, &'k [u8; 32])>,
    ) -> Option<CheckpointKeys> {
        let signers = keys
            .into_iter()
            .map(|(id, seed)| Some((id.to_owned(), NoteSigner::from_seed(origin, seed)?)))
            .collect::<Option<BTreeMap<_, _>>>()?;
        signers.contains_key(current).then(|| CheckpointKeys {
            origin: origin.to_owned(),
            current: current.to_owned(),
            signers: Arc::new(signers),
        })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    fn current(&self) -> &NoteSigner {
        &self.signers[&self.current]
    }

    /// The current key's verifier key (`name+hash+key`), what witnesses configure.
    pub fn current_verifier_key(&self) -> String {
        self.current().verifier_key()
    }

    /// Every key of the ring as `(ring id, verifier key)`.
    pub fn verifier_keys(&self) -> Vec<(String, String)> {
        self.signers
            .iter()
            .map(|(id, s)| (id.clone(), s.verifier_key()))
            .collect()
    }
}

/// Extends the tree by the entry just inserted at `head.last_seq`, inside the caller's
/// transaction; returns the chain head's new `tree_size` and `tree_frontier` for the
/// UPDATE the caller runs anyway. `None` when the tree lags behind the chain (a database
/// from before the tree, not yet built): [`build`] catches up from the stored leaves.
pub(crate) async fn extend<C: ConnectionTrait>(
    conn: &C,
    head: &audit_chain_head::Model,
    leaf: Hash,
) -> Result<Option<(i64, String)>, StoreError> {
    if head.tree_size != head.last_seq - 1 {
        // Only an instance started before the tree existed appends without it; the next
        // start-up's `build` catches up, and until then the newest entries have no proofs.
        tracing::warn!(
            tree_size = head.tree_size,
            seq = head.last_seq,
            "the audit tree lags behind the chain; the entry waits for the next build"
        );
        return Ok(None);
    }
    let Some(mut frontier) = Frontier::decode(head.tree_size as u64, &head.tree_frontier) else {
        tracing::error!("the audit tree's frontier is malformed; the tree is not extended");
        return Ok(None);
    };
    insert_nodes(conn, frontier.append(leaf)).await?;
    Ok(Some((frontier.size() as i64, frontier.encode())))
}

/// The lowest level stored in `audit_tree_node`. Leaves live on their entries, and a
/// level-1 node is its two leaves' hash, computed when a proof needs it: so only every
/// fourth append writes nodes (one statement), not every second, which keeps the tree's
/// share of an append small (docs/benchmarks.md, "Audit log").
const LOWEST_STORED_LEVEL: u8 = 2;

/// Inserts the completed nodes that are stored, in one statement.
async fn insert_nodes<C: ConnectionTrait>(
    conn: &C,
    completed: Vec<(NodeId, Hash)>,
) -> Result<(), StoreError> {
    let rows: Vec<audit_tree_node::ActiveModel> = completed
        .into_iter()
        .filter(|(id, _)| id.level >= LOWEST_STORED_LEVEL)
        .map(|(id, hash)| audit_tree_node::ActiveModel {
            level: Set(i16::from(id.level)),
            node_index: Set(id.index as i64),
            hash: Set(hash.to_hex()),
        })
        .collect();
    if !rows.is_empty() {
        audit_tree_node::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

const BUILD_BATCH: u64 = 1_000;

/// Builds the tree over entries it does not hold yet (a database from before the tree),
/// hashing each leaf from the entry's content. Run by [`Db::migrate`]; returns how many
/// leaves it added.
#[tracing::instrument(skip_all)]
pub async fn build(db: &Db) -> Result<u64, StoreError> {
    let txn = db.begin_write().await?;
    let head = audit_chain_head::Entity::find_by_id(CHAIN.to_owned())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "audit chain head",
        })?;
    if head.tree_size >= head.last_seq {
        return Ok(0);
    }
    let mut frontier =
        Frontier::decode(head.tree_size as u64, &head.tree_frontier).ok_or_else(|| {
            StoreError::Conflict {
                message: tietolupa_domain::MessageKey::AuditChainCorrupt,
            }
        })?;
    let mut completed = Vec::new();
    loop {
        let batch = audit_entry::Entity::find()
            .filter(audit_entry::Column::Seq.gt(frontier.size() as i64))
            .filter(audit_entry::Column::Seq.lte(head.last_seq))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(BUILD_BATCH)
            .all(&txn)
            .await?;
        if batch.is_empty() {
            break;
        }
        for model in batch {
            if model.seq != frontier.size() as i64 + 1 {
                // A gap is the chain's to report (`audit verify`); the tree stops before it.
                break;
            }
            let stored_leaf = model.leaf_hash.clone();
            let (seq, id) = (model.seq, model.id);
            let Ok(entry) = to_stored(model) else {
                tracing::error!(seq, %id, "an audit entry holds a value no writer stores; the tree stops before it");
                break;
            };
            let leaf = leaf_hash(&entry.record.leaf_data());
            if stored_leaf.is_none() {
                audit_entry::Entity::update_many()
                    .col_expr(audit_entry::Column::LeafHash, Expr::value(leaf.to_hex()))
                    .filter(audit_entry::Column::Id.eq(id))
                    .exec(&txn)
                    .await?;
            }
            completed.extend(frontier.append(leaf));
            if completed.len() >= 500 {
                insert_nodes(&txn, std::mem::take(&mut completed)).await?;
            }
        }
        if frontier.size() as i64 >= head.last_seq {
            break;
        }
    }
    insert_nodes(&txn, completed).await?;
    let added = frontier.size() - head.tree_size as u64;
    audit_chain_head::Entity::update_many()
        .col_expr(
            audit_chain_head::Column::TreeSize,
            Expr::value(frontier.size() as i64),
        )
        .col_expr(
            audit_chain_head::Column::TreeFrontier,
            Expr::value(frontier.encode()),
        )
        .filter(audit_chain_head::Column::Chain.eq(CHAIN))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    if added > 0 {
        tracing::info!(added, "audit tree built over existing entries");
    }
    Ok(added)
}

/// The tree's size and head as the chain head row holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeHead {
    pub size: u64,
    pub root: Hash,
}

async fn tree_head_on<C: ConnectionTrait>(conn: &C) -> Result<TreeHead, StoreError> {
    let head = audit_chain_head::Entity::find_by_id(CHAIN.to_owned())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "audit chain head",
        })?;
    let frontier =
        Frontier::decode(head.tree_size as u64, &head.tree_frontier).ok_or_else(|| {
            StoreError::Conflict {
                message: tietolupa_domain::MessageKey::AuditChainCorrupt,
            }
        })?;
    Ok(TreeHead {
        size: frontier.size(),
        root: frontier.root(),
    })
}

pub async fn tree_head(db: &Db) -> Result<TreeHead, StoreError> {
    tree_head_on(db.conn()).await
}

/// A checkpoint as stored and served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    pub tree_size: u64,
    pub key_id: String,
    pub signed_at: OffsetDateTime,
    /// The signed note, byte for byte what `GET /api/audit/checkpoint` serves.
    pub note: String,
}

impl From<audit_checkpoint::Model> for StoredCheckpoint {
    fn from(m: audit_checkpoint::Model) -> Self {
        StoredCheckpoint {
            tree_size: m.tree_size as u64,
            key_id: m.key_id,
            signed_at: m.signed_at,
            note: m.note,
        }
    }
}

/// The newest stored checkpoint.
pub async fn latest_checkpoint(db: &Db) -> Result<Option<StoredCheckpoint>, StoreError> {
    Ok(audit_checkpoint::Entity::find()
        .order_by_desc(audit_checkpoint::Column::TreeSize)
        .order_by_desc(audit_checkpoint::Column::SignedAt)
        .one(db.conn())
        .await?
        .map(StoredCheckpoint::from))
}

/// Signs and stores a checkpoint of the current tree, unless the newest one already has
/// its size and the current key. `None` without a signing ring.
#[tracing::instrument(skip_all)]
pub async fn sign_checkpoint(
    db: &Db,
    at: OffsetDateTime,
) -> Result<Option<StoredCheckpoint>, StoreError> {
    let Some(keys) = db.audit_checkpoints() else {
        return Ok(None);
    };
    let head = tree_head(db).await?;
    if let Some(latest) = latest_checkpoint(db).await?
        && latest.tree_size == head.size
        && latest.key_id == keys.current
    {
        return Ok(Some(latest));
    }
    let checkpoint = Checkpoint {
        origin: keys.origin.clone(),
        size: head.size,
        root: head.root,
    };
    let note = keys
        .current()
        .sign(&checkpoint.to_text())
        .expect("a checkpoint's text ends in a newline and has no blank line");
    let row = audit_checkpoint::ActiveModel {
        id: Set(Uuid::now_v7()),
        tree_size: Set(head.size as i64),
        root_hash: Set(head.root.to_hex()),
        key_id: Set(keys.current.clone()),
        signed_at: Set(at),
        note: Set(note),
    };
    let stored = audit_checkpoint::Entity::insert(row)
        .exec_with_returning(db.conn())
        .await?;
    Ok(Some(stored.into()))
}

/// Signs a checkpoint right after a decision commits, so the decision's entry is covered
/// by a signed tree head at once. A failure is logged, never the decision's: it is
/// committed, and the next scheduled checkpoint covers it.
pub(crate) async fn checkpoint_after_decision(db: &Db) {
    if let Err(error) = sign_checkpoint(db, OffsetDateTime::now_utc()).await {
        tracing::warn!(%error, "no checkpoint after the decision; the scheduled one will cover it");
    }
}

/// What checking the local log against a checkpoint kept elsewhere found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointProblem {
    /// The log holds fewer entries than the checkpoint vouched for.
    Truncated { log: u64, checkpoint: u64 },
    /// The chain itself is broken at an entry.
    ChainBroken(ChainBreak),
    /// An entry's content no longer hashes to its stored leaf.
    LeafAltered { seq: i64 },
    /// The entries' content over the checkpoint's size gives another tree head.
    HistoryRewritten {
        size: u64,
        computed: Hash,
        checkpoint: Hash,
    },
    /// The stored tree is not an extension of the checkpoint's tree.
    InconsistentTree { from: u64, to: u64, reason: String },
}

impl fmt::Display for CheckpointProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckpointProblem::Truncated { log, checkpoint } => write!(
                f,
                "truncated tail: the log has {log} entries, the checkpoint {checkpoint}; \
                 entries {} to {checkpoint} are missing",
                log + 1
            ),
            CheckpointProblem::ChainBroken(broken) => write!(f, "changed entry: {broken}"),
            CheckpointProblem::LeafAltered { seq } => write!(
                f,
                "changed entry: the content of entry {seq} does not hash to its leaf in the tree"
            ),
            CheckpointProblem::HistoryRewritten {
                size,
                computed,
                checkpoint,
            } => write!(
                f,
                "rewritten history: the first {size} entries hash to root {computed}, \
                 the checkpoint's root is {checkpoint}"
            ),
            CheckpointProblem::InconsistentTree { from, to, reason } => write!(
                f,
                "rewritten history: the stored tree of {to} entries is not an extension of \
                 the checkpoint's tree of {from} (consistency proof: {reason})"
            ),
        }
    }
}

/// The result of [`verify_against_checkpoint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointVerification {
    pub checkpoint: Checkpoint,
    /// Entries in the log now.
    pub log_size: u64,
    /// Empty when the log is the checkpoint's log, grown only by appending.
    pub problems: Vec<CheckpointProblem>,
}

/// Checks the local log against a signed checkpoint kept elsewhere (`tietolupa audit
/// verify --checkpoint`): the note's signature, the chain, the leaves recomputed from the
/// entries' content, the tree head over the checkpoint's size, and a consistency proof
/// from the stored tree. Unaudited, like `verify_chain`: the operator's tool.
#[tracing::instrument(skip_all)]
pub async fn verify_against_checkpoint(
    db: &Db,
    note: &str,
    verifiers: &[NoteVerifier],
) -> Result<Result<CheckpointVerification, String>, StoreError> {
    let mut opened = None;
    let mut last_error = String::from("no verifier key given");
    for verifier in verifiers {
        match verifier.open_checkpoint(note) {
            Ok(checkpoint) => {
                opened = Some(checkpoint);
                break;
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    let Some(checkpoint) = opened else {
        return Ok(Err(format!("the checkpoint does not verify: {last_error}")));
    };
    let conn = db.conn();
    let mut problems = Vec::new();
    let chain = crate::audit::verify_chain(db).await?;
    if let Some(broken) = chain.first_break.clone() {
        problems.push(CheckpointProblem::ChainBroken(broken));
    }
    // Recompute every leaf from content, in seq order, up to the checkpoint's size.
    let mut recomputed = Frontier::new();
    let mut first_altered = None;
    let mut after = 0i64;
    'walk: while recomputed.size() < checkpoint.size {
        let batch = audit_entry::Entity::find()
            .filter(audit_entry::Column::Seq.gt(after))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(BUILD_BATCH)
            .all(conn)
            .await?;
        if batch.is_empty() {
            break;
        }
        for model in batch {
            after = model.seq;
            let stored_leaf = model.leaf_hash.clone();
            let seq = model.seq;
            let Ok(entry) = to_stored(model) else {
                first_altered.get_or_insert(seq);
                continue;
            };
            let leaf = leaf_hash(&entry.record.leaf_data());
            if stored_leaf.as_deref().and_then(Hash::from_hex) != Some(leaf) {
                first_altered.get_or_insert(seq);
            }
            recomputed.append(leaf);
            if recomputed.size() == checkpoint.size {
                break 'walk;
            }
        }
    }
    let log_size = audit_entry::Entity::find().count(conn).await?;
    if log_size < checkpoint.size || recomputed.size() < checkpoint.size {
        problems.push(CheckpointProblem::Truncated {
            log: Ord::min(log_size, recomputed.size()),
            checkpoint: checkpoint.size,
        });
    } else if recomputed.root() != checkpoint.root {
        problems.push(CheckpointProblem::HistoryRewritten {
            size: checkpoint.size,
            computed: recomputed.root(),
            checkpoint: checkpoint.root,
        });
    }
    if let Some(seq) = first_altered {
        problems.push(CheckpointProblem::LeafAltered { seq });
    }
    let head = tree_head_on(conn).await?;
    if head.size >= checkpoint.size && checkpoint.size > 0 {
        let plan = plan_consistency(checkpoint.size, head.size).expect("0 < from <= to");
        let outcome = match assemble(conn, &plan).await {
            Ok(proof) => verify_consistency(
                checkpoint.size,
                head.size,
                &proof,
                &checkpoint.root,
                &head.root,
            )
            .map_err(|e| e.to_string()),
            Err(_) => Err("the stored tree lacks nodes".to_owned()),
        };
        if let Err(reason) = outcome {
            problems.push(CheckpointProblem::InconsistentTree {
                from: checkpoint.size,
                to: head.size,
                reason,
            });
        }
    }
    Ok(Ok(CheckpointVerification {
        checkpoint,
        log_size,
        problems,
    }))
}
