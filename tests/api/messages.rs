//! Messages: what each step of a case queues in the outbox, to whom, in which language,
//! each once, and that no identity code, plan text, remark, question, answer or reason
//! ever appears in a payload or in the rendered message.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde_json::{Value, json};
use tietolupa_domain::message::ReminderPolicy;
use tietolupa_entity::{outbox_message, user_account};
use tietolupa_mail::{Language, render};
use tietolupa_store::{CallContext, permits, reminders};
use tietolupa_test_support::smtp::SmtpServer;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use crate::cases::{self, ok};

/// Put where a careless template or payload would show them. None may leave the service.
const HETU: &str = "010180-9004";
const SECRETS: [&str; 8] = [
    HETU,
    "CONFIDENTIAL-PLAN-7f3a",
    "COHORT-TEXT-0c4d",
    "INTERNAL-REMARK-5c1e",
    "SECRET-QUESTION-91b2",
    "ANSWER-TEXT-4d7a",
    "RETURN-REASON-83aa",
    "REVOKE-REASON-2b9f",
];
const CONTACT: &str = "tutkimus@example.fi";
const BASE_URL: &str = "https://tietolupa.example";
const SMTP_PUBLIC_URL: &str = "https://lupa.example.fi";
/// Generous: a loaded machine runs many servers at once.
const MAIL_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn set_language(app: &TestApp, subject: &str, language: &str) {
    let result = user_account::Entity::update_many()
        .col_expr(user_account::Column::Language, Expr::value(language))
        .filter(user_account::Column::Subject.eq(subject))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(result.rows_affected, 1, "{subject} exists");
}

/// The outbox rows not seen before, oldest first; marks them seen.
async fn queued_since(app: &TestApp, seen: &mut HashSet<Uuid>) -> Vec<outbox_message::Model> {
    let rows = outbox_message::Entity::find()
        .order_by_asc(outbox_message::Column::CreatedAt)
        .order_by_asc(outbox_message::Column::Id)
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    rows.into_iter().filter(|m| seen.insert(m.id)).collect()
}

/// Asserts a step queued exactly these `(kind, address, language)`, in any order.
fn expect(rows: &[outbox_message::Model], wanted: &[(&str, &str, &str)]) {
    let mut got: Vec<(String, String, String)> = rows
        .iter()
        .map(|m| {
            (
                m.kind.clone(),
                m.recipient_email.clone().unwrap_or_default(),
                m.language.clone(),
            )
        })
        .collect();
    let mut want: Vec<(String, String, String)> = wanted
        .iter()
        .map(|(k, e, l)| ((*k).to_owned(), (*e).to_owned(), (*l).to_owned()))
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

/// Noon in Finland on `day`, as a job would run.
fn on(day: Date) -> OffsetDateTime {
    day.midnight().assume_utc() + Duration::hours(10)
}

fn in_days(days: i64) -> String {
    (tietolupa_test_support::today_in_finland() + Duration::days(days)).to_string()
}

/// Renders every row in its language and checks that nothing secret is in it.
fn render_all(rows: &[outbox_message::Model]) -> Vec<(String, tietolupa_mail::Rendered)> {
    rows.iter()
        .map(|m| {
            let rendered = render(
                &m.kind,
                &m.payload,
                Language::from_code(&m.language),
                BASE_URL,
            )
            .unwrap_or_else(|e| panic!("{} renders: {e}", m.kind));
            let all = format!(
                "{} {} {} {} {}",
                m.payload, m.dedupe_key, rendered.subject, rendered.text, rendered.html
            );
            for secret in SECRETS {
                assert!(!all.contains(secret), "{} shows {secret}: {all}", m.kind);
            }
            (m.kind.clone(), rendered)
        })
        .collect()
}

async fn a_case_tells_each_party_once_in_their_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    walk_a_case(&app).await;
}

