use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tietolupa_entity::audit_entry::{self, Column};
use tietolupa_entity::user_account;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

const VERIFY: &str =
    "{ verifyAuditLog { intact checked head firstBreak { seq entryId problem } } }";

async fn verify(app: &TestApp, token: &str) -> Value {
    app.query_ok(Some(token), VERIFY, json!({})).await["verifyAuditLog"].clone()
}

async fn entry(app: &TestApp, seq: i64) -> audit_entry::Model {
    audit_entry::Entity::find()
        .filter(Column::Seq.eq(seq))
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("entry {seq} exists"))
}

async fn set(app: &TestApp, id: uuid::Uuid, column: Column, value: SimpleExpr) {
    let result = audit_entry::Entity::update_many()
        .col_expr(column, value)
        .filter(Column::Id.eq(id))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(result.rows_affected, 1);
}

/// Every column, with a plausible altered value an attacker might write.
fn alterations(
    original: &audit_entry::Model,
) -> Vec<(&'static str, Column, SimpleExpr, SimpleExpr)> {
    let other_hash = "ab".repeat(32);
    vec![
        (
            "id",
            Column::Id,
            Expr::value(uuid::Uuid::now_v7()),
            Expr::value(original.id),
        ),
        (
            "seq",
            Column::Seq,
            Expr::value(original.seq + 1_000),
            Expr::value(original.seq),
        ),
        (
            "occurred_at",
            Column::OccurredAt,
            Expr::value(original.occurred_at - time::Duration::seconds(1)),
            Expr::value(original.occurred_at),
        ),
        (
            "actor_id",
            Column::ActorId,
            Expr::value("someone-else"),
            Expr::value(original.actor_id.clone()),
        ),
        (
            "actor_role",
            Column::ActorRole,
            Expr::value("ADMIN"),
            Expr::value(original.actor_role.clone()),
        ),
        (
            "action",
            Column::Action,
            Expr::value("nothing.happened"),
            Expr::value(original.action.clone()),
        ),
        (
            "target_type",
            Column::TargetType,
            Expr::value("application"),
            Expr::value(original.target_type.clone()),
        ),
        (
            "target_id",
            Column::TargetId,
            Expr::value("x"),
            Expr::value(original.target_id.clone()),
        ),
        (
            "outcome",
            Column::Outcome,
            Expr::value("FAILURE"),
            Expr::value(original.outcome.clone()),
        ),
        (
            "reason",
            Column::Reason,
            Expr::value("routine"),
            Expr::value(original.reason.clone()),
        ),
        (
            "client_address",
            Column::ClientAddress,
            Expr::value("10.0.0.1"),
            Expr::value(original.client_address.clone()),
        ),
        (
            "request_id",
            Column::RequestId,
            Expr::value("forged"),
            Expr::value(original.request_id.clone()),
        ),
        (
            "details",
            Column::Details,
            Expr::value("{}"),
            Expr::value(original.details.clone()),
        ),
        (
            "previous_hash",
            Column::PreviousHash,
            Expr::value(other_hash.clone()),
            Expr::value(original.previous_hash.clone()),
        ),
        (
            "hash",
            Column::Hash,
            Expr::value(other_hash),
            Expr::value(original.hash.clone()),
        ),
    ]
}

async fn tampering_with_any_column_of_any_row_is_detected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let auditor = app.demo_token("demo-auditor").await;
    // Some history: seeding wrote two entries, each verification adds one.
    for _ in 0..3 {
        assert_eq!(verify(&app, &auditor).await["intact"], true);
    }
    let middle = last_seq(&app).await / 2 + 1;
    for position in ["first", "middle", "last"] {
        for index in 0..alterations(&entry(&app, 1).await).len() {
            // Each verification appends an entry, so "last" is looked up every time.
            let seq = match position {
                "first" => 1,
                "middle" => middle,
                _ => last_seq(&app).await,
            };
            let original = entry(&app, seq).await;
            let (column_name, column, altered, restored) =
                alterations(&original).swap_remove(index);
            set(&app, original.id, column, altered).await;
            let report = verify(&app, &auditor).await;
            let context = format!("{position} row ({seq}), column {column_name}: {report}");
            assert_eq!(report["intact"], false, "{context}");
            // Renumbering shows as a gap: at the next entry, or at the moved entry itself
            // when it was the last.
            let expected = match (column_name, position) {
                ("seq", "last") => seq + 1_000,
                ("seq", _) => seq + 1,
                _ => seq,
            };
            assert_eq!(report["firstBreak"]["seq"], expected, "{context}");
            if column_name != "seq" {
                assert_eq!(report["checked"], expected - 1, "{context}");
            }
            let id = if column_name == "id" {
                entry(&app, seq).await.id
            } else {
                original.id
            };
            set(&app, id, column, restored).await;
        }
        assert_eq!(
            verify(&app, &auditor).await["intact"],
            true,
            "restored {position} row"
        );
    }
}

async fn last_seq(app: &TestApp) -> i64 {
    audit_entry::Entity::find()
        .order_by_desc(Column::Seq)
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
        .unwrap()
        .seq
}

async fn a_deleted_entry_is_detected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let auditor = app.demo_token("demo-auditor").await;
    verify(&app, &auditor).await;
    verify(&app, &auditor).await;
    audit_entry::Entity::delete_many()
        .filter(Column::Seq.eq(2))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    let report = verify(&app, &auditor).await;
    assert_eq!(report["intact"], false);
    assert_eq!(report["firstBreak"]["seq"], 3);
    assert!(
        report["firstBreak"]["problem"]
            .as_str()
            .unwrap()
            .contains("gap"),
        "{report}"
    );
}

