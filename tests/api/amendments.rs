//! The amendment kinds that change who processes the data, where, and under which permit:
//! REMOVE_PROCESSORS, CHANGE_ENVIRONMENT and COMBINE_PERMITS, each from the holder's
//! application through the handler and the Director to the permit's versions and the
//! public register, and the inputs each must refuse. EXTEND_VALIDITY and ADD_PROCESSORS
//! are walked in permits.rs and public_register.rs.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tietolupa_entity::audit_entry;
use tietolupa_store::CallContext;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, ok, published, refused};
use crate::permits::{AMEND, grant_amendment, in_days};

/// What these tests read of a permit: the terms, the pointer left by a combination, and
/// every earlier version with the amendment decision that replaced it.
const PERMIT: &str = "id version status validUntil combinedInto decisionNumber diaryNumber
    processors { firstName lastName }
    processingEnvironment { id name }
    grantedDataSources { dataSourceId }
    previousVersions { version validUntil processors { firstName lastName }
        processingEnvironmentId grantedDataSourceIds amendmentApplicationId amendmentDecisionNumber }
    amendments { applicationId diaryNumber decisionNumber state outcome }";

async fn read_permit(app: &TestApp, token: &str, id: &Value) -> Value {
    app.query_ok(
        Some(token),
        &format!("query($id: UUID!) {{ permit(id: $id) {{ {PERMIT} }} }}"),
        json!({ "id": id }),
    )
    .await["permit"]
        .clone()
}

fn processor(first: &str, last: &str) -> Value {
    json!({ "firstName": first, "lastName": last, "organisation": "University of Helsinki", "ndaSigned": true })
}

