//! Applicants act for their organisation, permits name it as holder, and the fee goes to
//! its invoicing contact (DESIGN.md section 12), through the API on both engines.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tietolupa_entity::outbox_message;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::amendments::grant;
use crate::cases::{self, published, refused};
use crate::organisations::audit_entries;
use crate::permits::{AMEND, grant_amendment};

const RESEARCHER: &str = "demo-applicant-researcher";
const COMPANY: &str = "demo-applicant-company";
const NOT_YOURS: &str = "you are not a contact person of this organisation";
const ENDED: &str = "the customer relationship has already ended";

/// The organisations `token`'s user sees, by name.
async fn organisation_id(app: &TestApp, token: &str, name: &str) -> Value {
    let data = app
        .query_ok(
            Some(token),
            "{ organisations(first: 100) { edges { node { id name version } } } }",
            json!({}),
        )
        .await;
    data["organisations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["name"] == name)
        .unwrap_or_else(|| panic!("organisation {name} in {data}"))["node"]["id"]
        .clone()
}

/// A new customer organisation whose only contact person is the main user `subject`;
/// returns its id and version.
async fn organisation_of(app: &TestApp, name: &str, business_id: &str, subject: &str) -> Value {
    let handler = app.demo_token("demo-handler-1").await;
    let created = app
        .query_ok(
            Some(&handler),
            "mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id version } }",
            json!({ "input": { "name": name, "businessId": business_id, "customerSince": "2020-01-01" } }),
        )
        .await["createOrganisation"]
        .clone();
    add_contact(app, &created, "MAIN_USER", "someone@example.fi", subject).await
}

async fn add_contact(
    app: &TestApp,
    organisation: &Value,
    role: &str,
    email: &str,
    subject: &str,
) -> Value {
    let handler = app.demo_token("demo-handler-1").await;
    app.query_ok(
        Some(&handler),
        "mutation($id: UUID!, $v: Int!, $input: ContactPersonInput!) { addContactPerson(organisationId: $id, version: $v, input: $input) { id version } }",
        json!({ "id": organisation["id"], "v": organisation["version"],
            "input": { "role": role, "name": "Eero Salminen", "email": email, "userSubject": subject } }),
    )
    .await["addContactPerson"]
        .clone()
}

/// A complete permit application acting for `organisation` (null: a private person).
async fn input_for(app: &TestApp, organisation: &Value) -> Value {
    let mut input = cases::complete_permit_input(app).await;
    input["organisationId"] = organisation.clone();
    if organisation.is_null() {
        input["organisationName"] = Value::Null;
        input["businessId"] = Value::Null;
    }
    input
}

/// Walks `input` to a granted permit (fee category PERMIT); returns the decided
/// application with its organisation, permit and fee notice.
async fn granted(app: &TestApp, applicant: &str, input: Value) -> Value {
    let proposal = cases::grant_proposal(app).await;
    let decided = grant(app, applicant, input, proposal).await;
    let handler = app.demo_token("demo-handler-1").await;
    cases::read(
        app,
        &handler,
        decided["id"].as_str().unwrap(),
        "id diaryNumber organisationName businessId organisation { id name businessId }
         permit { id version holderOrganisation { id name businessId } }
         feeNotice { recipient email amountCents }",
    )
    .await
    .unwrap()
}

/// The fee notice queued for an application, if any.
async fn fee_notice_row(app: &TestApp, application: &Value) -> Option<outbox_message::Model> {
    let key = format!("fee-notice:{}", application["id"].as_str().unwrap());
    outbox_message::Entity::find()
        .filter(outbox_message::Column::DedupeKey.eq(key))
        .one(app.db.raw_connection_for_tests())
        .await
        .unwrap()
}

/// The refusal's `(field, message)` pairs, from a VALIDATION error.
fn problems(body: &Value) -> Vec<(String, String)> {
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );
    body["errors"][0]["extensions"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn one(field: &str, message: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), message.to_owned())]
}

/// The denied audit entries of `action` naming `organisation`.
async fn denials(app: &TestApp, action: &str, organisation: &Value) -> Vec<Value> {
    audit_entries(app, action)
        .await
        .into_iter()
        .filter(|n| n["outcome"] == "DENIED" && n["targetId"] == *organisation)
        .collect()
}

/// A draft amendment of `permit` asking to combine `other` into it.
async fn combining(app: &TestApp, token: &str, permit: &Value, other: &Value) -> Value {
    let amendment =
        json!({ "changes": ["COMBINE_PERMITS"], "combinePermitIds": [other["permit"]["id"]] });
    app.query_ok(
        Some(token),
        AMEND,
        json!({ "permit": permit["permit"]["id"], "amendment": amendment }),
    )
    .await["createApplication"]
        .clone()
}

