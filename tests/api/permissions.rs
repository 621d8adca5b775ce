//! The authorisation test: every cell of the permission matrix (docs/permissions.md,
//! generated from `tietolupa_domain::permission`) is called against the running API as
//! each role, and for owned things also as a non-owner.

use std::collections::HashMap;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tietolupa_domain::application::Action;
use tietolupa_domain::{Hetu, HetuPolicy, Operation, Role};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, command, ok};
use crate::output_requests::{self, Stage};

struct Matrix<'a> {
    app: &'a TestApp,
    tokens: HashMap<&'static str, String>,
}

impl Matrix<'_> {
    fn token(&self, who: &str) -> &str {
        &self.tokens[who]
    }
}

/// One person per role, plus a second applicant and a second handler.
async fn matrix(app: &TestApp) -> Matrix<'_> {
    let mut tokens = HashMap::new();
    let people: Vec<(&'static str, Role)> = Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Public)
        .map(|r| (r.as_str(), r))
        .chain([
            ("OTHER_APPLICANT", Role::Applicant),
            ("PRESENTER", Role::Handler),
            ("OTHER_CITIZEN", Role::Citizen),
        ])
        .collect();
    for (name, role) in people {
        // Citizens' tokens carry an identity code (temporary codes: no real person has one).
        let hetu = match name {
            "CITIZEN" => Some(identity_code(1990, 931)),
            "OTHER_CITIZEN" => Some(identity_code(1991, 932)),
            _ => None,
        };
        let request = json!({ "sub": format!("matrix-{name}"), "name": name, "roles": [role.as_str()], "hetu": hetu });
        let response = app
            .client
            .post(app.url("/dev/token"))
            .json(&request)
            .send()
            .await
            .unwrap();
        let token = response.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned();
        tokens.insert(name, token);
    }
    Matrix { app, tokens }
}

fn identity_code(year: i32, individual: u16) -> String {
    let born = time::Date::from_calendar_date(year, time::Month::February, 12).unwrap();
    Hetu::compose(born, '-', individual, HetuPolicy::ALLOW_TEMPORARY)
        .unwrap()
        .expose()
        .to_owned()
}

/// What an operation acts on, set up so that an allowed caller would succeed.
enum Fixture {
    Nothing,
    Application(Value),
    Environment(Value),
    Download(String),
    /// A granted permit's `{ id version }`.
    Permit(Value),
    /// The diary number of a published decision.
    Diary(Value),
    /// An objection of the matrix citizen, in force.
    Objection(Value),
    /// The id of an outbox message that is a dead letter.
    DeadLetter(uuid::Uuid),
    /// A delivery order `{ id version }` of a permit granted to the matrix applicant.
    DeliveryOrder(Value),
    /// A granted permit `{ id }` of the matrix applicant and the delivery order id of their
    /// granted data request: where a holder and a handler submit output requests.
    OutputSubmission {
        permit: Value,
        order: Value,
    },
    /// An output request of the matrix applicant `{ id version files { downloadUrl } }`.
    OutputRequest(Value),
    /// An organisation `{ id version businessId }` whose main user is the matrix applicant,
    /// with its contact person's id as `contactId`.
    Organisation(Value),
}

/// A business ID no other fixture has: random digits with their check digit.
fn fresh_business_id() -> String {
    const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];
    loop {
        let digits: Vec<u32> = uuid::Uuid::new_v4().as_bytes()[..7]
            .iter()
            .map(|b| u32::from(*b) % 10)
            .collect();
        let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        let check = match sum % 11 {
            0 => 0,
            1 => continue,
            r => 11 - r,
        };
        let digits: String = digits.iter().map(u32::to_string).collect();
        return format!("{digits}-{check}");
    }
}

fn organisation_input(business_id: &str) -> Value {
    json!({ "name": "Matrix Oy", "businessId": business_id, "customerSince": "2020-01-01" })
}

fn contact_input() -> Value {
    json!({ "role": "MAIN_USER", "name": "Matrix Main", "email": "main@example.fi", "userSubject": "matrix-APPLICANT" })
}

async fn organisation_of_applicant(m: &Matrix<'_>) -> Value {
    let handler = m.token("HANDLER");
    let business_id = fresh_business_id();
    let created = m
        .app
        .query_ok(
            Some(handler),
            "mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id version } }",
            json!({ "input": organisation_input(&business_id) }),
        )
        .await;
    let created = &created["createOrganisation"];
    let data = m
        .app
        .query_ok(
            Some(handler),
            "mutation($id: UUID!, $v: Int!, $input: ContactPersonInput!) { addContactPerson(organisationId: $id, version: $v, input: $input) { id version contactPersons { id } } }",
            json!({ "id": created["id"], "v": created["version"], "input": contact_input() }),
        )
        .await;
    let organisation = &data["addContactPerson"];
    json!({
        "id": organisation["id"],
        "version": organisation["version"],
        "businessId": business_id,
        "contactId": organisation["contactPersons"][0]["id"],
    })
}

/// A dead letter, written straight into the outbox (as the mail worker leaves one).
async fn dead_letter(app: &TestApp) -> uuid::Uuid {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    use tietolupa_entity::outbox_message;
    let id = uuid::Uuid::now_v7();
    let now = time::OffsetDateTime::now_utc();
    outbox_message::Entity::insert(outbox_message::ActiveModel {
        id: Set(id),
        kind: Set("PERMIT_REVOKED".to_owned()),
        recipient_id: Set("matrix-APPLICANT".to_owned()),
        payload: Set(json!({ "permitId": id, "reason": "Breach." })),
        dedupe_key: Set(format!("matrix:{id}")),
        created_at: Set(now),
        delivered_at: Set(None),
        attempts: Set(8),
        recipient_email: Set(None),
        language: Set("fi".to_owned()),
        next_attempt_at: Set(None),
        last_error: Set(Some("the recipient has no e-mail address".to_owned())),
        dead_at: Set(Some(now)),
        claimed_until: Set(None),
    })
    .exec_without_returning(app.db.raw_connection_for_tests())
    .await
    .unwrap();
    id
}