/// A permit of `applicant` granted on `input` with `proposal`; returns the decided
/// application with its `permit { id }`.
pub(crate) async fn grant(app: &TestApp, applicant: &str, input: Value, proposal: Value) -> Value {
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let draft = cases::create(app, applicant, "DATA_PERMIT", input).await;
    let submitted = ok(app, applicant, "submitApplication", &draft, "", json!({})).await;
    let taken = ok(app, &handler, "takeApplication", &submitted, "", json!({})).await;
    let proposed = ok(
        app,
        &handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    let decided = ok(app, &director, "decide", &proposed, "", json!({})).await;
    let mut application = cases::read(
        app,
        &director,
        decided["id"].as_str().unwrap(),
        "id permit { id }",
    )
    .await
    .unwrap();
    application["diaryNumber"] = decided["diaryNumber"].clone();
    application
}

/// The standard permit (thl-hilmo and kela-prescriptions in Kapseli, three years), with
/// the processors given.
async fn granted_with(app: &TestApp, applicant: &str, processors: Value) -> Value {
    let mut input = cases::complete_permit_input(app).await;
    input["processors"] = processors;
    let proposal = cases::grant_proposal(app).await;
    grant(app, applicant, input, proposal).await
}

/// A draft amendment of `permit_id`.
async fn draft(app: &TestApp, applicant: &str, permit_id: &Value, amendment: Value) -> Value {
    app.query_ok(
        Some(applicant),
        AMEND,
        json!({ "permit": permit_id, "amendment": amendment }),
    )
    .await["createApplication"]
        .clone()
}

/// Submits an amendment draft, has demo-handler-1 take it and propose to grant it with
/// `reasoning`; returns the case as taken and as proposed.
async fn submit_and_propose(
    app: &TestApp,
    applicant: &str,
    draft: &Value,
    reasoning: &str,
) -> (Value, Value) {
    let handler = app.demo_token("demo-handler-1").await;
    let submitted = ok(app, applicant, "submitApplication", draft, "", json!({})).await;
    let taken = ok(app, &handler, "takeApplication", &submitted, "", json!({})).await;
    let proposal =
        json!({ "outcome": "GRANTED", "reasoning": reasoning, "feeCategory": "AMENDMENT" });
    let proposed = ok(
        app,
        &handler,
        "proposeDecision",
        &taken,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    (taken, proposed)
}

/// The refusal's code and its `(field, message)` pairs.
fn problems(code: &str, body: &Value) -> (String, Vec<(String, String)>) {
    let fields = body["errors"][0]["extensions"]["fields"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap_or_default().to_owned(),
                        f["message"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (code.to_owned(), fields)
}

/// A VALIDATION refusal naming one field.
fn one_problem(field: &str, message: &str) -> (String, Vec<(String, String)>) {
    (
        "VALIDATION".to_owned(),
        vec![(field.to_owned(), message.to_owned())],
    )
}

/// Submits a draft that must be refused; returns the code and the fields.
async fn refused_submission(
    app: &TestApp,
    applicant: &str,
    draft: &Value,
) -> (String, Vec<(String, String)>) {
    let (code, body) = refused(app, applicant, "submitApplication", draft, "", json!({})).await;
    problems(&code, &body)
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p["firstName"].as_str().unwrap(),
                p["lastName"].as_str().unwrap()
            )
        })
        .collect()
}

async fn removing_processors_end_to_end(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let granted = granted_with(
        &app,
        &applicant,
        json!([
            processor("Aino", "Virtanen"),
            processor("Eero", "Salo-7c1e")
        ]),
    )
    .await;
    let permit_id = granted["permit"]["id"].clone();
    let before = read_permit(&app, &applicant, &permit_id).await;
    assert_eq!(
        names(&before["processors"]),
        ["Aino Virtanen", "Eero Salo-7c1e"]
    );

    // Named as on the permit, in any case and spacing.
    let amendment = json!({ "changes": ["REMOVE_PROCESSORS"],
        "removeProcessors": [{ "firstName": " eero", "lastName": "SALO-7C1E", "organisation": "University of Helsinki", "ndaSigned": true }] });
    let amendment_draft = draft(&app, &applicant, &permit_id, amendment).await;
    let decided = grant_amendment(&app, &applicant, &amendment_draft).await;

    let after = read_permit(&app, &applicant, &permit_id).await;
    assert_eq!(after["status"], "ACTIVE");
    assert_eq!(names(&after["processors"]), ["Aino Virtanen"]);
    assert_eq!(after["validUntil"], before["validUntil"]);
    assert_eq!(
        after["processingEnvironment"],
        before["processingEnvironment"]
    );
    assert_eq!(after["version"], before["version"].as_i64().unwrap() + 1);
    // The terms before are kept, linked to the amendment's decision.
    let versions = after["previousVersions"].as_array().unwrap();
    assert_eq!(versions.len(), 1, "{after}");
    assert_eq!(versions[0]["version"], before["version"]);
    assert_eq!(
        names(&versions[0]["processors"]),
        ["Aino Virtanen", "Eero Salo-7c1e"]
    );
    assert_eq!(versions[0]["amendmentApplicationId"], decided["id"]);
    assert_eq!(
        versions[0]["amendmentDecisionNumber"],
        after["amendments"][0]["decisionNumber"]
    );
    assert!(versions[0]["amendmentDecisionNumber"].is_string());
    assert_eq!(
        after["amendments"][0]["diaryNumber"],
        decided["diaryNumber"]
    );
    assert_eq!(after["amendments"][0]["outcome"], "GRANTED");

    // The register lists the amendment with the permit and never names a processor.
    let public = published(&app, &granted["diaryNumber"]).await;
    assert_eq!(public["permitStatus"], "ACTIVE");
    assert_eq!(
        public["amendments"][0]["diaryNumber"],
        decided["diaryNumber"]
    );
    assert_eq!(
        public["amendments"][0]["decisionNumber"],
        versions[0]["amendmentDecisionNumber"]
    );
    let public_amendment = published(&app, &decided["diaryNumber"]).await;
    assert_eq!(public_amendment["kind"], "AMENDMENT");
    assert_eq!(
        public_amendment["amendsDiaryNumber"],
        granted["diaryNumber"]
    );
    for entry in [&public, &public_amendment] {
        assert!(!entry.to_string().contains("Salo-7c1e"), "{entry}");
    }
}

async fn removing_the_last_processor_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let granted = granted_with(
        &app,
        &applicant,
        json!([processor("Aino", "Virtanen"), processor("Eero", "Salo")]),
    )
    .await;
    let permit_id = granted["permit"]["id"].clone();

    // Every processor at once.
    let every = json!({ "changes": ["REMOVE_PROCESSORS"],
        "removeProcessors": [processor("Aino", "Virtanen"), processor("Eero", "Salo")] });
    let all_gone = draft(&app, &applicant, &permit_id, every).await;
    assert_eq!(
        refused_submission(&app, &applicant, &all_gone).await,
        one_problem(
            "amendment.removeProcessors",
            "a permit keeps at least one named processor"
        )
    );
    // Someone who is not a processor, and an empty list.
    let stranger = json!({ "changes": ["REMOVE_PROCESSORS"], "removeProcessors": [processor("Ville", "Outsider")] });
    let stranger = draft(&app, &applicant, &permit_id, stranger).await;
    assert_eq!(
        refused_submission(&app, &applicant, &stranger).await.1,
        [(
            "amendment.removeProcessors[0]".to_owned(),
            "is not a processor of the permit".to_owned()
        )]
    );
    let nobody = draft(
        &app,
        &applicant,
        &permit_id,
        json!({ "changes": ["REMOVE_PROCESSORS"] }),
    )
    .await;
    assert_eq!(
        refused_submission(&app, &applicant, &nobody).await.1,
        [(
            "amendment.removeProcessors".to_owned(),
            "name at least one processor".to_owned()
        )]
    );

    // Two amendments, each removing one of the two: each is fine alone, so both are
    // proposed; the second is refused on the decision date, against the permit as the
    // first left it. The permit keeps its last processor.
    let director = app.demo_token("demo-director").await;
    let mut proposed = Vec::new();
    for name in [("Aino", "Virtanen"), ("Eero", "Salo")] {
        let one = json!({ "changes": ["REMOVE_PROCESSORS"], "removeProcessors": [processor(name.0, name.1)] });
        let d = draft(&app, &applicant, &permit_id, one).await;
        let (_, one_proposed) =
            submit_and_propose(&app, &applicant, &d, "The processor left the project.").await;
        proposed.push(one_proposed);
    }
    ok(&app, &director, "decide", &proposed[0], "", json!({})).await;
    let (code, body) = refused(&app, &director, "decide", &proposed[1], "", json!({})).await;
    assert_eq!(
        problems(&code, &body),
        one_problem(
            "amendment.removeProcessors",
            "a permit keeps at least one named processor"
        )
    );
    let after = read_permit(&app, &applicant, &permit_id).await;
    assert_eq!(names(&after["processors"]), ["Eero Salo"]);
    assert_eq!(after["previousVersions"].as_array().unwrap().len(), 1);
    // The refused decision left the amendment as it was, still proposed.
    let still = cases::read(
        &app,
        &director,
        proposed[1]["id"].as_str().unwrap(),
        "state version",
    )
    .await
    .unwrap();
    assert_eq!(still["state"], "PROPOSED");
    assert_eq!(still["version"], proposed[1]["version"]);
}

