//! The catalogue names controllers, registers and datasets by their official names in
//! Finnish, Swedish and English, and every answer that names them does so in the caller's
//! language (the `Accept-Language` the web app sends from its UI language).

use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases;

const APPLICANT: &str = "demo-applicant-researcher";
const HANDLER: &str = "demo-handler-1";

/// `data` of a GraphQL request with an `Accept-Language`; fails on errors.
async fn data_in(
    app: &TestApp,
    token: Option<&str>,
    language: &str,
    query: &str,
    variables: Value,
) -> Value {
    let (_, body) = app
        .graphql_in(token, Some(language), query, variables)
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"].clone()
}

const THL: [&str; 3] = [
    "Terveyden ja hyvinvoinnin laitos (THL)",
    "Institutet för hälsa och välfärd (THL)",
    "Finnish Institute for Health and Welfare (THL)",
];
const HILMO: [&str; 3] = [
    "Hoitoilmoitusrekisteri (Hilmo)",
    "Vårdanmälningsregistret (Hilmo)",
    "Care Register for Health Care (Hilmo)",
];
const LANGUAGES: [&str; 3] = ["fi", "sv", "en"];

async fn the_catalogue_answers_in_the_callers_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (i, language) in LANGUAGES.into_iter().enumerate() {
        let data = data_in(
            &app,
            None,
            language,
            "{ dataControllers { code name names { fi sv en } sources { code name names { sv } } } }",
            json!({}),
        )
        .await;
        let controllers = data["dataControllers"].as_array().unwrap();
        let thl = controllers.iter().find(|c| c["code"] == "thl").unwrap();
        assert_eq!(thl["name"], THL[i], "{language}");
        assert_eq!(
            thl["names"],
            json!({ "fi": THL[0], "sv": THL[1], "en": THL[2] })
        );
        let hilmo = thl["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["code"] == "thl-hilmo")
            .unwrap();
        assert_eq!(hilmo["name"], HILMO[i], "{language}");
        assert_eq!(hilmo["names"]["sv"], HILMO[1]);
        // Listed by the name the caller reads.
        let names: Vec<&str> = controllers
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert!(names.is_sorted(), "{language}: {names:?}");
    }
    let data = data_in(
        &app,
        None,
        "sv",
        "{ dataControllers { code name } }",
        json!({}),
    )
    .await;
    let name_of = |code: &str| {
        data["dataControllers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .unwrap()["name"]
            .clone()
    };
    assert_eq!(name_of("kela"), "Folkpensionsanstalten (FPA)");
    assert_eq!(name_of("county-pirkanmaa"), "Birkalands välfärdsområde");
    assert_eq!(name_of("county-helsinki"), "Helsingfors stad");
}

async fn a_swedish_caller_reads_swedish_names_on_cases_permits_and_the_register(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token(APPLICANT).await;
    let handler = app.demo_token(HANDLER).await;
    let granted = cases::granted_case(&app, &applicant, &handler).await;
    let read = "query($id: UUID!) { application(id: $id) {
        dataSources { dataControllerName dataSourceName }
        permit { grantedDataSources { dataControllerName dataSourceName } } } }";
    for (i, language) in LANGUAGES.into_iter().enumerate() {
        let data = data_in(
            &app,
            Some(&applicant),
            language,
            read,
            json!({ "id": granted["id"] }),
        )
        .await;
        let application = &data["application"];
        let asked = &application["dataSources"][0];
        assert_eq!(asked["dataControllerName"], THL[i], "{language}");
        assert_eq!(asked["dataSourceName"], HILMO[i], "{language}");
        let granted = &application["permit"]["grantedDataSources"][0];
        assert_eq!(granted["dataControllerName"], THL[i], "{language}");
        assert_eq!(granted["dataSourceName"], HILMO[i], "{language}");
    }

    // The public register, read twice in each language: its answers are cached per
    // language, so a Swedish reader never gets the Finnish answer cached before.
    let register = "query($d: String!) { publishedDecision(diaryNumber: $d) {
        dataControllers registers { dataController register registerNames { fi sv en } } } }";
    for _ in 0..2 {
        for (i, language) in LANGUAGES.into_iter().enumerate() {
            let data = data_in(
                &app,
                None,
                language,
                register,
                json!({ "d": granted["diaryNumber"] }),
            )
            .await;
            let decision = &data["publishedDecision"];
            assert!(
                decision["dataControllers"]
                    .as_array()
                    .unwrap()
                    .contains(&json!(THL[i])),
                "{language}: {decision}"
            );
            let hilmo = decision["registers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["dataController"] == THL[i])
                .unwrap();
            assert_eq!(hilmo["register"], HILMO[i], "{language}");
            assert_eq!(
                hilmo["registerNames"],
                json!({ "fi": HILMO[0], "sv": HILMO[1], "en": HILMO[2] })
            );
        }
    }

    // The open-data exports carry English, Finnish and Swedish columns whatever the caller.
    let body: Value = app
        .client
        .get(app.url("/api/decisions.json"))
        .header("Accept-Language", "sv")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let decision = &body["decisions"][0];
    assert!(
        decision["data_controllers"]
            .as_array()
            .unwrap()
            .contains(&json!(THL[2]))
    );
    assert!(
        decision["data_controllers_sv"]
            .as_array()
            .unwrap()
            .contains(&json!(THL[1]))
    );
    assert!(
        decision["registers_fi"]
            .as_array()
            .unwrap()
            .contains(&json!(format!("{}: {}", THL[0], HILMO[0])))
    );
}

on_both_databases!(
    the_catalogue_answers_in_the_callers_language,
    a_swedish_caller_reads_swedish_names_on_cases_permits_and_the_register,
);
