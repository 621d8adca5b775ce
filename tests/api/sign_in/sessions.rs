//! A user's sessions: listed and ended by the user, ended by the idle and absolute
//! timeouts (time moved by editing the row), and ended when the provider changes a staff
//! member's roles.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use tietolupa_entity::user_session;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use super::{Browser, SignInApp, last_audit};

/// A server that reads the session row on every request: these tests move time by editing
/// the row behind the server, as another instance would, and the session cache would hide
/// that for its lifetime (crates/store/src/tests/session_cache.rs tests the cache).
async fn reading_every_row(backend: Backend) -> SignInApp {
    SignInApp::start_with(backend, |vars| {
        vars.push(("TIETOLUPA_SESSION_CACHE_SECONDS".to_owned(), "0".to_owned()));
    })
    .await
}

/// Moves a column of every live session of `subject` an hour into the past.
async fn age(app: &TestApp, subject: &str, column: user_session::Column) {
    let past = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    user_session::Entity::update_many()
        .col_expr(column, Expr::value(past))
        .filter(user_session::Column::Subject.eq(subject))
        .filter(user_session::Column::EndedAt.is_null())
        .exec(app.db.raw_connection_for_tests())
        .await
        .expect("age the session");
}

async fn end_reasons(app: &TestApp, subject: &str) -> Vec<Option<String>> {
    user_session::Entity::find()
        .filter(user_session::Column::Subject.eq(subject))
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.end_reason)
        .collect()
}