const REGISTER_ENVIRONMENT: &str = "mutation($input: ProcessingEnvironmentInput!) {
    registerProcessingEnvironment(input: $input) { id name version } }";
const UPDATE_ENVIRONMENT: &str =
    "mutation($id: UUID!, $v: Int!, $input: ProcessingEnvironmentInput!) {
    updateProcessingEnvironment(id: $id, version: $v, input: $input) { id name version } }";

fn environment_input(name: &str, registered_on: &str, certificate_valid_until: &str) -> Value {
    json!({ "name": name, "provider": "Laskenta Oy", "providerBusinessId": "0313471-7",
        "registeredOn": registered_on, "certificateValidUntil": certificate_valid_until, "status": "REGISTERED" })
}

async fn changing_the_environment_end_to_end(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let granted = granted_with(&app, &applicant, json!([processor("Aino", "Virtanen")])).await;
    let permit_id = granted["permit"]["id"].clone();
    let before = read_permit(&app, &applicant, &permit_id).await;
    assert_eq!(before["processingEnvironment"]["name"], "Kapseli");

    let enclave = app
        .query_ok(
            Some(&handler),
            REGISTER_ENVIRONMENT,
            json!({ "input": environment_input("Tutkimusklusteri", &in_days(-30), &in_days(700)) }),
        )
        .await["registerProcessingEnvironment"]
        .clone();
    let amendment = json!({ "changes": ["CHANGE_ENVIRONMENT"], "newEnvironmentId": enclave["id"] });
    let amendment_draft = draft(&app, &applicant, &permit_id, amendment).await;
    let shown = cases::read(
        &app,
        &applicant,
        amendment_draft["id"].as_str().unwrap(),
        "amendment { newEnvironment { name } }",
    )
    .await
    .unwrap();
    assert_eq!(
        shown["amendment"]["newEnvironment"]["name"],
        "Tutkimusklusteri"
    );
    let decided = grant_amendment(&app, &applicant, &amendment_draft).await;

    let after = read_permit(&app, &applicant, &permit_id).await;
    assert_eq!(after["processingEnvironment"]["id"], enclave["id"]);
    assert_eq!(after["processingEnvironment"]["name"], "Tutkimusklusteri");
    assert_eq!(names(&after["processors"]), ["Aino Virtanen"]);
    assert_eq!(after["validUntil"], before["validUntil"]);
    let version = &after["previousVersions"][0];
    assert_eq!(
        version["processingEnvironmentId"],
        before["processingEnvironment"]["id"]
    );
    assert_eq!(
        version["amendmentDecisionNumber"],
        after["amendments"][0]["decisionNumber"]
    );
    assert_eq!(version["amendmentApplicationId"], decided["id"]);

    // The register names the new environment on the permit's decision and the amendment's.
    let public = published(&app, &granted["diaryNumber"]).await;
    assert_eq!(public["processingEnvironment"], "Tutkimusklusteri");
    assert_eq!(
        public["amendments"][0]["diaryNumber"],
        decided["diaryNumber"]
    );
    let public_amendment = published(&app, &decided["diaryNumber"]).await;
    assert_eq!(
        public_amendment["processingEnvironment"],
        "Tutkimusklusteri"
    );
    assert_eq!(
        public_amendment["amendsDiaryNumber"],
        granted["diaryNumber"]
    );
}

