//! The case lifecycle from draft to the Director's decision (DESIGN.md section 2).

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tietolupa_entity::application;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, command, ok, read, refused};

const APPLICANT: &str = "demo-applicant-researcher";
const OTHER_APPLICANT: &str = "demo-applicant-company";
const HANDLER: &str = "demo-handler-1";
const OTHER_HANDLER: &str = "demo-handler-2";
const DIRECTOR: &str = "demo-director";
const DEPUTY: &str = "demo-deputy-director";

struct People {
    applicant: String,
    other_applicant: String,
    handler: String,
    other_handler: String,
    director: String,
    deputy: String,
}

async fn people(app: &TestApp) -> People {
    People {
        applicant: app.demo_token(APPLICANT).await,
        other_applicant: app.demo_token(OTHER_APPLICANT).await,
        handler: app.demo_token(HANDLER).await,
        other_handler: app.demo_token(OTHER_HANDLER).await,
        director: app.demo_token(DIRECTOR).await,
        deputy: app.demo_token(DEPUTY).await,
    }
}

fn year() -> i32 {
    tietolupa_test_support::today_in_finland().year()
}

async fn a_data_permit_goes_from_draft_to_decision(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;

    // A draft may be saved incomplete.
    let draft = cases::create(
        &app,
        &p.applicant,
        "DATA_PERMIT",
        json!({ "title": "Statins and dementia" }),
    )
    .await;
    assert_eq!(draft["state"], "DRAFT");
    assert_eq!(draft["diaryNumber"], Value::Null);
    let input = cases::complete_permit_input(&app).await;
    let draft = ok(
        &app,
        &p.applicant,
        "updateApplication",
        &draft,
        "$input: ApplicationInput!",
        json!({ "input": input }),
    )
    .await;
    assert_eq!(draft["version"], 2);

    let submitted = ok(
        &app,
        &p.applicant,
        "submitApplication",
        &draft,
        "",
        json!({}),
    )
    .await;
    assert_eq!(submitted["state"], "SUBMITTED");
    assert_eq!(submitted["diaryNumber"], format!("TL/1/{}", year()));
    let deadline = &submitted["deadline"];
    assert_eq!(deadline["paused"], false);
    let started = deadline["startedOn"].as_str().unwrap();
    let expected_due = tietolupa_domain::calendar::add_months(
        time::Date::parse(
            started,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .unwrap(),
        3,
    );
    assert_eq!(deadline["dueOn"], expected_due.to_string());

    let taken = ok(
        &app,
        &p.handler,
        "takeApplication",
        &submitted,
        "",
        json!({}),
    )
    .await;
    assert_eq!(taken["state"], "IN_PREPARATION");
    assert_eq!(
        taken["presenter"],
        json!({ "id": HANDLER, "name": "Sanna Laine" })
    );

    // Remarks: one internal, one to the applicant.
    let id = taken["id"].as_str().unwrap().to_owned();
    for (visibility, body) in [
        ("INTERNAL", "Check the ethics review. INTERNAL-NOTE-91"),
        ("TO_APPLICANT", "We have started preparing your case."),
    ] {
        app.query_ok(
            Some(&p.handler),
            "mutation($id: UUID!, $v: RemarkVisibility!, $b: String!) { addRemark(applicationId: $id, visibility: $v, body: $b) { id } }",
            json!({ "id": id, "v": visibility, "b": body }),
        )
        .await;
    }

    // An information request stops the clock.
    let taken = read(&app, &p.handler, &id, cases::APPLICATION_FIELDS)
        .await
        .unwrap();
    let asked = ok(
        &app,
        &p.handler,
        "requestInformation",
        &taken,
        "$items: [String!]!",
        json!({ "items": ["Which ethics committee reviewed the study?", "Why is the admission year needed?"] }),
    )
    .await;
    assert_eq!(asked["state"], "INFORMATION_REQUESTED");
    assert_eq!(asked["deadline"]["paused"], true);

    // The applicant sees only the remark addressed to them, and the questions.
    let seen = read(
        &app,
        &p.applicant,
        &id,
        "remarks { visibility body } informationRequests { number items { number question } }",
    )
    .await
    .unwrap();
    assert_eq!(
        seen["remarks"],
        json!([{ "visibility": "TO_APPLICANT", "body": "We have started preparing your case." }])
    );
    assert_eq!(seen["informationRequests"][0]["items"][1]["number"], 2);

    // While answering, the applicant adds a processor; the handler sees the change.
    let mut input = cases::complete_permit_input(&app).await;
    input["processors"].as_array_mut().unwrap().push(json!({ "firstName": "Mikko", "lastName": "Korhonen", "organisation": "University of Helsinki", "ndaSigned": true }));
    let edited = ok(
        &app,
        &p.applicant,
        "updateApplication",
        &asked,
        "$input: ApplicationInput!",
        json!({ "input": input }),
    )
    .await;
    let answered = ok(
        &app,
        &p.applicant,
        "answerInformationRequest",
        &edited,
        "$answers: [InformationAnswerInput!]!",
        json!({ "answers": [
            { "itemNumber": 1, "answer": "None was needed: no contact with the subjects." },
            { "itemNumber": 2, "answer": "Dementia onset is dated by admission year." }
        ] }),
    )
    .await;
    assert_eq!(answered["state"], "IN_PREPARATION");
    assert_eq!(answered["deadline"]["paused"], false);
    let changes = read(&app, &p.handler, &id, "changesSinceSubmission { field before after } informationRequests { answeredAt items { id answer resolved } }")
        .await
        .unwrap();
    let fields: Vec<&str> = changes["changesSinceSubmission"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"processors[1].lastName"), "{changes}");
    assert_eq!(
        changes["informationRequests"][0]["items"][0]["answer"],
        "None was needed: no contact with the subjects."
    );

    // The presenter resolves an item.
    let item = changes["informationRequests"][0]["items"][0]["id"]
        .as_str()
        .unwrap();
    app.query_ok(
        Some(&p.handler),
        "mutation($id: UUID!, $item: UUID!) { resolveInformationRequestItem(id: $id, itemId: $item) { id } }",
        json!({ "id": id, "item": item }),
    )
    .await;

    // Proposal with the fee from the schedule.
    let proposal = cases::grant_proposal(&app).await;
    let proposed = ok(
        &app,
        &p.handler,
        "proposeDecision",
        &answered,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    assert_eq!(proposed["state"], "PROPOSED");
    let fee = read(
        &app,
        &p.handler,
        &id,
        "proposal { fee { category amountCents } }",
    )
    .await
    .unwrap();
    assert_eq!(
        fee["proposal"]["fee"],
        json!({ "category": "PERMIT", "amountCents": 100000 })
    );

    // The director returns it; the reason is for staff, not the applicant.
    let returned = ok(
        &app,
        &p.director,
        "returnForPreparation",
        &proposed,
        "$reason: String!",
        json!({ "reason": "Shorten the validity. RETURN-REASON-55" }),
    )
    .await;
    assert_eq!(returned["state"], "IN_PREPARATION");
    let applicant_history = read(&app, &p.applicant, &id, "history { action comment }")
        .await
        .unwrap();
    let returned_event = applicant_history["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "RETURNED_FOR_PREPARATION")
        .unwrap();
    assert_eq!(returned_event["comment"], Value::Null);
    let staff_history = read(&app, &p.handler, &id, "history { action comment }")
        .await
        .unwrap();
    assert!(staff_history.to_string().contains("RETURN-REASON-55"));

    let proposed = ok(
        &app,
        &p.handler,
        "proposeDecision",
        &returned,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    let decided = ok(
        &app,
        &p.director,
        "decide",
        &proposed,
        "$input: DecisionInput",
        json!({ "input": { "reasoning": "Granted as the Director words it." } }),
    )
    .await;
    assert_eq!(decided["state"], "DECIDED");
    let decision = read(&app, &p.applicant, &id, "decision { decisionNumber outcome reasoning editedByDecider presenter { id name } decider { id name } fee { amountCents } }")
        .await
        .unwrap()["decision"]
        .clone();
    assert_eq!(decision["decisionNumber"], format!("D/1/{}", year()));
    assert_eq!(decision["outcome"], "GRANTED");
    assert_eq!(decision["reasoning"], "Granted as the Director words it.");
    assert_eq!(decision["editedByDecider"], true);
    assert_eq!(decision["presenter"]["id"], HANDLER);
    assert_eq!(
        decision["decider"],
        json!({ "id": DIRECTOR, "name": "Päivi Heikkinen" })
    );

    // The whole history, in order, with nothing internal leaking to the applicant.
    let history = read(
        &app,
        &p.applicant,
        &id,
        "history { action fromState toState actor { id } }",
    )
    .await
    .unwrap();
    let actions: Vec<&str> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "CREATED",
            "SUBMITTED",
            "TAKEN",
            "INFORMATION_REQUESTED",
            "INFORMATION_ANSWERED",
            "PROPOSED",
            "RETURNED_FOR_PREPARATION",
            "PROPOSED",
            "DECIDED"
        ]
    );
    let applicant_view = read(
        &app,
        &p.applicant,
        &id,
        "remarks { body } history { comment } proposal { reasoning }",
    )
    .await
    .unwrap();
    assert!(!applicant_view.to_string().contains("INTERNAL-NOTE-91"));
    assert!(!applicant_view.to_string().contains("RETURN-REASON-55"));

    // Every step is in the audit chain, which still verifies.
    let auditor = app.demo_token("demo-auditor").await;
    let audit = app
        .query_ok(
            Some(&auditor),
            "query($id: String) { auditLog(first: 50, filter: { targetType: \"application\", targetId: $id }) { edges { node { action actorId outcome } } } }",
            json!({ "id": id }),
        )
        .await;
    let audited: Vec<&str> = audit["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    for action in [
        "application.create",
        "application.submit",
        "application.take",
        "application.decide",
        "application.return_for_preparation",
    ] {
        assert!(audited.contains(&action), "{action} not in {audited:?}");
    }
    let verified = app
        .query_ok(Some(&auditor), "{ verifyAuditLog { intact } }", json!({}))
        .await;
    assert_eq!(verified["verifyAuditLog"]["intact"], true);
}

async fn a_data_request_goes_from_draft_to_decision(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let input = cases::complete_data_request_input(&app).await;
    let draft = cases::create(&app, &p.other_applicant, "DATA_REQUEST", input).await;
    let submitted = ok(
        &app,
        &p.other_applicant,
        "submitApplication",
        &draft,
        "",
        json!({}),
    )
    .await;
    let taken = ok(
        &app,
        &p.handler,
        "takeApplication",
        &submitted,
        "",
        json!({}),
    )
    .await;
    let asked = ok(
        &app,
        &p.handler,
        "requestInformation",
        &taken,
        "$items: [String!]!",
        json!({ "items": ["Which suppression threshold?"] }),
    )
    .await;
    let answered = ok(
        &app,
        &p.other_applicant,
        "answerInformationRequest",
        &asked,
        "$answers: [InformationAnswerInput!]!",
        json!({ "answers": [{ "itemNumber": 1, "answer": "Five." }] }),
    )
    .await;
    let hilmo = cases::data_source(&app, "kela-prescriptions").await;
    let proposal = json!({ "outcome": "GRANTED", "reasoning": "Statistics can be produced.", "grantedDataSourceIds": [hilmo], "feeCategory": "DATA_REQUEST" });
    let proposed = ok(
        &app,
        &p.handler,
        "proposeDecision",
        &answered,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    let returned = ok(
        &app,
        &p.deputy,
        "returnForPreparation",
        &proposed,
        "$reason: String!",
        json!({ "reason": "Add conditions." }),
    )
    .await;
    let proposed = ok(
        &app,
        &p.handler,
        "proposeDecision",
        &returned,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    let decided = ok(&app, &p.deputy, "decide", &proposed, "", json!({})).await;
    assert_eq!(decided["state"], "DECIDED");
    let decision = read(
        &app,
        &p.other_applicant,
        decided["id"].as_str().unwrap(),
        "decision { outcome editedByDecider fee { category amountCents } validUntil }",
    )
    .await
    .unwrap();
    assert_eq!(
        decision["decision"],
        json!({ "outcome": "GRANTED", "editedByDecider": false, "fee": { "category": "DATA_REQUEST", "amountCents": 100000 }, "validUntil": null })
    );
}

async fn the_presenter_never_decides_their_own_case(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    // The deputy director also prepares cases; this one they present.
    let proposed = cases::proposed_case(&app, &p.applicant, &p.deputy).await;
    for mutation in ["decide", "returnForPreparation"] {
        let args = if mutation == "decide" {
            ""
        } else {
            "$reason: String!"
        };
        let (code, body) = refused(
            &app,
            &p.deputy,
            mutation,
            &proposed,
            args,
            json!({ "reason": "x" }),
        )
        .await;
        assert_eq!(code, "FORBIDDEN", "{body}");
        assert!(body.to_string().contains("presenter"), "{body}");
    }
    // Another director may.
    ok(&app, &p.director, "decide", &proposed, "", json!({})).await;
}

async fn only_the_presenter_prepares_the_case(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let case = cases::case_in_preparation(&app, &p.applicant, &p.handler).await;
    let (code, _) = refused(
        &app,
        &p.other_handler,
        "requestInformation",
        &case,
        "$items: [String!]!",
        json!({ "items": ["?"] }),
    )
    .await;
    assert_eq!(code, "FORBIDDEN");
    let proposal = cases::grant_proposal(&app).await;
    let (code, _) = refused(
        &app,
        &p.other_handler,
        "proposeDecision",
        &case,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await;
    assert_eq!(code, "FORBIDDEN");
}

async fn applicants_cannot_touch_others_applications(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let input = cases::complete_permit_input(&app).await;
    let draft = cases::create(&app, &p.applicant, "DATA_PERMIT", input.clone()).await;
    let id = draft["id"].as_str().unwrap();
    assert_eq!(
        read(&app, &p.other_applicant, id, "id").await,
        Err("NOT_FOUND".to_owned())
    );
    for (mutation, args, vars) in [
        (
            "updateApplication",
            "$input: ApplicationInput!",
            json!({ "input": input }),
        ),
        ("submitApplication", "", json!({})),
        ("withdrawApplication", "", json!({})),
    ] {
        let (code, body) = refused(&app, &p.other_applicant, mutation, &draft, args, vars).await;
        assert_eq!(code, "NOT_FOUND", "{mutation}: {body}");
    }
    let mine = app
        .query_ok(
            Some(&p.other_applicant),
            "{ myApplications { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["myApplications"]["edges"], json!([]));
    // The owner's draft is untouched.
    assert_eq!(
        read(&app, &p.applicant, id, "version").await.unwrap()["version"],
        1
    );
}

async fn the_public_and_citizens_cannot_use_staff_operations(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let submitted = cases::submitted_permit(&app, &p.applicant).await;
    let citizen = app.demo_token("demo-citizen").await;
    for (token, expected) in [
        (None, "UNAUTHENTICATED"),
        (Some(citizen.as_str()), "FORBIDDEN"),
        (Some(p.applicant.as_str()), "FORBIDDEN"),
    ] {
        let code = app
            .query_error_code(
                token,
                "{ applicationQueue { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(code, expected);
        let code = app
            .query_error_code(
                token,
                "mutation($id: UUID!, $v: Int!) { takeApplication(id: $id, version: $v) { id } }",
                json!({ "id": submitted["id"], "v": submitted["version"] }),
            )
            .await;
        assert_eq!(code, expected);
        let code = app
            .query_error_code(
                token,
                r#"mutation { registerProcessingEnvironment(input: { name: "X", provider: "X", providerBusinessId: "0313471-7",
                    registeredOn: "2026-01-01", certificateValidUntil: "2027-01-01", status: REGISTERED }) { id } }"#,
                json!({}),
            )
            .await;
        assert_eq!(code, expected);
    }
}

async fn statistics_only_purposes_cannot_be_data_permits(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let mut input = cases::complete_permit_input(&app).await;
    input["purpose"] = json!("DEVELOPMENT_AND_INNOVATION");
    let draft = cases::create(&app, &p.applicant, "DATA_PERMIT", input).await;
    let (code, body) = refused(
        &app,
        &p.applicant,
        "submitApplication",
        &draft,
        "",
        json!({}),
    )
    .await;
    assert_eq!(code, "VALIDATION");
    let fields = &body["errors"][0]["extensions"]["fields"];
    assert_eq!(fields.as_array().unwrap().len(), 1, "{body}");
    assert_eq!(fields[0]["field"], "purpose");
    assert!(
        fields[0]["message"]
            .as_str()
            .unwrap()
            .contains("data request")
    );
}

async fn submission_reports_every_missing_field_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let draft = cases::create(&app, &p.applicant, "DATA_PERMIT", json!({})).await;
    let (code, body) = refused(
        &app,
        &p.applicant,
        "submitApplication",
        &draft,
        "",
        json!({}),
    )
    .await;
    assert_eq!(code, "VALIDATION");
    let fields: Vec<&str> = body["errors"][0]["extensions"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for field in [
        "contactEmail",
        "title",
        "publicSummary",
        "researchPlan",
        "cohortDefinition",
        "minimisationJustification",
        "purpose",
        "dataSources",
        "processors",
        "processingEnvironmentId",
        "requestedValidityEnd",
        "ethicsStatementNeeded",
        "dpiaDone",
    ] {
        assert!(fields.contains(&field), "{field} missing from {fields:?}");
    }
    // Nothing was lost: still a draft, still version 1, no diary number used up.
    let again = read(
        &app,
        &p.applicant,
        draft["id"].as_str().unwrap(),
        "state version diaryNumber",
    )
    .await
    .unwrap();
    assert_eq!(
        again,
        json!({ "state": "DRAFT", "version": 1, "diaryNumber": null })
    );
    let next = cases::submitted_permit(&app, &p.applicant).await;
    assert_eq!(next["diaryNumber"], format!("TL/1/{}", year()));
}

async fn malformed_drafts_are_refused_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let query = "mutation($input: ApplicationInput!) { createApplication(kind: DATA_PERMIT, input: $input) { id } }";
    let (_, body) = app
        .graphql(
            Some(&p.applicant),
            query,
            json!({ "input": {
                "businessId": "1234567-8",
                "contactEmail": "not an email",
                "processingEnvironmentId": "00000000-0000-7000-8000-000000000000",
                "dataSources": [{ "dataSourceId": "00000000-0000-7000-8000-000000000001", "variables": "x", "periodFrom": "2020-01-01", "periodTo": "2019-01-01" }]
            } }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );
    let fields: Vec<&str> = body["errors"][0]["extensions"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "businessId",
            "contactEmail",
            "dataSources[0].periodTo",
            "dataSources[0].dataSourceId",
            "processingEnvironmentId"
        ]
    );
    let code = app
        .query_error_code(
            Some(&p.applicant),
            "mutation { createApplication(kind: AMENDMENT) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
}

async fn unusable_environments_cannot_be_granted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    for (environment, expected) in [
        ("Analytiikkaympäristö Oy", "certificate expired"),
        ("Tutkimusalusta Oy", "significant deviation"),
        ("Legacy Secure Room", "removed"),
    ] {
        let mut input = cases::complete_permit_input(&app).await;
        input["processingEnvironmentId"] = json!(cases::environment(&app, environment).await);
        let draft = cases::create(&app, &p.applicant, "DATA_PERMIT", input).await;
        let submitted = ok(
            &app,
            &p.applicant,
            "submitApplication",
            &draft,
            "",
            json!({}),
        )
        .await;
        let case = ok(
            &app,
            &p.handler,
            "takeApplication",
            &submitted,
            "",
            json!({}),
        )
        .await;
        let proposal = cases::grant_proposal(&app).await;
        let (code, body) = refused(
            &app,
            &p.handler,
            "proposeDecision",
            &case,
            "$input: ProposalInput!",
            json!({ "input": proposal }),
        )
        .await;
        assert_eq!(code, "VALIDATION", "{environment}");
        let field = &body["errors"][0]["extensions"]["fields"][0];
        assert_eq!(field["field"], "processingEnvironment");
        assert!(
            field["message"].as_str().unwrap().contains(expected),
            "{environment}: {body}"
        );
        // A rejection needs no environment.
        let rejection = json!({ "outcome": "REJECTED", "reasoning": "No valid environment.", "feeCategory": "PERMIT" });
        ok(
            &app,
            &p.handler,
            "proposeDecision",
            &case,
            "$input: ProposalInput!",
            json!({ "input": rejection }),
        )
        .await;
    }

    // An environment whose certificate lapses between proposal and decision blocks the grant.
    let proposed = cases::proposed_case(&app, &p.applicant, &p.handler).await;
    let kapseli = cases::environment(&app, "Kapseli").await;
    let env = app
        .query_ok(
            None,
            "{ processingEnvironments { id version registeredOn } }",
            json!({}),
        )
        .await;
    let env = env["processingEnvironments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == kapseli.as_str())
        .unwrap()
        .clone();
    app.query_ok(
        Some(&p.handler),
        "mutation($id: UUID!, $v: Int!, $input: ProcessingEnvironmentInput!) { updateProcessingEnvironment(id: $id, version: $v, input: $input) { status } }",
        json!({ "id": kapseli, "v": env["version"], "input": {
            "name": "Kapseli", "provider": "Tietolupa", "providerBusinessId": "0245458-3",
            "registeredOn": env["registeredOn"], "certificateValidUntil": env["registeredOn"], "status": "REGISTERED" } }),
    )
    .await;
    let (code, _) = refused(&app, &p.director, "decide", &proposed, "", json!({})).await;
    assert_eq!(code, "VALIDATION");
}

async fn stale_versions_conflict(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let draft = cases::create(
        &app,
        &p.applicant,
        "DATA_PERMIT",
        json!({ "title": "First" }),
    )
    .await;
    ok(
        &app,
        &p.applicant,
        "updateApplication",
        &draft,
        "$input: ApplicationInput!",
        json!({ "input": { "title": "Second" } }),
    )
    .await;
    // Saving from the stale copy must not overwrite the newer title.
    let (code, _) = refused(
        &app,
        &p.applicant,
        "updateApplication",
        &draft,
        "$input: ApplicationInput!",
        json!({ "input": { "title": "Stale" } }),
    )
    .await;
    assert_eq!(code, "CONFLICT");
    let now = read(
        &app,
        &p.applicant,
        draft["id"].as_str().unwrap(),
        "title version",
    )
    .await
    .unwrap();
    assert_eq!(now, json!({ "title": "Second", "version": 2 }));
}

async fn transitions_from_wrong_states_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let draft = cases::create(&app, &p.applicant, "DATA_PERMIT", json!({})).await;
    for (token, mutation, args, vars) in [
        (&p.handler, "takeApplication", "", json!({})),
        (&p.director, "decide", "", json!({})),
        (
            &p.applicant,
            "answerInformationRequest",
            "$answers: [InformationAnswerInput!]!",
            json!({ "answers": [] }),
        ),
        (
            &p.director,
            "extendDeadline",
            "$dueOn: Date!, $reason: String!",
            json!({ "dueOn": "2030-01-01", "reason": "x" }),
        ),
    ] {
        let (code, body) = refused(&app, token, mutation, &draft, args, vars).await;
        assert_eq!(code, "INVALID_TRANSITION", "{mutation}: {body}");
    }
    let submitted = cases::submitted_permit(&app, &p.applicant).await;
    let (code, _) = refused(
        &app,
        &p.applicant,
        "submitApplication",
        &submitted,
        "",
        json!({}),
    )
    .await;
    assert_eq!(code, "INVALID_TRANSITION");
    let withdrawn = ok(
        &app,
        &p.applicant,
        "withdrawApplication",
        &submitted,
        "$reason: String",
        json!({ "reason": "Funding ended." }),
    )
    .await;
    assert_eq!(withdrawn["state"], "WITHDRAWN");
    for (token, mutation) in [
        (&p.applicant, "withdrawApplication"),
        (&p.handler, "takeApplication"),
    ] {
        let (code, _) = refused(&app, token, mutation, &withdrawn, "", json!({})).await;
        assert_eq!(code, "INVALID_TRANSITION", "{mutation}");
    }
}

async fn answers_must_cover_every_item(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let asked = cases::case_awaiting_answers(&app, &p.applicant, &p.handler).await;
    let (code, body) = refused(
        &app,
        &p.applicant,
        "answerInformationRequest",
        &asked,
        "$answers: [InformationAnswerInput!]!",
        json!({ "answers": [{ "itemNumber": 1, "answer": "Yes." }, { "itemNumber": 7, "answer": "?" }] }),
    )
    .await;
    assert_eq!(code, "VALIDATION");
    let fields: Vec<&str> = body["errors"][0]["extensions"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["answers[7]", "answers[2]"]);
}

async fn the_deadline_can_be_extended_once_by_at_most_three_months(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let submitted = cases::submitted_permit(&app, &p.applicant).await;
    let due = time::Date::parse(
        submitted["deadline"]["dueOn"].as_str().unwrap(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .unwrap();
    let too_far = tietolupa_domain::calendar::add_months(due, 3) + time::Duration::days(1);
    let (code, body) = refused(
        &app,
        &p.director,
        "extendDeadline",
        &submitted,
        "$dueOn: Date!, $reason: String!",
        json!({ "dueOn": too_far.to_string(), "reason": "Complex case" }),
    )
    .await;
    assert_eq!(code, "VALIDATION", "{body}");
    let (code, _) = refused(
        &app,
        &p.handler,
        "extendDeadline",
        &submitted,
        "$dueOn: Date!, $reason: String!",
        json!({ "dueOn": due.to_string(), "reason": "x" }),
    )
    .await;
    assert_eq!(code, "FORBIDDEN");
    let new_due = tietolupa_domain::calendar::add_months(due, 3);
    let extended = ok(
        &app,
        &p.director,
        "extendDeadline",
        &submitted,
        "$dueOn: Date!, $reason: String!",
        json!({ "dueOn": new_due.to_string(), "reason": "Complex case" }),
    )
    .await;
    assert_eq!(extended["deadline"]["dueOn"], new_due.to_string());
    assert_eq!(extended["deadline"]["extended"], true);
    let (code, _) = refused(
        &app,
        &p.director,
        "extendDeadline",
        &extended,
        "$dueOn: Date!, $reason: String!",
        json!({ "dueOn": (new_due + time::Duration::days(1)).to_string(), "reason": "Again" }),
    )
    .await;
    assert_eq!(code, "VALIDATION");
}

async fn the_queue_filters_and_sorts_by_due_date(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let first = cases::submitted_permit(&app, &p.applicant).await;
    let second = cases::case_in_preparation(&app, &p.applicant, &p.handler).await;
    let third = cases::case_awaiting_answers(&app, &p.applicant, &p.other_handler).await;
    cases::create(&app, &p.applicant, "DATA_PERMIT", json!({})).await; // a draft: never in the queue
    let ids = |data: &Value| -> Vec<String> {
        data["applicationQueue"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let q = |filter: Value| {
        let app = &app;
        let token = p.handler.clone();
        async move {
            app.query_ok(Some(&token), "query($f: ApplicationQueueFilter) { applicationQueue(filter: $f) { edges { node { id deadline { dueOn } } } } }", json!({ "f": filter }))
                .await
        }
    };
    let all = q(json!({})).await;
    assert_eq!(ids(&all).len(), 3);
    assert_eq!(
        ids(&q(json!({ "unassigned": true })).await),
        [first["id"].as_str().unwrap()]
    );
    assert_eq!(
        ids(&q(json!({ "presenterId": HANDLER })).await),
        [second["id"].as_str().unwrap()]
    );
    assert_eq!(
        ids(&q(json!({ "states": ["INFORMATION_REQUESTED"] })).await),
        [third["id"].as_str().unwrap()]
    );
    assert_eq!(
        ids(&q(json!({ "overdue": true })).await),
        Vec::<String>::new()
    );
    let due = all["applicationQueue"]["edges"][0]["node"]["deadline"]["dueOn"]
        .as_str()
        .unwrap()
        .to_owned();
    let after_due = (time::Date::parse(&due, &time::format_description::well_known::Iso8601::DATE)
        .unwrap()
        + time::Duration::days(1))
    .to_string();
    assert_eq!(ids(&q(json!({ "dueBefore": after_due })).await).len(), 3);
    assert_eq!(ids(&q(json!({ "dueBefore": due })).await).len(), 0);
    let dues: Vec<String> = all["applicationQueue"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["deadline"]["dueOn"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);
}

async fn the_queue_sorts_by_due_date_and_by_workflow_state_both_ways(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let extended_by = |case: Value, days: i64| {
        let app = &app;
        let director = p.director.clone();
        async move {
            let due = time::Date::parse(
                case["deadline"]["dueOn"].as_str().unwrap(),
                &time::format_description::well_known::Iso8601::DATE,
            )
            .unwrap();
            ok(
                app,
                &director,
                "extendDeadline",
                &case,
                "$dueOn: Date!, $reason: String!",
                json!({ "dueOn": (due + time::Duration::days(days)).to_string(), "reason": "Complex case" }),
            )
            .await
        }
    };
    // Submitted the same day, so the due dates differ only where extended; the states'
    // alphabetical order (IN_PREPARATION, INFORMATION_REQUESTED, PROPOSED, SUBMITTED)
    // differs from the workflow's.
    let submitted = extended_by(cases::submitted_permit(&app, &p.applicant).await, 60).await;
    let preparing = cases::case_in_preparation(&app, &p.applicant, &p.handler).await;
    let waiting = cases::case_awaiting_answers(&app, &p.applicant, &p.handler).await;
    let proposed = extended_by(
        cases::proposed_case(&app, &p.applicant, &p.other_handler).await,
        30,
    )
    .await;
    // The clock of the case waiting for answers has stood still for 45 days: it shows (and
    // sorts by) a due date 45 days later than the stored one.
    let stopped = tietolupa_test_support::today_in_finland() - time::Duration::days(45);
    let waiting_id = uuid::Uuid::parse_str(waiting["id"].as_str().unwrap()).unwrap();
    let moved = application::Entity::update_many()
        .col_expr(application::Column::PausedSince, Expr::value(stopped))
        .filter(application::Column::Id.eq(waiting_id))
        .exec(app.db.raw_connection_for_tests())
        .await
        .unwrap();
    assert_eq!(moved.rows_affected, 1);
    let id = |case: &Value| case["id"].as_str().unwrap().to_owned();
    let (submitted, preparing, waiting, proposed) =
        (id(&submitted), id(&preparing), id(&waiting), id(&proposed));
    let q = |order: Value, first: i64, after: Option<String>| {
        let app = &app;
        let token = p.handler.clone();
        async move {
            let data = app
                .query_ok(
                    Some(&token),
                    "query($o: ApplicationQueueOrder, $first: Int, $after: String) { applicationQueue(orderBy: $o, first: $first, after: $after) { edges { cursor node { id deadline { dueOn } } } } }",
                    json!({ "o": order.clone(), "first": first, "after": after }),
                )
                .await;
            let edges = data["applicationQueue"]["edges"]
                .as_array()
                .unwrap()
                .clone();
            let dues: Vec<&str> = edges
                .iter()
                .map(|e| e["node"]["deadline"]["dueOn"].as_str().unwrap())
                .collect();
            let (mut ascending, mut descending) = (dues.clone(), dues.clone());
            ascending.sort();
            descending.sort_by(|a, b| b.cmp(a));
            if order.get("field").is_none_or(|f| f == "DUE_DATE") {
                // The due dates shown are in the order asked for.
                assert!(dues == ascending || dues == descending, "{dues:?}");
            }
            let ids: Vec<String> = edges
                .iter()
                .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
                .collect();
            let last = edges
                .last()
                .map(|e| e["cursor"].as_str().unwrap().to_owned());
            (ids, last)
        }
    };
    let order = |field: &str, direction: &str| json!({ "field": field, "direction": direction });
    assert_eq!(
        q(Value::Null, 10, None).await.0,
        [
            preparing.as_str(),
            proposed.as_str(),
            waiting.as_str(),
            submitted.as_str()
        ]
    );
    assert_eq!(
        q(order("DUE_DATE", "ASC"), 10, None).await.0,
        [
            preparing.as_str(),
            proposed.as_str(),
            waiting.as_str(),
            submitted.as_str()
        ]
    );
    assert_eq!(
        q(order("DUE_DATE", "DESC"), 10, None).await.0,
        [
            submitted.as_str(),
            waiting.as_str(),
            proposed.as_str(),
            preparing.as_str()
        ]
    );
    assert_eq!(
        q(json!({ "field": "STATE" }), 10, None).await.0,
        [
            submitted.as_str(),
            preparing.as_str(),
            waiting.as_str(),
            proposed.as_str()
        ]
    );
    // Paged, the sort holds across the page boundary: the database sorts, not the page.
    let (page1, cursor) = q(order("STATE", "DESC"), 2, None).await;
    assert_eq!(page1, [proposed.as_str(), waiting.as_str()]);
    let (page2, _) = q(order("STATE", "DESC"), 2, cursor).await;
    assert_eq!(page2, [preparing.as_str(), submitted.as_str()]);
}

async fn deadline_of(app: &TestApp, token: &str, case: &Value) -> Value {
    let query = "query($id: UUID!) { application(id: $id) { deadline { dueOn dueSoon daysLeft overdue } } }";
    app.query_ok(Some(token), query, json!({ "id": case["id"] }))
        .await["application"]["deadline"]
        .clone()
}

async fn cases_due_within_the_deadline_warning_period_are_due_soon(backend: Backend) {
    // By default (14 days) a fresh case, months from its due date, is not due soon.
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let fresh = cases::submitted_permit(&app, &p.applicant).await;
    let d = deadline_of(&app, &p.handler, &fresh).await;
    assert_eq!(d["dueSoon"], false, "{d}");
    let due = time::Date::parse(
        d["dueOn"].as_str().unwrap(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .unwrap();
    let days_left = (due - tietolupa_test_support::today_in_finland()).whole_days();
    assert_eq!(d["daysLeft"], days_left);
    drop(app);

    // A warning period longer than the decision period: every running clock is due soon;
    // a paused one is not (its due date moves every day it stands still).
    let window = (days_left + 1).to_string();
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push((
            "TIETOLUPA_MESSAGES_DEADLINE_WARNING_DAYS".to_owned(),
            window,
        ))
    })
    .await;
    let p = people(&app).await;
    let fresh = cases::submitted_permit(&app, &p.applicant).await;
    let d = deadline_of(&app, &p.handler, &fresh).await;
    assert_eq!(d["dueSoon"], true, "{d}");
    assert_eq!(d["overdue"], false, "{d}");
    let waiting = cases::case_awaiting_answers(&app, &p.applicant, &p.handler).await;
    let d = deadline_of(&app, &p.handler, &waiting).await;
    assert_eq!(d["dueSoon"], false, "{d}");
}

async fn concurrent_submissions_get_consecutive_diary_numbers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let input = cases::complete_permit_input(&app).await;
    let mut drafts = Vec::new();
    for _ in 0..50 {
        drafts.push(cases::create(&app, &p.applicant, "DATA_PERMIT", input.clone()).await);
    }
    let submissions = drafts.iter().map(|draft| {
        let app = &app;
        let token = p.applicant.clone();
        async move { command(app, &token, "submitApplication", draft, "", json!({})).await }
    });
    let results = futures::future::join_all(submissions).await;
    let mut numbers: Vec<i64> = results
        .into_iter()
        .map(|r| {
            let submitted = r.unwrap_or_else(|(code, body)| panic!("{code}: {body}"));
            let number = submitted["diaryNumber"].as_str().unwrap().to_owned();
            number.split('/').nth(1).unwrap().parse().unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=50).collect::<Vec<i64>>());
}

async fn concurrent_takes_let_exactly_one_handler_win(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let submitted = cases::submitted_permit(&app, &p.applicant).await;
    let mut tokens = Vec::new();
    for i in 0..20 {
        let response = app
            .client
            .post(app.url("/dev/token"))
            .json(&json!({ "sub": format!("handler-{i}"), "roles": ["HANDLER"] }))
            .send()
            .await
            .unwrap();
        tokens.push(
            response.json::<Value>().await.unwrap()["token"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let takes = tokens.iter().map(|token| {
        let app = &app;
        let submitted = &submitted;
        async move { command(app, token, "takeApplication", submitted, "", json!({})).await }
    });
    let results = futures::future::join_all(takes).await;
    let winners: Vec<&Value> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for result in &results {
        if let Err((code, body)) = result {
            assert_eq!(code, "CONFLICT", "{body}");
        }
    }
    let case = read(
        &app,
        &p.handler,
        submitted["id"].as_str().unwrap(),
        "presenter { id } version history { action }",
    )
    .await
    .unwrap();
    assert_eq!(case["presenter"]["id"], winners[0]["presenter"]["id"]);
    assert_eq!(case["version"], submitted["version"].as_i64().unwrap() + 1);
    let taken_events = case["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "TAKEN")
        .count();
    assert_eq!(taken_events, 1);
}

async fn processing_environments_are_registered_and_updated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = people(&app).await;
    let register = r#"mutation($input: ProcessingEnvironmentInput!) { registerProcessingEnvironment(input: $input) { id name status version } }"#;
    let input = json!({ "name": "Test Environment", "provider": "Test Oy", "providerBusinessId": "0313471-7",
        "registeredOn": "2026-01-01", "certificateValidUntil": "2028-01-01", "status": "REGISTERED" });
    let created = app
        .query_ok(Some(&p.handler), register, json!({ "input": input }))
        .await["registerProcessingEnvironment"]
        .clone();
    assert_eq!(created["version"], 1);
    // The same name twice, a bad business ID and a certificate ending before registration.
    let code = app
        .query_error_code(Some(&p.handler), register, json!({ "input": input }))
        .await;
    assert_eq!(code, "VALIDATION");
    let mut bad = input.clone();
    bad["name"] = json!("Other");
    bad["providerBusinessId"] = json!("0313471-8");
    bad["certificateValidUntil"] = json!("2025-01-01");
    let (_, body) = app
        .graphql(Some(&p.handler), register, json!({ "input": bad }))
        .await;
    let fields: Vec<&str> = body["errors"][0]["extensions"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["providerBusinessId", "certificateValidUntil"]);

    let update = "mutation($id: UUID!, $v: Int!, $input: ProcessingEnvironmentInput!) { updateProcessingEnvironment(id: $id, version: $v, input: $input) { status version } }";
    let mut changed = input.clone();
    changed["status"] = json!("SIGNIFICANT_DEVIATION");
    let updated = app
        .query_ok(
            Some(&p.handler),
            update,
            json!({ "id": created["id"], "v": 1, "input": changed }),
        )
        .await;
    assert_eq!(
        updated["updateProcessingEnvironment"],
        json!({ "status": "SIGNIFICANT_DEVIATION", "version": 2 })
    );
    let code = app
        .query_error_code(
            Some(&p.handler),
            update,
            json!({ "id": created["id"], "v": 1, "input": input }),
        )
        .await;
    assert_eq!(code, "CONFLICT");
}

on_both_databases!(
    a_data_permit_goes_from_draft_to_decision,
    a_data_request_goes_from_draft_to_decision,
    the_presenter_never_decides_their_own_case,
    only_the_presenter_prepares_the_case,
    applicants_cannot_touch_others_applications,
    the_public_and_citizens_cannot_use_staff_operations,
    statistics_only_purposes_cannot_be_data_permits,
    submission_reports_every_missing_field_at_once,
    malformed_drafts_are_refused_field_by_field,
    unusable_environments_cannot_be_granted,
    stale_versions_conflict,
    transitions_from_wrong_states_are_refused,
    answers_must_cover_every_item,
    the_deadline_can_be_extended_once_by_at_most_three_months,
    the_queue_filters_and_sorts_by_due_date,
    the_queue_sorts_by_due_date_and_by_workflow_state_both_ways,
    cases_due_within_the_deadline_warning_period_are_due_soon,
    concurrent_submissions_get_consecutive_diary_numbers,
    concurrent_takes_let_exactly_one_handler_win,
    processing_environments_are_registered_and_updated,
);
