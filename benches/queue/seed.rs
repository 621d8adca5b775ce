//! The handlers' queue as a busy agency has it: N open cases (submitted, in preparation,
//! waiting for information, proposed) bulk-inserted in batches, after `tietolupa seed` has
//! put in the catalogue, the demo users, the organisation register, the processing
//! environments and the demo cases. Each case is what the real commands would have left
//! behind for the queue and the case page: the row (with its submitted content, clock and
//! proposal), its requested data sources, its processors and the history of its steps.

use std::time::{Duration, Instant};

use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, EntityTrait, Statement,
    TransactionTrait,
};
use tietolupa_domain::application::content::Processor;
use tietolupa_domain::application::{
    ApplicationContent, ApplicationKind, ApplicationState, DecisionClock, DecisionOutcome,
    FeeCategory, ProposalContent, Purpose, RequestedDataSource,
};
use tietolupa_domain::calendar::helsinki_date;
use tietolupa_entity::{
    application, application_data_source, application_event, application_processor,
};
use tietolupa_store::seed::demo_decisions::TOPICS;
use time::{Date, Duration as Days, Month, OffsetDateTime, Time};
use uuid::Uuid;

/// The handlers who take cases: the demo users `demo-handler-1` and `-2`.
const HANDLERS: &[(&str, &str)] = &[
    ("demo-handler-1", "Sanna Laine"),
    ("demo-handler-2", "Jukka Nieminen"),
];

const APPLICANTS: &[(&str, &str)] = &[
    ("Aino Virtanen", "aino.virtanen"),
    ("Mikko Korhonen", "mikko.korhonen"),
    ("Laura Mäkinen", "laura.makinen"),
    ("Antti Hämäläinen", "antti.hamalainen"),
    ("Elina Koskinen", "elina.koskinen"),
    ("Juha Heikkinen", "juha.heikkinen"),
    ("Hanna Järvinen", "hanna.jarvinen"),
    ("Ville Lehtonen", "ville.lehtonen"),
    ("Katja Saarinen", "katja.saarinen"),
    ("Olli Salminen", "olli.salminen"),
    ("Emma Lindqvist", "emma.lindqvist"),
    ("Pekka Niemi", "pekka.niemi"),
];

const VARIABLES: &[&str] = &[
    "diagnoosit (ICD-10), hoitojaksot, toimenpiteet",
    "ATC-koodi, ostopäivä, DDD-määrä",
    "syntymävuosi, sukupuoli, kotikunta",
    "kuolinvuosi, peruskuolemansyy",
];

const PLAN: &str = "Rekisteripohjainen kohorttitutkimus. Altistus ja vasteet muodostetaan \
    rekisteritiedoista; analyysi Coxin regressiolla, vakioiden ikä, sukupuoli, koulutus ja \
    liitännäissairaudet. Tulokset raportoidaan vain ryhmätasolla.";
const COHORT: &str = "Kaikki Suomessa vakinaisesti asuneet, joilla on tutkittava diagnoosi \
    vuosina 2012–2023, sekä ikä- ja sukupuolivakioidut verrokit (1:4).";
const MINIMISATION: &str = "Vain tutkimuskysymykseen tarvittavat muuttujat, syntymävuoden \
    tarkkuudella; ei suoria tunnisteita.";

/// What the seeded rows refer to, read from the database `tietolupa seed` filled.
struct References {
    sources: Vec<Uuid>,
    /// id, name, business ID.
    organisations: Vec<(Uuid, String, String)>,
    environment: Uuid,
}