/// Walks a permit case through every step that tells someone, then an amendment, the
/// permit's expiry reminders and its revocation, asserting what each step queued. The
/// applicant reads Swedish, the presenter and the deputy director English, the director
/// Finnish.
async fn walk_a_case(app: &TestApp) {
    set_language(app, "demo-applicant-researcher", "sv").await;
    set_language(app, "demo-handler-1", "en").await;
    set_language(app, "demo-deputy-director", "en").await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let handler_address = "sanna.laine@tietolupa.example";
    let mut seen = HashSet::new();

    // Received: to the application's contact address, in the owner's language.
    let mut input = cases::complete_permit_input(app).await;
    input["contactEmail"] = json!(CONTACT);
    input["researchPlan"] = json!(format!("Cohort of {HETU}. CONFIDENTIAL-PLAN-7f3a"));
    input["cohortDefinition"] = json!("COHORT-TEXT-0c4d");
    // For the university, whose invoicing contact is told the fee.
    let organisations = app
        .query_ok(
            Some(&applicant),
            "{ organisations { nodes { id name } } }",
            json!({}),
        )
        .await;
    input["organisationId"] = organisations["organisations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Helsingin yliopisto")
        .expect("the demo researcher's university")["id"]
        .clone();
    let draft = cases::create(app, &applicant, "DATA_PERMIT", input).await;
    let submitted = ok(app, &applicant, "submitApplication", &draft, "", json!({})).await;
    let id = submitted["id"].as_str().unwrap().to_owned();
    let diary = submitted["diaryNumber"].as_str().unwrap().to_owned();
    let step = queued_since(app, &mut seen).await;
    expect(&step, &[("APPLICATION_RECEIVED", CONTACT, "sv")]);
    assert_eq!(step[0].recipient_id, "demo-applicant-researcher");
    assert_eq!(step[0].payload["diaryNumber"], json!(diary));

    // Taking the case and an internal remark tell nobody.
    let taken = ok(app, &handler, "takeApplication", &submitted, "", json!({})).await;
    app.query_ok(
        Some(&handler),
        "mutation($id: UUID!, $b: String!) { addRemark(applicationId: $id, visibility: INTERNAL, body: $b) { id } }",
        json!({ "id": id, "b": format!("INTERNAL-REMARK-5c1e about {HETU}") }),
    )
    .await;
    assert!(queued_since(app, &mut seen).await.is_empty());

    // An information request is announced, not quoted.
    let asked = ok(
        app,
        &handler,
        "requestInformation",
        &taken,
        "$items: [String!]!, $respondBy: Date",
        json!({ "items": [format!("SECRET-QUESTION-91b2 for {HETU}?")], "respondBy": in_days(30) }),
    )
    .await;
    let step = queued_since(app, &mut seen).await;
    expect(&step, &[("INFORMATION_REQUESTED", CONTACT, "sv")]);
    assert_eq!(step[0].payload["requestNumber"], 1);

    // The reminder comes once, after the configured days.
    let today = tietolupa_test_support::today_in_finland();
    let policy = ReminderPolicy::default();
    let job = |days: i64| CallContext::system("reminders").at(on(today + Duration::days(days)));
    let early = reminders::run(&app.db, &job(6), &policy).await.unwrap();
    assert_eq!(early.information_reminders, 0);
    let due = reminders::run(&app.db, &job(7), &policy).await.unwrap();
    assert_eq!(due.information_reminders, 1);
    let again = reminders::run(&app.db, &job(9), &policy).await.unwrap();
    assert_eq!(again.information_reminders, 0);
    expect(
        &queued_since(app, &mut seen).await,
        &[("INFORMATION_REMINDER", CONTACT, "sv")],
    );

    // The answer goes to the presenter.
    let answered = ok(
        app,
        &applicant,
        "answerInformationRequest",
        &asked,
        "$answers: [InformationAnswerInput!]!",
        json!({ "answers": [{ "itemNumber": 1, "answer": "ANSWER-TEXT-4d7a" }] }),
    )
    .await;
    expect(
        &queued_since(app, &mut seen).await,
        &[("INFORMATION_ANSWERED", handler_address, "en")],
    );

    // A proposal waits: every director is told, each in their language.
    let proposal = json!({ "input": cases::grant_proposal(app).await });
    let proposed = ok(
        app,
        &handler,
        "proposeDecision",
        &answered,
        "$input: ProposalInput!",
        proposal.clone(),
    )
    .await;
    expect(
        &queued_since(app, &mut seen).await,
        &[
            (
                "PROPOSAL_WAITING",
                "paivi.heikkinen@tietolupa.example",
                "fi",
            ),
            ("PROPOSAL_WAITING", "timo.makela@tietolupa.example", "en"),
        ],
    );

    // Returned: the presenter is told, the director's reason stays in the case.
    let returned = ok(
        app,
        &director,
        "returnForPreparation",
        &proposed,
        "$reason: String!",
        json!({ "reason": "RETURN-REASON-83aa" }),
    )
    .await;
    expect(
        &queued_since(app, &mut seen).await,
        &[("CASE_RETURNED", handler_address, "en")],
    );

    // The deadline approaches: the presenter is warned once per deadline.
    let due_on: Date = Date::parse(
        returned["deadline"]["dueOn"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let warn =
        |before: i64| CallContext::system("reminders").at(on(due_on - Duration::days(before)));
    let early = reminders::run(&app.db, &warn(15), &policy).await.unwrap();
    assert_eq!(early.deadline_warnings, 0);
    let due = reminders::run(&app.db, &warn(14), &policy).await.unwrap();
    assert_eq!(due.deadline_warnings, 1);
    let again = reminders::run(&app.db, &warn(3), &policy).await.unwrap();
    assert_eq!(again, reminders::ReminderReport::default());
    let step = queued_since(app, &mut seen).await;
    expect(&step, &[("DEADLINE_APPROACHING", handler_address, "en")]);
    assert_eq!(step[0].payload["daysLeft"], 14);

    // Proposed again: a new event, told again.
    let proposed = ok(
        app,
        &handler,
        "proposeDecision",
        &returned,
        "$input: ProposalInput!",
        proposal,
    )
    .await;
    assert_eq!(queued_since(app, &mut seen).await.len(), 2);

    // Decided: the applicant is told, with the decision number and a link; the fee goes to
    // the university's invoicing contact (in the applicant's language).
    let decided = ok(app, &director, "decide", &proposed, "", json!({})).await;
    let step = queued_since(app, &mut seen).await;
    expect(
        &step,
        &[
            ("DECISION_MADE", CONTACT, "sv"),
            ("FEE_NOTICE", "laskutus@example.fi", "sv"),
        ],
    );
    let step: Vec<_> = step
        .into_iter()
        .filter(|m| m.kind == "DECISION_MADE")
        .collect();
    let rendered = render_all(&step);
    assert!(
        rendered[0]
            .1
            .subject
            .starts_with("Beslut har fattats om din ansökan")
    );
    assert!(
        rendered[0]
            .1
            .text
            .contains(&format!("{BASE_URL}/applications/{id}"))
    );
    assert!(rendered[0].1.text.contains(&diary));

    // An amendment, granted.
    let case = cases::read(app, &director, &id, "permit { id version validUntil }")
        .await
        .unwrap();
    let permit = case["permit"].clone();
    let amendment = app
        .query_ok(
            Some(&applicant),
            "mutation($permit: UUID!, $amendment: AmendmentInput) {
                createApplication(kind: AMENDMENT, permit: $permit, amendment: $amendment, input: {}) {
                    id version } }",
            json!({ "permit": permit["id"], "amendment":
                { "changes": ["EXTEND_VALIDITY"], "newValidUntil": in_days(365 * 4) } }),
        )
        .await["createApplication"]
        .clone();
    let submitted = ok(
        app,
        &applicant,
        "submitApplication",
        &amendment,
        "",
        json!({}),
    )
    .await;
    let taken = ok(app, &handler, "takeApplication", &submitted, "", json!({})).await;
    let proposed = ok(
        app,
        &handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": { "outcome": "GRANTED", "reasoning": "Justified.", "feeCategory": "AMENDMENT" } }),
    )
    .await;
    ok(app, &director, "decide", &proposed, "", json!({})).await;
    let step = queued_since(app, &mut seen).await;
    let kinds: Vec<&str> = step.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "AMENDMENT_DECIDED").count(),
        1,
        "{kinds:?}"
    );
    assert!(!kinds.contains(&"DECISION_MADE"), "{kinds:?}");

    // The permit nears its end: reminded (90 and 30 days before), once each.
    let permit = cases::permit(app, &applicant, &permit["id"]).await.unwrap();
    let until = Date::parse(
        permit["validUntil"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    for _ in 0..2 {
        let ctx = CallContext::system("permit-expiry").at(on(until - Duration::days(20)));
        permits::run_expiry(&app.db, &ctx).await.unwrap();
    }
    let step = queued_since(app, &mut seen).await;
    expect(
        &step,
        &[
            ("PERMIT_EXPIRY_REMINDER", CONTACT, "sv"),
            ("PERMIT_EXPIRY_REMINDER", CONTACT, "sv"),
        ],
    );

    // The controllers' data is late (docs/delivery.md): the presenter is reminded of each
    // of the permit's two overdue delivery orders, once.
    for _ in 0..2 {
        let ctx = CallContext::system("delivery-orders")
            .at(OffsetDateTime::now_utc() + Duration::days(31));
        tietolupa_store::delivery::overdue::remind(&app.db, &ctx)
            .await
            .unwrap();
    }
    expect(
        &queued_since(app, &mut seen).await,
        &[
            ("DELIVERY_ORDER_OVERDUE", handler_address, "en"),
            ("DELIVERY_ORDER_OVERDUE", handler_address, "en"),
        ],
    );

    // Revoked: the holder is told, the reason is read in the service.
    cases::permit_command(
        app,
        Some(&director),
        "revokePermit",
        &permit,
        "$reason: String!",
        json!({ "reason": format!("REVOKE-REASON-2b9f {HETU}") }),
    )
    .await
    .unwrap();
    expect(
        &queued_since(app, &mut seen).await,
        &[("PERMIT_REVOKED", CONTACT, "sv")],
    );

    // A draft left alone for 5½ months: its applicant is reminded before retention deletes it.
    let forgotten = cases::create(
        app,
        &applicant,
        "DATA_PERMIT",
        json!({ "contactEmail": CONTACT, "researchPlan": "CONFIDENTIAL-PLAN-7f3a" }),
    )
    .await;
    let aged = OffsetDateTime::now_utc() - Duration::days(168);
    crate::retention::set_updated_at(app, &forgotten["id"], aged).await;
    let job = CallContext::system("reminders").at(OffsetDateTime::now_utc());
    let report = reminders::run(&app.db, &job, &ReminderPolicy::default())
        .await
        .unwrap();
    assert_eq!(report.draft_deletion_reminders, 1);
    expect(
        &queued_since(app, &mut seen).await,
        &[("DRAFT_DELETION_REMINDER", CONTACT, "sv")],
    );

    // Every message of the case renders in its language, with nothing secret in it.
    let everything = outbox_message::Entity::find()
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let rendered = render_all(&everything);
    let kinds: HashSet<&str> = rendered.iter().map(|(k, _)| k.as_str()).collect();
    for kind in tietolupa_domain::message::MessageKind::ALL {
        assert!(kinds.contains(kind.as_str()), "{kind:?} was queued");
    }
    let _ = decided;
}

async fn a_directors_group_address_gets_one_message_per_proposal(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push((
            "TIETOLUPA_MESSAGES_DIRECTORS_ADDRESS".into(),
            "johto@tietolupa.example".into(),
        ));
        vars.push(("TIETOLUPA_MESSAGES_DIRECTORS_LANGUAGE".into(), "sv".into()));
    })
    .await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-2").await;
    let proposed = cases::proposed_case(&app, &applicant, &handler).await;
    let waiting = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("PROPOSAL_WAITING"))
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    expect(
        &waiting,
        &[("PROPOSAL_WAITING", "johto@tietolupa.example", "sv")],
    );
    assert_eq!(waiting[0].recipient_id, "group:directors");
    let rendered = render_all(&waiting);
    assert!(
        rendered[0]
            .1
            .subject
            .starts_with("Ett beslutsförslag väntar på beslut")
    );
    assert!(rendered[0].1.text.contains(&format!(
        "{BASE_URL}/proposals/{}",
        proposed["id"].as_str().unwrap()
    )));
}

