//! The audit log's Merkle tree from outside (issue 20 section 2): a checkpoint kept
//! elsewhere catches a truncated tail, a rewritten history and a changed entry; the proof
//! URLs serve hashes only and refuse bad input with a 400; the offline verifier accepts
//! what the server serves.

use std::path::Path;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use tietolupa_domain::{AuditOutcome, AuditRecord, ChainHash};
use tietolupa_entity::{audit_chain_head, audit_entry, audit_tree_node};
use tietolupa_test_support::{Backend, TestApp, on_both_databases, test_environment};

use crate::cli::tietolupa;

/// Audited reads by the auditor: `count` entries, one each.
async fn add_entries(app: &TestApp, count: usize) {
    let auditor = app.demo_token("demo-auditor").await;
    for _ in 0..count {
        app.query_ok(
            Some(&auditor),
            "{ verifyAuditLog { intact } }",
            serde_json::json!({}),
        )
        .await;
    }
}

/// Runs the binary against the app's database, as its operator would, under the same
/// public URL (so the same log name) as the server.
/// The exit code, and standard output (what is printed) followed by standard error (the
/// logs), for failure messages.
fn run(app: &TestApp, args: &[&str]) -> (Option<i32>, String) {
    let mut command = tietolupa();
    command.args(args);
    for (name, value) in test_environment(&app.database, app.data_dir.path()) {
        command.env(name, value);
    }
    command.env("TIETOLUPA_PUBLIC_URL", &app.address);
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    (output.status.code(), format!("{stdout}{stderr}"))
}

/// Signs a checkpoint with `audit checkpoint` and keeps it in a file outside the database.
fn keep_checkpoint(app: &TestApp, dir: &Path) -> (std::path::PathBuf, u64) {
    let mut command = tietolupa();
    command.args(["audit", "checkpoint"]);
    for (name, value) in test_environment(&app.database, app.data_dir.path()) {
        command.env(name, value);
    }
    let output = command
        .env("TIETOLUPA_PUBLIC_URL", &app.address)
        .output()
        .unwrap();
    let note = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let size: u64 = note.lines().nth(1).unwrap().parse().unwrap();
    let file = dir.join("checkpoint.txt");
    std::fs::write(&file, note).unwrap();
    (file, size)
}

fn verify(app: &TestApp, checkpoint: &Path) -> (Option<i32>, String) {
    run(
        app,
        &[
            "audit",
            "verify",
            "--checkpoint",
            checkpoint.to_str().unwrap(),
        ],
    )
}

async fn entries(app: &TestApp) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Seq)
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
}

async fn a_kept_checkpoint_verifies_and_catches_a_truncated_tail(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    add_entries(&app, 4).await;
    let dir = tempfile::tempdir().unwrap();
    let (checkpoint, size) = keep_checkpoint(&app, dir.path());
    add_entries(&app, 2).await;
    let (code, out) = verify(&app, &checkpoint);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("the log grew only by appending"), "{out}");

    // Whoever holds the database removes the newest entries, the chain head with them:
    // the chain alone still verifies.
    let keep = size as i64 - 2;
    audit_entry::Entity::delete_many()
        .filter(audit_entry::Column::Seq.gt(keep))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let last = entries(&app).await.pop().unwrap();
    audit_chain_head::Entity::update_many()
        .col_expr(audit_chain_head::Column::LastSeq, Expr::value(keep))
        .col_expr(audit_chain_head::Column::LastHash, Expr::value(last.hash))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let (code, out) = run(&app, &["audit", "verify"]);
    assert_eq!(code, Some(0), "the chain alone misses it: {out}");
    let (code, out) = verify(&app, &checkpoint);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "truncated tail: the log has {keep} entries, the checkpoint {size}"
        )),
        "{out}"
    );
}

async fn a_rewritten_history_with_a_valid_chain_and_tree_is_caught(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    add_entries(&app, 5).await;
    let dir = tempfile::tempdir().unwrap();
    let (checkpoint, size) = keep_checkpoint(&app, dir.path());
    let conn = app.db.raw_connection_for_tests();

    // A fresh, valid chain over altered content, and the tree rebuilt over it: nothing
    // inside the database disagrees with anything else.
    let mut previous = ChainHash::GENESIS;
    for model in entries(&app).await {
        let record = AuditRecord {
            id: model.id,
            seq: model.seq,
            occurred_at: model.occurred_at,
            actor_id: "someone-innocent".into(),
            actor_role: model.actor_role,
            action: model.action,
            target_type: model.target_type,
            target_id: model.target_id,
            outcome: AuditOutcome::parse(&model.outcome).unwrap(),
            reason: model.reason,
            client_address: model.client_address,
            request_id: model.request_id,
            details: model.details,
        };
        let hash = record.chain_hash(&previous);
        audit_entry::Entity::update_many()
            .col_expr(
                audit_entry::Column::ActorId,
                Expr::value("someone-innocent"),
            )
            .col_expr(
                audit_entry::Column::PreviousHash,
                Expr::value(previous.to_hex()),
            )
            .col_expr(audit_entry::Column::Hash, Expr::value(hash.to_hex()))
            .col_expr(audit_entry::Column::LeafHash, Expr::value(None::<String>))
            .filter(audit_entry::Column::Id.eq(model.id))
            .exec(conn)
            .await
            .unwrap();
        previous = hash;
    }
    audit_tree_node::Entity::delete_many()
        .exec(conn)
        .await
        .unwrap();
    audit_chain_head::Entity::update_many()
        .col_expr(
            audit_chain_head::Column::LastHash,
            Expr::value(previous.to_hex()),
        )
        .col_expr(audit_chain_head::Column::TreeSize, Expr::value(0i64))
        .col_expr(audit_chain_head::Column::TreeFrontier, Expr::value(""))
        .exec(conn)
        .await
        .unwrap();
    // Start-up (here the command's own) builds the tree afresh over the rewritten entries.
    let (code, out) = run(&app, &["audit", "verify"]);
    assert_eq!(code, Some(0), "the chain alone misses it: {out}");

    let (code, out) = verify(&app, &checkpoint);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "rewritten history: the first {size} entries hash to root"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "is not an extension of the checkpoint's tree of {size}"
        )),
        "{out}"
    );
}

