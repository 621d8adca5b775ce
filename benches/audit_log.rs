//! The audit log's Merkle tree (issue 20 section 2; `just bench-audit`, docs/benchmarks.md
//! "Audit log: the Merkle tree's cost"). Not a test: it measures, prints a Markdown report,
//! and exits.
//!
//! For PostgreSQL, then SQLite:
//! 1. **Appends.** Two fresh databases, migrated by the store. On one, the store's own
//!    public command `audit::record_denial` appends entries: one transaction each, chain
//!    and tree, as every command does. On the other, the append as it was before the tree
//!    (commit d3761b5^, `audit::append`): the same four statements, minus the leaf hash and
//!    the tree's nodes and frontier. Both get the same entry, a refused read of an
//!    application with its target. N entries each (default 100,000), in alternating rounds,
//!    so drift of the machine falls on both alike.
//! 2. **Proofs.** A fresh database filled with a tree of M leaves (default 10,000,000):
//!    the entries' leaf hashes, every completed node from level 2 up and the chain head's
//!    frontier, as the store's appends would have left them. Then inclusion proofs for
//!    random leaves, through the store (`audit_tree::inclusion_proof`) and as served by
//!    the real server (`GET /api/audit/proof/inclusion`), one request at a time; every
//!    proof is checked against the root the fill computed.
//!
//! Knobs: `AUDIT_BENCH_APPENDS`, `AUDIT_BENCH_ROUNDS`, `AUDIT_BENCH_LEAVES`,
//! `AUDIT_BENCH_PROOFS`, `AUDIT_BENCH_SQLITE=0` (PostgreSQL only), `AUDIT_BENCH_PG=0`
//! (SQLite only). PostgreSQL as for the tests (`TIETOLUPA_TEST_POSTGRES_URL`).

use std::io::Write;
use std::time::{Duration, Instant};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, QueryFilter, Set,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use tietolupa_audit_proof::offline::PublishedProof;
use tietolupa_audit_proof::{Frontier, Hash, leaf_hash, verify_inclusion};
use tietolupa_domain::{AuditOutcome, AuditRecord, ChainHash, audit_timestamp};
use tietolupa_entity::{audit_chain_head, audit_entry, audit_tree_node};
use tietolupa_store::audit::{AuditTarget, DenialReason, record_denial};
use tietolupa_store::{CallContext, Db, audit_tree};
use tietolupa_test_support::{Backend, TestDatabase};
use uuid::Uuid;

// Each bench uses its part of the shared harness.
#[allow(dead_code)]
mod common;

