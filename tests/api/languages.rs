//! Error and validation messages come in the caller's language: the `Accept-Language` the
//! web app sends from its current language, else English.

use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases;

const APPLICANT: &str = "demo-applicant-researcher";

/// A GraphQL request with a bearer token and, if given, an `Accept-Language`; the body.
async fn graphql_in(
    app: &TestApp,
    token: &str,
    language: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    app.graphql_in(Some(token), language, query, variables)
        .await
        .1
}

/// Submits an empty draft with the given `Accept-Language` and returns the error.
async fn submit_empty(app: &TestApp, token: &str, draft: &Value, language: Option<&str>) -> Value {
    let query = "mutation($id: UUID!, $v: Int!) { submitApplication(id: $id, version: $v) { id } }";
    let variables = json!({ "id": draft["id"], "v": draft["version"] });
    graphql_in(app, token, language, query, variables).await["errors"][0].clone()
}

fn field<'a>(error: &'a Value, name: &str) -> &'a Value {
    error["extensions"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("no {name} in {error}"))
}

async fn validation_errors_come_in_the_callers_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = app.demo_token(APPLICANT).await;
    let draft = cases::create(&app, &token, "DATA_PERMIT", json!({})).await;
    for (language, top, required, sources) in [
        (
            Some("fi"),
            "virheellisiä tietoja",
            "on pakollinen",
            "vähintään yksi tietolähde vaaditaan",
        ),
        (
            Some("sv-FI,sv;q=0.9,en;q=0.5"),
            "ogiltiga uppgifter",
            "är obligatoriskt",
            "minst en datakälla krävs",
        ),
        (
            Some("en-GB"),
            "invalid input",
            "is required",
            "at least one data source is required",
        ),
        // No header, or none we know: English, as API clients have always read.
        (
            None,
            "invalid input",
            "is required",
            "at least one data source is required",
        ),
        (
            Some("de-DE"),
            "invalid input",
            "is required",
            "at least one data source is required",
        ),
    ] {
        let error = submit_empty(&app, &token, &draft, language).await;
        assert_eq!(error["extensions"]["code"], "VALIDATION", "{error}");
        assert_eq!(error["message"], top, "{language:?}");
        let title = field(&error, "title");
        assert_eq!(title["message"], required, "{language:?}");
        assert_eq!(title["key"], "Required");
        let data_sources = field(&error, "dataSources");
        assert_eq!(data_sources["message"], sources, "{language:?}");
        assert_eq!(data_sources["key"], "DataSourceRequired");
    }
}

async fn malformed_values_are_refused_in_finnish_and_swedish(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = app.demo_token(APPLICANT).await;
    let query = "mutation($input: ApplicationInput!) { createApplication(kind: DATA_PERMIT, input: $input) { id } }";
    let input = json!({ "input": {
        "businessId": "0313471-8",
        "contactEmail": "not an email",
        "title": "x".repeat(301),
        "dataSources": [{ "dataSourceId": "00000000-0000-7000-8000-000000000001", "variables": "x", "periodFrom": "2020-01-01", "periodTo": "2019-01-01" }]
    } });
    for (language, expected) in [
        (
            "fi",
            [
                ("businessId", "tarkistusnumero ei täsmää"),
                ("contactEmail", "ei ole sähköpostiosoite"),
                ("title", "saa olla enintään 300 merkkiä"),
                ("dataSources[0].periodTo", "ei saa olla ennen jakson alkua"),
            ],
        ),
        (
            "sv",
            [
                ("businessId", "kontrollsiffran stämmer inte"),
                ("contactEmail", "är inte en e-postadress"),
                ("title", "får vara högst 300 tecken"),
                (
                    "dataSources[0].periodTo",
                    "får inte vara före periodens början",
                ),
            ],
        ),
    ] {
        let body = graphql_in(&app, &token, Some(language), query, input.clone()).await;
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "VALIDATION", "{body}");
        for (name, message) in expected {
            assert_eq!(field(error, name)["message"], message, "{language} {name}");
        }
    }
}

async fn errors_outside_graphql_come_in_the_callers_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (language, top, message) in [
        ("sv", "ogiltiga uppgifter", "okänt värde"),
        ("fi", "virheellisiä tietoja", "tuntematon arvo"),
        ("en", "invalid input", "unknown value"),
    ] {
        let response = app
            .client
            .get(app.url("/api/decisions.csv?kind=NONSENSE"))
            .header("Accept-Language", language)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        let length: usize = response.headers()["content-length"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let body = response.bytes().await.unwrap();
        assert_eq!(length, body.len());
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["errors"][0]["message"], top, "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["fields"][0]["message"],
            message
        );
        assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
    }
    // A refusal of the whole request too: an unknown bearer token.
    let body = graphql_in(
        &app,
        "not-a-token",
        Some("fi"),
        "{ me { authenticated } }",
        json!({}),
    )
    .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert_eq!(
        body["errors"][0]["message"],
        "tunniste on virheellinen tai vanhentunut"
    );
}

on_both_databases!(
    validation_errors_come_in_the_callers_language,
    malformed_values_are_refused_in_finnish_and_swedish,
    errors_outside_graphql_come_in_the_callers_language,
);
