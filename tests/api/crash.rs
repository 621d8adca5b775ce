//! Crash safety: the real binary takes objections and application submissions from
//! concurrent clients, is killed with SIGKILL mid-stream, and restarted on the same
//! database. Every request that was answered with success must be there afterwards, and
//! the audit chain must verify, by `tietolupa audit verify` and by `verifyAuditLog`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_test_support::{Backend, TestDatabase, on_both_databases};
use tokio::sync::Mutex;

use crate::cases::permit_input;
use crate::process::{Server, audit_verify, environment};

/// Concurrent clients of each kind.
const CITIZEN_CLIENTS: usize = 8;
const APPLICANT_CLIENTS: usize = 6;
/// Successful requests (objections + submissions) after which the server is killed,
/// with every client still sending.
const KILL_AFTER: usize = 200;

/// A distinct valid identity code per index (temporary individual numbers 900-999, which
/// no real person has). Never printed.
fn identity_code(i: usize) -> String {
    let born = time::Date::from_calendar_date(1950, time::Month::January, 1).unwrap()
        + time::Duration::days((i / 100) as i64);
    Hetu::compose(
        born,
        '-',
        900 + (i % 100) as u16,
        HetuPolicy::ALLOW_TEMPORARY,
    )
    .unwrap()
    .expose()
    .to_owned()
}

/// What the clients were told succeeded.
#[derive(Default)]
struct Acknowledged {
    /// (citizen's token, objection id)
    objections: Vec<(String, Value)>,
    /// (application id, diary number)
    submissions: Vec<(Value, Value)>,
    /// Requests that failed (cut off by the kill, or refused after it).
    failed: usize,
}

async fn acknowledged_requests_survive_sigkill(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let log = dir.path().join("server.log");
    let vars = environment(&database, &data_dir, &[]);
    let server = Server::start(&vars, &log).await;

    // Tokens first, so that the load is only objections and submissions. The dev issuer's
    // key lives in the data directory, so the tokens stay valid across the restart.
    let mut citizens = Vec::new();
    for i in 0..CITIZEN_CLIENTS * 60 {
        let hetu = identity_code(i);
        citizens.push(
            server
                .token(json!({ "sub": format!("crash-citizen-{i}"), "roles": ["CITIZEN"], "hetu": hetu }))
                .await,
        );
    }
    let applicant = server.demo_token("demo-applicant-researcher").await;
    let (sources, kapseli) = server.catalogue_ids(&applicant).await;
    let input = permit_input([&sources[0], &sources[1]], &kapseli);

    let server = Arc::new(server);
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let successes = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for client in 0..CITIZEN_CLIENTS {
        let (server, acked, successes, stop) = (
            server.clone(),
            acked.clone(),
            successes.clone(),
            stop.clone(),
        );
        let tokens: Vec<String> = citizens
            .iter()
            .skip(client)
            .step_by(CITIZEN_CLIENTS)
            .cloned()
            .collect();
        clients.push(tokio::spawn(async move {
            for token in tokens {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let result = server
                    .graphql(
                        &token,
                        "mutation { fileObjection { created objection { id } } }",
                        json!({}),
                    )
                    .await;
                let mut acked = acked.lock().await;
                match result {
                    Ok(data) => {
                        assert_eq!(data["fileObjection"]["created"], true);
                        acked
                            .objections
                            .push((token, data["fileObjection"]["objection"]["id"].clone()));
                        successes.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(_) => acked.failed += 1,
                }
            }
        }));
    }
    for _ in 0..APPLICANT_CLIENTS {
        let (server, acked, successes, stop) = (
            server.clone(),
            acked.clone(),
            successes.clone(),
            stop.clone(),
        );
        let (applicant, input) = (applicant.clone(), input.clone());
        clients.push(tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let created = server
                    .graphql(
                        &applicant,
                        "mutation($input: ApplicationInput!) { createApplication(kind: DATA_PERMIT, input: $input) { id version } }",
                        json!({ "input": input }),
                    )
                    .await;
                let Ok(created) = created else {
                    acked.lock().await.failed += 1;
                    continue;
                };
                let draft = &created["createApplication"];
                let submitted = server
                    .graphql(
                        &applicant,
                        "mutation($id: UUID!, $v: Int!) { submitApplication(id: $id, version: $v) { id state diaryNumber } }",
                        json!({ "id": draft["id"], "v": draft["version"] }),
                    )
                    .await;
                let mut acked = acked.lock().await;
                match submitted {
                    Ok(data) => {
                        let application = &data["submitApplication"];
                        assert_eq!(application["state"], "SUBMITTED");
                        acked.submissions.push((
                            application["id"].clone(),
                            application["diaryNumber"].clone(),
                        ));
                        successes.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(_) => acked.failed += 1,
                }
            }
        }));
    }

    // Mid-stream: every client is still sending when the process dies.
    let started = Instant::now();
    while successes.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the load did not reach {KILL_AFTER} successes: {}",
            server.log_text()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let killed_at = started.elapsed();
    server.kill();
    let at_kill = successes.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.await.unwrap();
    }
    let acked = std::mem::take(&mut *acked.lock().await);
    drop(server);

    // Restart on the same database and data directory.
    let server = Server::start(&vars, &log).await;
    let started_again = Instant::now();
    for (token, id) in &acked.objections {
        let data = server
            .graphql_ok(
                token,
                "{ myObjections { edges { node { id status } } } }",
                json!({}),
            )
            .await;
        let mine = data["myObjections"]["edges"].as_array().unwrap();
        assert!(
            mine.iter().any(|e| &e["node"]["id"] == id),
            "an acknowledged objection is missing after the crash"
        );
    }
    let mut diary_numbers = std::collections::HashSet::new();
    for (id, diary_number) in &acked.submissions {
        let data = server
            .graphql_ok(
                &applicant,
                "query($id: UUID!) { application(id: $id) { state diaryNumber history { action } } }",
                json!({ "id": id }),
            )
            .await;
        let application = &data["application"];
        assert_eq!(application["state"], "SUBMITTED", "{id}");
        assert_eq!(&application["diaryNumber"], diary_number, "{id}");
        let submitted_events = application["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "SUBMITTED")
            .count();
        assert_eq!(submitted_events, 1, "{id}");
        assert!(
            diary_numbers.insert(diary_number.clone()),
            "diary number given twice"
        );
    }

    // The audit chain: the command line and the API agree that it is intact.
    audit_verify(&vars);
    let checked = server.verify_audit_log().await;

    // And the restarted server takes new work.
    let citizen = &citizens[citizens.len() - 1];
    let filed = server
        .graphql_ok(
            citizen,
            "mutation { fileObjection { objection { id } } }",
            json!({}),
        )
        .await;
    assert!(filed["fileObjection"]["objection"]["id"].is_string());

    assert!(
        acked.objections.len() + acked.submissions.len() >= KILL_AFTER,
        "the kill came after {KILL_AFTER} acknowledged requests"
    );
    eprintln!(
        "crash safety ({backend:?}): SIGKILL after {} ms with {at_kill} successes; \
         {} objections and {} submissions acknowledged, all present after restart; \
         {} requests cut off or refused by the kill; audit chain intact over {} entries; \
         checks took {} ms",
        killed_at.as_millis(),
        acked.objections.len(),
        acked.submissions.len(),
        acked.failed,
        checked,
        started_again.elapsed().as_millis()
    );
}

on_both_databases!(acknowledged_requests_survive_sigkill);