async fn a_presenter_who_is_a_director_is_not_asked_to_decide_their_own_proposal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let deputy = app.demo_token("demo-deputy-director").await;
    cases::proposed_case(&app, &applicant, &deputy).await;
    let waiting: Vec<Value> = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("PROPOSAL_WAITING"))
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .into_iter()
        .map(|m| json!(m.recipient_id))
        .collect();
    assert_eq!(waiting, vec![json!("demo-director")]);
}

/// The subject each kind starts with in the language the walk's recipient reads.
fn expected_subject(kind: &str, language: &str) -> &'static str {
    match (kind, language) {
        ("APPLICATION_RECEIVED", "sv") => "Din ansökan har tagits emot – TL/",
        ("INFORMATION_REQUESTED", "sv") => "Kompletterande uppgifter behövs för din ansökan – TL/",
        ("INFORMATION_REMINDER", "sv") => {
            "Påminnelse: en begäran om komplettering väntar på ditt svar – TL/"
        }
        ("INFORMATION_ANSWERED", "en") => {
            "The applicant answered the request for information – TL/"
        }
        ("PROPOSAL_WAITING", "fi") => "Päätösesitys odottaa päätöstä – TL/",
        ("PROPOSAL_WAITING", "en") => "A proposal is waiting for a decision – TL/",
        ("CASE_RETURNED", "en") => "Proposal returned for preparation – TL/",
        ("DEADLINE_APPROACHING", "en") => "The decision deadline is approaching – TL/",
        ("DECISION_MADE", "sv") => "Beslut har fattats om din ansökan – TL/",
        ("AMENDMENT_DECIDED", "sv") => "Beslut har fattats om din ändringsansökan – TL/",
        ("PERMIT_EXPIRY_REMINDER", "sv") => "Ditt tillstånd går snart ut – TL/",
        ("PERMIT_REVOKED", "sv") => "Ditt tillstånd har återkallats – TL/",
        ("DRAFT_DELETION_REMINDER", "sv") => "Ditt ansökningsutkast raderas snart",
        ("FEE_NOTICE", "sv") => "Avgift för beslut – TL/",
        ("DELIVERY_ORDER_OVERDUE", "en") => "A delivery order is overdue – TL/",
        other => panic!("the walk sends no {other:?}"),
    }
}

