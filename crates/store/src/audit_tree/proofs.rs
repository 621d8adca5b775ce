//! Proofs from the stored tree: inclusion and consistency proofs (hashes only, never an
//! entry's content), each fetched with one query for every node its plan needs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::sea_query::{Alias, Cond, Expr, Query, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait, ExprTrait};
use tietolupa_audit_proof::offline::PublishedProof;
use tietolupa_audit_proof::{Hash, NodeId, ProofPlan, node_hash, plan_consistency, plan_inclusion};
use tietolupa_entity::{audit_entry, audit_tree_node};

use super::{LOWEST_STORED_LEVEL, tree_head_on};
use crate::{Db, StoreError};

/// Every node the plans need, leaves and interior nodes, in one query; a level-1 node
/// from its two leaves (see [`LOWEST_STORED_LEVEL`]).
async fn fetch_nodes<C: ConnectionTrait>(
    conn: &C,
    nodes: &BTreeSet<NodeId>,
) -> Result<HashMap<NodeId, Hash>, StoreError> {
    let is_computed = |id: &NodeId| id.level > 0 && id.level < LOWEST_STORED_LEVEL;
    let computed: Vec<NodeId> = nodes.iter().copied().filter(is_computed).collect();
    let mut stored = BTreeSet::new();
    for id in nodes {
        if is_computed(id) {
            stored.insert(NodeId::new(0, id.index * 2));
            stored.insert(NodeId::new(0, id.index * 2 + 1));
        } else {
            stored.insert(*id);
        }
    }
    let mut found = fetch_stored_nodes(conn, &stored).await?;
    for id in computed {
        let children = (
            found.get(&NodeId::new(0, id.index * 2)),
            found.get(&NodeId::new(0, id.index * 2 + 1)),
        );
        if let (Some(left), Some(right)) = children {
            let hash = node_hash(left, right);
            found.insert(id, hash);
        }
    }
    Ok(found)
}

/// Leaves and stored interior nodes, in one query.
async fn fetch_stored_nodes<C: ConnectionTrait>(
    conn: &C,
    nodes: &BTreeSet<NodeId>,
) -> Result<HashMap<NodeId, Hash>, StoreError> {
    let mut by_level: BTreeMap<u8, Vec<i64>> = BTreeMap::new();
    for id in nodes {
        by_level.entry(id.level).or_default().push(id.index as i64);
    }
    let leaves: Vec<i64> = by_level
        .remove(&0)
        .unwrap_or_default()
        .into_iter()
        .map(|index| index + 1)
        .collect();
    let mut query = Query::select();
    query
        .expr_as(Expr::val(0i32), Alias::new("level"))
        .expr_as(
            Expr::col(audit_entry::Column::Seq).sub(1i64),
            Alias::new("node_index"),
        )
        .expr_as(Expr::col(audit_entry::Column::LeafHash), Alias::new("hash"))
        .from(audit_entry::Entity)
        .and_where(audit_entry::Column::Seq.is_in(leaves));
    if !by_level.is_empty() {
        let mut interior = Query::select();
        let mut any = Cond::any();
        for (level, indices) in by_level {
            any = any.add(
                audit_tree_node::Column::Level
                    .eq(i16::from(level))
                    .and(audit_tree_node::Column::NodeIndex.is_in(indices)),
            );
        }
        interior
            .expr_as(
                Expr::col(audit_tree_node::Column::Level).cast_as(Alias::new("integer")),
                Alias::new("level"),
            )
            .expr_as(
                Expr::col(audit_tree_node::Column::NodeIndex),
                Alias::new("node_index"),
            )
            .expr_as(Expr::col(audit_tree_node::Column::Hash), Alias::new("hash"))
            .from(audit_tree_node::Entity)
            .cond_where(any);
        query.union(UnionType::All, interior);
    }
    let rows = conn
        .query_all_raw(conn.get_database_backend().build(&query))
        .await?;
    let mut found = HashMap::with_capacity(rows.len());
    for row in rows {
        let level: i32 = row.try_get("", "level")?;
        let index: i64 = row.try_get("", "node_index")?;
        let hash: Option<String> = row.try_get("", "hash")?;
        if let Some(hash) = hash.as_deref().and_then(Hash::from_hex) {
            found.insert(NodeId::new(level as u8, index as u64), hash);
        }
    }
    Ok(found)
}

/// A node the tree should hold and does not: a tree not yet built, or tampered with.
struct MissingNode(NodeId);

