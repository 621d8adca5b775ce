//! Checking a proof against a signed checkpoint with nothing but the public key: what an
//! auditor, a court or a citizen runs on their own machine (`tietolupa audit verify-proof`).

use serde::{Deserialize, Serialize};

use crate::checkpoint::{Checkpoint, NoteError, NoteVerifier};
use crate::hash::Hash;
use crate::verify::{ProofError, verify_consistency, verify_inclusion};

/// A proof as the public proof URLs serve it: sizes, indices and lowercase hex hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum PublishedProof {
    /// The entry at `leafIndex` (its `seq` minus one) is in the tree of `treeSize`.
    #[serde(rename_all = "camelCase")]
    Inclusion {
        leaf_index: u64,
        tree_size: u64,
        /// The entry's leaf hash, so the proof stands alone; a verifier holding the entry
        /// recomputes it instead of trusting this.
        leaf_hash: String,
        hashes: Vec<String>,
    },
    /// The tree of `from` is a prefix of the tree of `to`.
    #[serde(rename_all = "camelCase")]
    Consistency {
        from: u64,
        to: u64,
        /// The tree head at `from`, so a verifier holding an older checkpoint compares it.
        from_root: String,
        to_root: String,
        hashes: Vec<String>,
    },
}

/// Why an offline check failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfflineError {
    #[error("checkpoint: {0}")]
    Checkpoint(#[from] NoteError),
    #[error("the proof holds a hash that is not 64 hex digits")]
    MalformedHash,
    #[error("the leaf hash given ({given}) is not the one the proof is for ({in_proof})")]
    LeafHashMismatch { given: String, in_proof: String },
    #[error("the proof is for a tree of {proof} entries, the checkpoint for {checkpoint}")]
    SizeMismatch { proof: u64, checkpoint: u64 },
    #[error("the proof's tree head is not the checkpoint's root")]
    RootMismatch,
    #[error("the proof does not verify: {0}")]
    Proof(#[from] ProofError),
}

fn hash(hex: &str) -> Result<Hash, OfflineError> {
    Hash::from_hex(hex).ok_or(OfflineError::MalformedHash)
}

fn hashes(list: &[String]) -> Result<Vec<Hash>, OfflineError> {
    list.iter().map(|h| hash(h)).collect()
}

/// Opens the signed checkpoint with the verifier key, then checks the proof against it:
/// an inclusion proof must be for the checkpoint's size and lead to its root (and to
/// `leaf_hash`, when the caller computed one); a consistency proof must end at the
/// checkpoint. Returns the checkpoint that vouches for the proof.
pub fn verify_against_checkpoint(
    signed_checkpoint: &str,
    verifier_key: &str,
    proof: &PublishedProof,
    leaf_hash: Option<&str>,
) -> Result<Checkpoint, OfflineError> {
    let checkpoint = NoteVerifier::parse(verifier_key)?.open_checkpoint(signed_checkpoint)?;
    match proof {
        PublishedProof::Inclusion {
            leaf_index,
            tree_size,
            leaf_hash: in_proof,
            hashes: path,
        } => {
            let leaf = hash(in_proof)?;
            if let Some(given) = leaf_hash
                && hash(given)? != leaf
            {
                return Err(OfflineError::LeafHashMismatch {
                    given: given.to_owned(),
                    in_proof: in_proof.clone(),
                });
            }
            if *tree_size != checkpoint.size {
                return Err(OfflineError::SizeMismatch {
                    proof: *tree_size,
                    checkpoint: checkpoint.size,
                });
            }
            verify_inclusion(
                *leaf_index,
                *tree_size,
                &leaf,
                &hashes(path)?,
                &checkpoint.root,
            )?;
        }
        PublishedProof::Consistency {
            from,
            to,
            from_root,
            to_root,
            hashes: path,
        } => {
            if *to != checkpoint.size {
                return Err(OfflineError::SizeMismatch {
                    proof: *to,
                    checkpoint: checkpoint.size,
                });
            }
            let to_root = hash(to_root)?;
            if to_root != checkpoint.root {
                return Err(OfflineError::RootMismatch);
            }
            verify_consistency(*from, *to, &hashes(path)?, &hash(from_root)?, &to_root)?;
        }
    }
    Ok(checkpoint)
}