async fn an_applicant_acts_for_their_organisation_which_holds_the_permit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let researcher = app.demo_token(RESEARCHER).await;
    let university = organisation_id(&app, &researcher, "Helsingin yliopisto").await;

    // The register's name and business ID win over what the form sent.
    let mut input = input_for(&app, &university).await;
    input["organisationName"] = json!("Helsinki Uni (typo)");
    input["businessId"] = json!("");
    let draft = cases::create(&app, &researcher, "DATA_PERMIT", input).await;
    let shown = cases::read(
        &app,
        &researcher,
        draft["id"].as_str().unwrap(),
        "organisationName businessId organisation { id name businessId }",
    )
    .await
    .unwrap();
    assert_eq!(
        shown,
        json!({ "organisationName": "Helsingin yliopisto", "businessId": "0313471-7",
            "organisation": { "id": university, "name": "Helsingin yliopisto", "businessId": "0313471-7" } })
    );

    let decided = granted(&app, &researcher, input_for(&app, &university).await).await;
    let organisation =
        json!({ "id": university, "name": "Helsingin yliopisto", "businessId": "0313471-7" });
    assert_eq!(decided["organisation"], organisation);
    assert_eq!(decided["permit"]["holderOrganisation"], organisation);
    let permit = app
        .query_ok(
            Some(&researcher),
            "query($id: UUID!) { permit(id: $id) { holderOrganisation { id name businessId } } }",
            json!({ "id": decided["permit"]["id"] }),
        )
        .await;
    assert_eq!(permit["permit"]["holderOrganisation"], organisation);
    // The public register names the holder organisation.
    assert_eq!(
        published(&app, &decided["diaryNumber"]).await["holder"],
        "Helsingin yliopisto"
    );

    // The fee notice went to the university's invoicing contact.
    assert_eq!(
        decided["feeNotice"],
        json!({ "recipient": "INVOICING_CONTACT", "email": "laskutus@example.fi", "amountCents": 100_000 })
    );
    let row = fee_notice_row(&app, &decided).await.expect("a fee notice");
    assert_eq!(row.kind, "FEE_NOTICE");
    assert_eq!(row.recipient_email.as_deref(), Some("laskutus@example.fi"));
    assert_eq!(row.payload["billingReference"], "HY-4711");
    assert_eq!(row.payload["businessId"], "0313471-7");
    assert_eq!(row.payload["feeCents"], 100_000);
    // The applicant sees where it went, too.
    let own = cases::read(
        &app,
        &researcher,
        decided["id"].as_str().unwrap(),
        "feeNotice { recipient }",
    )
    .await
    .unwrap();
    assert_eq!(own["feeNotice"]["recipient"], "INVOICING_CONTACT");

    // A private person acts for no organisation and is sent no fee notice.
    let private = granted(&app, &researcher, input_for(&app, &Value::Null).await).await;
    assert_eq!(private["organisation"], Value::Null);
    assert_eq!(private["permit"]["holderOrganisation"], Value::Null);
    assert_eq!(private["feeNotice"], Value::Null);
    assert!(fee_notice_row(&app, &private).await.is_none());
    assert_eq!(
        published(&app, &private["diaryNumber"]).await["holder"],
        "private person"
    );
}

async fn acting_for_another_or_an_ended_organisation_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let researcher = app.demo_token(RESEARCHER).await;
    let company = app.demo_token(COMPANY).await;
    let theirs = organisation_id(&app, &company, "Terveysanalytiikka Oy").await;

    // Another's organisation: a field error, and an audited refusal naming it.
    let input = input_for(&app, &theirs).await;
    let query = "mutation($input: ApplicationInput!) { createApplication(kind: DATA_PERMIT, input: $input) { id } }";
    let (_, body) = app
        .graphql(Some(&researcher), query, json!({ "input": input }))
        .await;
    assert_eq!(problems(&body), one("organisationId", NOT_YOURS));
    assert_eq!(
        body["errors"][0]["extensions"]["fields"][0]["key"],
        "NotYourOrganisation"
    );
    let denied = denials(&app, "application.create", &theirs).await;
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(denied[0]["actorId"], RESEARCHER);
    // An organisation that does not exist reads the same.
    let mut input = input_for(&app, &json!("018f0000-0000-7000-8000-000000000001")).await;
    let (_, body) = app
        .graphql(Some(&researcher), query, json!({ "input": input.clone() }))
        .await;
    assert_eq!(problems(&body), one("organisationId", NOT_YOURS));

    // Saving a draft with it is refused the same way.
    input["organisationId"] = Value::Null;
    let draft = cases::create(&app, &researcher, "DATA_PERMIT", input.clone()).await;
    input["organisationId"] = theirs.clone();
    let (code, body) = refused(
        &app,
        &researcher,
        "updateApplication",
        &draft,
        "$input: ApplicationInput!",
        json!({ "input": input }),
    )
    .await;
    assert_eq!(code, "VALIDATION");
    assert_eq!(problems(&body), one("organisationId", NOT_YOURS));
    assert_eq!(denials(&app, "application.update", &theirs).await.len(), 1);

    // An organisation whose relationship has ended no longer applies for anything.
    let former = organisation_of(&app, "Entinen Asiakas Oy", "2357111-3", RESEARCHER).await;
    let acting = input_for(&app, &former["id"]).await;
    let before_end = cases::create(&app, &researcher, "DATA_PERMIT", acting.clone()).await;
    let handler = app.demo_token("demo-handler-1").await;
    app.query_ok(
        Some(&handler),
        "mutation($id: UUID!, $v: Int!, $on: Date!) { endCustomerRelationship(id: $id, version: $v, endedOn: $on) { id } }",
        json!({ "id": former["id"], "v": former["version"], "on": tietolupa_test_support::today_in_finland().to_string() }),
    )
    .await;
    let (_, body) = app
        .graphql(Some(&researcher), query, json!({ "input": acting }))
        .await;
    assert_eq!(problems(&body), one("organisationId", ENDED));
    assert_eq!(
        denials(&app, "application.create", &former["id"])
            .await
            .len(),
        1
    );
    // A draft saved before the end cannot be submitted for it.
    let (code, body) = refused(
        &app,
        &researcher,
        "submitApplication",
        &before_end,
        "",
        json!({}),
    )
    .await;
    assert_eq!(code, "VALIDATION");
    assert_eq!(problems(&body), one("organisationId", ENDED));
    assert_eq!(
        denials(&app, "application.submit", &former["id"])
            .await
            .len(),
        1
    );
    let still = cases::read(
        &app,
        &researcher,
        before_end["id"].as_str().unwrap(),
        "state",
    )
    .await
    .unwrap();
    assert_eq!(still["state"], "DRAFT");
}

