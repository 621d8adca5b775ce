//! The register's search (issue 18 section 2): inflected Finnish, Swedish and English
//! words find their base forms, the last word matches as a prefix while typed, results
//! come most relevant first with the newest first on ties, filters narrow a search, and
//! hostile queries get a clear error or nothing, never a 500.
//!
//! The decisions are written straight into the register's read model and its index, as
//! the publishing transaction writes them, so each test says exactly which titles exist.

use std::collections::HashSet;

use sea_orm::{ConnectionTrait, EntityTrait, Set, Statement};
use serde_json::{Value, json};
use tietolupa_entity::published_decision;
use tietolupa_store::public_register::index_for_tests;
use tietolupa_test_support::{Backend, TestApp, on_both_databases};
use time::{Date, Month};
use uuid::Uuid;

struct Decision {
    title: &'static str,
    summary: &'static str,
    kind: &'static str,
    /// Later is newer.
    day: u8,
    year: i32,
}

fn decision(title: &'static str, summary: &'static str, day: u8) -> Decision {
    Decision {
        title,
        summary,
        kind: "DATA_PERMIT",
        day,
        year: 2025,
    }
}

/// Publishes the decisions; the n-th gets the diary number `TL/{n+1}/{year}`.
async fn publish(app: &TestApp, decisions: &[Decision]) {
    let conn = app.db.raw_connection_for_tests();
    for (n, d) in decisions.iter().enumerate() {
        let id = Uuid::now_v7();
        let on = Date::from_calendar_date(d.year, Month::March, d.day).unwrap();
        let micros = (on.midnight().assume_utc().unix_timestamp() + n as i64) * 1_000_000;
        published_decision::Entity::insert(published_decision::ActiveModel {
            id: Set(id),
            application_id: Set(Uuid::now_v7()),
            diary_number: Set(format!("TL/{}/{}", n + 1, d.year)),
            decision_number: Set(format!("D/{}/{}", n + 1, d.year)),
            decided_on: Set(on),
            decided_at_micros: Set(micros),
            decision_year: Set(d.year),
            kind: Set(d.kind.to_owned()),
            outcome: Set("GRANTED".to_owned()),
            purpose: Set(Some("SCIENTIFIC_RESEARCH".to_owned())),
            title: Set(d.title.to_owned()),
            public_summary: Set(d.summary.to_owned()),
            holder: Set("University of Turku".to_owned()),
            registers: Set(json!([])),
            controller_codes: Set("|".to_owned()),
            processing_environment: Set(None),
            permit_id: Set(None),
            valid_from: Set(None),
            valid_until: Set(None),
            permit_status: Set(None),
            amends_diary_number: Set(None),
            combined_into_diary_number: Set(None),
            processing_days: Set(Some(30)),
        })
        .exec_without_returning(conn)
        .await
        .unwrap();
        index_for_tests(conn, id, micros, d.title, d.summary)
            .await
            .unwrap();
    }
    conn.execute_raw(Statement::from_string(
        conn.get_database_backend(),
        "UPDATE register_generation SET generation = generation + 1 WHERE name = 'main'",
    ))
    .await
    .unwrap();
}

const FIELDS: &str =
    "diaryNumber title highlights { title { text hit } publicSummary { text hit } }";

/// The page's decisions and the end cursor.
async fn page(
    app: &TestApp,
    filter: Value,
    first: i32,
    after: Option<&str>,
) -> (Vec<Value>, Option<String>) {
    let data = app
        .query_ok(
            None,
            &format!("query($f: PublishedDecisionFilter, $n: Int, $a: String) {{ publishedDecisions(filter: $f, first: $n, after: $a) {{ edges {{ node {{ {FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"),
            json!({ "f": filter, "n": first, "a": after }),
        )
        .await;
    let connection = &data["publishedDecisions"];
    let nodes = connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect();
    let next = connection["pageInfo"]["hasNextPage"]
        .as_bool()
        .unwrap()
        .then(|| {
            connection["pageInfo"]["endCursor"]
                .as_str()
                .unwrap()
                .to_owned()
        });
    (nodes, next)
}

