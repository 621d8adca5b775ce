//! Conflicting transitions fired at once: 100 commands on one case, all carrying the
//! version their callers loaded. Exactly one wins, every other is refused with `CONFLICT`
//! (they all name the version the winner moved past), the history has exactly one event
//! of the winning kind, and the audit chain still verifies.

use std::collections::BTreeMap;
use std::time::Instant;

use futures::future::join_all;
use serde_json::{Value, json};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, command};

const RACERS: usize = 100;

/// One contender: who sends which command with which extra arguments.
struct Contender {
    token: String,
    mutation: &'static str,
    args: &'static str,
    variables: Value,
}

/// `count` distinct people holding `role`, each with a token of their own.
async fn people(app: &TestApp, prefix: &str, role: &str, count: usize) -> Vec<String> {
    let mut tokens = Vec::with_capacity(count);
    for i in 0..count {
        tokens.push(
            app.dev_token(&format!("race-{prefix}-{i}"), &[role], None)
                .await,
        );
    }
    tokens
}

/// Fires every contender at once on `case` (same id, same version) and checks the outcome;
/// returns the winner's mutation name and its result.
async fn race(
    app: &TestApp,
    label: &str,
    case: &Value,
    contenders: Vec<Contender>,
) -> (&'static str, Value) {
    assert_eq!(contenders.len(), RACERS);
    let before = history(app, case).await;
    let started = Instant::now();
    let results = join_all(contenders.iter().map(|c| async move {
        let result = command(app, &c.token, c.mutation, case, c.args, c.variables.clone()).await;
        (c.mutation, result)
    }))
    .await;
    let elapsed = started.elapsed();

    let mut winners = Vec::new();
    let mut refusals: BTreeMap<String, usize> = BTreeMap::new();
    for (mutation, result) in results {
        match result {
            Ok(application) => winners.push((mutation, application)),
            Err((code, _)) => *refusals.entry(code).or_default() += 1,
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "{label}: exactly one winner, got {} (refusals {refusals:?})",
        winners.len()
    );
    // Every loser named the version the winner moved past: a conflict, nothing else
    // (no INTERNAL from a lock timeout, no INVALID_TRANSITION judged on a stale read).
    assert_eq!(
        refusals,
        BTreeMap::from([("CONFLICT".to_owned(), RACERS - 1)]),
        "{label}"
    );
    let (mutation, winner) = winners.pop().unwrap();
    assert_eq!(
        winner["version"].as_i64(),
        Some(case["version"].as_i64().unwrap() + 1),
        "{label}: the winner moved the version by one"
    );

    // Exactly one new history event, of the winning kind, with the winner's target state.
    let after = history(app, case).await;
    let new: Vec<&Value> = after[before.len()..].iter().collect();
    assert_eq!(
        after[..before.len()],
        before[..],
        "{label}: history only grows"
    );
    assert_eq!(new.len(), 1, "{label}: one new event, got {new:?}");
    assert_eq!(new[0]["action"], json!(event_of(mutation)), "{label}");
    assert_eq!(new[0]["toState"], winner["state"], "{label}");
    eprintln!(
        "{label}: {RACERS} concurrent, 1 winner ({mutation}), {} CONFLICT, {} ms",
        RACERS - 1,
        elapsed.as_millis()
    );
    (mutation, winner)
}

fn event_of(mutation: &str) -> &'static str {
    match mutation {
        "submitApplication" => "SUBMITTED",
        "takeApplication" => "TAKEN",
        "withdrawApplication" => "WITHDRAWN",
        "requestInformation" => "INFORMATION_REQUESTED",
        "proposeDecision" => "PROPOSED",
        "decide" => "DECIDED",
        "returnForPreparation" => "RETURNED_FOR_PREPARATION",
        other => panic!("no event known for {other}"),
    }
}

async fn history(app: &TestApp, case: &Value) -> Vec<Value> {
    let auditor_view = app.demo_token("demo-director").await;
    let data = cases::read(
        app,
        &auditor_view,
        case["id"].as_str().unwrap(),
        "history { action fromState toState }",
    )
    .await
    .unwrap();
    data["history"].as_array().unwrap().clone()
}

fn contenders(
    tokens: &[String],
    mutation: &'static str,
    args: &'static str,
    variables: Value,
) -> Vec<Contender> {
    tokens
        .iter()
        .map(|token| Contender {
            token: token.clone(),
            mutation,
            args,
            variables: variables.clone(),
        })
        .collect()
}