async fn objection_of_citizen(m: &Matrix<'_>) -> Value {
    let data = m
        .app
        .query_ok(
            Some(m.token("CITIZEN")),
            "mutation { fileObjection { objection { id version } } }",
            json!({}),
        )
        .await;
    data["fileObjection"]["objection"].clone()
}

async fn prepare(m: &Matrix<'_>, operation: Operation) -> Fixture {
    let app = m.app;
    let applicant = m.token("APPLICANT");
    let handler = m.token("HANDLER");
    match operation {
        Operation::UpdateProcessingEnvironment => {
            let name = format!("Env {}", uuid::Uuid::new_v4());
            let env = app
                .query_ok(
                    Some(handler),
                    "mutation($input: ProcessingEnvironmentInput!) { registerProcessingEnvironment(input: $input) { id version } }",
                    json!({ "input": environment_input(&name) }),
                )
                .await;
            let mut env = env["registerProcessingEnvironment"].clone();
            env["name"] = json!(name);
            Fixture::Environment(env)
        }
        Operation::ViewApplication
        | Operation::Case(Action::Update)
        | Operation::Case(Action::AddAttachment)
        | Operation::Case(Action::Submit)
        | Operation::Case(Action::Withdraw) => {
            let input = cases::complete_permit_input(app).await;
            Fixture::Application(cases::create(app, applicant, "DATA_PERMIT", input).await)
        }
        Operation::DownloadAttachment => {
            let draft = cases::create(app, applicant, "DATA_PERMIT", json!({})).await;
            Fixture::Download(
                upload(app, applicant, draft["id"].as_str().unwrap())
                    .await
                    .unwrap(),
            )
        }
        Operation::Case(Action::Take)
        | Operation::Case(Action::AddRemark)
        | Operation::Case(Action::ExtendDeadline) => {
            Fixture::Application(cases::submitted_permit(app, applicant).await)
        }
        Operation::Case(Action::RequestInformation) | Operation::Case(Action::Propose) => {
            Fixture::Application(cases::case_in_preparation(app, applicant, handler).await)
        }
        Operation::Case(Action::AnswerInformation) => {
            Fixture::Application(cases::case_awaiting_answers(app, applicant, handler).await)
        }
        Operation::Case(Action::ResolveInformationItem) => {
            let asked = cases::case_awaiting_answers(app, applicant, handler).await;
            let answered = ok(
                app,
                applicant,
                "answerInformationRequest",
                &asked,
                "$answers: [InformationAnswerInput!]!",
                answers(),
            )
            .await;
            Fixture::Application(answered)
        }
        Operation::Case(Action::ReturnForPreparation) | Operation::Case(Action::Decide) => {
            Fixture::Application(cases::proposed_case(app, applicant, m.token("PRESENTER")).await)
        }
        Operation::WithdrawObjection | Operation::ViewObjection => {
            Fixture::Objection(objection_of_citizen(m).await)
        }
        Operation::ViewPermit
        | Operation::RevokePermit
        | Operation::ConfirmDataDestruction
        | Operation::DownloadPermitCredential => {
            let granted = cases::granted_case(app, applicant, m.token("PRESENTER")).await;
            Fixture::Permit(granted["permit"].clone())
        }
        Operation::DownloadDecisionDocument => {
            Fixture::Application(cases::granted_case(app, applicant, m.token("PRESENTER")).await)
        }
        Operation::ViewPublishedDecision | Operation::DownloadPublicDecisionDocument => {
            // One seeded decision is enough for every caller (seeding is idempotent).
            tietolupa_store::seed::demo_decisions(&app.db, 1, time::OffsetDateTime::now_utc())
                .await
                .unwrap();
            let data = app
                .query_ok(
                    None,
                    "{ publishedDecisions(first: 1) { edges { node { diaryNumber } } } }",
                    json!({}),
                )
                .await;
            Fixture::Diary(data["publishedDecisions"]["edges"][0]["node"]["diaryNumber"].clone())
        }
        Operation::RetryMessage => Fixture::DeadLetter(dead_letter(app).await),
        Operation::ViewDeliveryOrders | Operation::UpdateDeliveryOrder => {
            let granted = cases::granted_case(app, applicant, m.token("PRESENTER")).await;
            let data = app
                .query_ok(
                    Some(handler),
                    "query($id: UUID!) { deliveryOrders(filter: { permitId: $id }, first: 1) { edges { node { id version } } } }",
                    json!({ "id": granted["permit"]["id"] }),
                )
                .await;
            Fixture::DeliveryOrder(data["deliveryOrders"]["edges"][0]["node"].clone())
        }
        Operation::RunPreparation => {
            let granted = cases::granted_case(app, applicant, m.token("PRESENTER")).await;
            let data = app
                .query_ok(
                    Some(handler),
                    "query($id: UUID!) { deliveryOrders(filter: { permitId: $id }, first: 1) { edges { node { id version } } } }",
                    json!({ "id": granted["permit"]["id"] }),
                )
                .await;
            let order = data["deliveryOrders"]["edges"][0]["node"].clone();
            let received = app
                .query_ok(
                    Some(handler),
                    "mutation($id: UUID!, $v: Int!) { markDeliveryOrderReceived(id: $id, version: $v) { id version } }",
                    json!({ "id": order["id"], "v": order["version"] }),
                )
                .await;
            Fixture::DeliveryOrder(received["markDeliveryOrderReceived"].clone())
        }
        Operation::SubmitOutputRequest => Fixture::OutputSubmission {
            permit: cases::granted_case(app, applicant, m.token("PRESENTER")).await["permit"]["id"]
                .clone(),
            order: output_requests::granted_data_request_order(app, applicant).await,
        },
        Operation::ViewOutputRequests
        | Operation::ReviewOutputRequest
        | Operation::ConfirmOutputApproval
        | Operation::DownloadOutputFile => {
            let stage = match operation {
                Operation::ViewOutputRequests => Stage::Submitted,
                Operation::ReviewOutputRequest => Stage::InReview,
                Operation::ConfirmOutputApproval => Stage::AwaitingSecondApproval,
                _ => Stage::Released,
            };
            let presenter = m.token("PRESENTER");
            Fixture::OutputRequest(
                output_requests::request_at(app, applicant, presenter, presenter, stage).await,
            )
        }
        Operation::SetOutputCheckThresholds => {
            let granted = cases::granted_case(app, applicant, m.token("PRESENTER")).await;
            Fixture::Permit(granted["permit"].clone())
        }
        Operation::ViewOrganisation
        | Operation::UpdateOrganisation
        | Operation::EndCustomerRelationship
        | Operation::AddContactPerson
        | Operation::UpdateContactPerson
        | Operation::RemoveContactPerson => {
            Fixture::Organisation(organisation_of_applicant(m).await)
        }
        _ => Fixture::Nothing,
    }
}

