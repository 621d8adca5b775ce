//! The session cache against real databases: a cached session costs no statement, and
//! every write of this instance to a session is honoured by the next request at once.

use std::collections::BTreeSet;
use std::time::Duration;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tietolupa_config::IdentityCodeKeys;
use tietolupa_domain::sign_in::SessionTimeouts;
use tietolupa_domain::{Actor, HetuPolicy, Role};
use tietolupa_entity::user_session;
use tietolupa_objection_crypto::{ObjectionCrypto, ObjectionKeys};
use tietolupa_test_support::{Backend, TestDatabase, on_both_databases};
use time::OffsetDateTime;

use crate::sessions::{self, EndReason, NewSession};
use crate::{CallContext, Db};

struct Setup {
    _database: TestDatabase,
    _secrets: tempfile::TempDir,
    db: Db,
    crypto: ObjectionCrypto,
    timeouts: SessionTimeouts,
}

async fn setup(backend: Backend, lifetime: Duration) -> Setup {
    let (database, db) = super::fresh(backend).await;
    let secrets = tempfile::tempdir().unwrap();
    let keys = IdentityCodeKeys::load_or_generate(&secrets.path().join("secrets.toml")).unwrap();
    Setup {
        _database: database,
        _secrets: secrets,
        db: db.with_session_cache(lifetime),
        crypto: ObjectionCrypto::new(ObjectionKeys::new(&keys), HetuPolicy::ORDINARY_ONLY),
        timeouts: SessionTimeouts::default(),
    }
}

fn handler() -> Actor {
    Actor::person("handler-1", None, [Role::Handler], None)
}

impl Setup {
    async fn sign_in(&self, previous: Option<&str>) -> String {
        let session = NewSession {
            subject: "handler-1".to_owned(),
            provider: "staff".to_owned(),
            roles: BTreeSet::from([Role::Handler]),
            display_name: None,
            organisation: None,
            email: None,
            language: "fi".to_owned(),
            identity_code: None,
            refresh_token: None,
            user_agent: None,
        };
        let token = sessions::start(
            &self.db,
            &CallContext::new(handler()),
            &self.crypto,
            &self.timeouts,
            session,
            previous,
        )
        .await
        .unwrap();
        token.expose().to_owned()
    }

    async fn resolve(&self, token: &str) -> Option<sessions::ActiveSession> {
        sessions::resolve(&self.db, token, &self.timeouts, OffsetDateTime::now_utc())
            .await
            .unwrap()
    }

    /// What another instance would do: end every session of the handler in the row.
    async fn end_elsewhere(&self) {
        user_session::Entity::update_many()
            .col_expr(
                user_session::Column::EndedAt,
                Expr::value(OffsetDateTime::now_utc()),
            )
            .col_expr(user_session::Column::EndReason, Expr::value("logout"))
            .filter(user_session::Column::EndedAt.is_null())
            .exec(self.db.conn())
            .await
            .unwrap();
    }
}

async fn a_cached_session_is_answered_without_a_statement(backend: Backend) {
    let setup = setup(backend, Duration::from_secs(600)).await;
    let token = setup.sign_in(None).await;
    let first = setup.resolve(&token).await.expect("live");
    let before = setup.db.statements();
    let again = setup.resolve(&token).await.expect("still live");
    assert_eq!(
        setup.db.statements(),
        before,
        "the second request read the row"
    );
    assert_eq!(again.id, first.id);
    assert_eq!(again.roles, first.roles);
}

async fn this_instance_honours_its_own_ends_at_once(backend: Backend) {
    let setup = setup(backend, Duration::from_secs(600)).await;
    let context = CallContext::new(handler());

    let token = setup.sign_in(None).await;
    let session = setup.resolve(&token).await.expect("live");
    assert!(
        sessions::end(&setup.db, &context, session.id, EndReason::Logout)
            .await
            .unwrap()
    );
    assert!(setup.resolve(&token).await.is_none(), "logout");

    let (kept, other) = (setup.sign_in(None).await, setup.sign_in(None).await);
    let keep = setup.resolve(&kept).await.expect("live").id;
    setup.resolve(&other).await.expect("live");
    assert_eq!(
        sessions::end_others(&setup.db, &context, keep)
            .await
            .unwrap(),
        1
    );
    assert!(setup.resolve(&other).await.is_none(), "ended by the other");
    assert!(setup.resolve(&kept).await.is_some(), "kept");

    let rotated = setup.sign_in(Some(&kept)).await;
    assert!(setup.resolve(&kept).await.is_none(), "rotated away");
    assert!(setup.resolve(&rotated).await.is_some());
}

async fn another_instances_end_holds_once_the_entry_ages_out(backend: Backend) {
    let setup = setup(backend, Duration::from_secs(2)).await;
    let token = setup.sign_in(None).await;
    setup.resolve(&token).await.expect("live");
    setup.end_elsewhere().await;
    // Within the lifetime this instance still answers from memory: the documented bound.
    assert!(setup.resolve(&token).await.is_some());
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert!(setup.resolve(&token).await.is_none());
}

async fn without_a_lifetime_every_request_reads_the_row(backend: Backend) {
    let setup = setup(backend, Duration::ZERO).await;
    let token = setup.sign_in(None).await;
    setup.resolve(&token).await.expect("live");
    setup.end_elsewhere().await;
    assert!(setup.resolve(&token).await.is_none());
}

on_both_databases!(
    a_cached_session_is_answered_without_a_statement,
    this_instance_honours_its_own_ends_at_once,
    another_instances_end_holds_once_the_entry_ages_out,
    without_a_lifetime_every_request_reads_the_row,
);
