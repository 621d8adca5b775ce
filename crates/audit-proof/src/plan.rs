use std::collections::BTreeSet;

use crate::hash::{Hash, empty_root, node_hash};

/// A stored perfect subtree: at `level` 0 a leaf, at level `l` the node over the leaves
/// `[index * 2^l, (index + 1) * 2^l)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    pub level: u8,
    pub index: u64,
}

impl NodeId {
    pub fn new(level: u8, index: u64) -> NodeId {
        NodeId { level, index }
    }
}

/// The hashes a proof (or a tree head) consists of, each as the stored nodes it is made
/// of. Fetch [`ProofPlan::nodes`] at once, then [`ProofPlan::assemble`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofPlan {
    /// One entry per proof hash, in proof order; each is the MTH of a range of leaves,
    /// given as the range's perfect subtrees from left to right.
    elements: Vec<Vec<NodeId>>,
}

impl ProofPlan {
    /// Every stored node the plan needs, each once.
    pub fn nodes(&self) -> BTreeSet<NodeId> {
        self.elements.iter().flatten().copied().collect()
    }

    pub fn len(&self) -> usize {
        self.elements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// Computes the proof's hashes from the fetched nodes; `Err` names the first node the
    /// lookup did not have (a tree that is missing nodes it should hold).
    pub fn assemble(&self, lookup: impl Fn(NodeId) -> Option<Hash>) -> Result<Vec<Hash>, NodeId> {
        self.elements
            .iter()
            .map(|parts| {
                // The MTH of a range is its perfect subtrees folded from the right
                // (RFC 6962: the left part of every split is the largest power of two).
                let mut hashes = parts.iter().rev();
                let first = match hashes.next() {
                    Some(id) => lookup(*id).ok_or(*id)?,
                    None => return Ok(empty_root()),
                };
                hashes.try_fold(first, |right, id| {
                    Ok(node_hash(&lookup(*id).ok_or(*id)?, &right))
                })
            })
            .collect()
    }
}

/// The perfect subtrees that make up the leaves `[start, end)` of a range that arises in
/// RFC 6962's recursion (its start is aligned to the largest power of two it spans).
fn range_nodes(mut start: u64, end: u64) -> Vec<NodeId> {
    let mut nodes = Vec::new();
    while start < end {
        let mut level = 0u8;
        while level < 63 {
            let size = 1u64 << (level + 1);
            if !start.is_multiple_of(size) || start + size > end {
                break;
            }
            level += 1;
        }
        nodes.push(NodeId::new(level, start >> level));
        start += 1u64 << level;
    }
    nodes
}

/// The largest power of two smaller than `n` (n ≥ 2): RFC 6962's split point.
fn split(n: u64) -> u64 {
    1u64 << (63 - (n - 1).leading_zeros())
}

/// The tree head of the first `size` leaves.
pub fn plan_root(size: u64) -> ProofPlan {
    ProofPlan {
        elements: vec![range_nodes(0, size)],
    }
}

/// RFC 9162 section 2.1.3.1 `PATH(m, D[n])`, or `None` when `leaf >= size`.
pub fn plan_inclusion(leaf: u64, size: u64) -> Option<ProofPlan> {
    if leaf >= size {
        return None;
    }
    let mut elements = Vec::new();
    // Walks from the root down, so siblings come out top first; the proof lists them
    // bottom first.
    let (mut lo, mut hi) = (0u64, size);
    while hi - lo > 1 {
        let k = split(hi - lo);
        if leaf < lo + k {
            elements.push(range_nodes(lo + k, hi));
            hi = lo + k;
        } else {
            elements.push(range_nodes(lo, lo + k));
            lo += k;
        }
    }
    elements.reverse();
    Some(ProofPlan { elements })
}

/// RFC 9162 section 2.1.4.1 `PROOF(m, D[n])`, or `None` unless `0 < from <= to`. Equal
/// sizes have the empty proof.
pub fn plan_consistency(from: u64, to: u64) -> Option<ProofPlan> {
    if from == 0 || from > to {
        return None;
    }
    let mut elements = Vec::new();
    // SUBPROOF(m, D[lo:hi], b), unrolled: each step adds the hash of the half it leaves.
    let (mut lo, mut hi, mut m, mut whole) = (0u64, to, from, true);
    while m != hi - lo {
        let k = split(hi - lo);
        if m <= k {
            elements.push(range_nodes(lo + k, hi));
            hi = lo + k;
        } else {
            elements.push(range_nodes(lo, lo + k));
            lo += k;
            m -= k;
            whole = false;
        }
    }
    if !whole {
        elements.push(range_nodes(lo, hi));
    }
    elements.reverse();
    Some(ProofPlan { elements })
}

/// The right edge of the tree: the heads of its perfect subtrees, largest first (one per
/// set bit of the size). Enough to append a leaf and to compute the tree head, so the
/// store keeps it on one row instead of reading nodes back on every append.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frontier {
    size: u64,
    heads: Vec<Hash>,
}

impl Frontier {
    pub fn new() -> Frontier {
        Frontier::default()
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Adds a leaf and returns every node it completes: the leaf itself at level 0, then
    /// each interior node up to the new perfect subtree's head.
    pub fn append(&mut self, leaf: Hash) -> Vec<(NodeId, Hash)> {
        let index = self.size;
        let mut completed = vec![(NodeId::new(0, index), leaf)];
        let mut hash = leaf;
        let mut level = 0u8;
        while index >> level & 1 == 1 {
            let left = self
                .heads
                .pop()
                .expect("a set bit of the size has its subtree head on the frontier");
            hash = node_hash(&left, &hash);
            level += 1;
            completed.push((NodeId::new(level, index >> level), hash));
        }
        self.heads.push(hash);
        self.size += 1;
        completed
    }

    /// The tree head (RFC 6962 MTH) of all leaves appended so far.
    pub fn root(&self) -> Hash {
        let mut heads = self.heads.iter().rev();
        match heads.next() {
            None => empty_root(),
            Some(last) => heads.fold(*last, |right, left| node_hash(left, &right)),
        }
    }

    /// The stored form: the heads' hex, concatenated.
    pub fn encode(&self) -> String {
        self.heads.iter().map(|h| h.to_hex()).collect()
    }

    /// Reads the stored form back for a tree of `size` leaves; `None` when it does not
    /// hold one head per set bit of `size`.
    pub fn decode(size: u64, text: &str) -> Option<Frontier> {
        let count = size.count_ones() as usize;
        if text.len() != count * 64 {
            return None;
        }
        let heads = (0..count)
            .map(|i| Hash::from_hex(&text[i * 64..(i + 1) * 64]))
            .collect::<Option<Vec<_>>>()?;
        Some(Frontier { size, heads })
    }

    /// The nodes whose hashes make up the frontier of a tree of `size` leaves, largest
    /// first: what [`Frontier::from_nodes`] needs to rebuild it from the stored tree.
    pub fn nodes_for(size: u64) -> Vec<NodeId> {
        range_nodes(0, size)
    }

    pub fn from_nodes(size: u64, heads: Vec<Hash>) -> Option<Frontier> {
        (heads.len() == size.count_ones() as usize).then_some(Frontier { size, heads })
    }
}
