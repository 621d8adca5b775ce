//! Mapping between application rows (with their child rows) and domain values.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tietolupa_domain::application::{
    ApplicationContent, ApplicationKind, ApplicationState, DecisionClock, Processor,
    ProposalContent, Purpose, RequestedDataSource,
};
use tietolupa_entity::{application, application_data_source, application_processor};
use uuid::Uuid;

use super::{Application, Proposal};
use crate::StoreError;

pub(super) fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(format!(
        "unreadable {what} in an application row"
    )))
}

pub(super) async fn load<C: ConnectionTrait>(
    conn: &C,
    row: application::Model,
) -> Result<Application, StoreError> {
    let mut loaded = load_many(conn, vec![row]).await?;
    Ok(loaded.remove(0))
}

/// Rows to applications with two extra queries in all, whatever the number of rows.
pub(super) async fn load_many<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<application::Model>,
) -> Result<Vec<Application>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let sources = application_data_source::Entity::find()
        .filter(application_data_source::Column::ApplicationId.is_in(ids.clone()))
        .order_by_asc(application_data_source::Column::Position)
        .all(conn)
        .await?;
    let processors = application_processor::Entity::find()
        .filter(application_processor::Column::ApplicationId.is_in(ids))
        .order_by_asc(application_processor::Column::Position)
        .all(conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let data_sources = sources
                .iter()
                .filter(|s| s.application_id == row.id)
                .map(|s| RequestedDataSource {
                    data_source_id: s.data_source_id,
                    variables: s.variables.clone(),
                    period_from: s.period_from,
                    period_to: s.period_to,
                })
                .collect();
            let processors = processors
                .iter()
                .filter(|p| p.application_id == row.id)
                .map(|p| Processor {
                    first_name: p.first_name.clone(),
                    last_name: p.last_name.clone(),
                    organisation: p.organisation.clone(),
                    nda_signed: p.nda_signed,
                })
                .collect();
            from_row(row, data_sources, processors)
        })
        .collect()
}

