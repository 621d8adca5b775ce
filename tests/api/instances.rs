//! Several stateless server instances against one database, as behind a load balancer:
//! two real `tietolupa serve` processes on different ports share one PostgreSQL database
//! (and one data directory: secrets, dev issuer key, attachments). What one writes, the
//! other reads and moves on; stale versions conflict across instances; the scheduled
//! jobs run on one instance per interval (the lease), and even run at once in several
//! they do not act twice.

use std::time::{Duration, Instant};

use futures::future::join_all;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tietolupa_entity::{application, application_tombstone, audit_entry, outbox_message, permit};
use tietolupa_store::applications::attachments::AttachmentFiles;
use tietolupa_store::permits::ExpiryReport;
use tietolupa_store::{CallContext, Db};
use tietolupa_test_support::{Backend, TestApp, TestDatabase, on_both_databases};
use uuid::Uuid;

use crate::cases::{self, grant_proposal_of, permit_input};
use crate::process::{Server, audit_verify, environment, run};

const CASE: &str = "id version state diaryNumber presenter { id } permit { id }";

async fn command(
    server: &Server,
    token: &str,
    name: &str,
    case: &Value,
    args: &str,
    extra: Value,
) -> Result<Value, String> {
    let (query, variables) = cases::command_request(name, case, args, extra, CASE);
    server
        .graphql(token, &query, variables)
        .await
        .map(|data| data[name].clone())
}

async fn read(server: &Server, token: &str, case: &Value) -> Value {
    server
        .graphql_ok(
            token,
            &format!("query($id: UUID!) {{ application(id: $id) {{ {CASE} }} }}"),
            json!({ "id": case["id"] }),
        )
        .await["application"]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_one_postgresql_database() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    // Jobs due every second, so that both instances try to run them while the test runs;
    // JSON logs, so that the runs' fields can be read back.
    let vars = environment(
        &database,
        &data_dir,
        &[
            ("TIETOLUPA_JOBS_INTERVAL_SECONDS", "1"),
            ("TIETOLUPA_LOG_FORMAT", "json"),
        ],
    );
    // Migrations once, then the instances (which find nothing to migrate).
    let migrated = run(&vars, &["migrate"]);
    assert!(migrated.status.success(), "{migrated:?}");
    let a = Server::start(&vars, &dir.path().join("a.log")).await;
    let b = Server::start(&vars, &dir.path().join("b.log")).await;
    assert_ne!(a.address, b.address);

    // Tokens from either instance are good at both (one issuer key, one audience).
    let applicant = a.demo_token("demo-applicant-researcher").await;
    let handler_1 = b.demo_token("demo-handler-1").await;
    let handler_2 = a.demo_token("demo-handler-2").await;
    let director = b.demo_token("demo-director").await;
    let (sources, kapseli) = a.catalogue_ids(&applicant).await;
    let input = permit_input([&sources[0], &sources[1]], &kapseli);

    // Written through A, read and moved on through B.
    let created = a
        .graphql_ok(
            &applicant,
            &format!("mutation($input: ApplicationInput!) {{ createApplication(kind: DATA_PERMIT, input: $input) {{ {CASE} }} }}"),
            json!({ "input": input }),
        )
        .await["createApplication"]
        .clone();
    let submitted = command(&a, &applicant, "submitApplication", &created, "", json!({}))
        .await
        .unwrap();
    let seen_by_b = read(&b, &handler_1, &submitted).await;
    assert_eq!(seen_by_b, submitted, "B reads what A wrote");
    let taken = command(&b, &handler_1, "takeApplication", &submitted, "", json!({}))
        .await
        .unwrap();
    // A stale version sent to the other instance is a conflict there too.
    assert_eq!(
        command(&a, &handler_2, "takeApplication", &submitted, "", json!({})).await,
        Err("CONFLICT".to_owned())
    );
    assert_eq!(read(&a, &handler_2, &submitted).await, taken);
    let proposed = command(
        &a,
        &handler_1,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": grant_proposal_of([&sources[0], &sources[1]]) }),
    )
    .await
    .unwrap();
    let decided = command(&b, &director, "decide", &proposed, "", json!({}))
        .await
        .unwrap();
    assert_eq!(decided["state"], "DECIDED");
    assert!(read(&a, &applicant, &decided).await["permit"]["id"].is_string());

    // 100 takes at once, half through each instance, on one version: one wins.
    let mut handlers = Vec::new();
    for i in 0..100 {
        handlers.push(
            a.token(json!({ "sub": format!("lb-handler-{i}"), "roles": ["HANDLER"] }))
                .await,
        );
    }
    let case = command(
        &b,
        &applicant,
        "submitApplication",
        &a.graphql_ok(
            &applicant,
            &format!("mutation($input: ApplicationInput!) {{ createApplication(kind: DATA_PERMIT, input: $input) {{ {CASE} }} }}"),
            json!({ "input": permit_input([&sources[0], &sources[1]], &kapseli) }),
        )
        .await["createApplication"],
        "",
        json!({}),
    )
    .await
    .unwrap();
    let started = Instant::now();
    let results = join_all(handlers.iter().enumerate().map(|(i, token)| {
        let server = if i % 2 == 0 { &a } else { &b };
        command(server, token, "takeApplication", &case, "", json!({}))
    }))
    .await;
    let elapsed = started.elapsed();
    let wins = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| r.as_ref().err().map(String::as_str) == Some("CONFLICT"))
        .count();
    assert_eq!((wins, conflicts), (1, 99), "{results:?}");

    // Both instances have looked for due jobs every second by now; the lease let one run
    // them per second at most, and no run failed.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let checked = b.verify_audit_log().await;
    audit_verify(&vars);
    let mut runs = Vec::new();
    for server in [&a, &b] {
        let log = server.log_text();
        runs.extend(job_runs(&log));
        assert!(!log.contains("job failed"), "{log}");
        assert!(!log.contains("lease lapsed"), "{log}");
        assert!(!log.contains("lost the scheduled jobs' lease"), "{log}");
    }
    runs.sort_unstable();
    assert!(
        !runs.is_empty(),
        "the jobs ran: {}{}",
        a.log_text(),
        b.log_text()
    );
    for pair in runs.windows(2) {
        assert!(
            pair[1] - pair[0] >= 1_000_000,
            "two runs less than the 1 s interval apart: {runs:?}"
        );
    }
    eprintln!(
        "two instances on one PostgreSQL database: 100 concurrent takes split across them, \
         1 winner and 99 CONFLICT in {} ms; audit chain intact over {} entries; \
         scheduled jobs ran {} times between them",
        elapsed.as_millis(),
        checked,
        runs.len()
    );
}