const BINARY: &str = env!("CARGO_BIN_EXE_tietolupa");
const CHAIN: &str = "main";
const ACTION: &str = "application.read";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn engine(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// The chain-only append as it was before the tree (d3761b5^ `audit::append`), with the
/// transaction every command opens around it (`Db::begin_write`).
async fn chain_only_append(
    conn: &DatabaseConnection,
    ctx: &CallContext,
    target: &AuditTarget,
) -> Result<(), sea_orm::DbErr> {
    let txn = conn
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await?;
    audit_chain_head::Entity::update_many()
        .col_expr(
            audit_chain_head::Column::LastSeq,
            Expr::col(audit_chain_head::Column::LastSeq).add(1),
        )
        .filter(audit_chain_head::Column::Chain.eq(CHAIN))
        .exec(&txn)
        .await?;
    let head = audit_chain_head::Entity::find_by_id(CHAIN.to_owned())
        .one(&txn)
        .await?
        .expect("the chain head");
    let previous = ChainHash::from_hex(&head.last_hash).expect("a stored chain hash");
    let record = AuditRecord {
        id: Uuid::now_v7(),
        seq: head.last_seq,
        occurred_at: audit_timestamp(ctx.at),
        actor_id: ctx.actor.id.clone(),
        actor_role: None,
        action: ACTION.to_owned(),
        target_type: Some(target.kind.to_owned()),
        target_id: Some(target.id.clone()),
        outcome: AuditOutcome::Denied,
        reason: Some(DenialReason::Ownership.as_str().to_owned()),
        client_address: ctx.client_address.clone(),
        request_id: ctx.request_id.clone(),
        details: None,
    };
    let hash = record.chain_hash(&previous);
    audit_entry::Entity::insert(audit_entry::ActiveModel {
        id: Set(record.id),
        seq: Set(record.seq),
        occurred_at: Set(record.occurred_at),
        actor_id: Set(record.actor_id.clone()),
        actor_role: Set(record.actor_role.clone()),
        action: Set(record.action.clone()),
        target_type: Set(record.target_type.clone()),
        target_id: Set(record.target_id.clone()),
        outcome: Set(record.outcome.as_str().to_owned()),
        reason: Set(record.reason.clone()),
        client_address: Set(record.client_address.clone()),
        request_id: Set(record.request_id.clone()),
        details: Set(record.details.clone()),
        previous_hash: Set(previous.to_hex()),
        hash: Set(hash.to_hex()),
        leaf_hash: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    audit_chain_head::Entity::update_many()
        .col_expr(
            audit_chain_head::Column::LastHash,
            Expr::value(hash.to_hex()),
        )
        .filter(audit_chain_head::Column::Chain.eq(CHAIN))
        .exec(&txn)
        .await?;
    txn.commit().await
}

struct Appends {
    entries: usize,
    chain_only: Duration,
    with_tree: Duration,
}

async fn migrated(backend: Backend) -> (TestDatabase, Db) {
    let database = TestDatabase::create(backend).await;
    let db = Db::connect(database.url()).await.expect("connect");
    db.migrate().await.expect("migrate");
    (database, db)
}

async fn appends(backend: Backend, entries: usize, rounds: usize) -> Appends {
    let (_chain_database, chain) = migrated(backend).await;
    let (_tree_database, tree) = migrated(backend).await;
    let chain_conn = chain.raw_connection_for_tests();
    let per_round = entries / rounds;
    let (mut chain_only, mut with_tree) = (Duration::ZERO, Duration::ZERO);
    for round in 0..rounds {
        eprintln!(
            "{}: appends, round {} of {rounds}",
            engine(backend),
            round + 1
        );
        for first_chain in [round % 2 == 0, round % 2 != 0] {
            let start = Instant::now();
            for _ in 0..per_round {
                // A fresh context per entry, as each request has.
                let ctx = CallContext::system("audit-bench");
                let target = AuditTarget::new("application", Uuid::new_v4());
                if first_chain {
                    chain_only_append(chain_conn, &ctx, &target)
                        .await
                        .expect("chain-only append");
                } else {
                    record_denial(
                        &tree,
                        &ctx,
                        ACTION,
                        None,
                        Some(&target),
                        DenialReason::Ownership,
                    )
                    .await
                    .expect("append through the store");
                }
            }
            *(if first_chain {
                &mut chain_only
            } else {
                &mut with_tree
            }) += start.elapsed();
        }
    }
    let appended = (per_round * rounds) as u64;
    // Both logs hold every entry; the tree's covers all of them and its chain verifies.
    for db in [&chain, &tree] {
        let length = tietolupa_store::audit::chain_length(db)
            .await
            .expect("length");
        assert!(length as u64 >= appended, "every entry was appended");
    }
    let head = audit_tree::tree_head(&tree).await.expect("tree head");
    assert!(head.size >= appended, "the tree holds every entry");
    let report = tietolupa_store::audit::verify_chain(&tree)
        .await
        .expect("verify");
    assert!(report.is_intact(), "the chain with the tree verifies");
    chain.close().await.ok();
    tree.close().await.ok();
    Appends {
        entries: per_round * rounds,
        chain_only,
        with_tree,
    }
}

/// The bench's leaf `i`: what the store would have hashed for an entry, stood in for by
/// the index (the proof reads only the stored hash).
fn bench_leaf(index: u64) -> Hash {
    leaf_hash(format!("audit-bench-leaf-{index}").as_bytes())
}

const FILL_BATCH: usize = 1_000;
const FILL_COMMIT: u64 = 200_000;

/// Writes a tree of `leaves` entries as the store's appends leave it: each entry's leaf
/// hash, every completed node from level 2 up, and the chain head's size and frontier. The
/// entries' other columns are placeholders no proof reads. Returns the root.
async fn fill(db: &Db, leaves: u64) -> Hash {
    let conn = db.raw_connection_for_tests();
    let at = audit_timestamp(time::OffsetDateTime::now_utc());
    let placeholder = ChainHash::GENESIS.to_hex();
    let mut frontier = Frontier::new();
    let mut entries: Vec<audit_entry::ActiveModel> = Vec::with_capacity(FILL_BATCH);
    let mut nodes: Vec<audit_tree_node::ActiveModel> = Vec::with_capacity(FILL_BATCH);
    let mut txn = conn.begin().await.expect("begin");
    for index in 0..leaves {
        for (id, hash) in frontier.append(bench_leaf(index)) {
            if id.level == 0 {
                entries.push(audit_entry::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    seq: Set(index as i64 + 1),
                    occurred_at: Set(at),
                    actor_id: Set("audit-bench".into()),
                    actor_role: Set(None),
                    action: Set(ACTION.into()),
                    target_type: Set(None),
                    target_id: Set(None),
                    outcome: Set(AuditOutcome::Denied.as_str().into()),
                    reason: Set(None),
                    client_address: Set(None),
                    request_id: Set(None),
                    details: Set(None),
                    previous_hash: Set(placeholder.clone()),
                    hash: Set(placeholder.clone()),
                    leaf_hash: Set(Some(hash.to_hex())),
                });
            } else if id.level >= 2 {
                // As the store keeps them: a level-1 node is computed from its leaves.
                nodes.push(audit_tree_node::ActiveModel {
                    level: Set(i16::from(id.level)),
                    node_index: Set(id.index as i64),
                    hash: Set(hash.to_hex()),
                });
            }
        }
        if entries.len() >= FILL_BATCH {
            audit_entry::Entity::insert_many(std::mem::take(&mut entries))
                .exec_without_returning(&txn)
                .await
                .expect("insert entries");
        }
        if nodes.len() >= FILL_BATCH {
            audit_tree_node::Entity::insert_many(std::mem::take(&mut nodes))
                .exec_without_returning(&txn)
                .await
                .expect("insert nodes");
        }
        if (index + 1) % FILL_COMMIT == 0 {
            txn.commit().await.expect("commit");
            txn = conn.begin().await.expect("begin");
            if (index + 1) % (FILL_COMMIT * 10) == 0 {
                eprintln!("  {} of {leaves} leaves", index + 1);
            }
        }
    }
    if !entries.is_empty() {
        audit_entry::Entity::insert_many(entries)
            .exec_without_returning(&txn)
            .await
            .expect("insert entries");
    }
    if !nodes.is_empty() {
        audit_tree_node::Entity::insert_many(nodes)
            .exec_without_returning(&txn)
            .await
            .expect("insert nodes");
    }
    audit_chain_head::Entity::update_many()
        .col_expr(
            audit_chain_head::Column::LastSeq,
            Expr::value(leaves as i64),
        )
        .col_expr(audit_chain_head::Column::LastHash, Expr::value(placeholder))
        .col_expr(
            audit_chain_head::Column::TreeSize,
            Expr::value(leaves as i64),
        )
        .col_expr(
            audit_chain_head::Column::TreeFrontier,
            Expr::value(frontier.encode()),
        )
        .filter(audit_chain_head::Column::Chain.eq(CHAIN))
        .exec(&txn)
        .await
        .expect("chain head");
    txn.commit().await.expect("commit");
    frontier.root()
}

/// A small deterministic generator for the leaves asked about (xorshift64*).
struct Leaves(u64);

impl Leaves {
    fn next_below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound
    }
}

fn check(proof: &PublishedProof, leaf: u64, size: u64, root: &Hash) {
    let PublishedProof::Inclusion {
        leaf_index,
        tree_size,
        leaf_hash,
        hashes,
    } = proof
    else {
        panic!("an inclusion proof");
    };
    assert_eq!((*leaf_index, *tree_size), (leaf, size));
    let hashes: Vec<Hash> = hashes
        .iter()
        .map(|h| Hash::from_hex(h).expect("a hex hash"))
        .collect();
    let leaf_hash = Hash::from_hex(leaf_hash).expect("a hex leaf hash");
    assert_eq!(
        leaf_hash,
        bench_leaf(leaf),
        "the proof is of the asked leaf"
    );
    verify_inclusion(leaf, size, &leaf_hash, &hashes, root).expect("the proof verifies");
}

struct Latencies(Vec<Duration>);

impl Latencies {
    fn quantile(&self, q: f64) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted[((sorted.len() - 1) as f64 * q).round() as usize]
    }

    fn row(&self) -> String {
        let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1e3);
        format!(
            "{} | {} | {} | {}",
            ms(self.quantile(0.5)),
            ms(self.quantile(0.95)),
            ms(self.quantile(0.99)),
            ms(self.quantile(1.0))
        )
    }
}