fn from_row(
    row: application::Model,
    data_sources: Vec<RequestedDataSource>,
    processors: Vec<Processor>,
) -> Result<Application, StoreError> {
    let purpose = match &row.purpose {
        Some(p) => Some(Purpose::parse(p).ok_or_else(|| corrupt("purpose"))?),
        None => None,
    };
    let content = ApplicationContent {
        applicant_name: row.applicant_name,
        organisation_id: row.organisation_id,
        organisation_name: row.organisation_name,
        business_id: row.business_id,
        contact_email: row.contact_email,
        billing_reference: row.billing_reference,
        title: row.title,
        public_summary: row.public_summary,
        purpose,
        research_plan: row.research_plan,
        data_sources,
        cohort_definition: row.cohort_definition,
        minimisation_justification: row.minimisation_justification,
        processors,
        processing_environment_id: row.processing_environment_id,
        requested_validity_end: row.requested_validity_end,
        ethics_statement_needed: row.ethics_statement_needed,
        ethics_reference: row.ethics_reference,
        dpia_done: row.dpia_done,
        is_thesis: row.is_thesis,
        applicant_outside_eea: row.applicant_outside_eea,
    };
    let proposal = match row.proposal {
        Some(json) => {
            let stored: StoredProposal =
                serde_json::from_value(json).map_err(|_| corrupt("proposal"))?;
            Some(Proposal {
                content: stored.content,
                fee_cents: stored.fee_cents,
                proposed_by: row.proposed_by,
                proposed_at: row.proposed_at,
            })
        }
        None => None,
    };
    let submitted_content = match row.submitted_content {
        Some(json) => Some(serde_json::from_value(json).map_err(|_| corrupt("submitted content"))?),
        None => None,
    };
    let amendment = match row.amendment {
        Some(json) => Some(serde_json::from_value(json).map_err(|_| corrupt("amendment"))?),
        None => None,
    };
    Ok(Application {
        permit_id: row.permit_id,
        amendment,
        id: row.id,
        kind: ApplicationKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?,
        state: ApplicationState::parse(&row.state).ok_or_else(|| corrupt("state"))?,
        version: row.version,
        applicant_id: row.applicant_id,
        diary_number: row.diary_number,
        content,
        presenter_id: row.presenter_id,
        presenter_name: row.presenter_name,
        submitted_at: row.submitted_at,
        clock: DecisionClock {
            started_on: row.clock_started_on,
            paused_days: i64::from(row.paused_days),
            paused_since: row.paused_since,
            extension_days: i64::from(row.extension_days),
        },
        extension_reason: row.extension_reason,
        proposal,
        submitted_content,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The proposal as kept in the row's JSON column.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StoredProposal {
    pub content: ProposalContent,
    pub fee_cents: i64,
}

/// Writes the content's columns into `row` (children are written by [`replace_children`]).
pub(super) fn set_content(row: &mut application::Model, content: &ApplicationContent) {
    let trimmed = |v: &Option<String>| {
        v.as_ref()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    row.applicant_name = trimmed(&content.applicant_name);
    row.organisation_id = content.organisation_id;
    row.organisation_name = trimmed(&content.organisation_name);
    row.business_id = trimmed(&content.business_id);
    row.contact_email = trimmed(&content.contact_email);
    row.billing_reference = trimmed(&content.billing_reference);
    row.title = trimmed(&content.title);
    row.public_summary = trimmed(&content.public_summary);
    row.purpose = content.purpose.map(|p| p.as_str().to_owned());
    row.research_plan = trimmed(&content.research_plan);
    row.cohort_definition = trimmed(&content.cohort_definition);
    row.minimisation_justification = trimmed(&content.minimisation_justification);
    row.processing_environment_id = content.processing_environment_id;
    row.requested_validity_end = content.requested_validity_end;
    row.ethics_statement_needed = content.ethics_statement_needed;
    row.ethics_reference = trimmed(&content.ethics_reference);
    row.dpia_done = content.dpia_done;
    row.is_thesis = content.is_thesis;
    row.applicant_outside_eea = content.applicant_outside_eea;
}

pub(super) async fn replace_children<C: ConnectionTrait>(
    conn: &C,
    application_id: Uuid,
    content: &ApplicationContent,
) -> Result<(), StoreError> {
    application_data_source::Entity::delete_many()
        .filter(application_data_source::Column::ApplicationId.eq(application_id))
        .exec(conn)
        .await?;
    application_processor::Entity::delete_many()
        .filter(application_processor::Column::ApplicationId.eq(application_id))
        .exec(conn)
        .await?;
    if !content.data_sources.is_empty() {
        application_data_source::Entity::insert_many(content.data_sources.iter().enumerate().map(
            |(i, s)| application_data_source::ActiveModel {
                id: Set(Uuid::now_v7()),
                application_id: Set(application_id),
                position: Set(i as i32),
                data_source_id: Set(s.data_source_id),
                variables: Set(s.variables.trim().to_owned()),
                period_from: Set(s.period_from),
                period_to: Set(s.period_to),
            },
        ))
        .exec_without_returning(conn)
        .await?;
    }
    if !content.processors.is_empty() {
        application_processor::Entity::insert_many(content.processors.iter().enumerate().map(
            |(i, p)| application_processor::ActiveModel {
                id: Set(Uuid::now_v7()),
                application_id: Set(application_id),
                position: Set(i as i32),
                first_name: Set(p.first_name.trim().to_owned()),
                last_name: Set(p.last_name.trim().to_owned()),
                organisation: Set(p.organisation.trim().to_owned()),
                nda_signed: Set(p.nda_signed),
            },
        ))
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

pub(super) fn set_clock(row: &mut application::Model, clock: &DecisionClock) {
    row.clock_started_on = clock.started_on;
    row.paused_days = clock.paused_days as i32;
    row.paused_since = clock.paused_since;
    row.extension_days = clock.extension_days as i32;
    row.due_on = clock.due_on();
}
