//! Violations of the migrations' unique indexes come back under the indexes' own names on
//! both engines, with nothing in the store that lists them.

use sea_orm::{ActiveModelTrait, DbErr, Set};
use tietolupa_entity::{objection, processing_environment, user_account};
use tietolupa_test_support::{Backend, on_both_databases};
use time::OffsetDateTime;
use time::macros::date;
use uuid::Uuid;

use super::fresh;
use crate::violated_constraint;

fn environment(name: &str) -> processing_environment::ActiveModel {
    let now = OffsetDateTime::now_utc();
    processing_environment::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.to_owned()),
        provider: Set("Provider Oy".to_owned()),
        provider_business_id: Set("0112038-9".to_owned()),
        registered_on: Set(date!(2026 - 01 - 01)),
        certificate_valid_until: Set(date!(2027 - 01 - 01)),
        status: Set("REGISTERED".to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

fn account(subject: &str) -> user_account::ActiveModel {
    let now = OffsetDateTime::now_utc();
    user_account::ActiveModel {
        id: Set(Uuid::now_v7()),
        subject: Set(subject.to_owned()),
        display_name: Set("Test".to_owned()),
        email: Set(None),
        organisation: Set(None),
        roles: Set(serde_json::json!([])),
        is_demo: Set(false),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

fn objection_of(blind_index: &str, status: &str) -> objection::ActiveModel {
    let now = OffsetDateTime::now_utc();
    objection::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_index_key_id: Set("k1".to_owned()),
        person_blind_index: Set(blind_index.to_owned()),
        person_code_key_id: Set("k1".to_owned()),
        person_code_ciphertext: Set(vec![1, 2, 3]),
        channel: Set("POST".to_owned()),
        representation_basis: Set(None),
        representative_index_key_id: Set(None),
        representative_blind_index: Set(None),
        representative_code_key_id: Set(None),
        representative_code_ciphertext: Set(None),
        identity_verification: Set("SIGNATURE".to_owned()),
        received_on: Set(date!(2026 - 01 - 01)),
        processed_on: Set(date!(2026 - 01 - 02)),
        status: Set(status.to_owned()),
        withdrawn_on: Set(None),
        withdrawn_at: Set(None),
        withdrawn_by: Set(None),
        filed_by: Set("clerk".to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

async fn unique_indexes_are_named_as_the_migrations_name_them(backend: Backend) {
    let (_database, db) = fresh(backend).await;
    let conn = db.conn();
    let name_of = async |err: DbErr| violated_constraint(conn, &err).await;

    environment("Kapseli").insert(conn).await.unwrap();
    let duplicate = environment("Kapseli").insert(conn).await;
    assert_eq!(
        name_of(duplicate.expect_err("a duplicate fails"))
            .await
            .as_deref(),
        Some("processing_environment_name_key")
    );

    account("subject-1").insert(conn).await.unwrap();
    let duplicate = account("subject-1").insert(conn).await;
    assert_eq!(
        name_of(duplicate.expect_err("a duplicate fails"))
            .await
            .as_deref(),
        Some("user_account_subject_key")
    );

    // Two columns, and a partial index: a withdrawn objection does not count.
    objection_of("aa", "WITHDRAWN").insert(conn).await.unwrap();
    objection_of("aa", "IN_FORCE").insert(conn).await.unwrap();
    let duplicate = objection_of("aa", "IN_FORCE").insert(conn).await;
    assert_eq!(
        name_of(duplicate.expect_err("a duplicate fails"))
            .await
            .as_deref(),
        Some("objection_in_force_key")
    );

    // Inside a write transaction, where the store meets them.
    let txn = db.begin_write().await.unwrap();
    let duplicate = environment("Kapseli")
        .insert(&txn)
        .await
        .expect_err("duplicate");
    assert_eq!(
        violated_constraint(&txn, &duplicate).await.as_deref(),
        Some("processing_environment_name_key")
    );
    drop(txn);

    // Not a constraint violation: no name.
    assert_eq!(
        violated_constraint(conn, &DbErr::Custom("other".to_owned())).await,
        None
    );
}

on_both_databases!(unique_indexes_are_named_as_the_migrations_name_them);
