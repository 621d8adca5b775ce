//! The organisation register (DESIGN.md section 12) through the API: staff keep
//! organisations, a main user manages their own organisation's contact persons and no other,
//! and ten years after a relationship ended the contact data goes (store job and CLI, with a
//! clock).

use serde_json::{Value, json};
use tietolupa_store::CallContext;
use tietolupa_store::organisations::purge_ended_organisations;
use tietolupa_test_support::{Backend, TestApp, on_both_databases, test_environment};
use time::macros::date;

use crate::cli::tietolupa;

const FIELDS: &str =
    "id name businessId address customerSince relationshipEndedOn contactDataPurgedOn version";

fn organisation_input(name: &str, business_id: &str) -> Value {
    json!({ "name": name, "businessId": business_id, "address": "Yliopistonkatu 4, 00100 Helsinki", "customerSince": "2010-01-04" })
}

async fn create(app: &TestApp, handler: &str, name: &str, business_id: &str) -> Value {
    let data = app
        .query_ok(
            Some(handler),
            &format!("mutation($input: OrganisationInput!) {{ createOrganisation(input: $input) {{ {FIELDS} }} }}"),
            json!({ "input": organisation_input(name, business_id) }),
        )
        .await;
    data["createOrganisation"].clone()
}

fn contact(role: &str, name: &str, subject: Option<&str>) -> Value {
    json!({ "role": role, "name": name, "email": "contact@example.fi", "phone": "+358 40 123 4567", "userSubject": subject })
}

/// `addContactPerson`'s answer: the organisation, or the error's code and body.
async fn add_contact(
    app: &TestApp,
    token: &str,
    organisation: &Value,
    input: Value,
) -> Result<Value, (String, Value)> {
    let (_, body) = app
        .graphql(
            Some(token),
            &format!("mutation($id: UUID!, $v: Int!, $input: ContactPersonInput!) {{ addContactPerson(organisationId: $id, version: $v, input: $input) {{ {FIELDS} contactPersons {{ id role name userSubject }} }} }}"),
            json!({ "id": organisation["id"], "v": organisation["version"], "input": input }),
        )
        .await;
    match body["errors"][0]["extensions"]["code"].as_str() {
        Some(code) => Err((code.to_owned(), body.clone())),
        None => Ok(body["data"]["addContactPerson"].clone()),
    }
}