async fn a_changed_entry_is_named(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    add_entries(&app, 5).await;
    let dir = tempfile::tempdir().unwrap();
    let (checkpoint, _) = keep_checkpoint(&app, dir.path());
    audit_entry::Entity::update_many()
        .col_expr(audit_entry::Column::Reason, Expr::value("nothing to see"))
        .filter(audit_entry::Column::Seq.eq(3))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let (code, out) = verify(&app, &checkpoint);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("changed entry: audit entry 3"), "{out}");
    assert!(
        out.contains("the content of entry 3 does not hash to its leaf"),
        "{out}"
    );
    assert!(out.contains("rewritten history"), "{out}");
}

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn proofs_are_public_hashes_only_and_verify_offline(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    add_entries(&app, 6).await;
    // The scheduled job signs every 30 s; the operator's command signs now, and the route
    // serves the newest.
    let dir = tempfile::tempdir().unwrap();
    let (kept, _) = keep_checkpoint(&app, dir.path());
    let response = app
        .client
        .get(app.url("/api/audit/checkpoint"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let note = response.text().await.unwrap();
    assert_eq!(note, std::fs::read_to_string(&kept).unwrap());
    let size: u64 = note.lines().nth(1).unwrap().parse().unwrap();
    assert!(size >= 6, "{note}");
    let (_, keys) = get_json(&app, "/api/audit/checkpoint-keys").await;
    let key = keys["current"].as_str().unwrap().to_owned();

    let (status, inclusion) = get_json(
        &app,
        &format!("/api/audit/proof/inclusion?leaf=2&size={size}"),
    )
    .await;
    assert_eq!(status, 200, "{inclusion}");
    let fields: Vec<&str> = inclusion
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        ["hashes", "leafHash", "leafIndex", "treeSize", "type"],
        "hashes and positions only, never the entry"
    );
    let (status, consistency) = get_json(
        &app,
        &format!("/api/audit/proof/consistency?from=3&to={size}"),
    )
    .await;
    assert_eq!(status, 200, "{consistency}");

    // The leaf is the entry's content, hashed as the tree does.
    let third = &entries(&app).await[2];
    assert_eq!(
        inclusion["leafHash"].as_str(),
        third.leaf_hash.as_deref(),
        "leaf 2 is entry 3"
    );

    let checkpoint = kept;
    for (name, proof) in [("inclusion", &inclusion), ("consistency", &consistency)] {
        let file = dir.path().join(format!("{name}.json"));
        std::fs::write(&file, proof.to_string()).unwrap();
        let output = tietolupa()
            .args([
                "audit",
                "verify-proof",
                "--checkpoint",
                checkpoint.to_str().unwrap(),
                "--key",
                &key,
                "--proof",
                file.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{name}: {stdout}");
        assert!(stdout.contains("proof verified"), "{stdout}");
    }
    // A proof for another entry than the one the caller holds is refused.
    let file = dir.path().join("inclusion.json");
    let output = tietolupa()
        .args([
            "audit",
            "verify-proof",
            "--checkpoint",
            checkpoint.to_str().unwrap(),
            "--key",
            &key,
            "--proof",
            file.to_str().unwrap(),
            "--leaf-hash",
            entries(&app).await[3].leaf_hash.as_deref().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));

    for (query, says) in [
        (
            "inclusion?leaf=x&size=3",
            "`leaf` must be a non-negative integer",
        ),
        ("inclusion?size=3", "missing query parameter `leaf`"),
        ("inclusion?leaf=3&size=3", "leaf must be below size"),
        ("inclusion?leaf=0&size=100000", "at most the tree's size"),
        ("consistency?from=0&to=3", "from must be at least 1"),
        (
            "consistency?from=4&to=3",
            "from must be at least 1 and at most to",
        ),
        (
            "consistency?from=-1&to=3",
            "`from` must be a non-negative integer",
        ),
    ] {
        let (status, body) = get_json(&app, &format!("/api/audit/proof/{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(
            body["error"].as_str().unwrap().contains(says),
            "{query}: {body}"
        );
    }
}

on_both_databases!(
    a_kept_checkpoint_verifies_and_catches_a_truncated_tail,
    a_rewritten_history_with_a_valid_chain_and_tree_is_caught,
    a_changed_entry_is_named,
    proofs_are_public_hashes_only_and_verify_offline,
);