impl From<MissingNode> for StoreError {
    fn from(MissingNode(id): MissingNode) -> StoreError {
        tracing::error!(?id, "the audit tree lacks a node it should hold");
        StoreError::Conflict {
            message: tietolupa_domain::MessageKey::AuditChainCorrupt,
        }
    }
}

pub(super) async fn assemble<C: ConnectionTrait>(
    conn: &C,
    plan: &ProofPlan,
) -> Result<Vec<Hash>, StoreError> {
    let nodes = fetch_nodes(conn, &plan.nodes()).await?;
    Ok(plan
        .assemble(|id| nodes.get(&id).copied())
        .map_err(MissingNode)?)
}

fn hex_all(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(|h| h.to_hex()).collect()
}

/// Why a proof cannot be served; the HTTP layer answers 400 with the message.
#[derive(Debug, thiserror::Error)]
pub enum ProofRequestError {
    #[error("leaf must be below size, and size at most the tree's size {tree}")]
    LeafOutOfRange { tree: u64 },
    #[error("from must be at least 1 and at most to, and to at most the tree's size {tree}")]
    SizesOutOfRange { tree: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The inclusion proof of the entry at `leaf` (its `seq - 1`) in the tree of `size`
/// entries: hashes only.
pub async fn inclusion_proof(
    db: &Db,
    leaf: u64,
    size: u64,
) -> Result<PublishedProof, ProofRequestError> {
    let mut proofs = inclusion_proofs(db, &[leaf], size).await?;
    Ok(proofs.remove(0))
}

/// The inclusion proofs of several entries in the tree of `size` entries, in the order
/// asked, with one read of the tree head and one query for every node they need (a GDPR
/// export proves each of a person's entries).
pub async fn inclusion_proofs(
    db: &Db,
    leaves: &[u64],
    size: u64,
) -> Result<Vec<PublishedProof>, ProofRequestError> {
    let conn = db.conn();
    let tree = tree_head_on(conn).await?.size;
    let plans = leaves
        .iter()
        .map(|&leaf| {
            plan_inclusion(leaf, size)
                .filter(|_| size <= tree)
                .map(|plan| (leaf, plan))
                .ok_or(ProofRequestError::LeafOutOfRange { tree })
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Each leaf itself comes with the proofs' nodes, in the same query.
    let mut wanted = BTreeSet::new();
    for (leaf, plan) in &plans {
        wanted.extend(plan.nodes());
        wanted.insert(NodeId::new(0, *leaf));
    }
    let nodes = fetch_nodes(conn, &wanted).await?;
    plans
        .into_iter()
        .map(|(leaf, plan)| {
            let hashes = plan
                .assemble(|id| nodes.get(&id).copied())
                .map_err(|missing| StoreError::from(MissingNode(missing)))?;
            let leaf_id = NodeId::new(0, leaf);
            let leaf_hash = nodes
                .get(&leaf_id)
                .ok_or_else(|| StoreError::from(MissingNode(leaf_id)))?;
            Ok(PublishedProof::Inclusion {
                leaf_index: leaf,
                tree_size: size,
                leaf_hash: leaf_hash.to_hex(),
                hashes: hex_all(&hashes),
            })
        })
        .collect()
}

/// The consistency proof between the trees of `from` and `to` entries, with both heads.
pub async fn consistency_proof(
    db: &Db,
    from: u64,
    to: u64,
) -> Result<PublishedProof, ProofRequestError> {
    let conn = db.conn();
    let tree = tree_head_on(conn).await?.size;
    let plan = plan_consistency(from, to)
        .filter(|_| to <= tree)
        .ok_or(ProofRequestError::SizesOutOfRange { tree })?;
    let (from_root, to_root) = (
        tietolupa_audit_proof::plan_root(from),
        tietolupa_audit_proof::plan_root(to),
    );
    let mut all = plan.nodes();
    all.extend(from_root.nodes());
    all.extend(to_root.nodes());
    let nodes = fetch_nodes(conn, &all).await?;
    let get = |p: &ProofPlan| -> Result<Vec<Hash>, StoreError> {
        Ok(p.assemble(|id| nodes.get(&id).copied())
            .map_err(MissingNode)?)
    };
    Ok(PublishedProof::Consistency {
        from,
        to,
        from_root: get(&from_root)?[0].to_hex(),
        to_root: get(&to_root)?[0].to_hex(),
        hashes: hex_all(&get(&plan)?),
    })
}