async fn an_environment_unusable_on_the_decision_date_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let granted = granted_with(&app, &applicant, json!([processor("Aino", "Virtanen")])).await;
    let permit_id = granted["permit"]["id"].clone();
    let field = "amendment.newEnvironmentId".to_owned();

    // Not in the register at all.
    let unknown = json!({ "changes": ["CHANGE_ENVIRONMENT"], "newEnvironmentId": "018f0000-0000-7000-8000-000000000000" });
    let unknown = draft(&app, &applicant, &permit_id, unknown).await;
    assert_eq!(
        refused_submission(&app, &applicant, &unknown).await,
        one_problem(&field, "is not in the processing-environment register")
    );
    // Registered, but its certificate ended yesterday.
    let lapsed = app
        .query_ok(
            Some(&handler),
            REGISTER_ENVIRONMENT,
            json!({ "input": environment_input("Vanha klusteri", &in_days(-800), &in_days(-1)) }),
        )
        .await["registerProcessingEnvironment"]
        .clone();
    let lapsed = json!({ "changes": ["CHANGE_ENVIRONMENT"], "newEnvironmentId": lapsed["id"] });
    let lapsed = draft(&app, &applicant, &permit_id, lapsed).await;
    assert_eq!(
        refused_submission(&app, &applicant, &lapsed).await,
        one_problem(
            &field,
            "the processing environment's certificate expired before the decision date"
        )
    );
    // The environment the permit already names.
    let same = json!({ "changes": ["CHANGE_ENVIRONMENT"], "newEnvironmentId": cases::environment(&app, "Kapseli").await });
    let same = draft(&app, &applicant, &permit_id, same).await;
    assert_eq!(
        refused_submission(&app, &applicant, &same).await.1,
        [(
            field.clone(),
            "is already the permit's environment".to_owned()
        )]
    );

    // Usable when submitted and proposed, then a significant deviation is found: the
    // Director cannot grant it, because the rule holds on the decision date.
    let enclave = app
        .query_ok(
            Some(&handler),
            REGISTER_ENVIRONMENT,
            json!({ "input": environment_input("Tutkimusklusteri", &in_days(-30), &in_days(700)) }),
        )
        .await["registerProcessingEnvironment"]
        .clone();
    let change = json!({ "changes": ["CHANGE_ENVIRONMENT"], "newEnvironmentId": enclave["id"] });
    let d = draft(&app, &applicant, &permit_id, change).await;
    let (_, proposed) =
        submit_and_propose(&app, &applicant, &d, "The new environment is certified.").await;
    let mut deviating = environment_input("Tutkimusklusteri", &in_days(-30), &in_days(700));
    deviating["status"] = json!("SIGNIFICANT_DEVIATION");
    app.query_ok(
        Some(&handler),
        UPDATE_ENVIRONMENT,
        json!({ "id": enclave["id"], "v": enclave["version"], "input": deviating }),
    )
    .await;
    let (code, body) = refused(&app, &director, "decide", &proposed, "", json!({})).await;
    assert_eq!(
        problems(&code, &body),
        one_problem(
            &field,
            "the processing environment has a significant deviation and cannot be named in new permits"
        )
    );
    let permit = read_permit(&app, &applicant, &permit_id).await;
    assert_eq!(permit["processingEnvironment"]["name"], "Kapseli");
    assert_eq!(permit["previousVersions"], json!([]));
    assert_eq!(
        published(&app, &granted["diaryNumber"]).await["processingEnvironment"],
        "Kapseli"
    );
}

