//! The data catalogue as DCAT-AP open data (docs/open-data.md): the three URLs, content
//! negotiation, and that the JSON-LD describes what `dataControllers` holds. The SHACL
//! validation and the comparison of the two graphs run with real RDF tools in
//! `just dcat-validate`; the Turtle is pinned by `snapshots::data_catalogue`.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

/// Content type, `Vary` and body of a GET with an optional `Accept` and token.
async fn get(
    app: &TestApp,
    path: &str,
    accept: Option<&str>,
    token: Option<&str>,
) -> (String, Option<String>, String) {
    let mut request = app.client.get(app.url(path));
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path} {accept:?}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let content_type = header("content-type").unwrap_or_default();
    let vary = header("vary");
    (content_type, vary, response.text().await.unwrap())
}

async fn the_catalogue_is_published_in_both_formats(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let (json_type, _, json_ld) = get(&app, "/api/catalogue.jsonld", None, None).await;
    assert_eq!(json_type, "application/ld+json");
    let (turtle_type, _, turtle) = get(&app, "/api/catalogue.ttl", None, None).await;
    assert_eq!(turtle_type, "text/turtle; charset=utf-8");

    // The catalogue's own IRI answers by Accept, and says caches must tell them apart.
    let (negotiated_type, vary, negotiated) =
        get(&app, "/api/catalogue", Some("text/turtle"), None).await;
    assert_eq!(negotiated_type, "text/turtle; charset=utf-8");
    assert_eq!(vary.as_deref(), Some("accept"));
    assert_eq!(negotiated, turtle);
    let (negotiated_type, _, negotiated) = get(&app, "/api/catalogue", None, None).await;
    assert_eq!(negotiated_type, "application/ld+json");
    assert_eq!(negotiated, json_ld);

    // Signed-in callers get the same public document.
    let token = app.demo_token("demo-handler-1").await;
    let (_, _, as_handler) = get(&app, "/api/catalogue.jsonld", None, Some(&token)).await;
    assert_eq!(as_handler, json_ld);

    let document: Value = serde_json::from_str(&json_ld).unwrap();
    assert_eq!(
        document["@context"]["dcat"],
        json!("http://www.w3.org/ns/dcat#")
    );
    let nodes = document["@graph"].as_array().unwrap();
    let catalogue_iri = app.url("/api/catalogue");
    let catalogue = nodes
        .iter()
        .find(|n| n["@id"] == json!(catalogue_iri))
        .expect("the catalogue is described at its own URL");
    assert_eq!(catalogue["@type"], json!(["dcat:Catalog"]));

    let (_, body) = app
        .graphql(
            None,
            "{ dataControllers { code sources { code } } }",
            json!({}),
        )
        .await;
    let expected: BTreeSet<String> = body["data"]["dataControllers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["sources"].as_array().unwrap())
        .map(|s| format!("{catalogue_iri}#dataset-{}", s["code"].as_str().unwrap()))
        .collect();
    assert!(expected.len() > 30, "the seeded catalogue: {expected:?}");
    let datasets: BTreeSet<String> = nodes
        .iter()
        .filter(|n| n["@type"] == json!(["dcat:Dataset"]))
        .map(|n| n["@id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(datasets, expected);
    let listed: BTreeSet<String> = catalogue["dcat:dataset"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["@id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, expected);

    let hilmo = nodes
        .iter()
        .find(|n| n["@id"] == json!(format!("{catalogue_iri}#dataset-thl-hilmo")))
        .unwrap();
    assert!(
        hilmo["dct:title"]
            .as_array()
            .unwrap()
            .contains(&json!({ "@value": "Vårdanmälningsregistret (Hilmo)", "@language": "sv" })),
        "{hilmo}"
    );
    assert_eq!(
        hilmo["dct:publisher"],
        json!([{ "@id": format!("{catalogue_iri}#controller-thl") }])
    );
    assert_eq!(
        hilmo["dct:accessRights"],
        json!([{ "@id": "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC" }])
    );
    assert_eq!(
        hilmo["healthdcatap:hdab"],
        json!([{ "@id": format!("{catalogue_iri}#authority") }])
    );
}

on_both_databases!(the_catalogue_is_published_in_both_formats);
