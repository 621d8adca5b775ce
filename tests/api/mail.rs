//! The outbox delivered by e-mail, against a real SMTP server (`tests/servers/smtp-server.mjs`,
//! npm `smtp-server`) started by the test: the recipient, language and Message-ID of a
//! message as received; retries with backoff and the dead letter after the last attempt;
//! staff seeing and retrying dead letters; the SMTP server going away and coming back
//! (every message arrives, none twice); and two instances on one database sending each
//! message once.
//!
//! Tests wait for what they expect (`SmtpServer::wait_for`, [`eventually`]) and never sleep
//! and then assert.

use std::collections::BTreeSet;
use std::future::Future;
use std::time::{Duration, Instant};

use base64::Engine;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};
use tietolupa_config::Config;
use tietolupa_entity::{outbox_message, user_account};
use tietolupa_http::Application;
use tietolupa_test_support::smtp::SmtpServer;
use tietolupa_test_support::{Backend, TestApp, on_both_databases, test_environment};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cases::{self, permit_command};

const PUBLIC_URL: &str = "https://lupa.example.fi";
const FROM: &str = "noreply@lupa.example.fi";
/// Generous: a loaded CI machine runs many servers at once.
const WAIT: Duration = Duration::from_secs(60);

/// The variables of a server that delivers mail to the SMTP server on `port`, quickly.
fn mail_settings(port: u16, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = [
        ("TIETOLUPA_SMTP_HOST", "127.0.0.1".to_owned()),
        ("TIETOLUPA_SMTP_PORT", port.to_string()),
        ("TIETOLUPA_SMTP_TLS", "none".to_owned()),
        ("TIETOLUPA_MAIL_FROM", format!("Tietolupa <{FROM}>")),
        ("TIETOLUPA_PUBLIC_URL", PUBLIC_URL.to_owned()),
        ("TIETOLUPA_MAIL_POLL_INTERVAL", "100ms".to_owned()),
        ("TIETOLUPA_MAIL_RETRY_BASE", "50ms".to_owned()),
        ("TIETOLUPA_METRICS_CACHE_SECONDS", "0".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    vars
}

async fn spawn(backend: Backend, port: u16, extra: &[(&str, &str)]) -> TestApp {
    let settings = mail_settings(port, extra);
    TestApp::spawn_with(backend, |vars| vars.extend(settings)).await
}

/// A port nothing listens on (until a test starts a server there).
async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// Polls `check` until it gives a value; panics naming `what` after [`WAIT`].
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Queues `n` permit-expiry reminders for `subject` at `email` straight into the outbox,
/// in one transaction (so that every worker sees all of them at once).
async fn queue(app: &TestApp, n: usize, email: Option<&str>, language: &str) -> Vec<Uuid> {
    let now = OffsetDateTime::now_utc();
    let rows: Vec<outbox_message::ActiveModel> = (0..n)
        .map(|i| outbox_message::ActiveModel {
            id: Set(Uuid::now_v7()),
            kind: Set("PERMIT_EXPIRY_REMINDER".to_owned()),
            recipient_id: Set("demo-applicant-researcher".to_owned()),
            payload: Set(json!({
                "permitId": Uuid::now_v7(),
                "validUntil": "2027-01-31",
                "diaryNumber": format!("TL/{i}/2026"),
                "decisionNumber": format!("TLP/{i}/2026"),
            })),
            dedupe_key: Set(format!("test:{}", Uuid::now_v7())),
            created_at: Set(now),
            delivered_at: Set(None),
            attempts: Set(0),
            recipient_email: Set(email.map(str::to_owned)),
            language: Set(language.to_owned()),
            next_attempt_at: Set(None),
            last_error: Set(None),
            dead_at: Set(None),
            claimed_until: Set(None),
        })
        .collect();
    let ids = rows.iter().map(|r| r.id.clone().unwrap()).collect();
    outbox_message::Entity::insert_many(rows)
        .exec_without_returning(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    ids
}

async fn rows(app: &TestApp, ids: &[Uuid]) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Id.is_in(ids.to_vec()))
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
}

fn message_ids(ids: &[Uuid]) -> BTreeSet<String> {
    ids.iter()
        .map(|id| format!("<{id}@lupa.example.fi>"))
        .collect()
}

async fn metric(app: &TestApp, name: &str) -> f64 {
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .map_or(0.0, |v| v.parse().unwrap())
}

/// Waits until the metric `name` is at least `value`; then it must not exceed it for the
/// exact figures (counters only grow).
async fn metric_reaches(app: &TestApp, name: &str, value: f64) {
    eventually(name, || async {
        (metric(app, name).await >= value).then_some(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------

async fn a_revoked_permit_is_mailed_in_the_holders_language(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = spawn(backend, smtp.port(), &[]).await;
    // The holder reads Swedish.
    user_account::Entity::update_many()
        .col_expr(user_account::Column::Language, Expr::value("sv"))
        .filter(user_account::Column::Subject.eq("demo-applicant-researcher"))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let current = cases::permit(&app, &director, &granted["permit"]["id"])
        .await
        .unwrap();
    permit_command(
        &app,
        Some(&director),
        "revokePermit",
        &current,
        "$reason: String!",
        json!({ "reason": "Results were published against the conditions." }),
    )
    .await
    .unwrap();

    let row = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("PERMIT_REVOKED"))
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .expect("the revocation queued a message");
    let message_id = format!("<{}@lupa.example.fi>", row.id);
    let received = eventually("the revocation to arrive", || {
        let found = smtp
            .messages()
            .into_iter()
            .find(|m| m.message_id.as_deref() == Some(message_id.as_str()));
        async move { found }
    })
    .await;
    assert_eq!(received.to, ["aino.virtanen@example.fi"]);
    assert_eq!(received.from.as_deref(), Some(FROM));
    assert_eq!(
        received.subject,
        Some(format!(
            "Ditt tillstånd har återkallats – {}",
            granted["diaryNumber"].as_str().unwrap()
        ))
    );
    assert_eq!(received.header("content-language"), Some("sv"));
    assert_eq!(received.header("auto-submitted"), Some("auto-generated"));
    assert!(
        received
            .header("to")
            .unwrap()
            .contains("aino.virtanen@example.fi")
    );
    let text = received.text.as_deref().unwrap();
    assert!(text.contains("återkallats"), "{text}");
    assert!(received.html.as_deref().unwrap().contains("återkallats"));

    // Marked delivered once the server accepted it; counted.
    eventually("the message to be marked delivered", || async {
        rows(&app, &[row.id]).await[0].delivered_at.map(|_| ())
    })
    .await;
    let delivered = &rows(&app, &[row.id]).await[0];
    assert_eq!(delivered.attempts, 0);
    assert!(delivered.claimed_until.is_none() && delivered.dead_at.is_none());
    metric_reaches(&app, "tietolupa_mail_sent_total", 1.0).await;
    assert!(metric(&app, "tietolupa_mail_queued_total").await >= 1.0);
    assert_eq!(
        smtp.messages()
            .iter()
            .filter(|m| m.message_id.as_deref() == Some(message_id.as_str()))
            .count(),
        1
    );
}

async fn failures_back_off_into_a_dead_letter_that_staff_retry(backend: Backend) {
    let port = closed_port().await;
    let app = spawn(backend, port, &[("TIETOLUPA_MAIL_MAX_ATTEMPTS", "3")]).await;
    let ids = queue(&app, 1, Some("aino.virtanen@example.fi"), "en").await;
    let no_address = queue(&app, 1, None, "fi").await;

    // Three failed attempts, each later than the one before, then dead.
    let dead = eventually("the message to become a dead letter", || async {
        rows(&app, &ids).await.pop().filter(|r| r.dead_at.is_some())
    })
    .await;
    assert_eq!(dead.attempts, 3);
    assert!(dead.delivered_at.is_none() && dead.next_attempt_at.is_none());
    let error = dead.last_error.unwrap();
    assert!(error.contains("unreachable"), "{error}");
    assert!(!error.contains("aino"), "no address in the error: {error}");
    // The message without an address is dead at once, without an attempt.
    let orphan = eventually("the addressless message to be dead", || async {
        rows(&app, &no_address)
            .await
            .pop()
            .filter(|r| r.dead_at.is_some())
    })
    .await;
    assert_eq!(orphan.attempts, 0);
    assert!(orphan.last_error.unwrap().contains("no e-mail address"));
    metric_reaches(&app, "tietolupa_mail_dead_letters", 2.0).await;
    metric_reaches(&app, "tietolupa_mail_dead_total", 2.0).await;
    metric_reaches(&app, "tietolupa_mail_retried_total", 2.0).await;
    for name in [
        "tietolupa_mail_dead_letters",
        "tietolupa_mail_dead_total",
        "tietolupa_mail_retried_total",
    ] {
        assert_eq!(metric(&app, name).await, 2.0, "{name}");
    }

    // Staff see both; an applicant may not.
    let handler = app.demo_token("demo-handler-1").await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let list = "{ deadLetters(first: 10) { edges { node { id kind recipientId recipientEmail language attempts lastError deadAt } } } }";
    let letters = app.query_ok(Some(&handler), list, json!({})).await;
    let nodes: Vec<&Value> = letters["deadLetters"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .collect();
    assert_eq!(nodes.len(), 2, "{letters}");
    let letter = nodes
        .iter()
        .find(|n| n["id"] == ids[0].to_string())
        .unwrap();
    assert_eq!(letter["attempts"], 3);
    assert_eq!(letter["language"], "en");
    assert_eq!(letter["recipientEmail"], "aino.virtanen@example.fi");
    assert_eq!(
        app.query_error_code(Some(&applicant), list, json!({}))
            .await,
        "FORBIDDEN"
    );
    let retry = "mutation($id: UUID!) { retryMessage(id: $id) }";
    assert_eq!(
        app.query_error_code(Some(&applicant), retry, json!({ "id": ids[0] }))
            .await,
        "FORBIDDEN"
    );

    // The SMTP server is there now; the retried message goes out, once.
    let smtp = SmtpServer::start_on(port).await;
    let director = app.demo_token("demo-director").await;
    let done = app
        .query_ok(Some(&director), retry, json!({ "id": ids[0] }))
        .await;
    assert_eq!(done["retryMessage"], true);
    let received = smtp.wait_for(1, WAIT).await;
    assert_eq!(
        received[0].message_id.as_deref(),
        Some(format!("<{}@lupa.example.fi>", ids[0]).as_str())
    );
    assert_eq!(
        received[0].subject.as_deref(),
        Some("Your permit is about to expire – TL/0/2026")
    );
    eventually("the retried message to be delivered", || async {
        rows(&app, &ids).await.pop().and_then(|r| r.delivered_at)
    })
    .await;
    // A message that is not dead cannot be retried; the retry (and the refusal) was
    // audited.
    assert_eq!(
        app.query_error_code(Some(&director), retry, json!({ "id": ids[0] }))
            .await,
        "INVALID_TRANSITION"
    );
    let auditor = app.demo_token("demo-auditor").await;
    let audit = app
        .query_ok(
            Some(&auditor),
            "{ auditLog(filter: { action: \"outbox.retry\" }) { edges { node { actorId targetId outcome } } } }",
            json!({}),
        )
        .await;
    let entries = audit["auditLog"]["edges"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{audit}");
    let got: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            let node = &e["node"];
            (
                node["actorId"].as_str().unwrap(),
                node["outcome"].as_str().unwrap(),
                node["targetId"].as_str().unwrap(),
            )
        })
        .collect();
    let id = ids[0].to_string();
    // Newest first: the refusal by state, the retry, the applicant's refusal by role; each
    // names the message.
    assert_eq!(
        got,
        [
            ("demo-director", "DENIED", id.as_str()),
            ("demo-director", "SUCCESS", id.as_str()),
            ("demo-applicant-researcher", "DENIED", id.as_str()),
        ]
    );
    assert_eq!(smtp.messages().len(), 1);
}

async fn every_message_arrives_once_after_the_smtp_server_comes_back(backend: Backend) {
    let mut smtp = SmtpServer::start().await;
    let port = smtp.port();
    let app = spawn(backend, port, &[("TIETOLUPA_MAIL_MAX_ATTEMPTS", "1000")]).await;
    smtp.stop().await;
    let ids = queue(&app, 12, Some("aino.virtanen@example.fi"), "fi").await;
    // Every message has failed at least once while the server was away.
    eventually("every message to fail once", || async {
        rows(&app, &ids)
            .await
            .iter()
            .all(|r| r.attempts >= 1)
            .then_some(())
    })
    .await;

    let smtp = SmtpServer::start_on(port).await;
    smtp.wait_for(ids.len(), WAIT).await;
    eventually("every message to be marked delivered", || async {
        rows(&app, &ids)
            .await
            .iter()
            .all(|r| r.delivered_at.is_some())
            .then_some(())
    })
    .await;
    let received = smtp.messages();
    let arrived: Vec<String> = received
        .iter()
        .filter_map(|m| m.message_id.clone())
        .collect();
    let distinct: BTreeSet<String> = arrived.iter().cloned().collect();
    assert_eq!(distinct, message_ids(&ids));
    assert_eq!(arrived.len(), ids.len(), "none twice");
    metric_reaches(&app, "tietolupa_mail_retried_total", ids.len() as f64).await;
    assert_eq!(metric(&app, "tietolupa_mail_pending").await, 0.0);
}

async fn two_instances_send_each_message_once(backend: Backend) {
    let smtp = SmtpServer::start().await;
    // Small batches, so that both instances claim while the other is sending.
    let extra = [("TIETOLUPA_MAIL_BATCH_SIZE", "3")];
    let app = spawn(backend, smtp.port(), &extra).await;
    let mut vars = test_environment(&app.database, app.data_dir.path());
    vars.extend(mail_settings(smtp.port(), &extra));
    let second = Application::build(&Config::from_vars(vars).unwrap())
        .await
        .expect("the second instance starts");
    let second = tokio::spawn(async move {
        second.run_until(std::future::pending()).await.unwrap();
    });

    let ids = queue(&app, 40, Some("aino.virtanen@example.fi"), "en").await;
    smtp.wait_for(ids.len(), WAIT).await;
    eventually("every message to be marked delivered", || async {
        rows(&app, &ids)
            .await
            .iter()
            .all(|r| r.delivered_at.is_some())
            .then_some(())
    })
    .await;
    let arrived: Vec<String> = smtp
        .messages()
        .iter()
        .filter_map(|m| m.message_id.clone())
        .collect();
    assert_eq!(
        arrived.iter().cloned().collect::<BTreeSet<_>>(),
        message_ids(&ids)
    );
    assert_eq!(arrived.len(), ids.len(), "each message once");
    second.abort();
}

on_both_databases!(
    a_revoked_permit_is_mailed_in_the_holders_language,
    failures_back_off_into_a_dead_letter_that_staff_retry,
    every_message_arrives_once_after_the_smtp_server_comes_back,
    two_instances_send_each_message_once,
);

/// With a username the password comes from the secrets file, and the server's AUTH is
/// passed; without the password in the file the server does not start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_credentials_come_from_the_secrets_file() {
    let smtp = SmtpServer::start_with_auth("lupa", "s3cret-pass").await;
    let dir = tempfile::tempdir().unwrap();
    let secrets = dir.path().join("secrets.toml");
    let with = |password: Option<&str>| {
        let mut text = String::new();
        if let Some(password) = password {
            text.push_str(&format!("smtp_password = \"{password}\"\n"));
        }
        // The identity-code keys the server needs as well.
        let key = |byte: u8| base64::engine::general_purpose::STANDARD.encode([byte; 32]);
        text.push_str(&format!(
            "[blind_index]\ncurrent = \"a\"\n[blind_index.keys]\na = \"{}\"\n\
             [encryption]\ncurrent = \"b\"\n[encryption.keys]\nb = \"{}\"\n",
            key(1),
            key(2)
        ));
        std::fs::write(&secrets, text).unwrap();
    };
    with(Some("s3cret-pass"));
    let extra = [
        ("TIETOLUPA_SMTP_USERNAME", "lupa"),
        ("TIETOLUPA_SECRETS_FILE", secrets.to_str().unwrap()),
    ];
    let app = spawn(Backend::Sqlite, smtp.port(), &extra).await;
    let ids = queue(&app, 1, Some("aino.virtanen@example.fi"), "fi").await;
    let received = smtp.wait_for(1, WAIT).await;
    assert_eq!(received[0].message_id, message_ids(&ids).pop_first());
    assert_eq!(
        received[0].subject.as_deref(),
        Some("Lupasi päättyy pian – TL/0/2026")
    );

    with(None);
    let mut vars = test_environment(&app.database, app.data_dir.path());
    vars.extend(mail_settings(smtp.port(), &extra));
    let error = Application::build(&Config::from_vars(vars).unwrap())
        .await
        .err()
        .expect("no password, no start")
        .to_string();
    assert!(error.contains("smtp_password"), "{error}");
}