/// A second permit of the holder on other registers, with another processor, valid for
/// five years.
async fn other_permit(app: &TestApp, applicant: &str) -> Value {
    let sources = [
        cases::data_source(app, "dvv-population").await,
        cases::data_source(app, "sf-causes-of-death").await,
    ];
    let environment = cases::environment(app, "Kapseli").await;
    let mut input = cases::permit_input([&sources[0], &sources[1]], &environment);
    input["title"] = json!("Causes of death among statin users");
    input["processors"] = json!([processor("Ville", "Korhonen")]);
    let mut proposal = cases::grant_proposal_of([&sources[0], &sources[1]]);
    proposal["validUntil"] = json!(in_days(365 * 5));
    grant(app, applicant, input, proposal).await
}

async fn combining_permits_end_to_end(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let first = granted_with(&app, &applicant, json!([processor("Aino", "Virtanen")])).await;
    let second = other_permit(&app, &applicant).await;
    let surviving_id = first["permit"]["id"].clone();
    let merged_id = second["permit"]["id"].clone();
    let before = read_permit(&app, &applicant, &surviving_id).await;
    let merged_before = read_permit(&app, &applicant, &merged_id).await;

    let amendment = json!({ "changes": ["COMBINE_PERMITS"], "combinePermitIds": [merged_id] });
    let amendment_draft = draft(&app, &applicant, &surviving_id, amendment).await;
    // Staff preparing it see which permit is to be combined, by its decision number.
    let handler = app.demo_token("demo-handler-2").await;
    let shown = cases::read(
        &app,
        &handler,
        amendment_draft["id"].as_str().unwrap(),
        "amendment { combinePermits { id decisionNumber status } }",
    )
    .await
    .unwrap();
    assert_eq!(
        shown["amendment"]["combinePermits"],
        json!([{ "id": merged_id, "decisionNumber": merged_before["decisionNumber"], "status": "ACTIVE" }])
    );
    let decided = grant_amendment(&app, &applicant, &amendment_draft).await;

    // The surviving permit holds both permits' registers and processors, valid as long as
    // the longer of the two.
    let after = read_permit(&app, &applicant, &surviving_id).await;
    assert_eq!(after["status"], "ACTIVE");
    assert_eq!(after["combinedInto"], Value::Null);
    let sources = |p: &Value| -> Vec<Value> {
        p["grantedDataSources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["dataSourceId"].clone())
            .collect()
    };
    let mut expected = sources(&before);
    expected.extend(sources(&merged_before));
    assert_eq!(sources(&after), expected);
    assert_eq!(
        names(&after["processors"]),
        ["Aino Virtanen", "Ville Korhonen"]
    );
    assert_eq!(after["validUntil"], json!(in_days(365 * 5)));
    let version = &after["previousVersions"][0];
    assert_eq!(version["validUntil"], before["validUntil"]);
    assert_eq!(version["grantedDataSourceIds"], json!(sources(&before)));
    assert_eq!(names(&version["processors"]), ["Aino Virtanen"]);
    assert_eq!(
        version["amendmentDecisionNumber"],
        after["amendments"][0]["decisionNumber"]
    );
    assert_eq!(version["amendmentApplicationId"], decided["id"]);

    // Each permit's audit trail names the change, by the Director who decided it.
    for (action, target) in [
        ("permit.amend", &surviving_id),
        ("permit.combine", &merged_id),
    ] {
        let entries = audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq(action))
            .all(app.db.raw_connection_for_tests())
            .await
            .unwrap();
        assert_eq!(entries.len(), 1, "{action}");
        assert_eq!(
            Some(target.as_str().unwrap()),
            entries[0].target_id.as_deref()
        );
        assert_eq!(entries[0].actor_id, "demo-director");
        assert_eq!(entries[0].actor_role.as_deref(), Some("DIRECTOR"));
    }

    // Delivery orders (docs/delivery.md): the merged permit's open orders are cancelled,
    // and its registers are ordered anew for the surviving permit, under the amendment,
    // so that all the permit's data shares its pseudonym key.
    let handler = app.demo_token("demo-handler-1").await;
    let merged_orders =
        crate::delivery_orders::orders(&app, &handler, json!({ "permitId": merged_id })).await;
    assert_eq!(merged_orders.len(), 2);
    assert!(
        merged_orders.iter().all(|o| o["state"] == "CANCELLED"),
        "{merged_orders:?}"
    );
    let surviving_orders =
        crate::delivery_orders::orders(&app, &handler, json!({ "permitId": surviving_id })).await;
    assert_eq!(surviving_orders.len(), 4);
    let added: Vec<&Value> = surviving_orders
        .iter()
        .filter(|o| o["applicationId"] == decided["id"])
        .collect();
    assert_eq!(added.len(), 2);
    assert!(added.iter().all(|o| o["state"] == "ORDERED"));
    let mut added_sources: Vec<Value> = added
        .iter()
        .map(|o| o["dataSourceIds"][0].clone())
        .collect();
    added_sources.sort_by_key(|v| v.to_string());
    let mut merged_sources = sources(&merged_before);
    merged_sources.sort_by_key(|v| v.to_string());
    assert_eq!(added_sources, merged_sources);

    // The merged permit ends as COMBINED and points to the surviving one.
    let merged = read_permit(&app, &applicant, &merged_id).await;
    assert_eq!(merged["status"], "COMBINED");
    assert_eq!(merged["combinedInto"], surviving_id);
    assert_eq!(names(&merged["processors"]), ["Ville Korhonen"]);

    // The register: the surviving decision lists all four registers and the amendment;
    // the merged one is COMBINED and names the decision it continues under.
    let public = published(&app, &first["diaryNumber"]).await;
    assert_eq!(public["permitStatus"], "ACTIVE");
    assert_eq!(public["validUntil"], json!(in_days(365 * 5)));
    assert_eq!(public["registers"].as_array().unwrap().len(), 4, "{public}");
    assert_eq!(
        public["amendments"][0]["diaryNumber"],
        decided["diaryNumber"]
    );
    let public_merged = app
        .query_ok(
            None,
            "query($d: String!) { publishedDecision(diaryNumber: $d) { permitStatus combinedIntoDiaryNumber } }",
            json!({ "d": second["diaryNumber"] }),
        )
        .await["publishedDecision"]
        .clone();
    assert_eq!(
        public_merged,
        json!({ "permitStatus": "COMBINED", "combinedIntoDiaryNumber": first["diaryNumber"] })
    );
    let public_amendment = published(&app, &decided["diaryNumber"]).await;
    assert_eq!(public_amendment["amendsDiaryNumber"], first["diaryNumber"]);
    // The open-data export carries the pointer too.
    let export: Value = app
        .client
        .get(app.url("/api/decisions.json?status=COMBINED"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(export["count"], 1, "{export}");
    assert_eq!(
        export["decisions"][0]["combined_into_diary_number"],
        first["diaryNumber"]
    );
    let combined = app
        .query_ok(
            None,
            "{ publishedDecisions(filter: { permitStatus: COMBINED }) { edges { node { diaryNumber } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        combined["publishedDecisions"]["edges"],
        json!([{ "node": { "diaryNumber": second["diaryNumber"] } }])
    );

    // A combined permit is amended or revoked no more.
    let late = draft(
        &app,
        &applicant,
        &merged_id,
        json!({ "changes": ["EXTEND_VALIDITY"], "newValidUntil": in_days(365 * 6 - 10) }),
    )
    .await;
    assert_eq!(
        refused_submission(&app, &applicant, &late).await,
        one_problem("permit", "only an active permit can be amended")
    );
    let director = app.demo_token("demo-director").await;
    assert_eq!(
        cases::permit_command(
            &app,
            Some(&director),
            "revokePermit",
            &merged,
            "$reason: String!",
            json!({ "reason": "Combined permits are not revoked." })
        )
        .await,
        Err("INVALID_TRANSITION".to_owned())
    );
}

/// Asks to combine `other` into a fresh permit of the researcher and returns the refusal.
async fn combine_refusal(
    app: &TestApp,
    applicant: &str,
    other: &Value,
) -> (String, Vec<(String, String)>) {
    let own = granted_with(app, applicant, json!([processor("Aino", "Virtanen")])).await;
    let amendment = json!({ "changes": ["COMBINE_PERMITS"], "combinePermitIds": [other] });
    let d = draft(app, applicant, &own["permit"]["id"], amendment).await;
    refused_submission(app, applicant, &d).await
}

async fn combining_another_holders_permit_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let company = app.demo_token("demo-applicant-company").await;
    let theirs = granted_with(&app, &company, json!([processor("Mikko", "Korhonen")])).await;
    // Refused as if it did not exist: a holder learns nothing of others' permits.
    assert_eq!(
        combine_refusal(&app, &applicant, &theirs["permit"]["id"]).await,
        one_problem("amendment.combinePermitIds[0]", "no such permit")
    );
    let unknown = json!("018f0000-0000-7000-8000-000000000001");
    assert_eq!(
        combine_refusal(&app, &applicant, &unknown).await.1,
        [(
            "amendment.combinePermitIds[0]".to_owned(),
            "no such permit".to_owned()
        )]
    );
    // Their permit is untouched.
    let director = app.demo_token("demo-director").await;
    assert_eq!(
        read_permit(&app, &director, &theirs["permit"]["id"]).await["status"],
        "ACTIVE"
    );
}

async fn combining_an_expired_permit_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let mut input = cases::complete_permit_input(&app).await;
    input["title"] = json!("A pilot study");
    let mut proposal = cases::grant_proposal(&app).await;
    proposal["validUntil"] = json!(in_days(20));
    let short = grant(&app, &applicant, input, proposal).await;
    // The daily job, run a month on, expires the short permit.
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(30);
    let report =
        tietolupa_store::permits::run_expiry(&app.db, &CallContext::system("test").at(later))
            .await
            .unwrap();
    assert_eq!(report.expired, 1);
    assert_eq!(
        combine_refusal(&app, &applicant, &short["permit"]["id"]).await,
        one_problem(
            "amendment.combinePermitIds[0]",
            "only active permits can be combined"
        )
    );
}