/// The whole walk again with the mail worker on and a real SMTP server (npm
/// `smtp-server`, started here): every queued message arrives once, at its recipient's
/// address, in their language (Finnish, Swedish and English recipients), with the link
/// under the public URL and nothing secret in it.
async fn every_kind_arrives_by_smtp_once_to_its_recipient_in_their_language(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let port = smtp.port().to_string();
    let app = TestApp::spawn_with(backend, |vars| {
        for (name, value) in [
            ("TIETOLUPA_SMTP_HOST", "127.0.0.1"),
            ("TIETOLUPA_SMTP_PORT", port.as_str()),
            ("TIETOLUPA_SMTP_TLS", "none"),
            ("TIETOLUPA_PUBLIC_URL", SMTP_PUBLIC_URL),
            ("TIETOLUPA_MAIL_POLL_INTERVAL", "100ms"),
        ] {
            vars.push((name.to_owned(), value.to_owned()));
        }
    })
    .await;
    walk_a_case(&app).await;
    let rows = outbox_message::Entity::find()
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    smtp.wait_for(rows.len(), MAIL_WAIT).await;
    // Delivered means the SMTP server accepted it: after this, nothing more may arrive.
    let deadline = std::time::Instant::now() + MAIL_WAIT;
    loop {
        let pending = outbox_message::Entity::find()
            .filter(outbox_message::Column::DeliveredAt.is_null())
            .all(app.db.raw_connection_for_tests())
            .await
            .unwrap();
        if pending.is_empty() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "undelivered: {pending:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let received = smtp.wait_for(rows.len(), MAIL_WAIT).await;
    assert_eq!(received.len(), rows.len(), "no message twice");
    let mut languages = HashSet::new();
    for row in &rows {
        let message_id = format!("<{}@lupa.example.fi>", row.id);
        let copies: Vec<_> = received
            .iter()
            .filter(|m| m.message_id.as_deref() == Some(message_id.as_str()))
            .collect();
        assert_eq!(copies.len(), 1, "{} {message_id} arrived once", row.kind);
        let mail = copies[0];
        let address = row.recipient_email.clone().expect("an address");
        assert_eq!(mail.to, std::slice::from_ref(&address), "{}", row.kind);
        assert!(mail.header("to").unwrap().contains(&address));
        assert_eq!(mail.header("content-language"), Some(row.language.as_str()));
        let subject = mail.subject.clone().unwrap_or_default();
        assert!(
            subject.starts_with(expected_subject(&row.kind, &row.language)),
            "{}: {subject}",
            row.kind
        );
        let text = mail.text.clone().unwrap_or_default();
        let html = mail.html.clone().unwrap_or_default();
        // A draft has no diary number yet.
        if let Some(diary) = row.payload["diaryNumber"].as_str() {
            assert!(subject.ends_with(diary), "{subject}");
            assert!(text.contains(diary), "{text}");
        }
        let application = row.payload["applicationId"].as_str().unwrap();
        // The invoicing contact has no account: the fee notice links the public decision.
        let linked = if row.kind == "FEE_NOTICE" {
            row.payload["diaryNumber"]
                .as_str()
                .unwrap()
                .replace('/', "%2F")
        } else {
            application.to_owned()
        };
        assert!(
            text.contains(SMTP_PUBLIC_URL) && text.contains(&linked),
            "{text}"
        );
        assert!(
            html.contains(&format!("href=\"{SMTP_PUBLIC_URL}/")),
            "{html}"
        );
        for secret in SECRETS {
            let all = format!("{subject}{text}{html}");
            assert!(!all.contains(secret), "{} shows {secret}", row.kind);
        }
        languages.insert(row.language.clone());
    }
    assert_eq!(
        languages.len(),
        3,
        "fi, sv and en recipients: {languages:?}"
    );
}

/// The reminder job run at one moment by several instances (one pool each): each reminder
/// is queued once, and no run fails.
async fn reminders_from_several_instances_are_queued_once(backend: Backend) {
    const INSTANCES: usize = 4;
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    for _ in 0..2 {
        cases::case_awaiting_answers(&app, &applicant, &handler).await;
        cases::case_in_preparation(&app, &applicant, &handler).await;
    }
    let mut pools = Vec::new();
    for _ in 0..INSTANCES {
        pools.push(
            tietolupa_store::Db::connect(app.database.url())
                .await
                .unwrap(),
        );
    }
    let policy = ReminderPolicy {
        information_reminder_days: 7,
        // Every new case is due in about three months: warn of it now.
        deadline_warning_days: 120,
    };
    let today = tietolupa_test_support::today_in_finland();
    let ctx = CallContext::system("reminders").at(on(today + Duration::days(8)));
    for _ in 0..2 {
        let reports =
            futures::future::join_all(pools.iter().map(|db| reminders::run(db, &ctx, &policy)))
                .await;
        let _: Vec<_> = reports
            .into_iter()
            .map(|r| r.expect("no run fails"))
            .collect();
    }
    let count = |kind: &'static str| {
        let conn = app.db.raw_connection_for_tests();
        async move {
            outbox_message::Entity::find()
                .filter(outbox_message::Column::Kind.eq(kind))
                .all(conn)
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(count("INFORMATION_REMINDER").await, 2);
    // Only running clocks are warned of: the two cases waiting for answers are paused.
    assert_eq!(count("DEADLINE_APPROACHING").await, 2);
}

on_both_databases!(
    reminders_from_several_instances_are_queued_once,
    every_kind_arrives_by_smtp_once_to_its_recipient_in_their_language,
    a_case_tells_each_party_once_in_their_language,
    a_directors_group_address_gets_one_message_per_proposal,
    a_presenter_who_is_a_director_is_not_asked_to_decide_their_own_proposal,
);
