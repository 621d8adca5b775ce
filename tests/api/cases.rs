//! Typed helpers for driving cases through the API, shared by the lifecycle and
//! authorisation tests.

use serde_json::{Value, json};
use tietolupa_test_support::TestApp;

pub const APPLICATION_FIELDS: &str = "id kind state version diaryNumber presenter { id name }
    deadline { startedOn dueOn paused pausedDays extended overdue }";

/// A catalogue data source id by its code (e.g. `thl-hilmo`).
pub async fn data_source(app: &TestApp, code: &str) -> String {
    let data = app
        .query_ok(
            None,
            "{ dataControllers { sources { id code } } }",
            json!({}),
        )
        .await;
    data["dataControllers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["sources"].as_array().unwrap().iter())
        .find(|s| s["code"] == code)
        .unwrap_or_else(|| panic!("data source {code}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A processing environment id by name (demo environments are seeded in dev mode).
pub async fn environment(app: &TestApp, name: &str) -> String {
    let data = app
        .query_ok(None, "{ processingEnvironments { id name } }", json!({}))
        .await;
    data["processingEnvironments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("environment {name}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn in_years(years: i64) -> String {
    (tietolupa_test_support::today_in_finland() + time::Duration::days(365 * years)).to_string()
}

/// Everything a data permit application needs to be submitted.
pub async fn complete_permit_input(app: &TestApp) -> Value {
    permit_input(
        [
            &data_source(app, "thl-hilmo").await,
            &data_source(app, "kela-prescriptions").await,
        ],
        &environment(app, "Kapseli").await,
    )
}

/// A complete data permit application asking for two data sources (`thl-hilmo`,
/// `kela-prescriptions`) in a processing environment, given their ids.
pub fn permit_input(sources: [&str; 2], environment: &str) -> Value {
    json!({
        "applicantName": "Aino Virtanen",
        "organisationName": "University of Helsinki",
        "businessId": "0313471-7",
        "contactEmail": "aino.virtanen@example.fi",
        "billingReference": "HY-4711",
        "title": "Statin use and dementia in older adults",
        "publicSummary": "Whether long-term statin use is associated with dementia risk.",
        "purpose": "SCIENTIFIC_RESEARCH",
        "researchPlan": "A register-based cohort study. CONFIDENTIAL-PLAN-7f3a",
        "dataSources": [
            { "dataSourceId": sources[0], "variables": "ICD-10 diagnoses (3 characters), admission year",
              "periodFrom": "2010-01-01", "periodTo": "2024-12-31" },
            { "dataSourceId": sources[1], "variables": "ATC codes C10AA, purchase month",
              "periodFrom": "2010-01-01", "periodTo": "2024-12-31" }
        ],
        "cohortDefinition": "Residents of Finland aged 65+ on 1 January 2010",
        "minimisationJustification": "Birth year instead of birth date; 3-character diagnoses",
        "processors": [
            { "firstName": "Aino", "lastName": "Virtanen", "organisation": "University of Helsinki", "ndaSigned": true }
        ],
        "processingEnvironmentId": environment,
        "requestedValidityEnd": in_years(3),
        "ethicsStatementNeeded": false,
        "dpiaDone": true
    })
}

pub async fn complete_data_request_input(app: &TestApp) -> Value {
    json!({
        "applicantName": "Mikko Korhonen",
        "organisationName": "Terveysanalytiikka Oy",
        "businessId": "0246246-0",
        "contactEmail": "mikko.korhonen@example.com",
        "title": "Antidepressant purchases by region",
        "publicSummary": "Yearly counts of antidepressant purchasers per wellbeing services county.",
        "purpose": "KNOWLEDGE_MANAGEMENT",
        "researchPlan": "Aggregate tables only.",
        "dataSources": [
            { "dataSourceId": data_source(app, "kela-prescriptions").await, "variables": "ATC N06A, purchase year, county",
              "periodFrom": "2015-01-01", "periodTo": "2024-12-31" }
        ],
        "cohortDefinition": "All purchasers",
        "minimisationJustification": "Counts per county and year; cells under 5 suppressed"
    })
}

pub async fn create(app: &TestApp, token: &str, kind: &str, input: Value) -> Value {
    let query = format!(
        "mutation($kind: ApplicationKind!, $input: ApplicationInput!) {{ createApplication(kind: $kind, input: $input) {{ {APPLICATION_FIELDS} }} }}"
    );
    app.query_ok(Some(token), &query, json!({ "kind": kind, "input": input }))
        .await["createApplication"]
        .clone()
}

/// Runs a mutation `name(id, version, ...args)` and returns the application or the error.
pub async fn command(
    app: &TestApp,
    token: &str,
    name: &str,
    application: &Value,
    args: &str,
    variables: Value,
) -> Result<Value, (String, Value)> {
    let (query, vars) = command_request(name, application, args, variables, APPLICATION_FIELDS);
    let (_, body) = app.graphql(Some(token), &query, vars).await;
    match body.get("errors") {
        None => Ok(body["data"][name].clone()),
        Some(errors) => Err((
            errors[0]["extensions"]["code"]
                .as_str()
                .unwrap_or("NO_CODE")
                .to_owned(),
            body.clone(),
        )),
    }
}

/// The query and variables of `name(id: $id, version: $version, ...args) { fields }`;
/// `args` declares the extra arguments (`"$reason: String!, $items: [String!]!"`).
pub fn command_request(
    name: &str,
    application: &Value,
    args: &str,
    variables: Value,
    fields: &str,
) -> (String, Value) {
    let declarations = if args.is_empty() {
        String::new()
    } else {
        format!(", {args}")
    };
    let arguments: String = args
        .split(", ")
        .filter(|a| !a.is_empty())
        .map(|a| {
            let name = a.trim_start_matches('$').split(':').next().unwrap();
            format!(", {name}: ${name}")
        })
        .collect();
    let query = format!(
        "mutation($id: UUID!, $version: Int!{declarations}) {{ {name}(id: $id, version: $version{arguments}) {{ {fields} }} }}"
    );
    let mut vars = json!({ "id": application["id"], "version": application["version"] });
    if let Value::Object(extra) = variables {
        vars.as_object_mut().unwrap().extend(extra);
    }
    (query, vars)
}

pub async fn ok(
    app: &TestApp,
    token: &str,
    name: &str,
    application: &Value,
    args: &str,
    variables: Value,
) -> Value {
    command(app, token, name, application, args, variables)
        .await
        .unwrap_or_else(|(code, body)| panic!("{name} failed with {code}: {body}"))
}

pub async fn refused(
    app: &TestApp,
    token: &str,
    name: &str,
    application: &Value,
    args: &str,
    variables: Value,
) -> (String, Value) {
    match command(app, token, name, application, args, variables).await {
        Ok(result) => panic!("{name} unexpectedly succeeded: {result}"),
        Err(error) => error,
    }
}

/// A submitted data permit application of `applicant`.
pub async fn submitted_permit(app: &TestApp, applicant: &str) -> Value {
    let input = complete_permit_input(app).await;
    let draft = create(app, applicant, "DATA_PERMIT", input).await;
    ok(app, applicant, "submitApplication", &draft, "", json!({})).await
}

/// A permit case taken by `handler`, in preparation.
pub async fn case_in_preparation(app: &TestApp, applicant: &str, handler: &str) -> Value {
    let submitted = submitted_permit(app, applicant).await;
    ok(app, handler, "takeApplication", &submitted, "", json!({})).await
}

pub async fn grant_proposal(app: &TestApp) -> Value {
    grant_proposal_of([
        &data_source(app, "thl-hilmo").await,
        &data_source(app, "kela-prescriptions").await,
    ])
}

/// A proposal granting both data sources of [`permit_input`], given their ids.
pub fn grant_proposal_of(sources: [&str; 2]) -> Value {
    json!({
        "outcome": "GRANTED",
        "reasoning": "The application meets the requirements of the Secondary Use Act.",
        "conditions": "Results may be published only as aggregates of at least five persons.",
        "grantedDataSourceIds": sources,
        "validUntil": in_years(3),
        "feeCategory": "PERMIT"
    })
}

/// A permit case with a proposal from `handler`, awaiting the director.
pub async fn proposed_case(app: &TestApp, applicant: &str, handler: &str) -> Value {
    let case = case_in_preparation(app, applicant, handler).await;
    let proposal = grant_proposal(app).await;
    ok(
        app,
        handler,
        "proposeDecision",
        &case,
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    )
    .await
}

/// A case waiting for the applicant's answers to a two-item request.
pub async fn case_awaiting_answers(app: &TestApp, applicant: &str, handler: &str) -> Value {
    let case = case_in_preparation(app, applicant, handler).await;
    ok(
        app,
        handler,
        "requestInformation",
        &case,
        "$items: [String!]!",
        json!({ "items": ["Which ethics committee reviewed the study?", "Why is the admission year needed?"] }),
    )
    .await
}

pub async fn read(app: &TestApp, token: &str, id: &str, fields: &str) -> Result<Value, String> {
    let (_, body) = app
        .graphql(
            Some(token),
            &format!("query($id: UUID!) {{ application(id: $id) {{ {fields} }} }}"),
            json!({ "id": id }),
        )
        .await;
    match body.get("errors") {
        None => Ok(body["data"]["application"].clone()),
        Some(errors) => Err(errors[0]["extensions"]["code"]
            .as_str()
            .unwrap_or("NO_CODE")
            .to_owned()),
    }
}

/// A granted data permit decided by the demo director; returns the decided application
/// with its `permit { id version }`.
pub async fn granted_case(app: &TestApp, applicant: &str, handler: &str) -> Value {
    let proposed = proposed_case(app, applicant, handler).await;
    let director = app.demo_token("demo-director").await;
    let decided = ok(app, &director, "decide", &proposed, "", json!({})).await;
    let mut application = read(
        app,
        &director,
        decided["id"].as_str().unwrap(),
        &format!("{APPLICATION_FIELDS} permit {{ id version status validUntil }}"),
    )
    .await
    .unwrap();
    assert!(!application["permit"].is_null(), "{application}");
    application["diaryNumber"] = decided["diaryNumber"].clone();
    application
}

pub const PERMIT_FIELDS: &str = "id version status validFrom validUntil diaryNumber decisionNumber
    holder { id organisation } processors { firstName lastName } revocationReason dataDestroyedOn
    previousVersions { version validUntil amendmentDecisionNumber } amendments { diaryNumber decisionNumber state }";

/// Runs a permit mutation `name(id, version, ...args)`.
pub async fn permit_command(
    app: &TestApp,
    token: Option<&str>,
    name: &str,
    permit: &Value,
    args: &str,
    variables: Value,
) -> Result<Value, String> {
    let arguments: String = args
        .split(", ")
        .filter(|a| !a.is_empty())
        .map(|a| {
            let name = a.trim_start_matches('$').split(':').next().unwrap();
            format!(", {name}: ${name}")
        })
        .collect();
    let query = format!(
        "mutation($id: UUID!, $version: Int!, {args}) {{ {name}(id: $id, version: $version{arguments}) {{ {PERMIT_FIELDS} }} }}"
    );
    let mut vars = json!({ "id": permit["id"], "version": permit["version"] });
    if let Value::Object(extra) = variables {
        vars.as_object_mut().unwrap().extend(extra);
    }
    let (_, body) = app.graphql(token, &query, vars).await;
    match body.get("errors") {
        None => Ok(body["data"][name].clone()),
        Some(errors) => Err(errors[0]["extensions"]["code"]
            .as_str()
            .unwrap_or("NO_CODE")
            .to_owned()),
    }
}

pub async fn permit(app: &TestApp, token: &str, id: &Value) -> Result<Value, String> {
    let (_, body) = app
        .graphql(
            Some(token),
            &format!("query($id: UUID!) {{ permit(id: $id) {{ {PERMIT_FIELDS} }} }}"),
            json!({ "id": id }),
        )
        .await;
    match body.get("errors") {
        None => Ok(body["data"]["permit"].clone()),
        Some(errors) => Err(errors[0]["extensions"]["code"]
            .as_str()
            .unwrap_or("NO_CODE")
            .to_owned()),
    }
}

pub const PUBLISHED_FIELDS: &str = "diaryNumber decisionNumber decidedOn kind outcome purpose title
    publicSummary holder dataControllers registers { dataController dataControllerCode register }
    processingEnvironment validFrom validUntil permitStatus amendsDiaryNumber
    amendments { diaryNumber decisionNumber decidedOn outcome }";

/// The public view of a decision, read anonymously.
pub async fn published(app: &TestApp, diary_number: &Value) -> Value {
    app.query_ok(
        None,
        &format!(
            "query($d: String!) {{ publishedDecision(diaryNumber: $d) {{ {PUBLISHED_FIELDS} }} }}"
        ),
        json!({ "d": diary_number }),
    )
    .await["publishedDecision"]
        .clone()
}