fn answers() -> Value {
    json!({ "answers": [{ "itemNumber": 1, "answer": "Answer one." }, { "itemNumber": 2, "answer": "Answer two." }] })
}

fn environment_input(name: &str) -> Value {
    json!({ "name": name, "provider": "Matrix Oy", "providerBusinessId": "0313471-7",
            "registeredOn": "2026-01-01", "certificateValidUntil": "2030-01-01", "status": "REGISTERED" })
}

pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    application_id: &str,
) -> Result<String, String> {
    let operations = json!({
        "query": "mutation($id: UUID!, $file: Upload!) { uploadAttachment(applicationId: $id, kind: OTHER, file: $file) { downloadUrl } }",
        "variables": { "id": application_id, "file": null }
    });
    let form = Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.file"] }).to_string())
        .part(
            "0",
            Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("plan.pdf"),
        );
    let mut request = app.client.post(app.url("/graphql")).multipart(form);
    if !token.is_empty() {
        request = request.bearer_auth(token);
    }
    let body: Value = request.send().await.unwrap().json().await.unwrap();
    match body["errors"][0]["extensions"]["code"].as_str() {
        Some(code) => Err(code.to_owned()),
        None => Ok(body["data"]["uploadAttachment"]["downloadUrl"]
            .as_str()
            .unwrap()
            .to_owned()),
    }
}

