//! An existing database, whose catalogue and public register named everything in English
//! only, gets the official names in Finnish, Swedish and English: the migration keeps the
//! old names in every language, and the seed on the next start brings the official ones in,
//! decisions already published included.

use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ConnectionTrait, EntityTrait};
use tietolupa_entity::{data_source, published_decision};
use tietolupa_migration::{Migrator, MigratorTrait};
use tietolupa_test_support::{Backend, TestDatabase, on_both_databases};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::public_register::{self, PublicRegister};
use crate::{Db, seed};

const OLD_COUNTY: &str = "Wellbeing services county of Pirkanmaa";
const OLD_RECORDS: &str = "Patient and client records, Wellbeing services county of Pirkanmaa";

async fn insert(db: &Db, table: &str, columns: &[&str], values: Vec<sea_orm::Value>) {
    let mut insert = Query::insert();
    insert
        .into_table(Alias::new(table))
        .columns(columns.iter().map(|c| Alias::new(*c)))
        .values_panic(values.into_iter().map(Into::into));
    db.conn().execute(&insert).await.unwrap();
}

async fn a_database_named_in_english_gets_the_official_names(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let db = Db::connect(database.url()).await.unwrap();
    // Every migration before the one that named the catalogue in three languages (later
    // ones are applied after the old rows are in, as on a real upgrade).
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261206_500001_catalogue_names")
        .expect("the catalogue names migration") as u32;
    Migrator::up(db.conn(), Some(before)).await.unwrap();

    // The catalogue and a decision as the previous version wrote them.
    let now = OffsetDateTime::now_utc();
    let (county, records) = (Uuid::now_v7(), Uuid::now_v7());
    insert(
        &db,
        "data_controller",
        &["id", "code", "name", "description", "created_at"],
        vec![
            county.into(),
            "county-pirkanmaa".into(),
            OLD_COUNTY.into(),
            "A county.".into(),
            now.into(),
        ],
    )
    .await;
    insert(
        &db,
        "data_source",
        &[
            "id",
            "controller_id",
            "code",
            "name",
            "kind",
            "description",
            "created_at",
        ],
        vec![
            records.into(),
            county.into(),
            "county-pirkanmaa-records".into(),
            OLD_RECORDS.into(),
            "REGISTER".into(),
            "Records.".into(),
            now.into(),
        ],
    )
    .await;
    let decision = Uuid::now_v7();
    // Raw, as the row had a column (`search_text`) that a later migration drops.
    insert(
        &db,
        "published_decision",
        &[
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
        ],
        vec![
            decision.into(),
            Uuid::now_v7().into(),
            "TL/1/2026".into(),
            "D/1/2026".into(),
            now.date().into(),
            0i64.into(),
            2026i32.into(),
            "DATA_REQUEST".into(),
            "GRANTED".into(),
            "t".into(),
            "s".into(),
            "private person".into(),
            serde_json::json!([{
                "dataController": OLD_COUNTY,
                "dataControllerCode": "county-pirkanmaa",
                "register": OLD_RECORDS,
            }])
            .into(),
            "|county-pirkanmaa|".into(),
            "t\ns".into(),
        ],
    )
    .await;

    db.migrate().await.unwrap();
    // Until the seed runs, the old name stands in every language.
    let source = data_source::Entity::find_by_id(records)
        .one(db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        [&source.name_fi, &source.name_sv, &source.name_en],
        [OLD_RECORDS; 3]
    );
    assert_eq!(source.description_sv, "Records.");

    let generation = public_register::generation(&db).await.unwrap();
    let report = seed::reference_data(&db).await.unwrap();
    assert_eq!(report.names, 2, "the county and its records renamed");
    let row = published_decision::Entity::find_by_id(decision)
        .one(db.conn())
        .await
        .unwrap()
        .unwrap();
    let registers: Vec<PublicRegister> = serde_json::from_value(row.registers).unwrap();
    let register = &registers[0];
    assert_eq!(register.data_controller.fi, "Pirkanmaan hyvinvointialue");
    assert_eq!(register.data_controller.sv, "Birkalands välfärdsområde");
    assert_eq!(
        register.data_controller.en,
        "Pirkanmaa Wellbeing Services County"
    );
    assert_eq!(register.register.sv, "Patient- och klientuppgifter");
    assert_eq!(
        register.register_code.as_deref(),
        Some("county-pirkanmaa-records")
    );
    // Cached register answers name the old names: they must not be served again.
    assert!(public_register::generation(&db).await.unwrap() > generation);

    // The next start changes nothing.
    assert_eq!(
        seed::reference_data(&db).await.unwrap(),
        seed::SeedReport::default()
    );
}

on_both_databases!(a_database_named_in_english_gets_the_official_names);