/// When each run of the scheduled jobs in `log` started (microseconds since the epoch).
fn job_runs(log: &str) -> Vec<i64> {
    log.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["message"] == "scheduled jobs ran on this instance")
        .map(|line| {
            line["started_at_micros"]
                .as_i64()
                .unwrap_or_else(|| panic!("a run without its start: {line}"))
        })
        .collect()
}

async fn audited(app: &TestApp, action: &str) -> usize {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .count(app.db.raw_connection_for_tests())
        .await
        .unwrap() as usize
}

/// The permit job run at the same moment through every pool; no run may fail.
async fn expiry_everywhere(pools: &[Db], ctx: &CallContext) -> Vec<ExpiryReport> {
    join_all(
        pools
            .iter()
            .map(|db| tietolupa_store::permits::run_expiry(db, ctx)),
    )
    .await
    .into_iter()
    .map(|r| r.expect("no run fails"))
    .collect()
}

/// The scheduled jobs of several instances running at the same moment: each permit is
/// expired once, each reminder queued once, each draft deleted once, and no run fails.
async fn scheduled_jobs_in_several_instances_act_once(backend: Backend) {
    const INSTANCES: usize = 6;
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let mut permits = Vec::new();
    for _ in 0..3 {
        let granted = cases::granted_case(&app, &applicant, &handler).await;
        permits.push(granted["permit"].clone());
    }
    let now = time::OffsetDateTime::now_utc();
    let mut drafts = Vec::new();
    for i in 0..4 {
        let draft = cases::create(
            &app,
            &applicant,
            "DATA_REQUEST",
            json!({ "title": format!("Old draft {i}") }),
        )
        .await;
        let id = Uuid::parse_str(draft["id"].as_str().unwrap()).unwrap();
        application::Entity::update_many()
            .col_expr(
                application::Column::UpdatedAt,
                Expr::value(now - time::Duration::days(200)),
            )
            .filter(application::Column::Id.eq(id))
            .exec(app.db.raw_connection_for_tests())
            .await
            .unwrap();
        drafts.push(id);
    }
    // One connection pool per "instance".
    let mut pools = Vec::new();
    for _ in 0..INSTANCES {
        pools.push(Db::connect(app.database.url()).await.unwrap());
    }
    let valid_until = time::Date::parse(
        permits[0]["validUntil"].as_str().unwrap(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .unwrap();
    let at = |date: time::Date| date.with_hms(9, 0, 0).unwrap().assume_utc();

    // 20 days before the end: both reminders (90 and 30 days) are due for every permit.
    let ctx = CallContext::system("permit-expiry").at(at(valid_until - time::Duration::days(20)));
    let reminders: usize = expiry_everywhere(&pools, &ctx)
        .await
        .iter()
        .map(|r| r.reminders)
        .sum();
    assert_eq!(reminders, 2 * permits.len());
    let queued = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("PERMIT_EXPIRY_REMINDER"))
        .count(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(queued as usize, 2 * permits.len());

    // Past the end: every permit expired once.
    let ctx = CallContext::system("permit-expiry").at(at(valid_until + time::Duration::days(2)));
    let expired: usize = expiry_everywhere(&pools, &ctx)
        .await
        .iter()
        .map(|r| r.expired)
        .sum();
    assert_eq!(expired, permits.len());
    let stored = permit::Entity::find()
        .filter(permit::Column::Status.eq("EXPIRED"))
        .count(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(stored as usize, permits.len());
    assert_eq!(audited(&app, "permit.expire").await, permits.len());

    // Retention: every old draft deleted, tombstoned and audited once.
    let files = AttachmentFiles::new(app.data_dir.path().join("attachments"), 1 << 20);
    let ctx = CallContext::system("retention").at(now);
    let reports = join_all(
        pools
            .iter()
            .map(|db| tietolupa_store::retention::run(db, &ctx, &files)),
    )
    .await;
    let mut deleted: Vec<Uuid> = reports
        .into_iter()
        .flat_map(|r| r.expect("no run fails").deleted)
        .collect();
    deleted.sort();
    drafts.sort();
    assert_eq!(deleted, drafts);
    let tombstones = application_tombstone::Entity::find()
        .count(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(tombstones as usize, drafts.len());
    assert_eq!(
        audited(&app, "application.retention_delete").await,
        drafts.len()
    );

    let auditor = app.demo_token("demo-auditor").await;
    let verification = app
        .query_ok(Some(&auditor), "{ verifyAuditLog { intact } }", json!({}))
        .await;
    assert_eq!(verification["verifyAuditLog"]["intact"], true);
}

on_both_databases!(scheduled_jobs_in_several_instances_act_once);
