//! Idempotent seeding: reference data (the data catalogue) on every start, demo users and
//! demo data only in dev mode. Re-running adds what is missing and changes nothing else.

mod catalogue;
pub mod demo_cases;
pub mod demo_decisions;
pub mod demo_users;
mod organisations;

use std::collections::HashSet;

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, Set, Unchanged};
use tietolupa_domain::Names;
use tietolupa_entity::{data_controller, data_source, processing_environment, user_account};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError};

pub use catalogue::CONTROLLERS;
pub use demo_cases::{DemoCasesReport, demo_cases};
pub use demo_decisions::demo_decisions;
pub use demo_users::DEMO_USERS;

/// What a seeding run added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub controllers: usize,
    pub data_sources: usize,
    pub users: usize,
    pub environments: usize,
    /// Catalogue entries whose names or descriptions were brought up to date.
    pub names: usize,
}

impl SeedReport {
    fn is_empty(&self) -> bool {
        *self == SeedReport::default()
    }
}

/// Adds missing data controllers and data sources of the catalogue.
pub async fn reference_data(db: &Db) -> Result<SeedReport, StoreError> {
    let txn = db.begin_write().await?;
    let report = seed_catalogue(&txn).await?;
    finish(txn, "seed.reference_data", report).await
}

/// Adds missing demo users and processing environments (dev mode only; the caller
/// decides).
pub async fn demo_data(db: &Db) -> Result<SeedReport, StoreError> {
    let txn = db.begin_write().await?;
    let mut report = seed_demo_users(&txn).await?;
    report.environments = seed_environments(&txn).await?;
    organisations::seed_organisations(&txn).await?;
    finish(txn, "seed.demo_data", report).await
}