async fn combining_a_revoked_permit_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let director = app.demo_token("demo-director").await;
    let revoked = granted_with(&app, &applicant, json!([processor("Eero", "Salo")])).await;
    let current = read_permit(&app, &director, &revoked["permit"]["id"]).await;
    cases::permit_command(
        &app,
        Some(&director),
        "revokePermit",
        &current,
        "$reason: String!",
        json!({ "reason": "Results were published against the conditions." }),
    )
    .await
    .unwrap();
    assert_eq!(
        combine_refusal(&app, &applicant, &revoked["permit"]["id"]).await,
        one_problem(
            "amendment.combinePermitIds[0]",
            "only active permits can be combined"
        )
    );
}

async fn combining_a_permit_for_another_purpose_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let mut input = cases::complete_permit_input(&app).await;
    input["purpose"] = json!("STATISTICS");
    input["title"] = json!("Dementia statistics");
    let proposal = cases::grant_proposal(&app).await;
    let statistics = grant(&app, &applicant, input, proposal).await;
    assert_eq!(
        combine_refusal(&app, &applicant, &statistics["permit"]["id"]).await,
        one_problem(
            "amendment.combinePermitIds[0]",
            "was granted for another purpose: only permits for the same purpose can be combined"
        )
    );
}

async fn combining_the_same_permit_twice_or_itself_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let own = granted_with(&app, &applicant, json!([processor("Aino", "Virtanen")])).await;
    let other = other_permit(&app, &applicant).await;
    let own_id = &own["permit"]["id"];
    let other_id = &other["permit"]["id"];
    let amendment =
        json!({ "changes": ["COMBINE_PERMITS"], "combinePermitIds": [other_id, other_id, own_id] });
    let d = draft(&app, &applicant, own_id, amendment).await;
    assert_eq!(
        refused_submission(&app, &applicant, &d).await,
        (
            "VALIDATION".to_owned(),
            vec![
                (
                    "amendment.combinePermitIds[1]".to_owned(),
                    "is listed twice".to_owned()
                ),
                (
                    "amendment.combinePermitIds[2]".to_owned(),
                    "is the permit being amended".to_owned()
                )
            ]
        )
    );
}