pub(crate) async fn audit_entries(app: &TestApp, action: &str) -> Vec<Value> {
    let auditor = app.demo_token("demo-auditor").await;
    let data = app
        .query_ok(
            Some(&auditor),
            "query($action: String!) { auditLog(first: 100, filter: { action: $action }) { edges { node { actorId actorRole targetType targetId outcome details } } } }",
            json!({ "action": action }),
        )
        .await;
    data["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

async fn staff_keep_the_register(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let handler = app.demo_token("demo-handler-1").await;
    let director = app.demo_token("demo-director").await;
    let created = create(&app, &handler, "Itä-Suomen tutkimuskeskus", "2357111-3").await;
    assert_eq!(created["version"], 1);
    assert_eq!(created["businessId"], "2357111-3");
    assert_eq!(created["relationshipEndedOn"], Value::Null);

    // A corrupted business ID names its field.
    let (_, body) = app
        .graphql(
            Some(&handler),
            "mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }",
            json!({ "input": organisation_input("Typo Oy", "2357111-4") }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "VALIDATION",
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["extensions"]["fields"][0]["field"], "businessId",
        "{body}"
    );
    // So does one that is already registered.
    let (_, body) = app
        .graphql(
            Some(&handler),
            "mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }",
            json!({ "input": organisation_input("Twin Oy", "2357111-3") }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["fields"][0]["field"], "businessId",
        "{body}"
    );
    // Only handlers keep the register.
    assert_eq!(
        app.query_error_code(
            Some(&director),
            "mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }",
            json!({ "input": organisation_input("Director Oy", "0987654-3") }),
        )
        .await,
        "FORBIDDEN"
    );

    let update = format!(
        "mutation($id: UUID!, $v: Int!, $input: OrganisationInput!) {{ updateOrganisation(id: $id, version: $v, input: $input) {{ {FIELDS} }} }}"
    );
    let updated = app
        .query_ok(
            Some(&handler),
            &update,
            json!({ "id": created["id"], "v": 1, "input": organisation_input("Itä-Suomen tutkimuskeskus ry", "2357111-3") }),
        )
        .await["updateOrganisation"]
        .clone();
    assert_eq!(updated["name"], "Itä-Suomen tutkimuskeskus ry");
    assert_eq!(updated["version"], 2);
    // Someone who loaded version 1 does not overwrite the change.
    assert_eq!(
        app.query_error_code(
            Some(&handler),
            &update,
            json!({ "id": created["id"], "v": 1, "input": organisation_input("Stale", "2357111-3") }),
        )
        .await,
        "CONFLICT"
    );

    let end = format!(
        "mutation($id: UUID!, $v: Int!, $on: Date!) {{ endCustomerRelationship(id: $id, version: $v, endedOn: $on) {{ {FIELDS} }} }}"
    );
    assert_eq!(
        app.query_error_code(
            Some(&handler),
            &end,
            json!({ "id": created["id"], "v": 2, "on": "2009-12-31" })
        )
        .await,
        "VALIDATION"
    );
    let ended = app
        .query_ok(
            Some(&handler),
            &end,
            json!({ "id": created["id"], "v": 2, "on": "2026-06-30" }),
        )
        .await["endCustomerRelationship"]
        .clone();
    assert_eq!(ended["relationshipEndedOn"], "2026-06-30");
    assert_eq!(
        app.query_error_code(
            Some(&handler),
            &end,
            json!({ "id": created["id"], "v": 3, "on": "2026-07-01" })
        )
        .await,
        "INVALID_TRANSITION"
    );

    // Every command is on record, with its target.
    for action in [
        "organisation.create",
        "organisation.update",
        "organisation.end_relationship",
    ] {
        let entries = audit_entries(&app, action).await;
        assert!(
            entries.iter().any(|e| e["outcome"] == "SUCCESS"
                && e["actorId"] == "demo-handler-1"
                && e["targetId"] == created["id"]),
            "{action}: {entries:?}"
        );
    }
    let refused = audit_entries(&app, "organisation.create").await;
    assert!(
        refused
            .iter()
            .any(|e| e["outcome"] == "DENIED" && e["actorId"] == "demo-director")
    );

    // A staff read of the contact persons is audited; the list shows every organisation.
    let data = app
        .query_ok(
            Some(&director),
            "query($id: UUID!) { organisation(id: $id) { name contactPersons { id } } organisations(first: 100) { edges { node { businessId } } } }",
            json!({ "id": created["id"] }),
        )
        .await;
    assert_eq!(data["organisation"]["name"], "Itä-Suomen tutkimuskeskus ry");
    let listed: Vec<&str> = data["organisations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["businessId"].as_str().unwrap())
        .collect();
    assert!(
        listed.contains(&"2357111-3") && listed.contains(&"0313471-7"),
        "{listed:?}"
    );
    let reads = audit_entries(&app, "organisation.contacts.read").await;
    assert!(reads.iter().any(|e| e["actorId"] == "demo-director"
        && e["actorRole"] == "DIRECTOR"
        && e["targetType"] == "organisation"
        && e["targetId"] == created["id"]));
}

async fn a_main_user_manages_their_own_organisations_contacts_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let handler = app.demo_token("demo-handler-1").await;
    let main_user = app.dev_token("org-main-user", &["APPLICANT"], None).await;
    let technical = app.dev_token("org-technical", &["APPLICANT"], None).await;
    let ours = create(&app, &handler, "Oma Tutkimus Oy", "2357111-3").await;
    let theirs = create(&app, &handler, "Muu Tutkimus Oy", "0987654-3").await;
    let ours = add_contact(
        &app,
        &handler,
        &ours,
        contact("MAIN_USER", "Maija Main", Some("org-main-user")),
    )
    .await
    .unwrap();
    let ours = add_contact(
        &app,
        &handler,
        &ours,
        contact("TECHNICAL", "Teemu Tech", Some("org-technical")),
    )
    .await
    .unwrap();
    assert_eq!(ours["version"], 3);

    // The main user sees their organisation, and only it.
    let data = app
        .query_ok(
            Some(&main_user),
            "{ organisations { edges { node { businessId } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["organisations"]["edges"].as_array().unwrap().len(),
        1,
        "{data}"
    );
    assert_eq!(
        data["organisations"]["edges"][0]["node"]["businessId"],
        "2357111-3"
    );

    // They add, change and remove their organisation's contact persons.
    let ours = add_contact(
        &app,
        &main_user,
        &ours,
        contact("INVOICING", "Laskutus", None),
    )
    .await
    .unwrap();
    assert_eq!(ours["contactPersons"].as_array().unwrap().len(), 3);
    let invoicing = ours["contactPersons"][2]["id"].clone();
    let data = app
        .query_ok(
            Some(&main_user),
            "mutation($id: UUID!, $v: Int!, $c: UUID!, $input: ContactPersonInput!) { updateContactPerson(organisationId: $id, version: $v, contactPersonId: $c, input: $input) { version contactPersons { role name } } }",
            json!({ "id": ours["id"], "v": ours["version"], "c": invoicing, "input": contact("DATA_PROTECTION_OFFICER", "Tiina Tietosuoja", None) }),
        )
        .await;
    let version = data["updateContactPerson"]["version"].clone();
    assert_eq!(
        data["updateContactPerson"]["contactPersons"][2]["role"],
        "DATA_PROTECTION_OFFICER"
    );
    let remove = "mutation($id: UUID!, $v: Int!, $c: UUID!) { removeContactPerson(organisationId: $id, version: $v, contactPersonId: $c) { version contactPersons { id } } }";
    // A stale version is refused before anything is removed.
    assert_eq!(
        app.query_error_code(
            Some(&main_user),
            remove,
            json!({ "id": ours["id"], "v": ours["version"], "c": invoicing })
        )
        .await,
        "CONFLICT"
    );
    let data = app
        .query_ok(
            Some(&main_user),
            remove,
            json!({ "id": ours["id"], "v": version, "c": invoicing }),
        )
        .await;
    assert_eq!(
        data["removeContactPerson"]["contactPersons"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Another organisation is not theirs to see or change.
    let (code, _) = add_contact(
        &app,
        &main_user,
        &theirs,
        contact("TECHNICAL", "Intruder", None),
    )
    .await
    .unwrap_err();
    assert_eq!(code, "NOT_FOUND");
    assert_eq!(
        app.query_error_code(
            Some(&main_user),
            "query($id: UUID!) { organisation(id: $id) { id } }",
            json!({ "id": theirs["id"] })
        )
        .await,
        "NOT_FOUND"
    );
    // A contact person who is not the main user sees the organisation but does not manage it.
    let data = app
        .query_ok(
            Some(&technical),
            "query($id: UUID!) { organisation(id: $id) { version contactPersons { role } } }",
            json!({ "id": ours["id"] }),
        )
        .await;
    assert_eq!(
        data["organisation"]["contactPersons"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let current = json!({ "id": ours["id"], "version": data["organisation"]["version"] });
    let (code, _) = add_contact(
        &app,
        &technical,
        &current,
        contact("TECHNICAL", "Self-appointed", None),
    )
    .await
    .unwrap_err();
    assert_eq!(code, "FORBIDDEN");
    // Nor may an organisation's main user edit the organisation itself.
    assert_eq!(
        app.query_error_code(
            Some(&main_user),
            "mutation($id: UUID!, $v: Int!, $input: OrganisationInput!) { updateOrganisation(id: $id, version: $v, input: $input) { id } }",
            json!({ "id": ours["id"], "v": current["version"], "input": organisation_input("Renamed", "2357111-3") }),
        )
        .await,
        "FORBIDDEN"
    );
    // Invalid contact data names its fields.
    let (code, body) = add_contact(
        &app,
        &main_user,
        &current,
        json!({ "role": "TECHNICAL", "name": "", "email": "no-at-sign" }),
    )
    .await
    .unwrap_err();
    assert_eq!(code, "VALIDATION");
    let fields: Vec<&str> = body["errors"][0]["extensions"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "email"]);

    // The refusals are on record with their target; the applicants' own reads are not
    // staff reads and are not logged as such.
    let refused = audit_entries(&app, "organisation.contact.add").await;
    assert!(refused.iter().any(|e| e["outcome"] == "DENIED"
        && e["actorId"] == "org-main-user"
        && e["targetId"] == theirs["id"]));
    assert!(refused.iter().any(|e| e["outcome"] == "DENIED"
        && e["actorId"] == "org-technical"
        && e["targetId"] == ours["id"]));
    let reads = audit_entries(&app, "organisation.contacts.read").await;
    assert!(
        reads
            .iter()
            .all(|e| e["outcome"] == "SUCCESS" && e["actorId"] != "org-technical")
    );
}

async fn ended_organisation(
    app: &TestApp,
    handler: &str,
    name: &str,
    business_id: &str,
    ended_on: &str,
) -> Value {
    let created = create(app, handler, name, business_id).await;
    let created = add_contact(
        app,
        handler,
        &created,
        contact("MAIN_USER", "Former Main", Some("former-main")),
    )
    .await
    .unwrap();
    let created = add_contact(
        app,
        handler,
        &created,
        contact("INVOICING", "Former Invoicing", None),
    )
    .await
    .unwrap();
    app.query_ok(
        Some(handler),
        &format!("mutation($id: UUID!, $v: Int!, $on: Date!) {{ endCustomerRelationship(id: $id, version: $v, endedOn: $on) {{ {FIELDS} }} }}"),
        json!({ "id": created["id"], "v": created["version"], "on": ended_on }),
    )
    .await["endCustomerRelationship"]
        .clone()
}

async fn read(app: &TestApp, token: &str, organisation: &Value) -> Value {
    app.query_ok(
        Some(token),
        &format!(
            "query($id: UUID!) {{ organisation(id: $id) {{ {FIELDS} contactPersons {{ id }} }} }}"
        ),
        json!({ "id": organisation["id"] }),
    )
    .await["organisation"]
        .clone()
}

async fn contact_data_goes_ten_years_after_the_relationship_ended(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let handler = app.demo_token("demo-handler-1").await;
    // Ended on a leap day: ten years later is 28 February 2026.
    let leap =
        ended_organisation(&app, &handler, "Karkauspäivä Oy", "2357111-3", "2016-02-29").await;
    let later = ended_organisation(&app, &handler, "Maaliskuu Oy", "0987654-3", "2016-03-01").await;
    let ongoing = create(&app, &handler, "Jatkuva Oy", "1234567-1").await;
    let ongoing = add_contact(
        &app,
        &handler,
        &ongoing,
        contact("MAIN_USER", "Still Here", None),
    )
    .await
    .unwrap();
    let ctx = CallContext::system("organisation-purge");

    let report = purge_ended_organisations(&app.db, &ctx, date!(2026 - 02 - 27))
        .await
        .unwrap();
    assert!(report.purged.is_empty(), "a day early: {report:?}");
    assert_eq!(
        read(&app, &handler, &leap).await["contactPersons"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let report = purge_ended_organisations(&app.db, &ctx, date!(2026 - 02 - 28))
        .await
        .unwrap();
    assert_eq!(report.purged.len(), 1);
    assert_eq!(report.purged[0].to_string(), leap["id"].as_str().unwrap());
    assert_eq!(report.contacts_deleted, 2);
    let purged = read(&app, &handler, &leap).await;
    assert_eq!(purged["contactPersons"], json!([]));
    assert_eq!(purged["address"], Value::Null);
    assert_eq!(purged["contactDataPurgedOn"], "2026-02-28");
    // What the public register needs stays.
    assert_eq!(purged["name"], "Karkauspäivä Oy");
    assert_eq!(purged["businessId"], "2357111-3");
    assert_eq!(
        read(&app, &handler, &later).await["contactPersons"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // A purged organisation is not filled in again.
    assert_eq!(
        add_contact(&app, &handler, &purged, contact("TECHNICAL", "Late", None))
            .await
            .unwrap_err()
            .0,
        "INVALID_TRANSITION"
    );

    // The command-line tool does the same on its day; a second run finds nothing to do.
    let run = |today: &str| {
        let mut command = tietolupa();
        command.args(["organisations", "purge", "--today", today]);
        for (name, value) in test_environment(&app.database, app.data_dir.path()) {
            command.env(name, value);
        }
        command.output().unwrap()
    };
    let output = run("2026-03-01");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("contact data of 1 deleted (2 contact persons)"),
        "{stdout}"
    );
    assert_eq!(
        read(&app, &handler, &later).await["contactPersons"],
        json!([])
    );
    let output = run("2026-12-31");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("contact data of 0 deleted"), "{stdout}");

    // A relationship that has not ended keeps its contact data however late it is.
    let report = purge_ended_organisations(&app.db, &ctx, date!(2999 - 12 - 31))
        .await
        .unwrap();
    let ongoing_id = ongoing["id"].as_str().unwrap();
    assert!(report.purged.iter().all(|id| id.to_string() != ongoing_id));
    assert_eq!(
        read(&app, &handler, &ongoing).await["contactPersons"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Each purge is on record, by the system, naming the organisation.
    let entries = audit_entries(&app, "organisation.contact_data.purge").await;
    for organisation in [&leap, &later] {
        let on_record: Vec<&Value> = entries
            .iter()
            .filter(|e| e["targetId"] == organisation["id"])
            .collect();
        assert_eq!(on_record.len(), 1, "purged once: {entries:?}");
        assert_eq!(on_record[0]["actorId"], "system:organisation-purge");
        assert_eq!(on_record[0]["outcome"], "SUCCESS");
    }
    assert!(entries.iter().all(|e| e["targetId"] != ongoing["id"]));
}

/// The job of several server instances running at the same moment: each organisation's
/// contact data is deleted and audited once, and no run fails.
async fn concurrent_purges_act_once(backend: Backend) {
    const INSTANCES: usize = 4;
    let app = TestApp::spawn(backend).await;
    let handler = app.demo_token("demo-handler-1").await;
    let mut ended = Vec::new();
    for (name, business_id) in [
        ("Yksi Oy", "2357111-3"),
        ("Kaksi Oy", "0987654-3"),
        ("Kolme Oy", "1234567-1"),
    ] {
        ended.push(ended_organisation(&app, &handler, name, business_id, "2015-05-31").await);
    }
    let mut pools = Vec::new();
    for _ in 0..INSTANCES {
        pools.push(
            tietolupa_store::Db::connect(app.database.url())
                .await
                .unwrap(),
        );
    }
    let ctx = CallContext::system("organisation-purge");
    let reports = futures::future::join_all(
        pools
            .iter()
            .map(|db| purge_ended_organisations(db, &ctx, date!(2025 - 05 - 31))),
    )
    .await;
    let mut purged: Vec<uuid::Uuid> = reports
        .into_iter()
        .flat_map(|r| r.expect("no run fails").purged)
        .collect();
    purged.sort();
    let mut expected: Vec<uuid::Uuid> = ended
        .iter()
        .map(|o| o["id"].as_str().unwrap().parse().unwrap())
        .collect();
    expected.sort();
    assert_eq!(purged, expected);
    let entries = audit_entries(&app, "organisation.contact_data.purge").await;
    assert_eq!(entries.len(), ended.len(), "{entries:?}");
}

on_both_databases!(
    staff_keep_the_register,
    a_main_user_manages_their_own_organisations_contacts_only,
    contact_data_goes_ten_years_after_the_relationship_ended,
    concurrent_purges_act_once,
);
