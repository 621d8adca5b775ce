//! Decided cases for the public register in dev mode, written directly as rows (the fast
//! path: one transaction, one audit entry) so that first start stays quick. The public
//! rows go through the same `public_register::publish` as real decisions.
//!
//! Also used by tests that need many decisions; the queries they test are the real ones.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tietolupa_domain::application::{
    ApplicationKind, ApplicationState, DecisionNumber, DecisionOutcome, DiaryNumber, FeeCategory,
    Purpose,
};
use tietolupa_domain::permit::PermitStatus;
use tietolupa_entity::{
    application, application_data_source, application_event, application_processor, data_source,
    decision, permit, processing_environment,
};
use time::{Duration, OffsetDateTime, Time};
use uuid::Uuid;

use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError, numbers, public_register};

/// The applicants of seeded decisions are synthetic (`demo-register-N`), so no demo
/// user's own list is flooded.
pub const APPLICANT_PREFIX: &str = "demo-register-";

/// Research topics (title, public summary) the demo decisions and the load benchmark draw on.
pub const TOPICS: &[(&str, &str)] = &[
    (
        "Statin use and dementia",
        "long-term statin use and the risk of dementia",
    ),
    (
        "Antidepressants in adolescents",
        "antidepressant purchases and school outcomes of adolescents",
    ),
    (
        "Type 2 diabetes and work ability",
        "type 2 diabetes, sickness absence and disability pensions",
    ),
    (
        "Äitiysneuvolan käynnit ja raskausdiabetes",
        "maternity clinic visits and gestational diabetes",
    ),
    (
        "Cancer survival by region",
        "regional differences in cancer survival",
    ),
    (
        "Influenza vaccination coverage",
        "influenza vaccination coverage among people over 65",
    ),
    (
        "Hip fractures after falls",
        "hip fractures, rehabilitation and return home",
    ),
    (
        "Psykoosien hoitopolut",
        "care pathways of first-episode psychosis",
    ),
    (
        "Congenital heart defects",
        "long-term outcomes of congenital heart defects",
    ),
    (
        "Opioid prescribing trends",
        "opioid prescribing after surgery",
    ),
    (
        "Sepelvaltimotaudin lääkehoito",
        "adherence to secondary prevention after myocardial infarction",
    ),
    (
        "Emergency department crowding",
        "emergency department visits and hospital bed occupancy",
    ),
    (
        "Childhood asthma and day care",
        "childhood asthma and early day care attendance",
    ),
    (
        "Työttömyys ja mielenterveys",
        "unemployment and mental health service use",
    ),
    (
        "Long COVID and sickness absence",
        "sickness absence after COVID-19",
    ),
];

const POPULATIONS: &[&str] = &[
    "in older adults",
    "in Finland 2010–2024",
    "among working-age people",
    "in wellbeing services counties",
    "in a national cohort",
];

const ORGANISATIONS: &[Option<&str>] = &[
    Some("University of Helsinki"),
    Some("University of Oulu"),
    Some("Tampere University"),
    Some("Terveysanalytiikka Oy"),
    Some("Finnish Institute for Health and Welfare"),
    None,
    Some("University of Eastern Finland"),
    Some("Åbo Akademi University"),
];

