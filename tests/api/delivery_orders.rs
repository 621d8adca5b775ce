//! Delivery orders (docs/delivery.md) through GraphQL: made by the grant, moved on by
//! handlers, cancelled by a revocation, seen by their holder only, reminded of when
//! overdue.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tietolupa_entity::{audit_entry, delivery_order};
use tietolupa_store::CallContext;
use tietolupa_test_support::{Backend, TestApp, on_both_databases, today_in_finland};
use time::Duration;

use crate::cases::{self, ok, permit_command};

pub(crate) const ORDER_FIELDS: &str = "id version state applicationId diaryNumber kind permitId
    dataControllerName registerName dataSourceIds variables periodFrom periodTo cohortDefinition
    processingEnvironmentName extractionDate dueDate overdue daysLeft cancellationReason
    history { actorName fromState toState comment }";

/// The orders `token` sees, narrowed by `filter`, soonest due first.
pub(crate) async fn orders(app: &TestApp, token: &str, filter: Value) -> Vec<Value> {
    let query = format!(
        "query($filter: DeliveryOrderFilter) {{ deliveryOrders(filter: $filter) {{ edges {{ node {{ {ORDER_FIELDS} }} }} }} }}"
    );
    app.query_ok(Some(token), &query, json!({ "filter": filter }))
        .await["deliveryOrders"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

/// Runs `name(id, version, ...)` on an order: the order after it, or the error code.
async fn step(
    app: &TestApp,
    token: &str,
    name: &str,
    order: &Value,
    reason: Option<&str>,
) -> Result<Value, String> {
    let (args, pass) = match reason {
        Some(_) => (", $reason: String!", ", reason: $reason"),
        None => ("", ""),
    };
    let query = format!(
        "mutation($id: UUID!, $version: Int!{args}) {{ {name}(id: $id, version: $version{pass}) {{ {ORDER_FIELDS} }} }}"
    );
    let vars = json!({ "id": order["id"], "version": order["version"], "reason": reason });
    let (_, body) = app.graphql(Some(token), &query, vars).await;
    match body.get("errors") {
        None => Ok(body["data"][name].clone()),
        Some(errors) => Err(errors[0]["extensions"]["code"]
            .as_str()
            .unwrap_or("NO_CODE")
            .to_owned()),
    }
}

/// Stands in for the steps this test does not take through the API (a preparation run,
/// the passing of days): writes a column of the order directly.
async fn set_order(app: &TestApp, order: &Value, column: delivery_order::Column, value: Expr) {
    let id: uuid::Uuid = order["id"].as_str().unwrap().parse().unwrap();
    let result = delivery_order::Entity::update_many()
        .col_expr(column, value)
        .filter(delivery_order::Column::Id.eq(id))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(result.rows_affected, 1);
}

async fn audit_entries(app: &TestApp, action: &str) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .all(app.db.raw_connection_for_tests())
        .await
        .unwrap()
}

async fn a_granted_permit_orders_its_data_and_handlers_move_the_orders_on(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let permit_id = &granted["permit"]["id"];
    let today = today_in_finland();

    // One order per granted data source, each saying what is ordered.
    let all = orders(&app, &handler, json!({ "permitId": permit_id })).await;
    assert_eq!(all.len(), 2, "{all:?}");
    let hilmo = cases::data_source(&app, "thl-hilmo").await;
    let first = all
        .iter()
        .find(|o| o["dataSourceIds"] == json!([hilmo]))
        .unwrap()
        .clone();
    assert_eq!(first["state"], "ORDERED");
    assert_eq!(first["version"], 1);
    assert_eq!(first["kind"], "DATA_PERMIT");
    assert_eq!(first["applicationId"], granted["id"]);
    assert_eq!(first["diaryNumber"], granted["diaryNumber"]);
    assert_eq!(
        first["variables"],
        json!(["ICD-10 diagnoses (3 characters)", "admission year"])
    );
    assert_eq!(first["periodFrom"], "2010-01-01");
    assert_eq!(first["periodTo"], "2024-12-31");
    assert_eq!(
        first["cohortDefinition"],
        "Residents of Finland aged 65+ on 1 January 2010"
    );
    assert_eq!(first["processingEnvironmentName"], "Kapseli");
    assert_eq!(first["extractionDate"], today.to_string());
    assert_eq!(first["dueDate"], (today + Duration::days(30)).to_string());
    assert_eq!(first["overdue"], false);
    assert_eq!(first["daysLeft"], 30);
    assert!(!first["registerName"].as_str().unwrap().is_empty());
    assert!(!first["dataControllerName"].as_str().unwrap().is_empty());
    let history = first["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["fromState"], Value::Null);
    assert_eq!(history[0]["toState"], "ORDERED");
    assert!(history[0]["actorName"].is_string(), "the deciding Director");
    assert_eq!(audit_entries(&app, "delivery_order.create").await.len(), 2);

    // Only handlers move orders on; each refusal is audited.
    assert_eq!(
        step(&app, &applicant, "markDeliveryOrderReceived", &first, None).await,
        Err("FORBIDDEN".to_owned())
    );
    assert_eq!(
        step(&app, &director, "markDeliveryOrderReceived", &first, None).await,
        Err("FORBIDDEN".to_owned())
    );
    let denied = audit_entries(&app, "delivery_order.receive").await;
    assert_eq!(denied.len(), 2);
    assert!(denied.iter().all(|e| e.outcome == "DENIED"));

    // Receive; a stale version is a conflict; steps out of order are refused.
    let received = step(&app, &handler, "markDeliveryOrderReceived", &first, None)
        .await
        .unwrap();
    assert_eq!(received["state"], "RECEIVED");
    assert_eq!(received["version"], 2);
    assert_eq!(
        step(&app, &handler, "markDeliveryOrderReceived", &first, None).await,
        Err("CONFLICT".to_owned())
    );
    assert_eq!(
        step(&app, &handler, "markDeliveryOrderReceived", &received, None).await,
        Err("INVALID_TRANSITION".to_owned())
    );
    assert_eq!(
        step(
            &app,
            &handler,
            "markDeliveryOrderDelivered",
            &received,
            None
        )
        .await,
        Err("INVALID_TRANSITION".to_owned())
    );
    // A preparation run (issue 16, section 2) moves it to PREPARED; then it is delivered
    // into the permit's environment.
    set_order(
        &app,
        &received,
        delivery_order::Column::State,
        Expr::value("PREPARED"),
    )
    .await;
    let delivered = step(
        &app,
        &handler,
        "markDeliveryOrderDelivered",
        &received,
        None,
    )
    .await
    .unwrap();
    assert_eq!(delivered["state"], "DELIVERED");
    assert_eq!(delivered["version"], 3);
    assert_eq!(delivered["processingEnvironmentName"], "Kapseli");
    assert_eq!(
        step(
            &app,
            &handler,
            "cancelDeliveryOrder",
            &delivered,
            Some("Too late.")
        )
        .await,
        Err("INVALID_TRANSITION".to_owned())
    );
    let receive_entries = audit_entries(&app, "delivery_order.receive").await;
    let success = receive_entries
        .iter()
        .find(|e| e.outcome == "SUCCESS")
        .unwrap();
    assert_eq!(success.target_type.as_deref(), Some("delivery_order"));
    assert_eq!(success.target_id.as_deref(), first["id"].as_str());
    assert_eq!(success.actor_role.as_deref(), Some("HANDLER"));
    // The delivery out of order was refused by state, and that refusal is audited too.
    let mut deliver_entries: Vec<_> = audit_entries(&app, "delivery_order.deliver")
        .await
        .into_iter()
        .map(|e| (e.outcome, e.reason))
        .collect();
    deliver_entries.sort();
    assert_eq!(
        deliver_entries,
        [
            ("DENIED".to_owned(), Some("state".to_owned())),
            ("SUCCESS".to_owned(), None)
        ]
    );

    // Cancelling needs a reason, which the history and the holder see.
    let second = all.iter().find(|o| o["id"] != first["id"]).unwrap().clone();
    assert_eq!(
        step(&app, &handler, "cancelDeliveryOrder", &second, Some("  ")).await,
        Err("VALIDATION".to_owned())
    );
    let cancelled = step(
        &app,
        &handler,
        "cancelDeliveryOrder",
        &second,
        Some("The controller no longer keeps this register."),
    )
    .await
    .unwrap();
    assert_eq!(cancelled["state"], "CANCELLED");
    assert_eq!(
        cancelled["cancellationReason"],
        "The controller no longer keeps this register."
    );
    let history: Vec<(Value, Value)> = cancelled["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["fromState"].clone(), e["toState"].clone()))
        .collect();
    assert_eq!(
        history,
        [
            (Value::Null, json!("ORDERED")),
            (json!("ORDERED"), json!("CANCELLED"))
        ]
    );

    // The holder sees their orders, on the list and on the permit; another applicant sees
    // none, and asking for one by id is NOT_FOUND (and audited).
    let own = orders(&app, &applicant, json!({})).await;
    assert_eq!(own.len(), 2);
    let on_permit = app
        .query_ok(
            Some(&applicant),
            "query($id: UUID!) { permit(id: $id) { deliveryOrders { id state } } }",
            json!({ "id": permit_id }),
        )
        .await;
    assert_eq!(
        on_permit["permit"]["deliveryOrders"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let other = app
        .dev_token("delivery-other-applicant", &["APPLICANT"], None)
        .await;
    assert!(orders(&app, &other, json!({})).await.is_empty());
    assert_eq!(
        app.query_error_code(
            Some(&other),
            "query($id: UUID!) { deliveryOrder(id: $id) { id } }",
            json!({ "id": first["id"] }),
        )
        .await,
        "NOT_FOUND"
    );
    let refused_read = audit_entries(&app, "delivery_order.read").await;
    assert_eq!(refused_read.len(), 1);
    assert_eq!(refused_read[0].outcome, "DENIED");
    assert_eq!(refused_read[0].actor_id, "delivery-other-applicant");
    let mine = app
        .query_ok(
            Some(&applicant),
            "query($id: UUID!) { deliveryOrder(id: $id) { id state } }",
            json!({ "id": first["id"] }),
        )
        .await;
    assert_eq!(mine["deliveryOrder"]["state"], "DELIVERED");

    // An amendment that leaves the data alone (a longer validity) orders nothing, and
    // the order the handler cancelled stays cancelled.
    let amendment = json!({ "changes": ["EXTEND_VALIDITY"], "newValidUntil": crate::permits::in_days(5 * 365) });
    let draft = app
        .query_ok(
            Some(&applicant),
            crate::permits::AMEND,
            json!({ "permit": permit_id, "amendment": amendment }),
        )
        .await["createApplication"]
        .clone();
    crate::permits::grant_amendment(&app, &applicant, &draft).await;
    let after = orders(&app, &handler, json!({ "permitId": permit_id })).await;
    let mut states: Vec<&str> = after.iter().map(|o| o["state"].as_str().unwrap()).collect();
    states.sort_unstable();
    assert_eq!(states, ["CANCELLED", "DELIVERED"]);

    // The filters: by state and by application.
    let by_state = orders(&app, &handler, json!({ "state": "CANCELLED" })).await;
    assert_eq!(by_state.len(), 1);
    assert_eq!(by_state[0]["id"], second["id"]);
    let by_application = orders(&app, &handler, json!({ "applicationId": granted["id"] })).await;
    assert_eq!(by_application.len(), 2);
}

async fn revoking_a_permit_cancels_its_open_orders(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let permit_id = &granted["permit"]["id"];
    let all = orders(&app, &handler, json!({ "permitId": permit_id })).await;
    // One already delivered stays so; the other is on its way.
    set_order(
        &app,
        &all[0],
        delivery_order::Column::State,
        Expr::value("DELIVERED"),
    )
    .await;
    let received = step(&app, &handler, "markDeliveryOrderReceived", &all[1], None)
        .await
        .unwrap();
    assert_eq!(received["state"], "RECEIVED");

    let permit = cases::permit(&app, &director, permit_id).await.unwrap();
    let reason = "Results were published against the conditions.";
    permit_command(
        &app,
        Some(&director),
        "revokePermit",
        &permit,
        "$reason: String!",
        json!({ "reason": reason }),
    )
    .await
    .unwrap();

    let after = orders(&app, &applicant, json!({ "permitId": permit_id })).await;
    let state_of = |id: &Value| {
        after
            .iter()
            .find(|o| o["id"] == *id)
            .map(|o| (o["state"].clone(), o["cancellationReason"].clone()))
            .unwrap()
    };
    assert_eq!(state_of(&all[0]["id"]), (json!("DELIVERED"), Value::Null));
    assert_eq!(state_of(&all[1]["id"]), (json!("CANCELLED"), json!(reason)));
    let cancel = audit_entries(&app, "delivery_order.cancel").await;
    assert_eq!(cancel.len(), 1);
    assert_eq!(cancel[0].actor_role.as_deref(), Some("DIRECTOR"));
    assert_eq!(cancel[0].target_id.as_deref(), all[1]["id"].as_str());
}

async fn a_data_request_gets_one_order_delivered_only_by_release(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-company").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let input = cases::complete_data_request_input(&app).await;
    let draft = cases::create(&app, &applicant, "DATA_REQUEST", input).await;
    let submitted = ok(&app, &applicant, "submitApplication", &draft, "", json!({})).await;
    let taken = ok(&app, &handler, "takeApplication", &submitted, "", json!({})).await;
    let kela = cases::data_source(&app, "kela-prescriptions").await;
    let proposal = json!({ "outcome": "GRANTED", "reasoning": "Statistics can be produced.",
        "grantedDataSourceIds": [kela], "feeCategory": "DATA_REQUEST" });
    let proposed = ok(
        &app,
        &handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    ok(&app, &director, "decide", &proposed, "", json!({})).await;

    let own = orders(&app, &applicant, json!({})).await;
    assert_eq!(own.len(), 1, "{own:?}");
    let order = &own[0];
    assert_eq!(order["kind"], "DATA_REQUEST");
    assert_eq!(order["permitId"], Value::Null);
    assert_eq!(order["applicationId"], draft["id"]);
    assert_eq!(order["processingEnvironmentName"], Value::Null);
    assert_eq!(order["dataSourceIds"], json!([kela]));
    assert_eq!(
        order["variables"],
        json!(["ATC N06A", "purchase year", "county"])
    );
    // The statistics reach the requester after output checking (issue 16, section 3):
    // no environment is needed.
    let received = step(&app, &handler, "markDeliveryOrderReceived", order, None)
        .await
        .unwrap();
    set_order(
        &app,
        &received,
        delivery_order::Column::State,
        Expr::value("PREPARED"),
    )
    .await;
    let prepared = orders(&app, &handler, json!({ "applicationId": draft["id"] })).await;
    // Only their release after output checking delivers statistics (output_requests.rs).
    assert_eq!(
        step(
            &app,
            &handler,
            "markDeliveryOrderDelivered",
            &prepared[0],
            None
        )
        .await,
        Err("INVALID_TRANSITION".into())
    );
    assert_eq!(
        orders(&app, &applicant, json!({})).await[0]["state"],
        "PREPARED"
    );
}

async fn overdue_orders_are_marked_filtered_and_reminded_of_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let all = orders(
        &app,
        &handler,
        json!({ "permitId": granted["permit"]["id"] }),
    )
    .await;
    let today = today_in_finland();
    set_order(
        &app,
        &all[0],
        delivery_order::Column::DueDate,
        Expr::value(today - Duration::days(3)),
    )
    .await;

    let overdue = orders(&app, &handler, json!({ "overdue": true })).await;
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["id"], all[0]["id"]);
    assert_eq!(overdue[0]["overdue"], true);
    assert_eq!(overdue[0]["daysLeft"], -3);
    let on_time = orders(&app, &handler, json!({ "overdue": false })).await;
    assert_eq!(on_time.len(), 1);
    assert_eq!(on_time[0]["id"], all[1]["id"]);

    // The job reminds the presenter once, however often it runs.
    let ctx = CallContext::system("delivery-orders");
    assert_eq!(
        tietolupa_store::delivery::overdue::remind(&app.db, &ctx)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        tietolupa_store::delivery::overdue::remind(&app.db, &ctx)
            .await
            .unwrap(),
        0
    );
    let messages = tietolupa_store::permits::outbox_for(&app.db, "demo-handler-1")
        .await
        .unwrap();
    let reminders: Vec<&Value> = messages
        .iter()
        .filter(|m| m["kind"] == "DELIVERY_ORDER_OVERDUE")
        .collect();
    assert_eq!(reminders.len(), 1, "{messages:?}");
    assert_eq!(reminders[0]["payload"]["deliveryOrderId"], all[0]["id"]);
    assert_eq!(reminders[0]["payload"]["daysOverdue"], 3);

    // Once received, the order is no longer the controller's delay.
    let received = step(
        &app,
        &handler,
        "markDeliveryOrderReceived",
        &overdue[0],
        None,
    )
    .await
    .unwrap();
    assert_eq!(received["overdue"], false);
    assert!(
        orders(&app, &handler, json!({ "overdue": true }))
            .await
            .is_empty()
    );

    // Data goes only into an active permit's environment: past its validity, delivery is
    // refused.
    set_order(
        &app,
        &received,
        delivery_order::Column::State,
        Expr::value("PREPARED"),
    )
    .await;
    let permit_id: uuid::Uuid = granted["permit"]["id"].as_str().unwrap().parse().unwrap();
    tietolupa_entity::permit::Entity::update_many()
        .col_expr(
            tietolupa_entity::permit::Column::ValidUntil,
            Expr::value(today - Duration::days(1)),
        )
        .filter(tietolupa_entity::permit::Column::Id.eq(permit_id))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(
        step(
            &app,
            &handler,
            "markDeliveryOrderDelivered",
            &received,
            None
        )
        .await,
        Err("INVALID_TRANSITION".to_owned())
    );
}

on_both_databases!(
    a_granted_permit_orders_its_data_and_handlers_move_the_orders_on,
    revoking_a_permit_cancels_its_open_orders,
    a_data_request_gets_one_order_delivered_only_by_release,
    overdue_orders_are_marked_filtered_and_reminded_of_once,
);