async fn conflicting_transitions_have_exactly_one_winner(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let presenter = app.demo_token("demo-handler-1").await;
    let auditor = app.demo_token("demo-auditor").await;
    let handlers = people(&app, "handler", "HANDLER", RACERS).await;
    let directors = people(&app, "director", "DIRECTOR", RACERS / 2).await;
    let started = Instant::now();

    // 1. The applicant submits the same draft 100 times at once: one diary number.
    let input = cases::complete_permit_input(&app).await;
    let draft = cases::create(&app, &applicant, "DATA_PERMIT", input).await;
    let applicant_100 = vec![applicant.clone(); RACERS];
    let (_, submitted) = race(
        &app,
        "submit x100",
        &draft,
        contenders(&applicant_100, "submitApplication", "", json!({})),
    )
    .await;
    assert!(submitted["diaryNumber"].is_string());

    // 2. 100 handlers take the same submitted case: one presenter.
    let (_, taken) = race(
        &app,
        "take x100",
        &submitted,
        contenders(&handlers, "takeApplication", "", json!({})),
    )
    .await;
    let winner_id = taken["presenter"]["id"].clone();
    assert!(
        winner_id.as_str().unwrap().starts_with("race-handler-"),
        "{taken}"
    );

    // 3. The applicant withdraws while 50 handlers take: one of the two kinds wins.
    let submitted = cases::submitted_permit(&app, &applicant).await;
    let mut mixed = contenders(
        &applicant_100[..RACERS / 2],
        "withdrawApplication",
        "",
        json!({}),
    );
    mixed.extend(contenders(
        &handlers[..RACERS / 2],
        "takeApplication",
        "",
        json!({}),
    ));
    race(&app, "withdraw x50 / take x50", &submitted, mixed).await;

    // 4. The presenter proposes and asks for information at once, 50 of each.
    let in_preparation = cases::case_in_preparation(&app, &applicant, &presenter).await;
    let presenter_100 = vec![presenter.clone(); RACERS];
    let proposal = cases::grant_proposal(&app).await;
    let mut mixed = contenders(
        &presenter_100[..RACERS / 2],
        "proposeDecision",
        "$input: ProposalInput!",
        json!({ "input": proposal }),
    );
    mixed.extend(contenders(
        &presenter_100[..RACERS / 2],
        "requestInformation",
        "$items: [String!]!",
        json!({ "items": ["Which ethics committee?"] }),
    ));
    race(
        &app,
        "propose x50 / requestInformation x50",
        &in_preparation,
        mixed,
    )
    .await;

    // 5. 50 directors decide while 50 return the case for preparation.
    let proposed = cases::proposed_case(&app, &applicant, &presenter).await;
    let mut mixed = contenders(&directors, "decide", "", json!({}));
    mixed.extend(contenders(
        &directors,
        "returnForPreparation",
        "$reason: String!",
        json!({ "reason": "Shorten the validity." }),
    ));
    let (winner, _) = race(&app, "decide x50 / return x50", &proposed, mixed).await;

    // 6. And 100 directors decide the same proposal: one decision, one permit.
    let proposed = cases::proposed_case(&app, &applicant, &presenter).await;
    let (_, decided) = race(
        &app,
        "decide x100",
        &proposed,
        contenders(
            &[directors.clone(), directors.clone()].concat(),
            "decide",
            "",
            json!({}),
        ),
    )
    .await;
    assert_eq!(decided["state"], "DECIDED");
    let published = app
        .query_ok(
            None,
            "query($d: String!) { publishedDecision(diaryNumber: $d) { decisionNumber } }",
            json!({ "d": decided["diaryNumber"] }),
        )
        .await;
    assert!(published["publishedDecision"]["decisionNumber"].is_string());

    // The audit chain holds after 600 concurrent commands and their refusals.
    let verification = app
        .query_ok(
            Some(&auditor),
            "{ verifyAuditLog { intact checked } }",
            json!({}),
        )
        .await["verifyAuditLog"]
        .clone();
    assert_eq!(verification["intact"], true, "{verification}");
    eprintln!(
        "concurrency ({backend:?}): 6 races x {RACERS} = {} commands, audit chain intact over {} entries, \
         mixed race 5 won by {winner}, {} ms in all",
        6 * RACERS,
        verification["checked"],
        started.elapsed().as_millis()
    );
}

on_both_databases!(conflicting_transitions_have_exactly_one_winner);
