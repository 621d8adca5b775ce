//! The audit log as a Merkle tree that outsiders can check (issue 20 section 2).
//!
//! Hashing follows RFC 6962 section 2.1 (leaf = SHA-256(0x00 || data), node =
//! SHA-256(0x01 || left || right)). The store keeps every *completed* perfect subtree as a
//! node `(level, index)`: level 0 are the leaves, the node at level `l` and index `i`
//! covers leaves `[i * 2^l, (i + 1) * 2^l)`. Any tree head or proof over any size is a
//! function of such nodes, so proofs are *planned* here as the list of nodes they need
//! ([`plan_inclusion`], [`plan_consistency`], [`plan_root`]), the store fetches all of them
//! in one query, and [`ProofPlan::assemble`] computes the proof. Verification
//! ([`verify_inclusion`], [`verify_consistency`]) follows RFC 9162 sections 2.1.3.2 and
//! 2.1.4.2 and needs nothing but hashes.
//!
//! Tree heads are published as C2SP `tlog-checkpoint`s in C2SP `signed-note`s with Ed25519
//! ([`checkpoint`]); [`offline`] checks a proof against a signed checkpoint without a
//! database.

pub mod checkpoint;
mod hash;
pub mod offline;
mod plan;
mod verify;

pub use hash::{Hash, empty_root, leaf_hash, node_hash};
pub use plan::{Frontier, NodeId, ProofPlan, plan_consistency, plan_inclusion, plan_root};
pub use verify::{ProofError, root_from_inclusion, verify_consistency, verify_inclusion};

#[cfg(test)]
mod tests;