/// Calls the operation; `Ok` on success, otherwise the error code.
async fn attempt(
    app: &TestApp,
    operation: Operation,
    token: Option<&str>,
    fixture: &Fixture,
) -> Result<(), String> {
    let gql = |query: &'static str, variables: Value| async move {
        let (_, body) = app.graphql(token, query, variables).await;
        match body["errors"][0]["extensions"]["code"].as_str() {
            Some(code) => Err(code.to_owned()),
            None => Ok(()),
        }
    };
    let case = |name: &'static str, args: &'static str, variables: Value| async move {
        let Fixture::Application(application) = fixture else {
            unreachable!("{name} needs an application")
        };
        command(app, token.unwrap_or(""), name, application, args, variables)
            .await
            .map(|_| ())
            .map_err(|(code, _)| code)
    };
    let permit = || match fixture {
        Fixture::Permit(p) => p.clone(),
        _ => Value::Null,
    };
    let application_id = || match fixture {
        Fixture::Application(a) => a["id"].clone(),
        _ => Value::Null,
    };
    let organisation = || match fixture {
        Fixture::Organisation(o) => o.clone(),
        _ => Value::Null,
    };
    let order = || match fixture {
        Fixture::DeliveryOrder(o) => o.clone(),
        _ => Value::Null,
    };
    let output = || match fixture {
        Fixture::OutputRequest(r) => r.clone(),
        _ => Value::Null,
    };
    match operation {
        Operation::ViewSelf => gql("{ me { id } }", json!({})).await,
        Operation::ViewOwnSessions => gql("{ mySessions { id } }", json!({})).await,
        Operation::EndOwnSession => {
            gql("mutation($id: UUID!) { endSession(id: $id) }", json!({ "id": uuid::Uuid::new_v4() })).await
        }
        Operation::EndOtherOwnSessions => gql("mutation { endOtherSessions }", json!({})).await,
        Operation::ViewOwnAccessLog => gql("{ myAccessLog { edges { cursor } } }", json!({})).await,
        Operation::ViewDataCatalogue => gql("{ dataControllers { id } }", json!({})).await,
        Operation::ViewProcessingEnvironments => gql("{ processingEnvironments { id } }", json!({})).await,
        Operation::ViewAuditLog => gql("{ auditLog(first: 1) { edges { cursor } } }", json!({})).await,
        Operation::VerifyAuditLog => gql("{ verifyAuditLog { intact } }", json!({})).await,
        Operation::RegisterProcessingEnvironment => {
            let input = environment_input(&format!("Env {}", uuid::Uuid::new_v4()));
            gql("mutation($input: ProcessingEnvironmentInput!) { registerProcessingEnvironment(input: $input) { id } }", json!({ "input": input })).await
        }
        Operation::UpdateProcessingEnvironment => {
            let Fixture::Environment(env) = fixture else { unreachable!() };
            gql(
                "mutation($id: UUID!, $v: Int!, $input: ProcessingEnvironmentInput!) { updateProcessingEnvironment(id: $id, version: $v, input: $input) { id } }",
                json!({ "id": env["id"], "v": env["version"], "input": environment_input(env["name"].as_str().unwrap()) }),
            )
            .await
        }
        Operation::CreateApplication => gql("mutation { createApplication(kind: DATA_REQUEST) { id } }", json!({})).await,
        Operation::ViewMyApplications => gql("{ myApplications { edges { cursor } } }", json!({})).await,
        Operation::ViewApplication => gql("query($id: UUID!) { application(id: $id) { id } }", json!({ "id": application_id() })).await,
        Operation::ViewApplicationQueue => gql("{ applicationQueue { edges { cursor } } }", json!({})).await,
        Operation::DownloadAttachment => {
            let Fixture::Download(url) = fixture else { unreachable!() };
            http(app, token, app.client.get(app.url(url))).await
        }
        Operation::FileObjection => gql("mutation { fileObjection { created } }", json!({})).await,
        Operation::RecordObjection => {
            let input = json!({ "identityCode": identity_code(1950, 940), "channel": "POST",
                "identityVerification": "NOTARISED_SIGNATURE", "receivedOn": "2026-01-05" });
            gql("mutation($input: RecordObjectionInput!) { recordObjection(input: $input) { created } }", json!({ "input": input })).await
        }
        Operation::WithdrawObjection => {
            let Fixture::Objection(objection) = fixture else { unreachable!() };
            gql(
                "mutation($id: UUID!, $v: Int!) { withdrawObjection(id: $id, version: $v) { status } }",
                json!({ "id": objection["id"], "v": objection["version"] }),
            )
            .await
        }
        Operation::ViewOwnObjections => gql("{ myObjections { edges { cursor } } }", json!({})).await,
        Operation::ViewObjection => {
            let Fixture::Objection(objection) = fixture else { unreachable!() };
            gql("query($id: UUID!) { objection(id: $id, reason: \"Matrix check\") { id } }", json!({ "id": objection["id"] })).await
        }
        Operation::ExportOwnObjectionData => http(app, token, app.client.get(app.url("/api/objections/me/export"))).await,
        Operation::RunCohortFilter => {
            let today = tietolupa_test_support::today_in_finland();
            let request = app
                .client
                .post(app.url(&format!("/api/cohort-filter?extractionDate={today}")))
                .body(format!("{}\n", identity_code(1960, 950)));
            http(app, token, request).await
        }
        Operation::ViewPermit => gql("query($id: UUID!) { permit(id: $id) { id } }", json!({ "id": permit()["id"] })).await,
        Operation::RevokePermit => {
            gql(
                "mutation($id: UUID!, $v: Int!) { revokePermit(id: $id, version: $v, reason: \"Breach.\") { id } }",
                json!({ "id": permit()["id"], "v": permit()["version"] }),
            )
            .await
        }
        Operation::ConfirmDataDestruction => {
            let today = tietolupa_test_support::today_in_finland().to_string();
            gql(
                "mutation($id: UUID!, $v: Int!, $on: Date!) { confirmDataDestruction(id: $id, version: $v, destroyedOn: $on) { id } }",
                json!({ "id": permit()["id"], "v": permit()["version"], "on": today }),
            )
            .await
        }
        Operation::ViewPublishedDecisions => gql("{ publishedDecisions { edges { cursor } } }", json!({})).await,
        Operation::ViewPublishedDecision => {
            let Fixture::Diary(diary) = fixture else { unreachable!() };
            gql("query($d: String!) { publishedDecision(diaryNumber: $d) { title } }", json!({ "d": diary })).await
        }
        Operation::DownloadPublicDecisionDocument => {
            let Fixture::Diary(diary) = fixture else { unreachable!() };
            let diary = diary.as_str().unwrap_or_default().replace('/', "%2F");
            http(app, token, app.client.get(app.url(&format!("/api/decisions/{diary}/document.pdf")))).await
        }
        Operation::DownloadDecisionDocument => {
            let url = format!("/api/applications/{}/decision.pdf", application_id().as_str().unwrap_or_default());
            http(app, token, app.client.get(app.url(&url))).await
        }
        Operation::ViewDecisionStatistics => gql("{ decisionStatistics { total } }", json!({})).await,
        Operation::ExportDecisions => {
            for format in ["csv", "json", "atom"] {
                let url = app.url(&format!("/api/decisions.{format}"));
                http(app, token, app.client.get(url)).await?;
            }
            Ok(())
        }
        Operation::ExportDataCatalogue => {
            for path in ["/api/catalogue", "/api/catalogue.jsonld", "/api/catalogue.ttl"] {
                http(app, token, app.client.get(app.url(path))).await?;
            }
            Ok(())
        }
        Operation::ViewDeadLetters => gql("{ deadLetters(first: 1) { edges { cursor } } }", json!({})).await,
        Operation::RetryMessage => {
            let Fixture::DeadLetter(id) = fixture else { unreachable!() };
            gql("mutation($id: UUID!) { retryMessage(id: $id) }", json!({ "id": id })).await
        }
        Operation::ViewOrganisations => gql("{ organisations { edges { cursor } } }", json!({})).await,
        Operation::ViewOrganisation => {
            gql("query($id: UUID!) { organisation(id: $id) { id contactPersons { id } } }", json!({ "id": organisation()["id"] })).await
        }
        Operation::CreateOrganisation => {
            gql("mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }", json!({ "input": organisation_input(&fresh_business_id()) })).await
        }
        Operation::UpdateOrganisation => {
            let o = organisation();
            gql(
                "mutation($id: UUID!, $v: Int!, $input: OrganisationInput!) { updateOrganisation(id: $id, version: $v, input: $input) { id } }",
                json!({ "id": o["id"], "v": o["version"], "input": organisation_input(o["businessId"].as_str().unwrap_or_default()) }),
            )
            .await
        }
        Operation::EndCustomerRelationship => {
            let o = organisation();
            gql(
                "mutation($id: UUID!, $v: Int!) { endCustomerRelationship(id: $id, version: $v, endedOn: \"2026-01-31\") { id } }",
                json!({ "id": o["id"], "v": o["version"] }),
            )
            .await
        }
        Operation::AddContactPerson => {
            let o = organisation();
            gql(
                "mutation($id: UUID!, $v: Int!, $input: ContactPersonInput!) { addContactPerson(organisationId: $id, version: $v, input: $input) { id } }",
                json!({ "id": o["id"], "v": o["version"], "input": { "role": "TECHNICAL", "name": "Tech", "email": "tech@example.fi" } }),
            )
            .await
        }
        Operation::UpdateContactPerson => {
            let o = organisation();
            gql(
                "mutation($id: UUID!, $v: Int!, $c: UUID!, $input: ContactPersonInput!) { updateContactPerson(organisationId: $id, version: $v, contactPersonId: $c, input: $input) { id } }",
                json!({ "id": o["id"], "v": o["version"], "c": o["contactId"], "input": contact_input() }),
            )
            .await
        }
        Operation::RemoveContactPerson => {
            let o = organisation();
            gql(
                "mutation($id: UUID!, $v: Int!, $c: UUID!) { removeContactPerson(organisationId: $id, version: $v, contactPersonId: $c) { id } }",
                json!({ "id": o["id"], "v": o["version"], "c": o["contactId"] }),
            )
            .await
        }
        Operation::ViewDeliveryOrders => {
            gql("query($id: UUID!) { deliveryOrder(id: $id) { id } }", json!({ "id": order()["id"] })).await
        }
        Operation::UpdateDeliveryOrder => {
            gql(
                "mutation($id: UUID!, $v: Int!) { markDeliveryOrderReceived(id: $id, version: $v) { id } }",
                json!({ "id": order()["id"], "v": order()["version"] }),
            )
            .await
        }
        Operation::RunPreparation => {
            let o = order();
            let request = app
                .client
                .post(app.url(&format!(
                    "/api/delivery-orders/{}/preparation?version={}&identityColumn=hetu",
                    o["id"].as_str().unwrap_or_default(),
                    o["version"]
                )))
                .body(format!("hetu\n{}\n", identity_code(1960, 950)));
            http(app, token, request).await
        }
        Operation::SubmitOutputRequest => {
            let Fixture::OutputSubmission { permit, order } = fixture else { unreachable!() };
            let tables = [("FREQUENCY", "t.csv", b"region,a,b\nNorth,20,30\nSouth,40,50\n".as_slice())];
            // Holders ask under their permit, handlers for a data request's order.
            let holder = output_requests::submit_as(app, token, "permitId", permit, &tables).await;
            match holder {
                Err(code) if code == "FORBIDDEN" => output_requests::submit_as(app, token, "deliveryOrderId", order, &tables).await,
                other => other,
            }
        }
        Operation::ViewOutputRequests => {
            gql("query($id: UUID!) { outputRequest(id: $id) { id } }", json!({ "id": output()["id"] })).await
        }
        Operation::ReviewOutputRequest => {
            gql(
                "mutation($id: UUID!, $v: Int!) { approveOutputRequest(id: $id, version: $v) { id } }",
                json!({ "id": output()["id"], "v": output()["version"] }),
            )
            .await
        }
        Operation::ConfirmOutputApproval => {
            gql(
                "mutation($id: UUID!, $v: Int!) { confirmOutputApproval(id: $id, version: $v) { id } }",
                json!({ "id": output()["id"], "v": output()["version"] }),
            )
            .await
        }
        Operation::DownloadOutputFile => {
            let url = output()["files"][0]["downloadUrl"].as_str().unwrap_or_default().to_owned();
            http(app, token, app.client.get(app.url(&url))).await
        }
        Operation::SetOutputCheckThresholds => {
            gql(
                "mutation($id: UUID!, $v: Int!) { setOutputCheckThresholds(permitId: $id, version: $v, thresholds: { minimumFrequency: 20 }) { id } }",
                json!({ "id": permit()["id"], "v": permit()["version"] }),
            )
            .await
        }
        Operation::DownloadPermitCredential => {
            let url = format!("/api/permits/{}/credential", permit()["id"].as_str().unwrap_or_default());
            http(app, token, app.client.get(app.url(&url))).await
        }
        Operation::ReadPermitSigningKeys => http(app, token, app.client.get(app.url("/.well-known/jwks.json"))).await,
        Operation::ReadPermitStatusList => http(app, token, app.client.get(app.url("/api/permit-status-list"))).await,
        Operation::ReadAuditCheckpoint => http(app, token, app.client.get(app.url("/api/audit/checkpoint"))).await,
        Operation::ReadAuditProof => {
            http(app, token, app.client.get(app.url("/api/audit/proof/consistency?from=1&to=1"))).await
        }
        Operation::CheckLiveness => http(app, token, app.client.get(app.url("/healthz"))).await,
        Operation::CheckReadiness => http(app, token, app.client.get(app.url("/readyz"))).await,
        Operation::ReadMetrics => http(app, token, app.client.get(app.url("/metrics"))).await,
        Operation::IssueDevelopmentToken => {
            let request = app.client.post(app.url("/dev/token")).json(&json!({ "sub": "demo-applicant-researcher" }));
            http(app, token, request).await
        }
        Operation::ListDevelopmentUsers => http(app, token, app.client.get(app.url("/dev/users"))).await,
        Operation::OpenGraphiql => http(app, token, app.client.get(app.url("/graphiql"))).await,
        Operation::Case(action) => match action {
            Action::Update => case("updateApplication", "$input: ApplicationInput!", json!({ "input": { "title": "Edited" } })).await,
            Action::AddAttachment => upload(app, token.unwrap_or(""), application_id().as_str().unwrap()).await.map(|_| ()),
            Action::Submit => case("submitApplication", "", json!({})).await,
            Action::Withdraw => case("withdrawApplication", "", json!({})).await,
            Action::Take => case("takeApplication", "", json!({})).await,
            Action::AddRemark => {
                gql(
                    "mutation($id: UUID!) { addRemark(applicationId: $id, visibility: INTERNAL, body: \"A remark.\") { id } }",
                    json!({ "id": application_id() }),
                )
                .await
            }
            Action::RequestInformation => case("requestInformation", "$items: [String!]!", json!({ "items": ["Why?"] })).await,
            Action::AnswerInformation => case("answerInformationRequest", "$answers: [InformationAnswerInput!]!", answers()).await,
            Action::ResolveInformationItem => {
                let Fixture::Application(application) = fixture else { unreachable!() };
                resolve(app, token, application).await
            }
            Action::Propose => {
                let proposal = cases::grant_proposal(app).await;
                case("proposeDecision", "$input: ProposalInput!", json!({ "input": proposal })).await
            }
            Action::ReturnForPreparation => case("returnForPreparation", "$reason: String!", json!({ "reason": "Revise." })).await,
            Action::Decide => case("decide", "", json!({})).await,
            Action::ExtendDeadline => {
                let Fixture::Application(application) = fixture else { unreachable!() };
                let due = time::Date::parse(application["deadline"]["dueOn"].as_str().unwrap(), &time::format_description::well_known::Iso8601::DATE).unwrap();
                case("extendDeadline", "$dueOn: Date!, $reason: String!", json!({ "dueOn": (due + time::Duration::days(10)).to_string(), "reason": "Complex." })).await
            }
        },
    }
}

