//! The register's data for the load benchmark: 100,000 (or N) published decisions spread
//! over eight years, on the demo seeder's topics, bulk-inserted into the read model.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, EntityTrait, Statement, TransactionTrait};
use serde_json::{Value, json};
use tietolupa_entity::{
    published_decision, published_decision_term, published_decision_vocabulary,
};
use tietolupa_store::public_register::terms::decision_terms;
use tietolupa_store::seed::demo_decisions;
use time::{Date, Duration as Days, Month, OffsetDateTime};
use uuid::Uuid;

const HOLDERS: &[&str] = &[
    "University of Helsinki",
    "University of Oulu",
    "Tampere University",
    "Terveysanalytiikka Oy",
    "private person",
    "University of Eastern Finland",
    "Åbo Akademi University",
];

const REGISTERS: &[(&str, &str, &str)] = &[
    (
        "Finnish Institute for Health and Welfare",
        "thl",
        "Care Register for Health Care",
    ),
    (
        "Social Insurance Institution of Finland",
        "kela",
        "Reimbursed prescriptions",
    ),
    ("Statistics Finland", "statfin", "Causes of death"),
    (
        "Digital and Population Data Services Agency",
        "dvv",
        "Population Information System",
    ),
];

fn row(i: usize, n: usize) -> published_decision::Model {
    // Oldest first, 2019-01-01 .. 2026-11-01, a few minutes apart.
    let start = OffsetDateTime::new_utc(
        Date::from_calendar_date(2019, Month::January, 1).expect("a date"),
        time::Time::from_hms(9, 0, 0).expect("a time"),
    );
    let span_seconds = 7 * 365 * 24 * 3600 + 300 * 24 * 3600;
    let at = start + time::Duration::seconds((i as i64) * span_seconds / n as i64);
    let decided_on = at.date();
    let year = decided_on.year();
    let (title, summary) = demo_decisions::TOPICS[i % demo_decisions::TOPICS.len()];
    let title = format!("{title} ({})", i % 97);
    let summary = format!("The study examines {summary}.");
    let kind = match i % 10 {
        0..=5 => "DATA_PERMIT",
        6..=8 => "DATA_REQUEST",
        _ => "AMENDMENT",
    };
    let outcome = if i % 7 == 3 && kind != "AMENDMENT" {
        "REJECTED"
    } else {
        "GRANTED"
    };
    // Amendments amend the permit decided three rows before (a granted DATA_PERMIT when
    // i % 10 == 9: (i - 3) % 10 == 6 is a request, so use i - 9 which is % 10 == 0).
    let permit_row = match kind {
        "DATA_PERMIT" if outcome == "GRANTED" => Some(i),
        "AMENDMENT" if i >= 9 && (i - 9) % 7 != 3 => Some(i - 9),
        _ => None,
    };
    let permit_id = permit_row.map(|p| Uuid::from_u128(0xbe00_0000_0000 + p as u128));
    let registers: Vec<Value> = (0..1 + i % 3)
        .map(|k| {
            let (controller, code, register) = REGISTERS[(i + k) % REGISTERS.len()];
            json!({ "dataController": controller, "dataControllerCode": code, "register": register })
        })
        .collect();
    let mut codes = String::from("|");
    for r in &registers {
        let code = format!("{}|", r["dataControllerCode"].as_str().unwrap_or_default());
        if !codes.contains(&format!("|{code}")) {
            codes.push_str(&code);
        }
    }
    let valid_until = decided_on + Days::days(3 * 365);
    published_decision::Model {
        id: Uuid::from_u128(0xdec0_0000_0000 + i as u128),
        application_id: Uuid::from_u128(0xa990_0000_0000 + i as u128),
        diary_number: format!("TL/{}/{year}", i + 1),
        decision_number: format!("D/{}/{year}", i + 1),
        decided_on,
        decided_at_micros: (at.unix_timestamp_nanos() / 1_000) as i64,
        decision_year: year,
        kind: kind.to_owned(),
        outcome: outcome.to_owned(),
        purpose: Some(
            if i.is_multiple_of(4) {
                "STATISTICS"
            } else {
                "SCIENTIFIC_RESEARCH"
            }
            .to_owned(),
        ),
        title,
        public_summary: summary,
        holder: HOLDERS[i % HOLDERS.len()].to_owned(),
        registers: Value::Array(registers),
        controller_codes: codes,
        processing_environment: permit_id.map(|_| "Kapseli secure environment".to_owned()),
        permit_id,
        valid_from: permit_id.map(|_| decided_on),
        valid_until: permit_id.map(|_| valid_until),
        permit_status: permit_id.map(|_| {
            if i.is_multiple_of(50) {
                "REVOKED"
            } else {
                "ACTIVE"
            }
            .to_owned()
        }),
        amends_diary_number: (kind == "AMENDMENT")
            .then(|| permit_row.map(|p| format!("TL/{}/{}", p + 1, row_year(p, n))))
            .flatten(),
        combined_into_diary_number: None,
        processing_days: Some(20 + (i % 70) as i32),
    }
}

fn row_year(i: usize, n: usize) -> i32 {
    let span_seconds = 7 * 365 * 24 * 3600 + 300 * 24 * 3600;
    let start = OffsetDateTime::new_utc(
        Date::from_calendar_date(2019, Month::January, 1).expect("a date"),
        time::Time::from_hms(9, 0, 0).expect("a time"),
    );
    (start + time::Duration::seconds((i as i64) * span_seconds / n as i64))
        .date()
        .year()
}

pub async fn seed(url: &str, n: usize) -> Duration {
    let started = Instant::now();
    let db = Database::connect(url).await.expect("connect to seed");
    let txn = db.begin().await.expect("begin");
    let batch = 1_000;
    for start in (0..n).step_by(batch) {
        let models: Vec<published_decision::ActiveModel> = (start..(start + batch).min(n))
            .map(|i| row(i, n).into())
            .collect();
        // The search index, as publishing writes it.
        let mut terms: Vec<published_decision_term::ActiveModel> = Vec::new();
        let mut words: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for m in &models {
            let (id, micros) = (m.id.clone().unwrap(), m.decided_at_micros.clone().unwrap());
            let (title, summary) = (m.title.clone().unwrap(), m.public_summary.clone().unwrap());
            for (term, weight) in decision_terms(&title, &summary) {
                words.insert(term.clone());
                terms.push(published_decision_term::ActiveModel {
                    term: sea_orm::Set(term),
                    weight: sea_orm::Set(weight),
                    decided_at_micros: sea_orm::Set(micros),
                    decision_id: sea_orm::Set(id),
                });
            }
        }
        published_decision::Entity::insert_many(models)
            .exec_without_returning(&txn)
            .await
            .expect("insert a batch");
        for chunk in terms.chunks(4_000) {
            published_decision_term::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await
                .expect("insert terms");
        }
        let words: Vec<published_decision_vocabulary::ActiveModel> = words
            .into_iter()
            .map(|term| published_decision_vocabulary::ActiveModel {
                term: sea_orm::Set(term),
            })
            .collect();
        published_decision_vocabulary::Entity::insert_many(words)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(published_decision_vocabulary::Column::Term)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await
            .expect("insert the vocabulary");
    }
    txn.commit().await.expect("commit");
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "ANALYZE",
        ))
        .await
        .expect("analyze");
    } else {
        db.execute_raw(Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "ANALYZE",
        ))
        .await
        .expect("analyze");
    }
    db.close().await.ok();
    started.elapsed()
}