/// Adds `count` varied decided cases unless seeded decisions exist already. Returns how
/// many were added.
pub async fn demo_decisions(
    db: &Db,
    count: usize,
    now: OffsetDateTime,
) -> Result<usize, StoreError> {
    if count == 0 {
        return Ok(0);
    }
    let existing = application::Entity::find()
        .filter(application::Column::ApplicantId.starts_with(APPLICANT_PREFIX))
        .count(db.conn())
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let sources: Vec<Uuid> = data_source::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if sources.is_empty() {
        return Ok(0);
    }
    let environments: Vec<Uuid> = processing_environment::Entity::find()
        .filter(processing_environment::Column::Status.eq("REGISTERED"))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let ctx = CallContext::system("seed").at(now);
    let today = ctx.today();
    let txn = db.begin_write().await?;
    for i in 0..count {
        let n = i as i64;
        let kind = if i % 5 == 4 || environments.is_empty() {
            ApplicationKind::DataRequest
        } else {
            ApplicationKind::DataPermit
        };
        let purpose = match kind {
            ApplicationKind::DataPermit => Purpose::ALL[i % 4],
            _ => Purpose::ALL[(i / 5) % 7],
        };
        let outcome = if i % 7 == 3 {
            DecisionOutcome::Rejected
        } else if i % 11 == 5 {
            DecisionOutcome::PartiallyGranted
        } else {
            DecisionOutcome::Granted
        };
        // Spread over roughly three years, newest first; seconds apart within a day.
        let decided_on = today - Duration::days(1 + (n * 1_095 / count as i64));
        let decided_at = decided_on
            .with_time(Time::from_hms(9, 0, 0).expect("a time"))
            .assume_utc()
            + Duration::seconds(n % 3_600);
        let paused = (n * 7) % 25;
        let clock_days = 35 + (n * 13) % 80;
        let submitted_on = decided_on - Duration::days(clock_days + paused);
        let submitted_at = submitted_on
            .with_time(Time::from_hms(10, 0, 0).expect("a time"))
            .assume_utc();
        let (topic, summary) = TOPICS[i % TOPICS.len()];
        let population = POPULATIONS[(i / TOPICS.len()) % POPULATIONS.len()];
        let title = format!("{topic} {population}");
        let public_summary = format!(
            "A register-based study of {summary} {population}, using pseudonymised data (case {}).",
            i + 1
        );
        let organisation = ORGANISATIONS[i % ORGANISATIONS.len()];
        let chosen: Vec<Uuid> = (0..1 + i % 3)
            .map(|k| sources[(i * 7 + k * 13) % sources.len()])
            .fold(Vec::new(), |mut acc, id| {
                if !acc.contains(&id) {
                    acc.push(id);
                }
                acc
            });
        let environment =
            (kind == ApplicationKind::DataPermit).then(|| environments[i % environments.len()]);
        let year = submitted_on.year();
        let diary_seq = numbers::next(&txn, numbers::DIARY, year).await?;
        let decision_seq = numbers::next(&txn, numbers::DECISION, decided_on.year()).await?;
        let diary_number = DiaryNumber::new(diary_seq, year).to_string();
        let decision_number = DecisionNumber::new(decision_seq, decided_on.year()).to_string();
        let id = Uuid::now_v7();
        let applicant_id = format!("{APPLICANT_PREFIX}{}", i % 40);
        let applicant_name = format!("Demo Applicant {}", i % 40);
        let row = application::Model {
            id,
            kind: kind.as_str().to_owned(),
            state: ApplicationState::Decided.as_str().to_owned(),
            version: 6,
            applicant_id: applicant_id.clone(),
            diary_number: Some(diary_number.clone()),
            diary_year: Some(year),
            diary_seq: Some(diary_seq),
            applicant_name: Some(applicant_name.clone()),
            organisation_name: organisation.map(str::to_owned),
            business_id: organisation.map(|_| "0313471-7".to_owned()),
            contact_email: Some(format!("applicant{}@example.org", i % 40)),
            billing_reference: Some(format!("DEMO-{i}")),
            title: Some(title.clone()),
            public_summary: Some(public_summary.clone()),
            purpose: Some(purpose.as_str().to_owned()),
            research_plan: Some("Demo research plan (confidential).".to_owned()),
            cohort_definition: Some("Demo cohort".to_owned()),
            minimisation_justification: Some("Birth year instead of birth date.".to_owned()),
            processing_environment_id: environment,
            requested_validity_end: None,
            ethics_statement_needed: Some(false),
            ethics_reference: None,
            dpia_done: Some(true),
            is_thesis: false,
            applicant_outside_eea: false,
            presenter_id: Some("demo-handler-1".to_owned()),
            presenter_name: Some("Sanna Laine".to_owned()),
            submitted_at: Some(submitted_at),
            clock_started_on: Some(submitted_on),
            paused_days: paused as i32,
            paused_since: None,
            extension_days: 0,
            extension_reason: None,
            due_on: None,
            submitted_content: None,
            proposal: None,
            proposed_by: Some("demo-handler-1".to_owned()),
            proposed_at: Some(decided_at - Duration::days(3)),
            created_at: submitted_at - Duration::days(14),
            updated_at: decided_at,
            permit_id: None,
            amendment: None,
            organisation_id: None,
        };
        let active: application::ActiveModel = row.clone().into();
        active.reset_all().insert(&txn).await?;
        application_data_source::Entity::insert_many(chosen.iter().enumerate().map(|(k, s)| {
            application_data_source::ActiveModel {
                id: Set(Uuid::now_v7()),
                application_id: Set(id),
                position: Set(k as i32),
                data_source_id: Set(*s),
                variables: Set("Diagnoses (3 characters), year of birth".to_owned()),
                period_from: Set(Some(submitted_on - Duration::days(3_650))),
                period_to: Set(Some(submitted_on - Duration::days(365))),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
        let processors = if kind == ApplicationKind::DataPermit {
            vec![tietolupa_domain::application::Processor {
                first_name: "Demo".to_owned(),
                last_name: format!("Processor {}", i % 40),
                organisation: organisation.unwrap_or("Private researcher").to_owned(),
                nda_signed: true,
            }]
        } else {
            Vec::new()
        };
        for (k, p) in processors.iter().enumerate() {
            application_processor::Entity::insert(application_processor::ActiveModel {
                id: Set(Uuid::now_v7()),
                application_id: Set(id),
                position: Set(k as i32),
                first_name: Set(p.first_name.clone()),
                last_name: Set(p.last_name.clone()),
                organisation: Set(p.organisation.clone()),
                nda_signed: Set(p.nda_signed),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        for (action, from, to, at) in [
            (
                "SUBMITTED",
                ApplicationState::Draft,
                ApplicationState::Submitted,
                submitted_at,
            ),
            (
                "DECIDED",
                ApplicationState::Proposed,
                ApplicationState::Decided,
                decided_at,
            ),
        ] {
            application_event::Entity::insert(application_event::ActiveModel {
                id: Set(Uuid::now_v7()),
                application_id: Set(id),
                occurred_at: Set(at),
                actor_id: Set("seed".to_owned()),
                actor_name: Set(None),
                actor_role: Set(None),
                action: Set(action.to_owned()),
                from_state: Set(Some(from.as_str().to_owned())),
                to_state: Set(to.as_str().to_owned()),
                comment: Set(None),
                comment_internal: Set(false),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        let grants = outcome.grants();
        let granted: Vec<Uuid> = if grants {
            if outcome == DecisionOutcome::PartiallyGranted && chosen.len() > 1 {
                chosen[..1].to_vec()
            } else {
                chosen.clone()
            }
        } else {
            Vec::new()
        };
        let valid_until = (kind == ApplicationKind::DataPermit && grants)
            .then(|| decided_on + Duration::days(365 + (n * 97) % 1_460));
        let decision_id = Uuid::now_v7();
        let fee_category = match kind {
            ApplicationKind::DataRequest => FeeCategory::DataRequest,
            _ => FeeCategory::Permit,
        };
        decision::Entity::insert(decision::ActiveModel {
            id: Set(decision_id),
            application_id: Set(id),
            decision_number: Set(decision_number.clone()),
            decided_on: Set(decided_on),
            decided_at: Set(decided_at),
            outcome: Set(outcome.as_str().to_owned()),
            reasoning: Set("The application meets the requirements of the Act.".to_owned()),
            conditions: Set(None),
            granted_data_source_ids: Set(serde_json::json!(granted)),
            valid_until: Set(valid_until),
            fee_category: Set(fee_category.as_str().to_owned()),
            fee_cents: Set(100_000),
            presenter_id: Set("demo-handler-1".to_owned()),
            presenter_name: Set(Some("Sanna Laine".to_owned())),
            decider_id: Set("demo-director".to_owned()),
            decider_name: Set(None),
            edited_by_decider: Set(false),
        })
        .exec_without_returning(&txn)
        .await?;
        let permit_row = match valid_until {
            Some(until) => {
                let status = if i % 37 == 1 {
                    PermitStatus::Revoked
                } else if i % 9 == 2 && until < today {
                    PermitStatus::DataDestroyed
                } else {
                    PermitStatus::Active
                };
                let p = permit::Model {
                    id: Uuid::now_v7(),
                    application_id: id,
                    decision_id,
                    holder_id: applicant_id,
                    holder_name: Some(applicant_name),
                    holder_organisation: organisation.map(str::to_owned),
                    holder_business_id: organisation.map(|_| "0313471-7".to_owned()),
                    // Public-register volume only: its applicants are no contact persons.
                    holder_organisation_id: None,
                    purpose: Some(purpose.as_str().to_owned()),
                    processors: serde_json::to_value(&processors).expect("processors serialise"),
                    processing_environment_id: environment,
                    granted_data_source_ids: serde_json::json!(granted),
                    valid_from: decided_on,
                    valid_until: until,
                    status: status.as_str().to_owned(),
                    status_changed_at: (status != PermitStatus::Active).then_some(decided_at),
                    revoked_by: (status == PermitStatus::Revoked)
                        .then(|| "demo-director".to_owned()),
                    revocation_reason: (status == PermitStatus::Revoked)
                        .then(|| "Conditions of the permit were not followed.".to_owned()),
                    data_destroyed_on: (status == PermitStatus::DataDestroyed).then_some(until),
                    destruction_confirmed_by: None,
                    combined_into: None,
                    output_check_thresholds: None,
                    version: 1,
                    created_at: decided_at,
                    updated_at: decided_at,
                };
                let active: permit::ActiveModel = p.clone().into();
                active.reset_all().insert(&txn).await?;
                Some(p)
            }
            None => None,
        };
        let requested = chosen.clone();
        public_register::publish(
            &txn,
            public_register::Publication {
                decision_id,
                application_id: id,
                diary_number: &diary_number,
                decision_number: &decision_number,
                decided_on,
                decided_at_micros: (decided_at.unix_timestamp_nanos() / 1_000) as i64,
                kind,
                outcome,
                purpose: Some(purpose),
                title: &title,
                public_summary: &public_summary,
                organisation,
                data_source_ids: if grants { &granted } else { &requested },
                processing_days: Some(clock_days),
                permit: permit_row.as_ref(),
                amends_diary_number: None,
            },
        )
        .await?;
        crate::documents::on_seeded_decision(&txn, decided_at, decision_id, permit_row.as_ref())
            .await?;
    }
    audit::append(
        &txn,
        &ctx,
        AuditEvent::success("seed.demo_decisions", None)
            .details(serde_json::json!({ "decisions": count })),
    )
    .await?;
    txn.commit().await?;
    Ok(count)
}