/// A plain HTTP endpoint's answer as an error code.
async fn http(
    _app: &TestApp,
    token: Option<&str>,
    mut request: reqwest::RequestBuilder,
) -> Result<(), String> {
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    match request.send().await.unwrap().status().as_u16() {
        200 => Ok(()),
        401 => Err("UNAUTHENTICATED".into()),
        403 => Err("FORBIDDEN".into()),
        404 => Err("NOT_FOUND".into()),
        other => Err(format!("HTTP {other}")),
    }
}

async fn resolve(app: &TestApp, token: Option<&str>, application: &Value) -> Result<(), String> {
    // The item id, read as staff so that the caller's own visibility does not matter.
    let handler = app.demo_token("demo-handler-1").await;
    let data = cases::read(
        app,
        &handler,
        application["id"].as_str().unwrap(),
        "informationRequests { items { id } }",
    )
    .await
    .unwrap();
    let item = data["informationRequests"][0]["items"][0]["id"].clone();
    let (_, body) = app
        .graphql(
            token,
            "mutation($id: UUID!, $item: UUID!) { resolveInformationRequestItem(id: $id, itemId: $item) { id } }",
            json!({ "id": application["id"], "item": item }),
        )
        .await;
    match body["errors"][0]["extensions"]["code"].as_str() {
        Some(code) => Err(code.to_owned()),
        None => Ok(()),
    }
}

