//! Backup and restore as docs/operations.md describes them, with the real tools: an
//! online backup of a running server (`sqlite3 .backup`, or `pg_dump --format=custom`),
//! the attachments directory and the secrets file copied beside it; the original
//! database removed; a restore into a fresh database and data directory; then
//! `tietolupa audit verify` and a server on the restored copy that still finds the
//! objection (only possible with the same secrets file), the submitted case and the
//! attachment's bytes.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde_json::json;
use tietolupa_domain::{Hetu, HetuPolicy};
use tietolupa_test_support::{Backend, TestDatabase, on_both_databases};

use crate::cases::permit_input;
use crate::process::{Server, audit_verify, environment};

fn sh(program: &str, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed for this test: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `cp -a` of the files an instance keeps beside the database.
fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    // The attachments, the identity-code keys, and (dev mode only) the token key.
    for name in ["attachments", "secrets.toml", "dev-issuer-key.pem"] {
        sh(
            "cp",
            &[
                "-a",
                from.join(name).to_str().unwrap(),
                to.to_str().unwrap(),
            ],
        );
    }
}

fn sqlite_path(url: &str) -> &str {
    url.trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
}

async fn backup_and_restore_keep_everything(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let log = dir.path().join("server.log");
    let vars = environment(&database, &data, &[]);
    let server = Server::start(&vars, &log).await;

    // Something of everything: an objection (encrypted identity code), a submitted case
    // with an attachment on disk, and audit entries.
    let born = time::Date::from_calendar_date(1962, time::Month::March, 3).unwrap();
    let hetu = Hetu::compose(born, '-', 977, HetuPolicy::ALLOW_TEMPORARY).unwrap();
    let citizen = server
        .token(json!({ "sub": "backup-citizen", "roles": ["CITIZEN"], "hetu": hetu.expose() }))
        .await;
    let objection = server
        .graphql_ok(
            &citizen,
            "mutation { fileObjection { objection { id } } }",
            json!({}),
        )
        .await["fileObjection"]["objection"]["id"]
        .clone();
    let applicant = server.demo_token("demo-applicant-researcher").await;
    let (sources, kapseli) = server.catalogue_ids(&applicant).await;
    let draft = server
        .graphql_ok(
            &applicant,
            "mutation($input: ApplicationInput!) { createApplication(kind: DATA_PERMIT, input: $input) { id version } }",
            json!({ "input": permit_input([&sources[0], &sources[1]], &kapseli) }),
        )
        .await["createApplication"]
        .clone();
    let plan = b"Research plan, version 3.\n".repeat(100);
    let download = server
        .upload(&applicant, &draft["id"], "plan.txt", &plan)
        .await;
    let submitted = server
        .graphql_ok(
            &applicant,
            "mutation($id: UUID!, $v: Int!) { submitApplication(id: $id, version: $v) { diaryNumber } }",
            json!({ "id": draft["id"], "v": draft["version"] }),
        )
        .await["submitApplication"]
        .clone();

    // Online: the server keeps running (and writing) while the backup is taken.
    let backup = dir.path().join("backup");
    std::fs::create_dir_all(&backup).unwrap();
    let started = Instant::now();
    match backend {
        Backend::Sqlite => sh(
            "sqlite3",
            &[
                sqlite_path(database.url()),
                &format!(".backup '{}'", backup.join("tietolupa.db").display()),
            ],
        ),
        Backend::Postgres => sh(
            "pg_dump",
            &[
                "--format=custom",
                "--file",
                backup.join("tietolupa.dump").to_str().unwrap(),
                "--dbname",
                database.url(),
            ],
        ),
    }
    copy_files(&data, &backup);
    let backup_took = started.elapsed();
    drop(server);
    // The original is gone: the restore must stand on the backup alone.
    let original_url = database.url().to_owned();
    drop(database);
    std::fs::remove_dir_all(&data).unwrap();

    let restored = dir.path().join("restored");
    let started = Instant::now();
    copy_files(&backup, &restored);
    let fresh;
    let url = match backend {
        Backend::Sqlite => {
            let file = restored.join("tietolupa.db");
            std::fs::copy(backup.join("tietolupa.db"), &file).unwrap();
            format!("sqlite://{}?mode=rwc", file.display())
        }
        Backend::Postgres => {
            fresh = TestDatabase::create(Backend::Postgres).await;
            sh(
                "pg_restore",
                &[
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--dbname",
                    fresh.url(),
                    backup.join("tietolupa.dump").to_str().unwrap(),
                ],
            );
            fresh.url().to_owned()
        }
    };
    let restore_took = started.elapsed();
    assert_ne!(url, original_url);
    let mut vars: Vec<(String, String)> = vars
        .into_iter()
        .filter(|(k, _)| k != "TIETOLUPA_DATABASE_URL" && k != "TIETOLUPA_DATA_DIR")
        .collect();
    vars.push(("TIETOLUPA_DATABASE_URL".into(), url));
    vars.push(("TIETOLUPA_DATA_DIR".into(), restored.display().to_string()));

    let verified = audit_verify(&vars);

    let server = Server::start(&vars, &log).await;
    let mine = server
        .graphql_ok(
            &citizen,
            "{ myObjections { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["myObjections"]["edges"][0]["node"]["id"], objection);
    let case = server
        .graphql_ok(
            &applicant,
            "query($id: UUID!) { application(id: $id) { state diaryNumber } }",
            json!({ "id": draft["id"] }),
        )
        .await["application"]
        .clone();
    assert_eq!(case["state"], "SUBMITTED");
    assert_eq!(case["diaryNumber"], submitted["diaryNumber"]);
    let file = server
        .client
        .get(server.url(&download))
        .bearer_auth(&applicant)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.unwrap().as_ref(), plan.as_slice());
    server.verify_audit_log().await;
    eprintln!(
        "backup/restore ({backend:?}): online backup {} ms, restore {} ms; restored copy: {}; \
         objection, submitted case and attachment present",
        backup_took.as_millis(),
        restore_took.as_millis(),
        verified
    );
}

on_both_databases!(backup_and_restore_keep_everything);
