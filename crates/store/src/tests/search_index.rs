//! A database whose register predates the search index gets it built at start-up, once.

use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tietolupa_entity::{published_decision_term, register_generation};
use tietolupa_migration::{Migrator, MigratorTrait};
use tietolupa_test_support::{Backend, TestDatabase, on_both_databases};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Db;
use crate::public_register::{self, terms};

const TITLE: &str = "Dementiaa sairastavien lääkitys";
const SUMMARY: &str = "Tutkimuksessa seurataan läkemedlen.";

async fn an_existing_register_is_indexed_once_at_start_up(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let db = Db::connect(database.url()).await.unwrap();
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261208_100001_published_decision_terms")
        .expect("the search index migration") as u32;
    Migrator::up(db.conn(), Some(before)).await.unwrap();

    let decision = Uuid::now_v7();
    let now = OffsetDateTime::now_utc();
    let mut insert = Query::insert();
    insert
        .into_table(Alias::new("published_decision"))
        .columns(
            [
                "id",
                "application_id",
                "diary_number",
                "decision_number",
                "decided_on",
                "decided_at_micros",
                "decision_year",
                "kind",
                "outcome",
                "title",
                "public_summary",
                "holder",
                "registers",
                "controller_codes",
                "search_text",
            ]
            .map(Alias::new),
        )
        .values_panic([
            decision.into(),
            Uuid::now_v7().into(),
            "TL/1/2026".into(),
            "D/1/2026".into(),
            now.date().into(),
            0i64.into(),
            2026i32.into(),
            "DATA_REQUEST".into(),
            "GRANTED".into(),
            TITLE.into(),
            SUMMARY.into(),
            "private person".into(),
            serde_json::json!([]).into(),
            "|".into(),
            "old copy".into(),
        ]);
    db.conn().execute(&insert).await.unwrap();
    let generation = public_register::generation(&db).await.unwrap();

    db.migrate().await.unwrap();
    let indexed = || async {
        let mut found: Vec<(String, i32)> = published_decision_term::Entity::find()
            .filter(published_decision_term::Column::DecisionId.eq(decision))
            .all(db.conn())
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.term, t.weight))
            .collect();
        found.sort();
        found
    };
    let expected = terms::decision_terms(TITLE, SUMMARY);
    assert!(expected.iter().any(|t| t.0 == "tutkimus"));
    assert_eq!(indexed().await, expected);
    let version = register_generation::Entity::find_by_id("search_terms".to_owned())
        .one(db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(version.generation, terms::ANALYSER_VERSION);
    assert!(
        public_register::generation(&db).await.unwrap() > generation,
        "cached searches are stale"
    );

    // The next start finds the index current and leaves it.
    let generation = public_register::generation(&db).await.unwrap();
    db.migrate().await.unwrap();
    assert_eq!(indexed().await, expected);
    assert_eq!(public_register::generation(&db).await.unwrap(), generation);
}

on_both_databases!(an_existing_register_is_indexed_once_at_start_up);