async fn finish(
    txn: sea_orm::DatabaseTransaction,
    action: &'static str,
    report: SeedReport,
) -> Result<SeedReport, StoreError> {
    if !report.is_empty() {
        let details = serde_json::json!({
            "controllers": report.controllers,
            "dataSources": report.data_sources,
            "users": report.users,
            "environments": report.environments,
            "names": report.names,
        });
        audit::append(
            &txn,
            &CallContext::system("seed"),
            AuditEvent::success(action, None).details(details),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(report)
}

async fn seed_catalogue<C: ConnectionTrait>(conn: &C) -> Result<SeedReport, StoreError> {
    let now = OffsetDateTime::now_utc();
    let existing_controllers = data_controller::Entity::find().all(conn).await?;
    let existing_sources = data_source::Entity::find().all(conn).await?;
    let mut report = SeedReport::default();
    for controller in CONTROLLERS {
        let id = match existing_controllers
            .iter()
            .find(|c| c.code == controller.code)
        {
            Some(found) => {
                if controller_names(found)
                    != (controller.name.names(), controller.description.names())
                {
                    update_controller(conn, found.id, controller).await?;
                    report.names += 1;
                }
                found.id
            }
            None => {
                let id = Uuid::now_v7();
                data_controller::Entity::insert(data_controller::ActiveModel {
                    id: Set(id),
                    code: Set(controller.code.to_owned()),
                    name_fi: Set(controller.name.fi.to_owned()),
                    name_sv: Set(controller.name.sv.to_owned()),
                    name_en: Set(controller.name.en.to_owned()),
                    description_fi: Set(controller.description.fi.to_owned()),
                    description_sv: Set(controller.description.sv.to_owned()),
                    description_en: Set(controller.description.en.to_owned()),
                    created_at: Set(now),
                })
                .exec_without_returning(conn)
                .await?;
                report.controllers += 1;
                id
            }
        };
        for source in controller.sources {
            if let Some(found) = existing_sources.iter().find(|s| s.code == source.code) {
                if source_names(found) != (source.name.names(), source.description.names()) {
                    update_source(conn, found.id, source).await?;
                    report.names += 1;
                }
                continue;
            }
            data_source::Entity::insert(data_source::ActiveModel {
                id: Set(Uuid::now_v7()),
                controller_id: Set(id),
                code: Set(source.code.to_owned()),
                name_fi: Set(source.name.fi.to_owned()),
                name_sv: Set(source.name.sv.to_owned()),
                name_en: Set(source.name.en.to_owned()),
                kind: Set(source.kind.to_owned()),
                description_fi: Set(source.description.fi.to_owned()),
                description_sv: Set(source.description.sv.to_owned()),
                description_en: Set(source.description.en.to_owned()),
                created_at: Set(now),
            })
            .exec_without_returning(conn)
            .await?;
            report.data_sources += 1;
        }
    }
    if report.names > 0 {
        // Decisions published before the catalogue had these names list the old ones.
        crate::public_register::refresh_names(conn, &existing_sources).await?;
    }
    Ok(report)
}

fn controller_names(c: &data_controller::Model) -> (Names, Names) {
    (
        Names::new(&c.name_fi, &c.name_sv, &c.name_en),
        Names::new(&c.description_fi, &c.description_sv, &c.description_en),
    )
}

fn source_names(s: &data_source::Model) -> (Names, Names) {
    (
        Names::new(&s.name_fi, &s.name_sv, &s.name_en),
        Names::new(&s.description_fi, &s.description_sv, &s.description_en),
    )
}

async fn update_controller<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    seed: &catalogue::ControllerSeed,
) -> Result<(), StoreError> {
    data_controller::Entity::update(data_controller::ActiveModel {
        id: Unchanged(id),
        name_fi: Set(seed.name.fi.to_owned()),
        name_sv: Set(seed.name.sv.to_owned()),
        name_en: Set(seed.name.en.to_owned()),
        description_fi: Set(seed.description.fi.to_owned()),
        description_sv: Set(seed.description.sv.to_owned()),
        description_en: Set(seed.description.en.to_owned()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

async fn update_source<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    seed: &catalogue::SourceSeed,
) -> Result<(), StoreError> {
    data_source::Entity::update(data_source::ActiveModel {
        id: Unchanged(id),
        name_fi: Set(seed.name.fi.to_owned()),
        name_sv: Set(seed.name.sv.to_owned()),
        name_en: Set(seed.name.en.to_owned()),
        description_fi: Set(seed.description.fi.to_owned()),
        description_sv: Set(seed.description.sv.to_owned()),
        description_en: Set(seed.description.en.to_owned()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

async fn seed_demo_users<C: ConnectionTrait>(conn: &C) -> Result<SeedReport, StoreError> {
    let now = OffsetDateTime::now_utc();
    let existing: HashSet<String> = user_account::Entity::find()
        .select_only()
        .column(user_account::Column::Subject)
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let mut report = SeedReport::default();
    for user in DEMO_USERS.iter().filter(|u| !existing.contains(u.subject)) {
        let roles: Vec<&str> = user.roles.iter().map(|r| r.as_str()).collect();
        user_account::Entity::insert(user_account::ActiveModel {
            id: Set(Uuid::now_v7()),
            subject: Set(user.subject.to_owned()),
            display_name: Set(user.name.to_owned()),
            email: Set(Some(user.email.to_owned())),
            organisation: Set(user.organisation.map(str::to_owned)),
            roles: Set(serde_json::json!(roles)),
            is_demo: Set(true),
            language: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(conn)
        .await?;
        report.users += 1;
    }
    Ok(report)
}

/// Demo environments: two usable ones, one with an expired certificate, one with a
/// significant deviation, one removed. Dates are relative to the first start.
async fn seed_environments<C: ConnectionTrait>(conn: &C) -> Result<usize, StoreError> {
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let existing: HashSet<String> = processing_environment::Entity::find()
        .select_only()
        .column(processing_environment::Column::Name)
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let year = time::Duration::days(365);
    let environments = [
        (
            "Kapseli",
            "Tietolupa",
            "0245458-3",
            today - year * 3,
            today + year * 2,
            "REGISTERED",
        ),
        (
            "SD Desktop",
            "CSC - IT Center for Science Ltd",
            "0920632-0",
            today - year * 2,
            today + year * 3,
            "REGISTERED",
        ),
        (
            "Analytiikkaympäristö Oy",
            "Analytiikkaympäristö Oy",
            "0313471-7",
            today - year * 4,
            today - year / 4,
            "REGISTERED",
        ),
        (
            "Tutkimusalusta Oy",
            "Tutkimusalusta Oy",
            "0246246-0",
            today - year,
            today + year,
            "SIGNIFICANT_DEVIATION",
        ),
        (
            "Legacy Secure Room",
            "Legacy Data Oy",
            "0245458-3",
            today - year * 5,
            today - year * 2,
            "REMOVED",
        ),
    ];
    let mut added = 0;
    for (name, provider, business_id, registered_on, valid_until, status) in environments {
        if existing.contains(name) {
            continue;
        }
        processing_environment::Entity::insert(processing_environment::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name.to_owned()),
            provider: Set(provider.to_owned()),
            provider_business_id: Set(business_id.to_owned()),
            registered_on: Set(registered_on),
            certificate_valid_until: Set(valid_until),
            status: Set(status.to_owned()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(conn)
        .await?;
        added += 1;
    }
    Ok(added)
}
