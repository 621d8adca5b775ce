//! The audit tree against real databases: it grows with the chain in the entry's
//! transaction, every proof the store serves verifies against the tree head recomputed from
//! the entries' content, and a database from before the tree gets it built over its
//! existing entries.

use sea_orm::sea_query::Expr;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
use tietolupa_audit_proof::offline::PublishedProof;
use tietolupa_audit_proof::{Frontier, Hash, leaf_hash, verify_consistency, verify_inclusion};
use tietolupa_domain::{Actor, Role};
use tietolupa_entity::{audit_chain_head, audit_entry, audit_tree_node};
use tietolupa_test_support::{Backend, on_both_databases};

use super::fresh;
use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, audit_tree};

fn handler() -> CallContext {
    CallContext::new(Actor::person("handler-1", None, [Role::Handler], None))
}

async fn append(db: &Db, n: usize) {
    for i in 0..n {
        let txn = db.begin_write().await.unwrap();
        let event = AuditEvent::success("test.tree", Some(Role::Handler))
            .target("application", i.to_string());
        audit::append(&txn, &handler(), event).await.unwrap();
        txn.commit().await.unwrap();
    }
}

/// The tree heads of every size, recomputed from the entries' content alone.
async fn recomputed_roots(db: &Db) -> Vec<Hash> {
    let mut frontier = Frontier::new();
    let mut roots = Vec::new();
    for model in audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Seq)
        .all(db.conn())
        .await
        .unwrap()
    {
        let entry = audit::to_stored(model).unwrap();
        frontier.append(leaf_hash(&entry.record.leaf_data()));
        roots.push(frontier.root());
    }
    roots
}

fn hashes(list: &[String]) -> Vec<Hash> {
    list.iter().map(|h| Hash::from_hex(h).unwrap()).collect()
}

async fn every_served_proof_verifies(db: &Db) {
    let roots = recomputed_roots(db).await;
    let head = audit_tree::tree_head(db).await.unwrap();
    assert_eq!(head.size as usize, roots.len());
    assert_eq!(head.root, *roots.last().unwrap());
    for size in 1..=head.size {
        let root = roots[size as usize - 1];
        for leaf in 0..size {
            let PublishedProof::Inclusion {
                leaf_hash,
                hashes: path,
                ..
            } = audit_tree::inclusion_proof(db, leaf, size).await.unwrap()
            else {
                panic!("an inclusion proof")
            };
            let leaf_hash = Hash::from_hex(&leaf_hash).unwrap();
            verify_inclusion(leaf, size, &leaf_hash, &hashes(&path), &root)
                .unwrap_or_else(|e| panic!("leaf {leaf} in {size}: {e}"));
        }
        // Asked together (and out of order), the proofs are the ones asked one by one.
        let leaves: Vec<u64> = (0..size).rev().collect();
        let together = audit_tree::inclusion_proofs(db, &leaves, size)
            .await
            .unwrap();
        for (leaf, proof) in leaves.iter().zip(together) {
            assert_eq!(
                proof,
                audit_tree::inclusion_proof(db, *leaf, size).await.unwrap()
            );
        }
        let PublishedProof::Consistency {
            from_root,
            to_root,
            hashes: path,
            ..
        } = audit_tree::consistency_proof(db, size, head.size)
            .await
            .unwrap()
        else {
            panic!("a consistency proof")
        };
        assert_eq!(from_root, root.to_hex());
        assert_eq!(to_root, head.root.to_hex());
        verify_consistency(size, head.size, &hashes(&path), &root, &head.root).unwrap();
    }
}

async fn the_tree_grows_with_the_chain_and_its_proofs_verify(backend: Backend) {
    let (_database, db) = fresh(backend).await;
    let before = db.statements();
    append(&db, 13).await;
    // The chain's four statements (begin and commit are not counted); a node insert only
    // when the leaf completes a subtree of four or more (leaves 3, 7 and 11 of 0..13):
    // level-1 nodes are not stored.
    let statements = db.statements() - before;
    assert_eq!(statements, 13 * 4 + 3, "statements for 13 appends");
    every_served_proof_verifies(&db).await;

    // A rolled-back entry takes its leaf and nodes with it.
    let txn = db.begin_write().await.unwrap();
    audit::append(&txn, &handler(), AuditEvent::success("test.gone", None))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(audit_tree::tree_head(&db).await.unwrap().size, 13);
    append(&db, 1).await;
    every_served_proof_verifies(&db).await;
}

async fn a_database_from_before_the_tree_gets_it_built(backend: Backend) {
    let (_database, db) = fresh(backend).await;
    append(&db, 9).await;
    // As the migration leaves an older database: no leaves, no nodes, an empty tree.
    audit_entry::Entity::update_many()
        .col_expr(audit_entry::Column::LeafHash, Expr::value(None::<String>))
        .exec(db.conn())
        .await
        .unwrap();
    audit_tree_node::Entity::delete_many()
        .exec(db.conn())
        .await
        .unwrap();
    audit_chain_head::Entity::update_many()
        .col_expr(audit_chain_head::Column::TreeSize, Expr::value(0i64))
        .col_expr(audit_chain_head::Column::TreeFrontier, Expr::value(""))
        .exec(db.conn())
        .await
        .unwrap();
    // An entry appended before the build does not extend a lagging tree.
    append(&db, 1).await;
    assert_eq!(audit_tree::tree_head(&db).await.unwrap().size, 0);

    assert_eq!(audit_tree::build(&db).await.unwrap(), 10);
    assert_eq!(
        audit_tree::build(&db).await.unwrap(),
        0,
        "once built, nothing to do"
    );
    assert!(
        audit_tree_node::Entity::find()
            .count(db.conn())
            .await
            .unwrap()
            > 0
    );
    every_served_proof_verifies(&db).await;
    append(&db, 3).await;
    every_served_proof_verifies(&db).await;
}

on_both_databases!(
    the_tree_grows_with_the_chain_and_its_proofs_verify,
    a_database_from_before_the_tree_gets_it_built,
);