async fn stale_versions_of_an_amendment_conflict(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let director = app.demo_token("demo-director").await;
    let own = granted_with(
        &app,
        &applicant,
        json!([processor("Aino", "Virtanen"), processor("Eero", "Salo")]),
    )
    .await;
    let other = other_permit(&app, &applicant).await;
    let permit_id = own["permit"]["id"].clone();
    let d = draft(&app, &applicant, &permit_id, json!({ "changes": ["REMOVE_PROCESSORS"], "removeProcessors": [processor("Eero", "Salo")] })).await;

    // The holder changes the draft to a combination; an edit from the old version conflicts.
    let update = |version: &Value| {
        json!({ "id": d["id"], "version": version,
            "amendment": { "changes": ["COMBINE_PERMITS"], "combinePermitIds": [other["permit"]["id"]] } })
    };
    let query = "mutation($id: UUID!, $version: Int!, $amendment: AmendmentInput) {
        updateApplication(id: $id, version: $version, input: {}, amendment: $amendment) {
            id version state amendment { changes combinePermitIds } } }";
    let updated = app
        .query_ok(Some(&applicant), query, update(&d["version"]))
        .await["updateApplication"]
        .clone();
    assert_eq!(updated["amendment"]["changes"], json!(["COMBINE_PERMITS"]));
    assert_eq!(
        updated["amendment"]["combinePermitIds"],
        json!([other["permit"]["id"]])
    );
    assert_eq!(
        app.query_error_code(Some(&applicant), query, update(&d["version"]))
            .await,
        "CONFLICT"
    );

    let (taken, proposed) = submit_and_propose(
        &app,
        &applicant,
        &updated,
        "One permit is easier to supervise.",
    )
    .await;
    // The Director decides from a page loaded before the proposal.
    let (code, _) = refused(&app, &director, "decide", &taken, "", json!({})).await;
    assert_eq!(code, "CONFLICT");
    let other_permit = read_permit(&app, &applicant, &other["permit"]["id"]).await;
    assert_eq!(other_permit["status"], "ACTIVE");
    ok(&app, &director, "decide", &proposed, "", json!({})).await;
    assert_eq!(
        read_permit(&app, &applicant, &other["permit"]["id"]).await["status"],
        "COMBINED"
    );
    // Revoking the merged permit from its version before the combination conflicts too.
    assert_eq!(
        cases::permit_command(
            &app,
            Some(&director),
            "revokePermit",
            &other_permit,
            "$reason: String!",
            json!({ "reason": "Too late." })
        )
        .await,
        Err("CONFLICT".to_owned())
    );
}

on_both_databases!(
    removing_processors_end_to_end,
    removing_the_last_processor_is_refused,
    changing_the_environment_end_to_end,
    an_environment_unusable_on_the_decision_date_is_refused,
    combining_permits_end_to_end,
    combining_another_holders_permit_is_refused,
    combining_an_expired_permit_is_refused,
    combining_a_revoked_permit_is_refused,
    combining_a_permit_for_another_purpose_is_refused,
    combining_the_same_permit_twice_or_itself_is_refused,
    stale_versions_of_an_amendment_conflict,
);