struct Proofs {
    leaves: u64,
    fill: Duration,
    proof_hashes: usize,
    store: Latencies,
    served: Latencies,
}

async fn proofs(backend: Backend, leaves: u64, samples: usize) -> Proofs {
    let (database, db) = migrated(backend).await;
    eprintln!("{}: filling a tree of {leaves} leaves", engine(backend));
    let start = Instant::now();
    let root = fill(&db, leaves).await;
    let fill_time = start.elapsed();
    if backend == Backend::Postgres {
        // As autovacuum would have by the time a log is this large.
        db.raw_connection_for_tests()
            .execute_unprepared("ANALYZE audit_entry; ANALYZE audit_tree_node")
            .await
            .expect("analyze");
    }
    let mut pick = Leaves(0x9e37_79b9_7f4a_7c15);
    let mut store = Vec::with_capacity(samples);
    let mut proof_hashes = 0;
    for _ in 0..samples {
        let leaf = pick.next_below(leaves);
        let start = Instant::now();
        let proof = audit_tree::inclusion_proof(&db, leaf, leaves)
            .await
            .expect("a proof");
        store.push(start.elapsed());
        check(&proof, leaf, leaves, &root);
        if let PublishedProof::Inclusion { hashes, .. } = &proof {
            proof_hashes = std::cmp::max(proof_hashes, hashes.len());
        }
    }
    db.close().await.ok();

    let scratch = tempfile::tempdir().expect("a scratch directory");
    let env: Vec<(String, String)> = vec![
        ("TIETOLUPA_MODE".into(), "dev".into()),
        (
            "TIETOLUPA_DATA_DIR".into(),
            scratch.path().display().to_string(),
        ),
        ("TIETOLUPA_DATABASE_URL".into(), database.url().to_owned()),
        ("TIETOLUPA_LOG".into(), "warn".into()),
        ("TIETOLUPA_DEMO_DECISIONS".into(), "0".into()),
        ("TIETOLUPA_DEMO_CASES".into(), "false".into()),
        (
            "TIETOLUPA_WEB_DIR".into(),
            scratch.path().join("no-web").display().to_string(),
        ),
        // One client on one address asks for every proof: not what the limiter is for.
        (
            "TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE".into(),
            "100000000".into(),
        ),
        (
            "TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST".into(),
            "100000000".into(),
        ),
    ];
    let server = common::Server::start(BINARY, &env, "demo-handler-1").await;
    let client = reqwest::Client::new();
    let mut served = Vec::with_capacity(samples);
    for i in 0..samples + 20 {
        let leaf = pick.next_below(leaves);
        let url = format!(
            "{}/api/audit/proof/inclusion?leaf={leaf}&size={leaves}",
            server.base
        );
        let start = Instant::now();
        let response = client.get(&url).send().await.expect("a response");
        assert!(response.status().is_success(), "{}", response.status());
        let body = response.bytes().await.expect("the body");
        let elapsed = start.elapsed();
        let proof: PublishedProof = serde_json::from_slice(&body).expect("a proof as JSON");
        check(&proof, leaf, leaves, &root);
        // The first requests open the pool's connections.
        if i >= 20 {
            served.push(elapsed);
        }
    }
    drop(server);
    Proofs {
        leaves,
        fill: fill_time,
        proof_hashes,
        store: Latencies(store),
        served: Latencies(served),
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let entries = env_usize("AUDIT_BENCH_APPENDS", 100_000);
    let rounds = env_usize("AUDIT_BENCH_ROUNDS", 10).max(1);
    let leaves = env_usize("AUDIT_BENCH_LEAVES", 10_000_000) as u64;
    let samples = env_usize("AUDIT_BENCH_PROOFS", 1_000).max(1);
    let mut backends = Vec::new();
    if std::env::var("AUDIT_BENCH_PG").as_deref() != Ok("0") {
        backends.push(Backend::Postgres);
    }
    if std::env::var("AUDIT_BENCH_SQLITE").as_deref() != Ok("0") {
        backends.push(Backend::Sqlite);
    }
    let load_before = load_average();
    let mut report = String::new();
    report.push_str("| engine | entries | chain only | chain + tree | per entry (chain only / + tree) | ratio (target ≤ 1.2) |\n|---|---:|---:|---:|---:|---:|\n");
    let mut proof_rows = String::new();
    for &backend in &backends {
        let a = appends(backend, entries, rounds).await;
        let per = |d: Duration| d.as_secs_f64() * 1e6 / a.entries as f64;
        let ratio = a.with_tree.as_secs_f64() / a.chain_only.as_secs_f64();
        report.push_str(&format!(
            "| {} | {} | {:.1} s | {:.1} s | {:.0} µs / {:.0} µs | {:.2} × {} |\n",
            engine(backend),
            a.entries,
            a.chain_only.as_secs_f64(),
            a.with_tree.as_secs_f64(),
            per(a.chain_only),
            per(a.with_tree),
            ratio,
            if ratio <= 1.2 { "met" } else { "NOT met" }
        ));
        let p = proofs(backend, leaves, samples).await;
        let met = p.served.quantile(0.99) <= Duration::from_millis(5);
        proof_rows.push_str(&format!(
            "| {} | {} | {:.0} s | {} | store | {} | |\n| | | | | served (HTTP) | {} | {} |\n",
            engine(backend),
            p.leaves,
            p.fill.as_secs_f64(),
            p.proof_hashes,
            p.store.row(),
            p.served.row(),
            if met { "met" } else { "NOT met" }
        ));
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "## Audit log: the Merkle tree's cost\n").expect("stdout");
    writeln!(
        out,
        "{entries} appends per engine in {rounds} alternating rounds, one transaction each; \
         {samples} inclusion proofs of random leaves, one request at a time. Load average \
         before: {load_before}; after: {}.\n",
        load_average()
    )
    .expect("stdout");
    writeln!(out, "### Appends\n\n{report}").expect("stdout");
    writeln!(
        out,
        "### Inclusion proofs (ms)\n\n| engine | leaves | fill | hashes per proof | path | p50 | p95 | p99 | max | p99 ≤ 5 ms |\n|---|---:|---:|---:|---|---:|---:|---:|---:|---|\n{proof_rows}"
    )
    .expect("stdout");
}