async fn references(db: &DatabaseConnection) -> References {
    let rows =
        |sql: &str| db.query_all_raw(Statement::from_string(DbBackend::Postgres, sql.to_owned()));
    let sources = rows(r#"SELECT "id" FROM "data_source" ORDER BY "code""#)
        .await
        .expect("the catalogue")
        .iter()
        .map(|r| r.try_get::<Uuid>("", "id").expect("an id"))
        .collect::<Vec<_>>();
    let organisations = rows(
        r#"SELECT "id", "name", "business_id" FROM "organisation" WHERE "relationship_ended_on" IS NULL ORDER BY "name""#,
    )
    .await
    .expect("the organisation register")
    .iter()
    .map(|r| {
        (
            r.try_get::<Uuid>("", "id").expect("an id"),
            r.try_get::<String>("", "name").expect("a name"),
            r.try_get::<String>("", "business_id").expect("a business id"),
        )
    })
    .collect::<Vec<_>>();
    let environment = rows(r#"SELECT "id" FROM "processing_environment" ORDER BY "name" LIMIT 1"#)
        .await
        .expect("the environments")
        .first()
        .map(|r| r.try_get::<Uuid>("", "id").expect("an id"))
        .expect("a processing environment (seeded in dev mode)");
    assert!(
        !sources.is_empty() && !organisations.is_empty(),
        "the catalogue and the organisation register are seeded"
    );
    References {
        sources,
        organisations,
        environment,
    }
}

/// One case: its row, its children and its history.
struct Case {
    row: application::Model,
    sources: Vec<application_data_source::Model>,
    processors: Vec<application_processor::Model>,
    events: Vec<application_event::Model>,
}

fn at(day: Date, hour: u8, minute: u8) -> OffsetDateTime {
    day.with_time(Time::from_hms(hour, minute, 0).expect("a time"))
        .assume_utc()
}

fn case(i: usize, now: OffsetDateTime, refs: &References) -> Case {
    let id = Uuid::from_u128(0x9ee0_0000_0000_0000 + i as u128);
    let today = helsinki_date(now);
    let kind = if i % 10 < 7 {
        ApplicationKind::DataPermit
    } else {
        ApplicationKind::DataRequest
    };
    let state = match i % 20 {
        0..=5 => ApplicationState::Submitted,
        6..=12 => ApplicationState::InPreparation,
        13..=15 => ApplicationState::InformationRequested,
        _ => ApplicationState::Proposed,
    };
    // Submitted 1-150 days ago: some far from due, some due soon, some overdue.
    let days_ago = 1 + (i * 37) % 150;
    let submitted_on = today - Days::days(days_ago as i64);
    let submitted_at = at(submitted_on, 7 + (i % 9) as u8, ((i * 7) % 60) as u8);
    let created_at = submitted_at - Days::days(3 + (i % 20) as i64);
    let (applicant_name, mail) = APPLICANTS[i % APPLICANTS.len()];
    let applicant_id = format!("bench-applicant-{}", i % 400);
    let organisation = (i % 10 != 9).then(|| &refs.organisations[i % refs.organisations.len()]);
    let (topic, summary) = TOPICS[i % TOPICS.len()];
    let sources: Vec<RequestedDataSource> = (0..1 + i % 3)
        .map(|k| RequestedDataSource {
            data_source_id: refs.sources[(i + 5 * k) % refs.sources.len()],
            variables: VARIABLES[(i + k) % VARIABLES.len()].to_owned(),
            period_from: Some(Date::from_calendar_date(2012, Month::January, 1).expect("a date")),
            period_to: Some(Date::from_calendar_date(2023, Month::December, 31).expect("a date")),
        })
        .collect();
    let processors: Vec<Processor> = (0..1 + i % 2)
        .map(|k| {
            let (name, _) = APPLICANTS[(i + k + 3) % APPLICANTS.len()];
            let (first, last) = name.split_once(' ').expect("first and last name");
            Processor {
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                organisation: organisation
                    .map(|o| o.1.clone())
                    .unwrap_or_else(|| "private person".to_owned()),
                nda_signed: true,
            }
        })
        .collect();
    let permit = kind == ApplicationKind::DataPermit;
    let content = ApplicationContent {
        applicant_name: Some(applicant_name.to_owned()),
        organisation_id: organisation.map(|o| o.0),
        organisation_name: organisation.map(|o| o.1.clone()),
        business_id: organisation.map(|o| o.2.clone()),
        contact_email: Some(format!("{mail}@example.fi")),
        billing_reference: organisation.map(|_| format!("TL-{}", 4000 + i % 900)),
        title: Some(format!("{topic} ({})", i % 97)),
        public_summary: Some(format!("The study examines {summary}.")),
        purpose: Some(if i.is_multiple_of(4) {
            Purpose::Statistics
        } else {
            Purpose::ScientificResearch
        }),
        research_plan: Some(PLAN.to_owned()),
        data_sources: sources,
        cohort_definition: Some(COHORT.to_owned()),
        minimisation_justification: Some(MINIMISATION.to_owned()),
        processors,
        processing_environment_id: permit.then_some(refs.environment),
        requested_validity_end: permit.then(|| submitted_on + Days::days(3 * 365)),
        ethics_statement_needed: Some(i.is_multiple_of(3)),
        ethics_reference: i
            .is_multiple_of(3)
            .then(|| format!("HUS/{}/2025", 100 + i % 800)),
        dpia_done: Some(true),
        is_thesis: i.is_multiple_of(13),
        applicant_outside_eea: false,
    };

    // The history: submitted, taken, information requested, proposed, as far as the state.
    let handler = HANDLERS[i % HANDLERS.len()];
    let taken_at = submitted_at + Days::days(1 + (i % 5) as i64);
    let mut clock = DecisionClock::started(submitted_on);
    if i.is_multiple_of(5) && state != ApplicationState::Submitted {
        // An earlier request for information, answered: a completed pause.
        clock.paused_days = 6;
    }
    if i.is_multiple_of(37) {
        clock.extension_days = 30;
    }
    let step_days = (days_ago as i64 / 2).max(1);
    let step_at = (submitted_at + Days::days(step_days)).min(now - Days::hours(1));
    if state == ApplicationState::InformationRequested {
        clock.pause(helsinki_date(step_at));
    }
    let mut events = vec![(
        "SUBMITTED",
        ApplicationState::Draft,
        ApplicationState::Submitted,
        submitted_at,
        (applicant_id.clone(), applicant_name, "APPLICANT"),
    )];
    if state != ApplicationState::Submitted {
        let by = (handler.0.to_owned(), handler.1, "HANDLER");
        events.push((
            "TAKEN",
            ApplicationState::Submitted,
            ApplicationState::InPreparation,
            taken_at.min(step_at),
            by.clone(),
        ));
        match state {
            ApplicationState::InformationRequested => events.push((
                "INFORMATION_REQUESTED",
                ApplicationState::InPreparation,
                state,
                step_at,
                by,
            )),
            ApplicationState::Proposed => events.push((
                "PROPOSED",
                ApplicationState::InPreparation,
                state,
                step_at,
                by,
            )),
            _ => {}
        }
    }
    let proposal = (state == ApplicationState::Proposed).then(|| {
        let granted = !i.is_multiple_of(9);
        let content = ProposalContent::new(
            if granted {
                DecisionOutcome::Granted
            } else {
                DecisionOutcome::Rejected
            },
            "Hakemus täyttää lain edellytykset; tiedot ovat tarpeellisia tutkimuksen \
             tarkoitukseen."
                .to_owned(),
            None,
            if granted {
                content
                    .data_sources
                    .iter()
                    .map(|s| s.data_source_id)
                    .collect()
            } else {
                Vec::new()
            },
            (granted && permit).then(|| today + Days::days(3 * 365)),
            if permit {
                FeeCategory::Permit
            } else {
                FeeCategory::DataRequest
            },
        );
        serde_json::json!({
            "content": content,
            "feeCents": if permit { 48_000 } else { 19_500 },
        })
    });
    let updated_at = events.last().map(|e| e.3).unwrap_or(submitted_at);
    let (presenter_id, presenter_name) = if state == ApplicationState::Submitted {
        (None, None)
    } else {
        (Some(handler.0.to_owned()), Some(handler.1.to_owned()))
    };
    let year = submitted_on.year();
    let seq = 100_000 + i as i64;
    let row = application::Model {
        id,
        kind: kind.as_str().to_owned(),
        state: state.as_str().to_owned(),
        version: 2 + events.len() as i32,
        applicant_id: applicant_id.clone(),
        diary_number: Some(format!("TL/{seq}/{year}")),
        diary_year: Some(year),
        diary_seq: Some(seq),
        applicant_name: content.applicant_name.clone(),
        organisation_name: content.organisation_name.clone(),
        business_id: content.business_id.clone(),
        contact_email: content.contact_email.clone(),
        billing_reference: content.billing_reference.clone(),
        title: content.title.clone(),
        public_summary: content.public_summary.clone(),
        purpose: content.purpose.map(|p| p.as_str().to_owned()),
        research_plan: content.research_plan.clone(),
        cohort_definition: content.cohort_definition.clone(),
        minimisation_justification: content.minimisation_justification.clone(),
        processing_environment_id: content.processing_environment_id,
        requested_validity_end: content.requested_validity_end,
        ethics_statement_needed: content.ethics_statement_needed,
        ethics_reference: content.ethics_reference.clone(),
        dpia_done: content.dpia_done,
        is_thesis: content.is_thesis,
        applicant_outside_eea: content.applicant_outside_eea,
        presenter_id,
        presenter_name,
        submitted_at: Some(submitted_at),
        clock_started_on: clock.started_on,
        paused_days: clock.paused_days as i32,
        paused_since: clock.paused_since,
        extension_days: clock.extension_days as i32,
        extension_reason: (clock.extension_days > 0)
            .then(|| "Laaja aineisto; lausunto rekisterinpitäjältä.".to_owned()),
        due_on: clock.due_on(),
        submitted_content: Some(serde_json::to_value(&content).expect("content as JSON")),
        proposal,
        proposed_by: (state == ApplicationState::Proposed).then(|| handler.0.to_owned()),
        proposed_at: (state == ApplicationState::Proposed).then_some(step_at),
        created_at,
        updated_at,
        permit_id: None,
        amendment: None,
        organisation_id: content.organisation_id,
    };
    let child_id =
        |k: usize, n: usize| Uuid::from_u128(((id.as_u128()) << 8) + (k * 16 + n) as u128);
    Case {
        sources: content
            .data_sources
            .iter()
            .enumerate()
            .map(|(n, s)| application_data_source::Model {
                id: child_id(1, n),
                application_id: id,
                position: n as i32,
                data_source_id: s.data_source_id,
                variables: s.variables.clone(),
                period_from: s.period_from,
                period_to: s.period_to,
            })
            .collect(),
        processors: content
            .processors
            .iter()
            .enumerate()
            .map(|(n, p)| application_processor::Model {
                id: child_id(2, n),
                application_id: id,
                position: n as i32,
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                organisation: p.organisation.clone(),
                nda_signed: p.nda_signed,
            })
            .collect(),
        events: events
            .into_iter()
            .enumerate()
            .map(
                |(n, (action, from, to, at, (actor, name, role)))| application_event::Model {
                    id: child_id(3, n),
                    application_id: id,
                    occurred_at: at,
                    actor_id: actor,
                    actor_name: Some(name.to_owned()),
                    actor_role: Some(role.to_owned()),
                    action: action.to_owned(),
                    from_state: Some(from.as_str().to_owned()),
                    to_state: to.as_str().to_owned(),
                    comment: None,
                    comment_internal: false,
                },
            )
            .collect(),
        row,
    }
}

/// Inserts `n` open cases into the seeded database at `url`, then ANALYZE.
pub async fn seed(url: &str, n: usize) -> Duration {
    let started = Instant::now();
    let db = Database::connect(url).await.expect("connect to seed");
    let refs = references(&db).await;
    let now = OffsetDateTime::now_utc();
    let txn = db.begin().await.expect("begin");
    let batch = 500;
    for start in (0..n).step_by(batch) {
        let cases: Vec<Case> = (start..(start + batch).min(n))
            .map(|i| case(i, now, &refs))
            .collect();
        let mut rows = Vec::new();
        let (mut sources, mut processors, mut events) = (Vec::new(), Vec::new(), Vec::new());
        for c in cases {
            rows.push(application::ActiveModel::from(c.row));
            sources.extend(
                c.sources
                    .into_iter()
                    .map(application_data_source::ActiveModel::from),
            );
            processors.extend(
                c.processors
                    .into_iter()
                    .map(application_processor::ActiveModel::from),
            );
            events.extend(
                c.events
                    .into_iter()
                    .map(application_event::ActiveModel::from),
            );
        }
        application::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .expect("insert applications");
        application_data_source::Entity::insert_many(sources)
            .exec_without_returning(&txn)
            .await
            .expect("insert data sources");
        application_processor::Entity::insert_many(processors)
            .exec_without_returning(&txn)
            .await
            .expect("insert processors");
        application_event::Entity::insert_many(events)
            .exec_without_returning(&txn)
            .await
            .expect("insert the history");
    }
    // The diary numbers of later submissions follow the seeded ones, as numbering would.
    txn.execute_unprepared(
        r#"INSERT INTO "number_sequence" ("name", "year", "last_value")
           SELECT 'diary', "diary_year", MAX("diary_seq") FROM "application"
           WHERE "diary_year" IS NOT NULL GROUP BY "diary_year"
           ON CONFLICT ("name", "year") DO UPDATE
           SET "last_value" = GREATEST("number_sequence"."last_value", EXCLUDED."last_value")"#,
    )
    .await
    .expect("move the diary sequences on");
    txn.commit().await.expect("commit");
    db.execute_unprepared("ANALYZE").await.expect("analyze");
    db.close().await.ok();
    started.elapsed()
}
