//! The `tietolupa` binary itself: start-up refusals and the audit verification command.

use std::process::Command;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tietolupa_entity::audit_entry::{self, Column};
use tietolupa_test_support::{Backend, TestApp, on_both_databases, test_environment};

pub(crate) fn tietolupa() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tietolupa"));
    // Only what a test sets: the developer's own TIETOLUPA_* must not leak in.
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

#[test]
fn production_mode_without_keys_refuses_to_start_naming_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let output = tietolupa()
        .args(["serve"])
        .env("TIETOLUPA_MODE", "production")
        .env("TIETOLUPA_DATA_DIR", dir.path())
        .env("TIETOLUPA_LISTEN", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    for name in [
        "TIETOLUPA_AUTH_PUBLIC_KEYS",
        "TIETOLUPA_AUTH_ISSUER",
        "TIETOLUPA_AUTH_AUDIENCE",
        "TIETOLUPA_SECRETS_FILE",
    ] {
        assert!(stderr.contains(name), "{name} missing from: {stderr}");
    }
    assert!(stderr.contains("refusing to start"), "{stderr}");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing is created before the refusal"
    );
}

#[test]
fn a_bad_value_names_its_variable() {
    let output = tietolupa()
        .args(["migrate"])
        .env("TIETOLUPA_GRAPHQL_MAX_DEPTH", "deep")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("TIETOLUPA_GRAPHQL_MAX_DEPTH"), "{stderr}");
}

#[test]
fn production_mode_refuses_an_unreadable_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = dir.path().join("secrets.toml");
    tietolupa_config::IdentityCodeKeys::load_or_generate(&secrets).unwrap();
    let output = tietolupa()
        .args(["serve"])
        .env("TIETOLUPA_MODE", "production")
        .env("TIETOLUPA_DATA_DIR", dir.path())
        .env("TIETOLUPA_LISTEN", "127.0.0.1:0")
        .env("TIETOLUPA_AUTH_ISSUER", "https://idp.example")
        .env("TIETOLUPA_AUTH_AUDIENCE", "tietolupa")
        .env("TIETOLUPA_AUTH_PUBLIC_KEYS", dir.path().join("absent.pem"))
        .env("TIETOLUPA_SECRETS_FILE", &secrets)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("absent.pem"), "{stderr}");
}

#[test]
fn schema_prints_the_checked_in_sdl_and_nothing_else() {
    let output = tietolupa().args(["schema"]).output().unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    let checked_in =
        std::fs::read_to_string(tietolupa_test_support::repository_root().join("schema.graphql"))
            .unwrap();
    assert_eq!(printed.trim_end(), checked_in.trim_end());
}

async fn audit_verify_names_the_first_broken_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let auditor = app.demo_token("demo-auditor").await;
    for _ in 0..3 {
        app.query_ok(
            Some(&auditor),
            "{ verifyAuditLog { intact } }",
            serde_json::json!({}),
        )
        .await;
    }
    let run = || {
        let mut command = tietolupa();
        command.args(["audit", "verify"]);
        for (name, value) in test_environment(&app.database, app.data_dir.path()) {
            command.env(name, value);
        }
        command.output().unwrap()
    };
    let output = run();
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("intact: 5 entries verified"), "{stdout}");

    let tampered = audit_entry::Entity::find()
        .filter(Column::Seq.eq(3))
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .unwrap();
    audit_entry::Entity::update_many()
        .col_expr(Column::ActorId, Expr::value("someone-innocent"))
        .filter(Column::Seq.eq(3))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let output = run();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("BROKEN at entry 3"), "{stdout}");
    assert!(stdout.contains(&tampered.id.to_string()), "{stdout}");
    assert!(stdout.contains("2 entries before it verified"), "{stdout}");
}

on_both_databases!(audit_verify_names_the_first_broken_entry);

#[test]
fn the_server_starts_on_a_fresh_data_directory_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = tietolupa()
        .env("TIETOLUPA_DATA_DIR", dir.path().join("data"))
        .env("TIETOLUPA_LISTEN", format!("127.0.0.1:{port}"))
        .env("TIETOLUPA_WEB_DIR", dir.path().join("no-web"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The first start seeds the demo register and renders its decision documents (about
    // 20 s in a debug build while other tests run beside it).
    let ready = (0..600).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(ready, "the server listens within 60 s");
    for file in ["tietolupa.db", "secrets.toml", "dev-issuer-key.pem"] {
        assert!(
            dir.path().join("data").join(file).is_file(),
            "{file} created on first start"
        );
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exited = (0..100).find_map(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        child.try_wait().unwrap()
    });
    match exited {
        Some(status) => assert!(status.success(), "clean exit on SIGTERM: {status}"),
        None => {
            child.kill().ok();
            panic!("the server did not stop within 10 s of SIGTERM");
        }
    }
}