async fn permits_of_one_organisation_combine_and_of_two_do_not(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let researcher = app.demo_token(RESEARCHER).await;
    let company = app.demo_token(COMPANY).await;
    let university = organisation_id(&app, &researcher, "Helsingin yliopisto").await;
    let theirs = organisation_id(&app, &company, "Terveysanalytiikka Oy").await;
    // The company's user is also a researcher of the university.
    let handler = app.demo_token("demo-handler-1").await;
    let current = app
        .query_ok(
            Some(&handler),
            "query($id: UUID!) { organisation(id: $id) { id version } }",
            json!({ "id": university }),
        )
        .await["organisation"]
        .clone();
    add_contact(&app, &current, "TECHNICAL", "mikko@example.fi", COMPANY).await;

    let own = granted(&app, &researcher, input_for(&app, &university).await).await;
    let colleagues = granted(&app, &company, input_for(&app, &university).await).await;
    let companys = granted(&app, &company, input_for(&app, &theirs).await).await;

    // Another organisation's permit: as if it did not exist.
    let draft = combining(&app, &researcher, &own, &companys).await;
    let (_, body) = refused(
        &app,
        &researcher,
        "submitApplication",
        &draft,
        "",
        json!({}),
    )
    .await;
    assert_eq!(
        problems(&body),
        one("amendment.combinePermitIds[0]", "no such permit")
    );

    // A colleague's permit of the same organisation combines.
    let draft = combining(&app, &researcher, &own, &colleagues).await;
    grant_amendment(&app, &researcher, &draft).await;
    let merged = app
        .query_ok(
            Some(&handler),
            "query($id: UUID!) { permit(id: $id) { status combinedInto } }",
            json!({ "id": colleagues["permit"]["id"] }),
        )
        .await;
    assert_eq!(
        merged["permit"],
        json!({ "status": "COMBINED", "combinedInto": own["permit"]["id"] })
    );
}

async fn without_an_invoicing_contact_the_fee_notice_goes_to_the_applicant(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let researcher = app.demo_token(RESEARCHER).await;
    let organisation = organisation_of(&app, "Laskutukseton Oy", "2357111-3", RESEARCHER).await;
    let decided = granted(
        &app,
        &researcher,
        input_for(&app, &organisation["id"]).await,
    )
    .await;
    // To the application's contact address, and staff see that it went there.
    assert_eq!(
        decided["feeNotice"],
        json!({ "recipient": "APPLICANT", "email": "aino.virtanen@example.fi", "amountCents": 100_000 })
    );
    let row = fee_notice_row(&app, &decided).await.expect("a fee notice");
    assert_eq!(
        row.recipient_email.as_deref(),
        Some("aino.virtanen@example.fi")
    );
    assert_eq!(row.recipient_id, RESEARCHER);
    assert_eq!(row.payload["recipient"], "APPLICANT");
    assert_eq!(row.payload["organisationName"], "Laskutukseton Oy");
}

on_both_databases!(
    an_applicant_acts_for_their_organisation_which_holds_the_permit,
    acting_for_another_or_an_ended_organisation_is_refused,
    permits_of_one_organisation_combine_and_of_two_do_not,
    without_an_invoicing_contact_the_fee_notice_goes_to_the_applicant,
);