async fn the_audit_log_is_for_auditors_and_reads_are_audited(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let query =
        "{ auditLog(first: 5) { edges { node { seq action actorId actorRole outcome } } } }";
    assert_eq!(
        app.query_error_code(None, query, json!({})).await,
        "UNAUTHENTICATED"
    );
    assert_eq!(
        app.query_error_code(None, VERIFY, json!({})).await,
        "UNAUTHENTICATED"
    );
    let handler = app.demo_token("demo-handler-1").await;
    assert_eq!(
        app.query_error_code(Some(&handler), query, json!({})).await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.query_error_code(Some(&handler), VERIFY, json!({}))
            .await,
        "FORBIDDEN"
    );

    let auditor = app.demo_token("demo-auditor").await;
    let data = app.query_ok(Some(&auditor), query, json!({})).await;
    let actions: Vec<(String, String, String)> = data["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let n = &e["node"];
            (
                n["action"].as_str().unwrap().to_owned(),
                n["actorId"].as_str().unwrap().to_owned(),
                n["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Newest first: the handler's two refusals, after the seeding.
    assert_eq!(
        actions,
        [
            (
                "audit_log.verify".into(),
                "demo-handler-1".into(),
                "DENIED".into()
            ),
            (
                "audit_log.read".into(),
                "demo-handler-1".into(),
                "DENIED".into()
            ),
            (
                "seed.demo_data".into(),
                "system:seed".into(),
                "SUCCESS".into()
            ),
            (
                "seed.reference_data".into(),
                "system:seed".into(),
                "SUCCESS".into()
            ),
        ]
    );
    // The auditor's read is now on record too.
    let data = app
        .query_ok(
            Some(&auditor),
            r#"{ auditLog(first: 1, filter: { action: "audit_log.read", actorId: "demo-auditor" }) { edges { node { actorRole clientAddress requestId } } } }"#,
            json!({}),
        )
        .await;
    let node = &data["auditLog"]["edges"][0]["node"];
    assert_eq!(node["actorRole"], "AUDITOR");
    assert_eq!(node["clientAddress"], "127.0.0.1");
    assert_eq!(node["requestId"].as_str().unwrap().len(), 36);
}

async fn the_audit_log_pages_without_gaps_or_repeats(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let auditor = app.demo_token("demo-auditor").await;
    for _ in 0..7 {
        verify(&app, &auditor).await;
    }
    // Filter on verifications so the reads made while paging do not shift the pages.
    let query = r#"query($after: String) { auditLog(first: 3, after: $after, filter: { action: "audit_log.verify" }) {
        edges { cursor node { seq } } pageInfo { hasNextPage } } }"#;
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .query_ok(Some(&auditor), query, json!({ "after": after }))
            .await;
        let page = &data["auditLog"];
        for edge in page["edges"].as_array().unwrap() {
            seen.push(edge["node"]["seq"].as_i64().unwrap());
            after = edge["cursor"].clone();
        }
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
    }
    assert_eq!(seen.len(), 7, "{seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats: {seen:?}"
    );

    for (first, after) in [
        (json!(0), Value::Null),
        (json!(201), Value::Null),
        (json!(5), json!("bm9wZTox")),
    ] {
        let code = app
            .query_error_code(
                Some(&auditor),
                "query($first: Int, $after: String) { auditLog(first: $first, after: $after) { edges { cursor } } }",
                json!({ "first": first, "after": after }),
            )
            .await;
        assert_eq!(code, "VALIDATION");
    }
}

async fn the_audit_log_names_people_by_their_accounts_never_by_an_identity_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let auditor = app.demo_token("demo-auditor").await;
    let handler = app.demo_token("demo-handler-1").await;
    let citizen = app.demo_token("demo-citizen").await;
    // A provider could send a name with the person's code in it: the log must not show it.
    let renamed = user_account::Entity::update_many()
        .col_expr(
            user_account::Column::DisplayName,
            Expr::value("Matti Meikäläinen 010180-9004"),
        )
        .filter(user_account::Column::Subject.eq("demo-citizen"))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(renamed.rows_affected, 1);
    for token in [&handler, &citizen] {
        assert_eq!(
            app.query_error_code(Some(token), VERIFY, json!({})).await,
            "FORBIDDEN"
        );
    }
    verify(&app, &auditor).await;

    let data = app
        .query_ok(
            Some(&auditor),
            "{ auditLog(first: 5) { nodes { action actorId actorName actorRole } } }",
            json!({}),
        )
        .await;
    let rows: Vec<Value> = data["auditLog"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| json!([n["action"], n["actorId"], n["actorName"], n["actorRole"]]))
        .collect();
    assert_eq!(
        rows,
        [
            json!([
                "audit_log.verify",
                "demo-auditor",
                "Kaisa Lehtonen",
                "AUDITOR"
            ]),
            json!(["audit_log.verify", "demo-citizen", null, null]),
            json!(["audit_log.verify", "demo-handler-1", "Sanna Laine", null]),
            json!(["seed.demo_data", "system:seed", null, null]),
            json!(["seed.reference_data", "system:seed", null, null]),
        ]
    );
    assert!(!data.to_string().contains("010180-9004"), "{data}");
}

on_both_databases!(
    tampering_with_any_column_of_any_row_is_detected,
    a_deleted_entry_is_detected,
    the_audit_log_is_for_auditors_and_reads_are_audited,
    the_audit_log_pages_without_gaps_or_repeats,
    the_audit_log_names_people_by_their_accounts_never_by_an_identity_code,
);
