//! Against published vectors, so that our tree is the one every other RFC 6962 tool
//! computes:
//! - tree heads, inclusion and consistency proofs over eight leaves: Certificate
//!   Transparency's `merkle_tree_test.cc`, as carried on in transparency-dev/merkle
//!   `proof/verify_test.go` (leaf indices there are 1-based);
//! - the signed note: golang.org/x/mod `sumdb/note` `note_test.go` and its package
//!   documentation (the "PeterNeumann" key and note).

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::checkpoint::{Checkpoint, NoteError, NoteSigner, NoteVerifier};
use crate::offline::{OfflineError, PublishedProof, verify_against_checkpoint};
use crate::*;

const LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// Tree heads of the first 1..=8 leaves.
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// (1-based leaf, tree size, proof).
const INCLUSION: &[(u64, u64, &[&str])] = &[
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        3,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        2,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// (size 1, size 2, proof).
const CONSISTENCY: &[(u64, u64, &[&str])] = &[
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const NOTE_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                         then you don't know what your problem is.\n";
const NOTE_SIGNATURE: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

fn h(hex: &str) -> Hash {
    Hash::from_hex(hex).unwrap()
}

fn hs(list: &[&str]) -> Vec<Hash> {
    list.iter().map(|x| h(x)).collect()
}

/// Every node a store would hold for these leaves, built by appending.
fn stored(leaves: &[Hash]) -> (Frontier, HashMap<NodeId, Hash>) {
    let mut frontier = Frontier::new();
    let mut nodes = HashMap::new();
    for leaf in leaves {
        nodes.extend(frontier.append(*leaf));
    }
    (frontier, nodes)
}

fn vector_leaves() -> Vec<Hash> {
    LEAVES
        .iter()
        .map(|l| leaf_hash(&hex::decode(l).unwrap()))
        .collect()
}

fn synthetic_leaves(n: u64) -> Vec<Hash> {
    (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

fn assemble(plan: &ProofPlan, nodes: &HashMap<NodeId, Hash>) -> Vec<Hash> {
    plan.assemble(|id| nodes.get(&id).copied()).unwrap()
}

#[test]
fn tree_heads_match_the_rfc_6962_vectors() {
    assert_eq!(
        empty_root().to_hex(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let leaves = vector_leaves();
    let (_, nodes) = stored(&leaves);
    for size in 1..=8u64 {
        let (frontier, _) = stored(&leaves[..size as usize]);
        assert_eq!(
            frontier.root(),
            h(ROOTS[size as usize - 1]),
            "frontier, size {size}"
        );
        assert_eq!(
            assemble(&plan_root(size), &nodes),
            vec![h(ROOTS[size as usize - 1])],
            "planned, size {size}"
        );
    }
}

#[test]
fn planned_proofs_are_the_vectors_and_the_vectors_verify() {
    let leaves = vector_leaves();
    let (_, nodes) = stored(&leaves);
    for (leaf, size, proof) in INCLUSION {
        let index = leaf - 1;
        let plan = plan_inclusion(index, *size).unwrap();
        assert_eq!(
            assemble(&plan, &nodes),
            hs(proof),
            "inclusion {leaf} in {size}"
        );
        let root = h(ROOTS[*size as usize - 1]);
        verify_inclusion(index, *size, &leaves[index as usize], &hs(proof), &root).unwrap();
    }
    for (from, to, proof) in CONSISTENCY {
        let plan = plan_consistency(*from, *to).unwrap();
        assert_eq!(
            assemble(&plan, &nodes),
            hs(proof),
            "consistency {from} to {to}"
        );
        let (r1, r2) = (h(ROOTS[*from as usize - 1]), h(ROOTS[*to as usize - 1]));
        verify_consistency(*from, *to, &hs(proof), &r1, &r2).unwrap();
    }
}

/// The corruptions of transparency-dev/merkle's `corruptInclusionProof`.
#[test]
fn corrupted_inclusion_proofs_fail() {
    let leaves = vector_leaves();
    let some = h("abacaba000000000000000000000000000000000000000000060061e00123456");
    for (leaf, size, proof) in INCLUSION.iter().filter(|(_, _, p)| !p.is_empty()) {
        let (index, root, leaf_h, proof) = (
            leaf - 1,
            h(ROOTS[*size as usize - 1]),
            leaves[*leaf as usize - 1],
            hs(proof),
        );
        let bad = |i: u64, s: u64, l: Hash, p: &[Hash], r: Hash| {
            verify_inclusion(i, s, &l, p, &r).is_err()
        };
        assert!(bad(index.wrapping_sub(1), *size, leaf_h, &proof, root));
        assert!(bad(index + 1, *size, leaf_h, &proof, root));
        assert!(bad(index ^ 2, *size, leaf_h, &proof, root));
        assert!(bad(index, size * 2, leaf_h, &proof, root));
        assert!(bad(index, size / 2, leaf_h, &proof, root));
        assert!(bad(index, *size, leaf_hash(b"WrongLeaf"), &proof, root));
        assert!(bad(index, *size, leaf_h, &proof, empty_root()));
        assert!(bad(index, *size, leaf_h, &proof, some));
        let mut longer = proof.clone();
        longer.push(root);
        assert!(bad(index, *size, leaf_h, &longer, root));
        let mut preceded = vec![root];
        preceded.extend(&proof);
        assert!(bad(index, *size, leaf_h, &preceded, root));
        for i in 0..proof.len() {
            let mut flipped = proof.clone();
            flipped[i].0[0] ^= 8;
            assert!(bad(index, *size, leaf_h, &flipped, root), "flipped {i}");
        }
        assert!(bad(index, *size, leaf_h, &proof[..proof.len() - 1], root));
    }
}

/// The corruptions of transparency-dev/merkle's `corruptConsistencyProof`.
#[test]
fn corrupted_consistency_proofs_fail() {
    for (from, to, proof) in CONSISTENCY.iter().filter(|(_, _, p)| !p.is_empty()) {
        let (r1, r2, proof) = (
            h(ROOTS[*from as usize - 1]),
            h(ROOTS[*to as usize - 1]),
            hs(proof),
        );
        let bad = |f: u64, t: u64, p: &[Hash], a: Hash, b: Hash| {
            verify_consistency(f, t, p, &a, &b).is_err()
        };
        assert!(bad(from - 1, *to, &proof, r1, r2));
        assert!(bad(from + 1, *to, &proof, r1, r2));
        assert!(bad(from ^ 2, *to, &proof, r1, r2));
        assert!(bad(*from, to * 2, &proof, r1, r2));
        assert!(bad(*from, to / 2, &proof, r1, r2));
        assert!(bad(*from, *to, &proof, r2, r1));
        assert!(bad(*from, *to, &proof, empty_root(), r2));
        assert!(bad(*from, *to, &proof, r1, empty_root()));
        assert!(bad(*from, *to, &[], r1, r2));
        for extra in [r1, r2] {
            let mut longer = proof.clone();
            longer.push(extra);
            assert!(bad(*from, *to, &longer, r1, r2));
            let mut preceded = vec![extra];
            preceded.extend(&proof);
            assert!(bad(*from, *to, &preceded, r1, r2));
        }
        assert!(bad(*from, *to, &proof[..proof.len() - 1], r1, r2));
        for i in 0..proof.len() {
            let mut flipped = proof.clone();
            flipped[i].0[0] ^= 16;
            assert!(bad(*from, *to, &flipped, r1, r2), "flipped {i}");
        }
    }
}

#[test]
fn trivial_consistency_cases_follow_the_reference() {
    let (a, b) = (leaf_hash(b"1"), leaf_hash(b"2"));
    assert!(verify_consistency(0, 0, &[], &a, &a).is_ok());
    assert!(verify_consistency(0, 1, &[], &a, &b).is_ok());
    assert!(verify_consistency(1, 1, &[], &b, &b).is_ok());
    assert!(verify_consistency(1, 1, &[], &a, &b).is_err());
    assert!(verify_consistency(1, 0, &[], &a, &b).is_err());
    assert!(verify_consistency(1, 2, &[], &a, &b).is_err());
    assert!(verify_consistency(1, 1, &[empty_root()], &a, &a).is_err());
    assert!(plan_consistency(0, 3).is_none());
    assert!(plan_inclusion(3, 3).is_none());
}

/// Beyond the eight vector leaves: every leaf of every size up to 70 and every pair of
/// sizes, planned from stored nodes, verifies against the frontier's head.
#[test]
fn every_planned_proof_verifies_in_trees_up_to_70() {
    let leaves = synthetic_leaves(70);
    let (_, nodes) = stored(&leaves);
    let roots: Vec<Hash> = (1..=70).map(|n| stored(&leaves[..n]).0.root()).collect();
    for size in 1..=70u64 {
        let root = roots[size as usize - 1];
        assert_eq!(assemble(&plan_root(size), &nodes), vec![root]);
        for index in 0..size {
            let proof = assemble(&plan_inclusion(index, size).unwrap(), &nodes);
            verify_inclusion(index, size, &leaves[index as usize], &proof, &root).unwrap();
        }
        for from in 1..=size {
            let proof = assemble(&plan_consistency(from, size).unwrap(), &nodes);
            verify_consistency(from, size, &proof, &roots[from as usize - 1], &root)
                .unwrap_or_else(|e| panic!("{from} to {size}: {e}"));
        }
    }
}

#[test]
fn the_frontier_round_trips_and_rebuilds_from_nodes() {
    let leaves = synthetic_leaves(11);
    let (frontier, nodes) = stored(&leaves);
    assert_eq!(
        Frontier::decode(11, &frontier.encode()),
        Some(frontier.clone())
    );
    assert_eq!(Frontier::decode(12, &frontier.encode()), None);
    let heads = Frontier::nodes_for(11)
        .into_iter()
        .map(|id| nodes[&id])
        .collect();
    assert_eq!(Frontier::from_nodes(11, heads), Some(frontier));
}

#[test]
fn a_ten_million_leaf_proof_needs_few_nodes() {
    let plan = plan_inclusion(1_234_567, 10_000_000).unwrap();
    assert_eq!(plan.len(), 24);
    assert!(plan.nodes().len() <= 2 * 24);
    let consistency = plan_consistency(9_999_999, 10_000_000).unwrap();
    assert!(consistency.nodes().len() <= 2 * 24);
}

fn peter_neumann() -> NoteSigner {
    // PRIVATE+KEY+name+hash+key, and the base64 key may itself hold a +.
    let encoded = SKEY.splitn(5, '+').nth(4).unwrap();
    let bytes = STANDARD.decode(encoded).unwrap();
    assert_eq!(bytes[0], 1);
    NoteSigner::from_seed("PeterNeumann", &bytes[1..].try_into().unwrap()).unwrap()
}

#[test]
fn signed_notes_match_the_go_sumdb_vector() {
    let signer = peter_neumann();
    assert_eq!(signer.verifier_key(), VKEY);
    assert_eq!(format!("{:08x}", signer.key_id()), "c74f20a3");
    let note = signer.sign(NOTE_TEXT).unwrap();
    assert_eq!(note, format!("{NOTE_TEXT}\n{NOTE_SIGNATURE}"));
    let verifier = NoteVerifier::parse(VKEY).unwrap();
    assert_eq!(verifier.open(&note), Ok(NOTE_TEXT));
    let altered = note.replace("cryptography", "cryptographY");
    assert!(matches!(
        verifier.open(&altered),
        Err(NoteError::BadSignature { .. })
    ));
    // A signature by another key is not this key's signature.
    let other = NoteSigner::from_seed("PeterNeumann", &[7; 32]).unwrap();
    assert!(matches!(
        verifier.open(&other.sign(NOTE_TEXT).unwrap()),
        Err(NoteError::NoSignature { .. })
    ));
    assert!(
        NoteVerifier::parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
            .is_err()
    );
}

#[test]
fn checkpoints_round_trip_and_a_cosigned_note_still_opens() {
    let signer = NoteSigner::from_seed("tietolupa.example/audit", &[3; 32]).unwrap();
    let checkpoint = Checkpoint {
        origin: "tietolupa.example/audit".into(),
        size: 8,
        root: h(ROOTS[7]),
    };
    let text = checkpoint.to_text();
    assert_eq!(
        text,
        "tietolupa.example/audit\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
    );
    let note = signer.sign(&text).unwrap();
    let witness = NoteSigner::from_seed("witness.example", &[4; 32]).unwrap();
    let witnessed = format!(
        "{note}{}",
        witness.sign(&text).unwrap().rsplit("\n\n").next().unwrap()
    );
    let verifier = NoteVerifier::parse(&signer.verifier_key()).unwrap();
    assert_eq!(verifier.open_checkpoint(&note), Ok(checkpoint.clone()));
    assert_eq!(verifier.open_checkpoint(&witnessed), Ok(checkpoint));
    assert!(Checkpoint::parse("o\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n").is_err());
    assert!(Checkpoint::parse("o\n8\nnot-base64\n").is_err());
}

#[test]
fn the_offline_verifier_checks_a_proof_against_a_signed_checkpoint() {
    let leaves = synthetic_leaves(13);
    let (frontier, nodes) = stored(&leaves);
    let signer = NoteSigner::from_seed("tietolupa.example/audit", &[5; 32]).unwrap();
    let note = signer
        .sign(
            &Checkpoint {
                origin: "tietolupa.example/audit".into(),
                size: 13,
                root: frontier.root(),
            }
            .to_text(),
        )
        .unwrap();
    let vkey = signer.verifier_key();
    let inclusion = PublishedProof::Inclusion {
        leaf_index: 9,
        tree_size: 13,
        leaf_hash: leaves[9].to_hex(),
        hashes: assemble(&plan_inclusion(9, 13).unwrap(), &nodes)
            .iter()
            .map(|x| x.to_hex())
            .collect(),
    };
    let leaf = leaves[9].to_hex();
    assert_eq!(
        verify_against_checkpoint(&note, &vkey, &inclusion, Some(&leaf))
            .unwrap()
            .size,
        13
    );
    assert!(matches!(
        verify_against_checkpoint(&note, &vkey, &inclusion, Some(&leaves[8].to_hex())),
        Err(OfflineError::LeafHashMismatch { .. })
    ));
    let (older, _) = stored(&leaves[..5]);
    let consistency = PublishedProof::Consistency {
        from: 5,
        to: 13,
        from_root: older.root().to_hex(),
        to_root: frontier.root().to_hex(),
        hashes: assemble(&plan_consistency(5, 13).unwrap(), &nodes)
            .iter()
            .map(|x| x.to_hex())
            .collect(),
    };
    verify_against_checkpoint(&note, &vkey, &consistency, None).unwrap();
    // A history rewritten before entry 5 has another head at 5.
    let PublishedProof::Consistency {
        hashes, to_root, ..
    } = consistency.clone()
    else {
        unreachable!()
    };
    let rewritten = PublishedProof::Consistency {
        from: 5,
        to: 13,
        from_root: leaf_hash(b"rewritten").to_hex(),
        to_root,
        hashes,
    };
    assert!(matches!(
        verify_against_checkpoint(&note, &vkey, &rewritten, None),
        Err(OfflineError::Proof(ProofError::RootMismatch))
    ));
    let other = NoteSigner::from_seed("tietolupa.example/audit", &[6; 32]).unwrap();
    assert!(matches!(
        verify_against_checkpoint(&note, &other.verifier_key(), &inclusion, None),
        Err(OfflineError::Checkpoint(NoteError::NoSignature { .. }))
    ));
    // The JSON the proof URLs serve.
    let json = serde_json::to_value(&inclusion).unwrap();
    assert_eq!(json["type"], "inclusion");
    assert_eq!(json["leafIndex"], 9);
    assert_eq!(
        serde_json::from_value::<PublishedProof>(json).unwrap(),
        inclusion
    );
}