async fn a_user_lists_and_ends_their_own_sessions(backend: Backend) {
    let setup = SignInApp::start(backend).await;
    let app = &setup.app;
    let (laptop, phone, tablet) = (Browser::new(), Browser::new(), Browser::new());
    for browser in [&laptop, &phone, &tablet] {
        browser.sign_in(app, "staff", "handler").await;
    }
    let listed = laptop
        .graphql(
            app,
            "{ mySessions { id provider current createdAt lastSeenAt idleExpiresAt absoluteExpiresAt userAgent } }",
            json!({}),
        )
        .await;
    let sessions = listed["data"]["mySessions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(sessions.len(), 3, "{listed}");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(sessions.iter().all(|s| s["provider"] == "staff"));

    // The laptop ends the phone's session.
    let phone_id = phone
        .graphql(app, "{ mySessions { id current } }", json!({}))
        .await["data"]["mySessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == true)
        .unwrap()["id"]
        .clone();
    let ended = laptop
        .graphql(
            app,
            "mutation($id: UUID!) { endSession(id: $id) }",
            json!({ "id": phone_id }),
        )
        .await;
    assert_eq!(ended["data"]["endSession"], true, "{ended}");
    assert_eq!(phone.me(app).await["authenticated"], false);
    assert_eq!(last_audit(app, "session.end").await.0, "SUCCESS");

    // Someone else's session cannot be ended.
    let other = Browser::new();
    other.sign_in(app, "staff", "director").await;
    let tablet_id = tablet
        .graphql(app, "{ mySessions { id current } }", json!({}))
        .await["data"]["mySessions"][0]["id"]
        .clone();
    let refused = other
        .graphql(
            app,
            "mutation($id: UUID!) { endSession(id: $id) }",
            json!({ "id": tablet_id }),
        )
        .await;
    assert_eq!(refused["data"]["endSession"], false);

    let others = laptop
        .graphql(app, "mutation { endOtherSessions }", json!({}))
        .await;
    assert_eq!(others["data"]["endOtherSessions"], 1, "{others}");
    assert_eq!(tablet.me(app).await["authenticated"], false);
    assert_eq!(laptop.me(app).await["authenticated"], true);
}

async fn an_idle_session_ends(backend: Backend) {
    let setup = reading_every_row(backend).await;
    let browser = Browser::new();
    browser.sign_in(&setup.app, "staff", "handler").await;
    assert_eq!(browser.me(&setup.app).await["authenticated"], true);
    age(&setup.app, "handler", user_session::Column::IdleExpiresAt).await;
    assert_eq!(browser.me(&setup.app).await["authenticated"], false);
    assert_eq!(
        end_reasons(&setup.app, "handler").await,
        [Some("idle".to_owned())]
    );
}

async fn a_session_ends_at_its_absolute_timeout(backend: Backend) {
    let setup = reading_every_row(backend).await;
    let browser = Browser::new();
    browser.sign_in(&setup.app, "staff", "handler").await;
    age(
        &setup.app,
        "handler",
        user_session::Column::AbsoluteExpiresAt,
    )
    .await;
    assert_eq!(browser.me(&setup.app).await["authenticated"], false);
    assert_eq!(
        end_reasons(&setup.app, "handler").await,
        [Some("absolute".to_owned())]
    );
}

async fn timeouts_come_from_the_settings(backend: Backend) {
    let setup = SignInApp::start_with(backend, |vars| {
        vars.push((
            "TIETOLUPA_SESSION_IDLE_TIMEOUT_SECONDS".to_owned(),
            "120".to_owned(),
        ));
        vars.push((
            "TIETOLUPA_SESSION_ABSOLUTE_TIMEOUT_SECONDS".to_owned(),
            "600".to_owned(),
        ));
    })
    .await;
    let browser = Browser::new();
    let response = browser.sign_in(&setup.app, "staff", "handler").await;
    let cookie = super::session_cookie(&response).unwrap();
    assert!(cookie.contains("Max-Age=600"), "{cookie}");
    let row = user_session::Entity::find()
        .one(setup.app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.idle_expires_at - row.created_at).whole_seconds(), 120);
    assert_eq!(
        (row.absolute_expires_at - row.created_at).whole_seconds(),
        600
    );
}

async fn a_role_change_at_the_provider_ends_the_staff_session(backend: Backend) {
    let setup = reading_every_row(backend).await;
    let app = &setup.app;
    let browser = Browser::new();
    browser.sign_in(app, "staff", "handler").await;

    // Due for a check, roles unchanged: the refresh confirms them and the session lives.
    age(app, "handler", user_session::Column::RolesCheckedAt).await;
    assert_eq!(browser.me(app).await["roles"], json!(["PUBLIC", "HANDLER"]));

    setup
        .provider
        .set_groups("handler", &["tietolupa-directors"])
        .await;
    // Not yet due: the session keeps the roles it has.
    assert_eq!(browser.me(app).await["authenticated"], true);
    age(app, "handler", user_session::Column::RolesCheckedAt).await;
    assert_eq!(browser.me(app).await["authenticated"], false);
    assert_eq!(
        end_reasons(app, "handler").await,
        [Some("roles_changed".to_owned())]
    );
    assert_eq!(
        last_audit(app, "session.end_roles_changed").await.0,
        "SUCCESS"
    );
}

async fn the_dev_picker_signs_in_a_demo_user_with_a_cookie(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = Browser::new();
    let response = browser
        .client
        .post(app.url("/dev/session"))
        .json(&json!({ "subject": "demo-citizen" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(super::session_cookie(&response).is_some());
    let me = browser.me(&app).await;
    assert_eq!(me["roles"], json!(["PUBLIC", "CITIZEN"]));
    assert_eq!(me["hasIdentityCode"], true);
    let refused = browser
        .client
        .post(app.url("/dev/session"))
        .json(&json!({ "subject": "nobody" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
}

async fn signed_in_sessions_are_not_throttled_as_anonymous(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        for (name, value) in [
            ("TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "1"),
            ("TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST", "2"),
        ] {
            vars.retain(|(n, _)| n != name);
            vars.push((name.to_owned(), value.to_owned()));
        }
    })
    .await;
    let browser = Browser::new();
    let signed_in = browser
        .client
        .post(app.url("/dev/session"))
        .json(&json!({ "subject": "demo-handler-1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    for _ in 0..5 {
        assert_eq!(browser.me(&app).await["authenticated"], true);
    }
    let anonymous = Browser::new();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let response = anonymous
            .client
            .get(app.url("/auth/providers"))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

on_both_databases!(
    signed_in_sessions_are_not_throttled_as_anonymous,
    a_user_lists_and_ends_their_own_sessions,
    an_idle_session_ends,
    a_session_ends_at_its_absolute_timeout,
    timeouts_come_from_the_settings,
    a_role_change_at_the_provider_ends_the_staff_session,
    the_dev_picker_signs_in_a_demo_user_with_a_cookie,
);