async fn every_cell_of_the_permission_matrix_holds(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let m = matrix(&app).await;
    let mut checked = 0;
    let mut failures = Vec::new();
    for operation in Operation::ALL {
        // Refusals change nothing, so refused roles share one fixture.
        let shared = prepare(&m, operation).await;
        for role in Role::ALL {
            let allowed = operation.allows(role);
            let token = (role != Role::Public).then(|| m.token(role.as_str()));
            let fresh;
            let fixture = if allowed {
                fresh = prepare(&m, operation).await;
                &fresh
            } else {
                &shared
            };
            let result = attempt(&app, operation, token, fixture).await;
            let expected: Result<(), String> = if allowed {
                Ok(())
            } else if role == Role::Public {
                Err("UNAUTHENTICATED".into())
            } else {
                Err("FORBIDDEN".into())
            };
            checked += 1;
            if result != expected {
                failures.push(format!(
                    "{} as {role}: expected {expected:?}, got {result:?}",
                    operation.entry_point()
                ));
            }
        }
        // Conditions beyond the role: a second applicant, or a handler who is not the presenter.
        let outsider = match operation.condition() {
            _ if operation == Operation::WithdrawObjection => Some(("OTHER_CITIZEN", "NOT_FOUND")),
            Some(c) if c.contains("own application") || c.contains("applicants: own") => {
                Some(("OTHER_APPLICANT", "NOT_FOUND"))
            }
            Some(c) if c.contains("presenter only") => Some(("PRESENTER", "FORBIDDEN")),
            _ => None,
        };
        if let Some((who, code)) = outsider {
            let fixture = prepare(&m, operation).await;
            let result = attempt(&app, operation, Some(m.token(who)), &fixture).await;
            checked += 1;
            if result != Err(code.to_owned()) {
                failures.push(format!(
                    "{} as {who}: expected {code}, got {result:?}",
                    operation.entry_point()
                ));
            }
        }
        // Conditions that narrow what an allowed role sees or may name: as the owner and
        // as someone else.
        for (label, result) in condition_cells(&m, operation).await {
            checked += 1;
            if let Err(problem) = result {
                failures.push(format!("{} {label}: {problem}", operation.entry_point()));
            }
        }
        // Four eyes: the presenter, even holding the director's role, never decides.
        if matches!(
            operation,
            Operation::Case(Action::Decide) | Operation::Case(Action::ReturnForPreparation)
        ) {
            let deputy = app.demo_token("demo-deputy-director").await;
            let proposed = cases::proposed_case(&app, m.token("APPLICANT"), &deputy).await;
            let result = attempt(
                &app,
                operation,
                Some(&deputy),
                &Fixture::Application(proposed),
            )
            .await;
            checked += 1;
            if result != Err("FORBIDDEN".to_owned()) {
                failures.push(format!(
                    "{} as its presenter: expected FORBIDDEN, got {result:?}",
                    operation.entry_point()
                ));
            }
        }
    }
    // Four eyes on output: a Director who reviewed never confirms their own approval.
    {
        let deputy = app.demo_token("demo-deputy-director").await;
        let awaiting = output_requests::request_at(
            &app,
            m.token("APPLICANT"),
            m.token("PRESENTER"),
            &deputy,
            Stage::AwaitingSecondApproval,
        )
        .await;
        let result = attempt(
            &app,
            Operation::ConfirmOutputApproval,
            Some(&deputy),
            &Fixture::OutputRequest(awaiting),
        )
        .await;
        checked += 1;
        if result != Err("FORBIDDEN".to_owned()) {
            failures.push(format!(
                "mutation confirmOutputApproval as its reviewer: expected FORBIDDEN, got {result:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every operation x 8 roles, plus 17 non-owner (4 of them the organisation register's,
    // 1 a delivery order's, 1 a permit credential's, 1 a decision document's), 3 output
    // requests' non-owner, 3 non-presenter, 8 condition and 2 + 1 four-eyes cells (the last
    // an output approval's).
    assert_eq!(
        checked,
        Operation::ALL.len() * Role::ALL.len() + 17 + 3 + 3 + 8 + 2 + 1
    );
    eprintln!(
        "permission matrix ({:?}): {checked} cells checked ({} operations x {} roles + {} owner/condition cells)",
        app.database.backend(),
        Operation::ALL.len(),
        Role::ALL.len(),
        checked - Operation::ALL.len() * Role::ALL.len()
    );
}

/// The cells of conditions that are not decided by role alone; each is `Ok` when the
/// API behaved as the condition says.
async fn condition_cells(
    m: &Matrix<'_>,
    operation: Operation,
) -> Vec<(&'static str, Result<(), String>)> {
    let app = m.app;
    let expect_code = |result: Result<(), String>, code: &str| match result {
        Err(c) if c == code => Ok(()),
        other => Err(format!("expected {code}, got {other:?}")),
    };
    let gql = |who: &'static str, query: &'static str, variables: Value| async move {
        let (_, body) = app.graphql(Some(m.token(who)), query, variables).await;
        match body["errors"][0]["extensions"]["code"].as_str() {
            Some(code) => Err(code.to_owned()),
            None => Ok(body["data"].clone()),
        }
    };
    match operation {
        Operation::CreateApplication => {
            let granted =
                cases::granted_case(app, m.token("APPLICANT"), m.token("PRESENTER")).await;
            let until = (tietolupa_test_support::today_in_finland()
                + time::Duration::days(365 * 4))
            .to_string();
            let amend = |who| {
                gql(
                    who,
                    "mutation($p: UUID!, $until: Date!) { createApplication(kind: AMENDMENT, permit: $p, amendment: { changes: [EXTEND_VALIDITY], newValidUntil: $until }) { id } }",
                    json!({ "p": granted["permit"]["id"], "until": until }),
                )
            };
            vec![
                (
                    "amendment by the permit's holder",
                    amend("APPLICANT").await.map(|_| ()),
                ),
                (
                    "amendment by another applicant",
                    expect_code(amend("OTHER_APPLICANT").await.map(|_| ()), "NOT_FOUND"),
                ),
            ]
        }
        Operation::FileObjection => {
            // An adult is nobody's minor: representation needs a basis that holds.
            let result = gql(
                "CITIZEN",
                "mutation($input: FileObjectionInput) { fileObjection(input: $input) { created } }",
                json!({ "input": { "representedIdentityCode": identity_code(1951, 941), "representationBasis": "GUARDIAN_OF_MINOR" } }),
            )
            .await;
            vec![(
                "for an unrelated adult as their guardian",
                expect_code(result.map(|_| ()), "VALIDATION"),
            )]
        }
        Operation::ViewOwnObjections => {
            let objection = &objection_of_citizen(m).await;
            let sees = |who| async move {
                let data =
                    gql(who, "{ myObjections { edges { node { id } } } }", json!({})).await?;
                Ok::<bool, String>(
                    data["myObjections"]["edges"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|e| e["node"]["id"] == objection["id"]),
                )
            };
            vec![
                ("the person's own", expect_seen(sees("CITIZEN").await, true)),
                (
                    "another citizen",
                    expect_seen(sees("OTHER_CITIZEN").await, false),
                ),
            ]
        }
        Operation::ExportOwnObjectionData => {
            let objection = objection_of_citizen(m).await;
            let id = objection["id"].as_str().unwrap().to_owned();
            let sees = |who| {
                let id = id.clone();
                async move {
                    let response = app
                        .client
                        .get(app.url("/api/objections/me/export"))
                        .bearer_auth(m.token(who))
                        .send()
                        .await
                        .unwrap();
                    if response.status() != 200 {
                        return Err(format!("HTTP {}", response.status()));
                    }
                    Ok(response.text().await.unwrap().contains(&id))
                }
            };
            vec![
                ("the person's own", expect_seen(sees("CITIZEN").await, true)),
                (
                    "another citizen",
                    expect_seen(sees("OTHER_CITIZEN").await, false),
                ),
            ]
        }
        Operation::ViewObjection => {
            let objection = objection_of_citizen(m).await;
            let result = gql(
                "REGISTRY_CLERK",
                "query($id: UUID!) { objection(id: $id, reason: \"  \") { id } }",
                json!({ "id": objection["id"] }),
            )
            .await;
            vec![(
                "without a reason",
                expect_code(result.map(|_| ()), "VALIDATION"),
            )]
        }
        _ => Vec::new(),
    }
}

fn expect_seen(result: Result<bool, String>, expected: bool) -> Result<(), String> {
    match result {
        Ok(seen) if seen == expected => Ok(()),
        Ok(seen) => Err(format!(
            "the objection was seen: {seen}, expected {expected}"
        )),
        Err(code) => Err(format!("refused: {code}")),
    }
}

on_both_databases!(every_cell_of_the_permission_matrix_holds);

/// Every root field of the live GraphQL schema is an operation of the permission table,
/// so a new query or mutation cannot ship without a row in `docs/permissions.md` (and
/// thereby without a cell in the exhaustive test above).
#[test]
fn every_graphql_root_field_has_an_operation() {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

    let document = async_graphql::parser::parse_schema(tietolupa_graphql::sdl()).unwrap();
    let mut roots = Vec::new();
    for definition in &document.definitions {
        if let TypeSystemDefinition::Schema(schema) = definition {
            let schema = &schema.node;
            roots.extend(schema.query.iter().map(|n| ("query", n.node.to_string())));
            roots.extend(
                schema
                    .mutation
                    .iter()
                    .map(|n| ("mutation", n.node.to_string())),
            );
            assert!(schema.subscription.is_none(), "subscriptions need rows too");
        }
    }
    assert_eq!(roots.len(), 2, "a query and a mutation root");
    let entry_points: Vec<String> = Operation::ALL
        .iter()
        .flat_map(|op| expand(op.entry_point()))
        .collect();
    let mut fields = Vec::new();
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let Some((kind, _)) = roots.iter().find(|(_, name)| *name == *ty.node.name.node) else {
            continue;
        };
        let TypeKind::Object(object) = &ty.node.kind else {
            panic!("a root type is an object");
        };
        for field in &object.fields {
            fields.push(format!("{kind} {}", field.node.name.node));
        }
    }
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !entry_points.contains(f))
        .collect();
    assert!(
        missing.is_empty(),
        "root fields without an Operation: {missing:?}"
    );
    // And no operation names a field that no longer exists.
    let stale: Vec<&String> = entry_points
        .iter()
        .filter(|e| e.starts_with("query ") || e.starts_with("mutation "))
        .filter(|e| !fields.contains(e))
        .collect();
    assert!(stale.is_empty(), "operations naming no field: {stale:?}");
    eprintln!("{} GraphQL root fields, each an operation", fields.len());
}

/// Every route of the HTTP router is an operation of the permission table. The router's
/// source (`router.rs` and the `router()` of each handler module it merges) is read
/// because axum cannot list its routes; `/graphql` is covered field by field above, the
/// `{*rest}` catch-alls only answer 404, and the web app's shell (`app_shell`, the same page
/// for every client route) and static files are no operation.
#[test]
fn every_http_route_has_an_operation() {
    let dir = tietolupa_test_support::repository_root().join("crates/http/src");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let source: String = files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    let entry_points: Vec<String> = Operation::ALL
        .iter()
        .flat_map(|op| expand(op.entry_point()))
        .collect();
    let mut routes = Vec::new();
    for call in source.split(".route(").skip(1) {
        let path = call.split('"').nth(1).unwrap();
        // The handlers, up to the call's closing parenthesis.
        let mut depth = 1;
        let end = call
            .char_indices()
            .find(|(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map(|(i, _)| i)
            .unwrap();
        let handlers = &call[..end];
        if path == "/graphql"
            || path.contains("{*")
            || handlers.contains("api_not_found")
            || handlers.contains("app_shell")
        {
            continue;
        }
        for method in ["get", "post", "put", "patch", "delete"] {
            if handlers.contains(&format!(" {method}("))
                || handlers.contains(&format!(".{method}("))
            {
                routes.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    assert!(
        routes.len() >= 10,
        "the router's routes were found: {routes:?}"
    );
    let missing: Vec<&String> = routes
        .iter()
        .filter(|r| !entry_points.contains(r))
        .collect();
    assert!(
        missing.is_empty(),
        "HTTP routes without an Operation: {missing:?}"
    );
    let stale: Vec<&String> = entry_points
        .iter()
        .filter(|e| !e.starts_with("query ") && !e.starts_with("mutation "))
        .filter(|e| !routes.contains(e))
        .collect();
    assert!(stale.is_empty(), "operations naming no route: {stale:?}");
    eprintln!("{} HTTP routes, each an operation", routes.len());
}

/// `GET /api/decisions.{csv,json,atom}` -> its three routes; `query {a,b}` -> its two
/// fields. Braces without a comma (`{id}`) are a path parameter and stay.
fn expand(entry_point: &str) -> Vec<String> {
    // The first brace group holding a comma at its own level is a list of alternatives;
    // groups nest, so `POST /a{,/{id}/b}` is `POST /a` and `POST /a/{id}/b`.
    let bytes = entry_point.as_bytes();
    for open in (0..bytes.len()).filter(|&i| bytes[i] == b'{') {
        let mut depth = 0;
        let mut commas = Vec::new();
        let mut close = None;
        for (i, &b) in bytes.iter().enumerate().skip(open) {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                b',' if depth == 1 => commas.push(i),
                _ => {}
            }
        }
        let Some(close) = close else { break };
        if commas.is_empty() {
            continue;
        }
        let mut bounds = vec![open];
        bounds.extend(&commas);
        bounds.push(close);
        return bounds
            .windows(2)
            .map(|w| {
                let part = &entry_point[w[0] + 1..w[1]];
                format!(
                    "{}{part}{}",
                    &entry_point[..open],
                    &entry_point[close + 1..]
                )
            })
            .collect();
    }
    vec![entry_point.to_owned()]
}
