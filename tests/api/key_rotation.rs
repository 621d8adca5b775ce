//! Identity-code key rotation end to end with the real binary, as docs/operations.md
//! describes it: new keys made current and the server restarted, lookups still finding
//! rows under the old keys, `tietolupa objections reindex` run while the server serves,
//! the old keys removed and the server restarted again, every objection still found and
//! withdrawable, and the audit chain intact.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_test_support::{Backend, TestDatabase, on_both_databases};

use crate::process::{Server, audit_verify, environment, run};

fn key() -> String {
    let bytes: Vec<u8> = [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()]
        .iter()
        .flat_map(|u| u.as_bytes().to_vec())
        .collect();
    STANDARD.encode(bytes)
}

/// A secrets file with the given (id, key) rings and current ids.
fn secrets(blind_index: &[(&str, &str)], encryption: &[(&str, &str)]) -> String {
    let ring = |name: &str, keys: &[(&str, &str)]| {
        let mut text = format!(
            "[{name}]\ncurrent = \"{}\"\n[{name}.keys]\n",
            keys.last().unwrap().0
        );
        for (id, key) in keys {
            text.push_str(&format!("{id} = \"{key}\"\n"));
        }
        text
    };
    format!(
        "{}\n{}",
        ring("blind_index", blind_index),
        ring("encryption", encryption)
    )
}

async fn mine(server: &Server, token: &str) -> Vec<Value> {
    server
        .graphql_ok(
            token,
            "{ myObjections { edges { node { id version status } } } }",
            json!({}),
        )
        .await["myObjections"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

async fn file(server: &Server, token: &str) -> (bool, Value) {
    let data = server
        .graphql_ok(
            token,
            "mutation { fileObjection { created objection { id } } }",
            json!({}),
        )
        .await;
    (
        data["fileObjection"]["created"].as_bool().unwrap(),
        data["fileObjection"]["objection"]["id"].clone(),
    )
}

fn reindex(vars: &[(String, String)]) -> String {
    let output = run(vars, &["objections", "reindex"]);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

async fn keys_rotate_without_losing_an_objection(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let secrets_file = dir.path().join("secrets.toml");
    let log = dir.path().join("server.log");
    let (bi_1, enc_1, bi_2, enc_2) = (key(), key(), key(), key());
    std::fs::write(
        &secrets_file,
        secrets(&[("bi-1", &bi_1)], &[("enc-1", &enc_1)]),
    )
    .unwrap();
    let vars = environment(
        &database,
        &dir.path().join("data"),
        &[("TIETOLUPA_SECRETS_FILE", secrets_file.to_str().unwrap())],
    );

    let server = Server::start(&vars, &log).await;
    let mut citizens = Vec::new();
    for i in 0..3 {
        let born = time::Date::from_calendar_date(1970 + i, time::Month::May, 5).unwrap();
        let hetu = Hetu::compose(born, '-', 960, HetuPolicy::ALLOW_TEMPORARY).unwrap();
        citizens.push(
            server
                .token(json!({ "sub": format!("rotation-{i}"), "roles": ["CITIZEN"], "hetu": hetu.expose() }))
                .await,
        );
    }
    let (_, first) = file(&server, &citizens[0]).await;
    let (_, second) = file(&server, &citizens[1]).await;
    drop(server);

    // 1. New keys current, old ones kept; restart.
    std::fs::write(
        &secrets_file,
        secrets(
            &[("bi-1", &bi_1), ("bi-2", &bi_2)],
            &[("enc-1", &enc_1), ("enc-2", &enc_2)],
        ),
    )
    .unwrap();
    let server = Server::start(&vars, &log).await;
    assert_eq!(mine(&server, &citizens[0]).await[0]["id"], first);
    // Filing again finds the objection under the old key instead of adding a second.
    assert_eq!(file(&server, &citizens[0]).await, (false, first.clone()));
    let (created, third) = file(&server, &citizens[2]).await;
    assert!(created);

    // 2. Re-key while the server serves; a second run has nothing left to do.
    let report = reindex(&vars);
    assert!(report.contains("2 of 3 rows rewritten"), "{report}");
    let report = reindex(&vars);
    assert!(report.contains("0 of 3 rows rewritten"), "{report}");
    drop(server);

    // 3. The old keys removed; restart.
    std::fs::write(
        &secrets_file,
        secrets(&[("bi-2", &bi_2)], &[("enc-2", &enc_2)]),
    )
    .unwrap();
    let server = Server::start(&vars, &log).await;
    for (citizen, objection) in citizens.iter().zip([&first, &second, &third]) {
        let theirs = mine(&server, citizen).await;
        assert_eq!(theirs.len(), 1);
        assert_eq!(&theirs[0]["id"], objection);
    }
    assert_eq!(file(&server, &citizens[0]).await, (false, first.clone()));
    let second_row = &mine(&server, &citizens[1]).await[0];
    let withdrawn = server
        .graphql_ok(
            &citizens[1],
            "mutation($id: UUID!, $v: Int!) { withdrawObjection(id: $id, version: $v) { status } }",
            json!({ "id": second_row["id"], "v": second_row["version"] }),
        )
        .await;
    assert_eq!(withdrawn["withdrawObjection"]["status"], "WITHDRAWN");

    audit_verify(&vars);
    server.verify_audit_log().await;
}

on_both_databases!(keys_rotate_without_losing_an_objection);