/// The titles found for `text`, in order.
async fn titles(app: &TestApp, text: &str) -> Vec<String> {
    page(app, json!({ "text": text }), 100, None)
        .await
        .0
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn inflected_words_find_their_base_forms(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    publish(
        &app,
        &[
            decision("Dementia ja lääkitys", "Rekisteriaineisto.", 1),
            decision("Tutkimus nuorten masennuksesta", "Kyselyaineisto.", 2),
            decision("Läkemedel vid astma", "En registerstudie.", 3),
            decision("Hip fractures after falls", "Older adults.", 4),
            decision("Influenssarokotukset", "Kattavuus.", 5),
        ],
    )
    .await;
    // Finnish: the partitive and the inessive find the nominative.
    assert_eq!(titles(&app, "dementiaa").await, ["Dementia ja lääkitys"]);
    assert_eq!(
        titles(&app, "tutkimuksessa").await,
        ["Tutkimus nuorten masennuksesta"]
    );
    assert_eq!(
        titles(&app, "masennus").await,
        ["Tutkimus nuorten masennuksesta"]
    );
    // Swedish: the definite plural finds the indefinite.
    assert_eq!(titles(&app, "läkemedlen").await, ["Läkemedel vid astma"]);
    // English: a verb form finds the plural noun.
    assert_eq!(
        titles(&app, "fractured").await,
        ["Hip fractures after falls"]
    );
    // Case, and a decomposed "ä", make no difference.
    assert_eq!(titles(&app, "LÄKEMEDEL").await, ["Läkemedel vid astma"]);
    assert_eq!(
        titles(&app, "la\u{308}kemedel").await,
        ["Läkemedel vid astma"]
    );
    // Every word must match.
    assert_eq!(
        titles(&app, "dementia lääkitys").await,
        ["Dementia ja lääkitys"]
    );
    assert!(titles(&app, "dementia astma").await.is_empty());
    // Summary words count too.
    assert_eq!(
        titles(&app, "registerstudien").await,
        ["Läkemedel vid astma"]
    );

    // The hits are marked; the pieces give the text back.
    let (nodes, _) = page(&app, json!({ "text": "dementiaa" }), 10, None).await;
    let highlights = &nodes[0]["highlights"];
    assert_eq!(
        highlights["title"],
        json!([{ "text": "Dementia", "hit": true }, { "text": " ja lääkitys", "hit": false }])
    );
    assert_eq!(
        highlights["publicSummary"],
        json!([{ "text": "Rekisteriaineisto.", "hit": false }])
    );
    // Without a query there is nothing to mark.
    let (nodes, _) = page(&app, json!({}), 10, None).await;
    assert!(nodes.iter().all(|n| n["highlights"].is_null()));

    // The exports search alike.
    let csv = app
        .client
        .get(app.url("/api/decisions.csv?q=tutkimuksessa"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("Tutkimus nuorten masennuksesta"));
}

async fn the_last_word_matches_as_it_is_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    publish(
        &app,
        &[
            decision("Dementia ja lääkitys", "Rekisteriaineisto.", 1),
            decision("Demografiset muutokset", "Väestö.", 2),
            decision("Childhood asthma and day care", "Day care attendance.", 3),
        ],
    )
    .await;
    assert_eq!(titles(&app, "deme").await, ["Dementia ja lääkitys"]);
    assert_eq!(titles(&app, "dementi").await, ["Dementia ja lääkitys"]);
    assert_eq!(
        titles(&app, "dem").await,
        ["Demografiset muutokset", "Dementia ja lääkitys"]
    );
    // Only the last word is a prefix; two letters are too few to be one.
    assert_eq!(
        titles(&app, "asthma chi").await,
        ["Childhood asthma and day care"]
    );
    assert!(titles(&app, "chi asthma").await.is_empty());
    assert!(titles(&app, "de").await.is_empty());
    // A highlighted prefix marks the whole word it begins.
    let (nodes, _) = page(&app, json!({ "text": "asthma chi" }), 10, None).await;
    let hits: Vec<&str> = nodes[0]["highlights"]["title"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["hit"] == true)
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(hits, ["Childhood", "asthma"]);
}

async fn results_are_ranked_then_newest_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    publish(
        &app,
        &[
            // Oldest first; the day is the order of publication.
            decision("Asthma in children", "Inhaled steroids.", 1),
            decision("Allergies in day care", "Asthma and eczema.", 2),
            decision("Asthma medication adherence", "Pharmacy data.", 3),
            decision("Asthmatic bronchitis", "Antibiotics.", 4),
            decision("Asthma in children", "Asthma and school.", 5),
            decision("Influenza", "Vaccination coverage.", 6),
        ],
    )
    .await;
    let found: Vec<String> = page(&app, json!({ "text": "asthma" }), 100, None)
        .await
        .0
        .iter()
        .map(|n| n["diaryNumber"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        found,
        [
            // In title and summary.
            "TL/5/2025",
            // In the title, newest first.
            "TL/3/2025",
            "TL/1/2025",
            // In the summary only, or in the title only as a prefix: newest first.
            "TL/4/2025",
            "TL/2/2025",
        ]
    );

    // A first page of any length is the head of that order: a decision's relevance on a
    // first page is the best of the index ranges it was found in, read only as far as
    // the page needs.
    for first in 1..=found.len() {
        let head: Vec<String> = page(&app, json!({ "text": "asthma" }), first as i32, None)
            .await
            .0
            .iter()
            .map(|n| n["diaryNumber"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(head, found[..first], "first: {first}");
    }

    // Paging keeps that order, with no repeats and no gaps.
    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let (nodes, next) = page(&app, json!({ "text": "asthma" }), 2, after.as_deref()).await;
        paged.extend(
            nodes
                .iter()
                .map(|n| n["diaryNumber"].as_str().unwrap().to_owned()),
        );
        match next {
            Some(cursor) => after = Some(cursor),
            None => break,
        }
    }
    assert_eq!(paged, found);
    assert_eq!(paged.iter().collect::<HashSet<_>>().len(), paged.len());

    // A search's cursor is not one of the plain list, and the other way round.
    let (_, search_cursor) = page(&app, json!({ "text": "asthma" }), 1, None).await;
    let (_, list_cursor) = page(&app, json!({}), 1, None).await;
    for (filter, cursor) in [
        (json!({}), search_cursor.unwrap()),
        (json!({ "text": "asthma" }), list_cursor.unwrap()),
    ] {
        let code = app
            .query_error_code(
                None,
                "query($f: PublishedDecisionFilter, $a: String) { publishedDecisions(filter: $f, after: $a) { edges { cursor } } }",
                json!({ "f": filter, "a": cursor }),
            )
            .await;
        assert_eq!(code, "VALIDATION");
    }
}

async fn filters_narrow_a_search(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut request = decision("Diabetes and work ability", "Sickness absence.", 1);
    request.kind = "DATA_REQUEST";
    let mut older = decision("Diabetes in pregnancy", "Maternity clinics.", 2);
    older.year = 2024;
    publish(
        &app,
        &[
            request,
            older,
            decision("Diabeteksen hoitotasapaino", "Laboratoriotulokset.", 3),
            decision("Cancer survival", "Regions.", 4),
        ],
    )
    .await;
    let filtered = |filter: Value| {
        let app = &app;
        async move {
            page(app, filter, 100, None)
                .await
                .0
                .iter()
                .map(|n| n["title"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        filtered(json!({ "text": "diabetes", "kind": "DATA_PERMIT", "year": 2025 })).await,
        ["Diabeteksen hoitotasapaino"]
    );
    assert_eq!(
        filtered(json!({ "text": "diabetes", "kind": "DATA_REQUEST" })).await,
        ["Diabetes and work ability"]
    );
    assert_eq!(
        filtered(json!({ "text": "diabetes", "year": 2024 })).await,
        ["Diabetes in pregnancy"]
    );
    assert!(
        filtered(json!({ "text": "cancer", "kind": "DATA_REQUEST" }))
            .await
            .is_empty()
    );
}

async fn hostile_queries_get_an_error_or_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    publish(
        &app,
        &[
            decision("Dementia ja lääkitys", "Rekisteriaineisto (case 100).", 1),
            decision("Statin use", "Long-term use.", 2),
        ],
    )
    .await;
    // Quotes, operators and control characters are not words; the words still count.
    for text in [
        "\"dementia\"",
        "+dementia -statin",
        "dementia*",
        "dementia OR",
        "\u{7}dementia\u{1b}",
        "(dementia)",
    ] {
        let found = titles(&app, text).await;
        let expected: &[&str] = if text.contains("OR") || text.contains("statin") {
            &[]
        } else {
            &["Dementia ja lääkitys"]
        };
        assert_eq!(found, expected, "{text:?}");
    }
    // No words at all: nothing, not everything. LIKE wildcards are not wildcards.
    for text in [
        "%",
        "_",
        "\\",
        "*",
        "\"\"",
        "' OR '1'='1",
        "--",
        ";DROP TABLE published_decision",
        "\u{0}",
        "\u{0}\u{1}\u{2}",
        "💊",
        "a_b",
    ] {
        let found = titles(&app, text).await;
        assert!(found.is_empty(), "{text:?} found {found:?}");
    }
    // A number is a word: "100%" finds the summary that says 100.
    assert_eq!(titles(&app, "100%").await, ["Dementia ja lääkitys"]);
    // Blank is no query at all.
    assert_eq!(titles(&app, "   ").await.len(), 2);
    // Too long, too many words: VALIDATION on the filter's text.
    for text in ["x".repeat(201), "a b c d e f g h i j k".to_owned()] {
        let (status, body) = app
            .graphql(
                None,
                "query($t: String) { publishedDecisions(filter: { text: $t }) { edges { cursor } } }",
                json!({ "t": text }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "VALIDATION",
            "{body}"
        );
    }
    // The exports: a NUL byte, an over-long query.
    for (q, status) in [
        ("%00dementia", 200),
        ("dementia%00", 200),
        (&*"x".repeat(201), 400),
    ] {
        let response = app
            .client
            .get(app.url(&format!("/api/decisions.json?q={q}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{q}");
    }
}

on_both_databases!(
    inflected_words_find_their_base_forms,
    the_last_word_matches_as_it_is_typed,
    results_are_ranked_then_newest_first,
    filters_narrow_a_search,
    hostile_queries_get_an_error_or_nothing,
);
