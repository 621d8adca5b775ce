//! The renderer's input filled from the rows: a decision with its application (or
//! amendment) and permit, or a permit's revocation. Reads only; the caller's transaction
//! sees the rows the decision has just written. See docs/decision-document.md for the table
//! of which row fills which field.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::de::DeserializeOwned;
use tietolupa_decision_document::{
    AmendmentChange, Confidential, DataSource, DecisionContent, DecisionDocument, DecisionKind,
    Fee, Language, Official, Organisation, Outcome, Party, Person, Processor, RefusedItem,
};
use tietolupa_entity::{
    application, application_data_source, application_processor, attachment, data_controller,
    data_source, decision, permit, processing_environment, user_account,
};
use time::Date;
use uuid::Uuid;

use crate::StoreError;

/// The language a document is written in: the applicant's (the holder's, for a revocation)
/// as their account says, else the authority's first official language, as for messages.
pub(super) async fn language_of<C: ConnectionTrait>(
    conn: &C,
    subject: &str,
) -> Result<Language, StoreError> {
    let account = user_account::Entity::find()
        .filter(user_account::Column::Subject.eq(subject))
        .one(conn)
        .await?;
    Ok(
        match account.and_then(|a| a.language).as_deref().map(str::trim) {
            Some("sv") => Language::Sv,
            Some("en") => Language::En,
            _ => Language::Fi,
        },
    )
}

/// The input for the decision `decision_id`, in `language`.
pub(super) async fn for_decision<C: ConnectionTrait>(
    conn: &C,
    decision_id: Uuid,
    language: Language,
) -> Result<DecisionDocument, StoreError> {
    let d = decision::Entity::find_by_id(decision_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound { entity: "decision" })?;
    let app = application(conn, d.application_id).await?;
    let kind = match app.kind.as_str() {
        "DATA_PERMIT" => DecisionKind::DataPermit,
        "DATA_REQUEST" => DecisionKind::DataRequest,
        "AMENDMENT" => DecisionKind::Amendment,
        _ => return Err(corrupt("application kind")),
    };
    let outcome: Outcome = same(&d.outcome).ok_or_else(|| corrupt("decision outcome"))?;
    // The permit this decision issued, or the one the amendment concerns (as amended now).
    let permit = match kind {
        DecisionKind::Amendment => match app.permit_id {
            Some(id) => permit::Entity::find_by_id(id).one(conn).await?,
            None => None,
        },
        _ => {
            permit::Entity::find()
                .filter(permit::Column::DecisionId.eq(d.id))
                .one(conn)
                .await?
        }
    };
    let original = match (&permit, kind) {
        (Some(p), DecisionKind::Amendment) => Some(application(conn, p.application_id).await?),
        _ => None,
    };
    let granted: Vec<Uuid> = serde_json::from_value(d.granted_data_source_ids.clone())
        .map_err(|_| corrupt("granted data sources"))?;
    let mut requested = requested_sources(conn, app.id).await?;
    if requested.is_empty()
        && let Some(original) = &original
    {
        requested = requested_sources(conn, original.id).await?;
    }
    let requested_ids: Vec<Uuid> = requested.iter().map(|r| r.data_source_id).collect();
    let shown = if outcome == Outcome::Rejected {
        requested_ids.clone()
    } else {
        granted.clone()
    };
    let names = catalogue_names(conn, language).await?;
    let data_sources = shown
        .iter()
        .map(|id| data_source(&names, &requested, *id))
        .collect();
    let see_reasoning = texts(language).see_reasoning;
    let refused = match outcome {
        Outcome::Rejected => vec![RefusedItem {
            item: texts(language).whole_application.to_owned(),
            reason: see_reasoning.to_owned(),
        }],
        Outcome::PartiallyGranted => requested_ids
            .iter()
            .filter(|id| !granted.contains(id))
            .map(|id| RefusedItem {
                item: source_label(&names, *id),
                reason: see_reasoning.to_owned(),
            })
            .collect(),
        Outcome::Granted => Vec::new(),
    };
    let grants = outcome != Outcome::Rejected;
    let permit_shown = permit.as_ref().filter(|_| grants);
    let environment_id = match kind {
        DecisionKind::DataRequest => None,
        _ => permit_shown
            .and_then(|p| p.processing_environment_id)
            .or(app.processing_environment_id),
    };
    let processors = match permit_shown {
        Some(p) => serde_json::from_value::<Vec<tietolupa_domain::application::Processor>>(
            p.processors.clone(),
        )
        .map_err(|_| corrupt("permit processors"))?
        .into_iter()
        .map(|p| Processor {
            name: format!("{} {}", p.first_name, p.last_name),
            organisation: p.organisation,
        })
        .collect(),
        None if kind == DecisionKind::DataRequest => Vec::new(),
        None => application_processor::Entity::find()
            .filter(application_processor::Column::ApplicationId.eq(app.id))
            .order_by_asc(application_processor::Column::Position)
            .all(conn)
            .await?
            .into_iter()
            .map(|p| Processor {
                name: format!("{} {}", p.first_name, p.last_name),
                organisation: p.organisation,
            })
            .collect(),
    };
    let amendment_changes = match &app.amendment {
        Some(value) => value
            .get("changes")
            .and_then(|c| c.as_array())
            .map(|changes| {
                changes
                    .iter()
                    .filter_map(|c| c.as_str().and_then(same::<AmendmentChange>))
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let plans = attachment::Entity::find()
        .filter(attachment::Column::ApplicationId.eq(app.id))
        .order_by_asc(attachment::Column::UploadedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.file_name)
        .collect();
    Ok(DecisionDocument {
        language,
        content: DecisionContent {
            authority: authority(language).to_owned(),
            diary_number: app.diary_number.clone().unwrap_or_default(),
            decision_number: d.decision_number.clone(),
            decision_date: d.decided_on,
            kind,
            outcome: Some(outcome),
            applicant: applicant_party(&app),
            holder: permit_shown.map(holder_party),
            title: app.title.clone().unwrap_or_default(),
            public_summary: app.public_summary.clone().filter(|s| !s.trim().is_empty()),
            purpose: app.purpose.as_deref().and_then(same),
            permit_diary_number: original.as_ref().and_then(|o| o.diary_number.clone()),
            amendment_changes,
            data_sources,
            processing_environment: environment_name(conn, environment_id).await?,
            valid_from: permit_shown.map(|p| p.valid_from),
            valid_until: permit_shown.map(|p| p.valid_until),
            conditions: paragraphs(d.conditions.as_deref().unwrap_or_default()),
            fee: Some(Fee {
                amount_cents: d.fee_cents,
                category: same(&d.fee_category).ok_or_else(|| corrupt("fee category"))?,
                decree: None,
            }),
            reasoning: d.reasoning.clone(),
            refused,
            presenter: official(d.presenter_name.as_deref(), &d.presenter_id),
            decider: official(d.decider_name.as_deref(), &d.decider_id),
        },
        confidential: Confidential {
            applicant: applicant_person(&app),
            holder: permit_shown.and_then(holder_person),
            billing_reference: app.billing_reference.clone(),
            processors,
            plans,
        },
    })
}

/// A revocation of `permit`: the decision number it was given and the date it was made.
pub(super) struct Revocation<'a> {
    pub permit: &'a permit::Model,
    pub decision_number: &'a str,
    pub decided_on: Date,
    pub presenter: Official,
    pub decider: Official,
}

/// The input for the revocation of a permit (the permit row after the revocation).
pub(super) async fn for_revocation<C: ConnectionTrait>(
    conn: &C,
    revocation: &Revocation<'_>,
    language: Language,
) -> Result<DecisionDocument, StoreError> {
    let p = revocation.permit;
    let app = application(conn, p.application_id).await?;
    let granted: Vec<Uuid> = serde_json::from_value(p.granted_data_source_ids.clone())
        .map_err(|_| corrupt("granted data sources"))?;
    let requested = requested_sources(conn, app.id).await?;
    let names = catalogue_names(conn, language).await?;
    let processors = serde_json::from_value::<Vec<tietolupa_domain::application::Processor>>(
        p.processors.clone(),
    )
    .map_err(|_| corrupt("permit processors"))?
    .into_iter()
    .map(|p| Processor {
        name: format!("{} {}", p.first_name, p.last_name),
        organisation: p.organisation,
    })
    .collect();
    Ok(DecisionDocument {
        language,
        content: DecisionContent {
            authority: authority(language).to_owned(),
            diary_number: app.diary_number.clone().unwrap_or_default(),
            decision_number: revocation.decision_number.to_owned(),
            decision_date: revocation.decided_on,
            kind: DecisionKind::Revocation,
            outcome: None,
            applicant: applicant_party(&app),
            holder: Some(holder_party(p)),
            title: app.title.clone().unwrap_or_default(),
            public_summary: app.public_summary.clone().filter(|s| !s.trim().is_empty()),
            purpose: p.purpose.as_deref().and_then(same),
            permit_diary_number: app.diary_number.clone(),
            amendment_changes: Vec::new(),
            data_sources: granted
                .iter()
                .map(|id| data_source(&names, &requested, *id))
                .collect(),
            processing_environment: environment_name(conn, p.processing_environment_id).await?,
            valid_from: Some(p.valid_from),
            valid_until: Some(p.valid_until),
            conditions: Vec::new(),
            fee: None,
            reasoning: p.revocation_reason.clone().unwrap_or_default(),
            refused: Vec::new(),
            presenter: revocation.presenter.clone(),
            decider: revocation.decider.clone(),
        },
        confidential: Confidential {
            applicant: applicant_person(&app),
            holder: holder_person(p),
            billing_reference: app.billing_reference.clone(),
            processors,
            plans: Vec::new(),
        },
    })
}

pub(super) fn official(name: Option<&str>, id: &str) -> Official {
    Official {
        name: name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(id)
            .to_owned(),
        title: None,
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(format!(
        "decision document: unreadable {what}"
    )))
}

/// The document crate names its enums as the domain does (`SCREAMING_SNAKE_CASE`), so a
/// stored name converts through serde.
fn same<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

async fn application<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
) -> Result<application::Model, StoreError> {
    application::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "application",
        })
}

async fn requested_sources<C: ConnectionTrait>(
    conn: &C,
    application_id: Uuid,
) -> Result<Vec<application_data_source::Model>, StoreError> {
    Ok(application_data_source::Entity::find()
        .filter(application_data_source::Column::ApplicationId.eq(application_id))
        .order_by_asc(application_data_source::Column::Position)
        .all(conn)
        .await?)
}

/// Register (or dataset) and controller names by data source id, in `language`.
async fn catalogue_names<C: ConnectionTrait>(
    conn: &C,
    language: Language,
) -> Result<HashMap<Uuid, (String, String)>, StoreError> {
    let pick = |fi: String, sv: String, en: String| match language {
        Language::Fi => fi,
        Language::Sv => sv,
        Language::En => en,
    };
    let controllers: HashMap<Uuid, String> = data_controller::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, pick(c.name_fi, c.name_sv, c.name_en)))
        .collect();
    Ok(data_source::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            let controller = controllers
                .get(&s.controller_id)
                .cloned()
                .unwrap_or_default();
            (s.id, (pick(s.name_fi, s.name_sv, s.name_en), controller))
        })
        .collect())
}

fn data_source(
    names: &HashMap<Uuid, (String, String)>,
    requested: &[application_data_source::Model],
    id: Uuid,
) -> DataSource {
    let (name, controller) = names.get(&id).cloned().unwrap_or_default();
    let asked = requested.iter().find(|r| r.data_source_id == id);
    DataSource {
        name,
        controller,
        variables: asked.map(|r| r.variables.clone()).unwrap_or_default(),
        period_from: asked.and_then(|r| r.period_from),
        period_to: asked.and_then(|r| r.period_to),
    }
}

fn source_label(names: &HashMap<Uuid, (String, String)>, id: Uuid) -> String {
    match names.get(&id) {
        Some((name, controller)) => format!("{controller}: {name}"),
        None => id.to_string(),
    }
}

async fn environment_name<C: ConnectionTrait>(
    conn: &C,
    id: Option<Uuid>,
) -> Result<Option<String>, StoreError> {
    Ok(match id {
        Some(id) => processing_environment::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|e| e.name),
        None => None,
    })
}

fn applicant_party(app: &application::Model) -> Party {
    match app.organisation_name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => Party::Organisation(Organisation {
            name: name.to_owned(),
            business_id: app.business_id.clone(),
        }),
        _ => Party::PrivatePerson,
    }
}

fn holder_party(p: &permit::Model) -> Party {
    match p.holder_organisation.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => Party::Organisation(Organisation {
            name: name.to_owned(),
            business_id: p.holder_business_id.clone(),
        }),
        _ => Party::PrivatePerson,
    }
}

fn applicant_person(app: &application::Model) -> Option<Person> {
    app.applicant_name.as_ref().map(|name| Person {
        name: name.clone(),
        email: app.contact_email.clone(),
        phone: None,
        postal_address: None,
    })
}

fn holder_person(p: &permit::Model) -> Option<Person> {
    p.holder_name.as_ref().map(|name| Person {
        name: name.clone(),
        email: None,
        phone: None,
        postal_address: None,
    })
}

/// Conditions are written one per paragraph (blank lines between).
fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The authority as the documents name it.
fn authority(language: Language) -> &'static str {
    match language {
        Language::Fi => "Sosiaali- ja terveysalan tietolupaviranomainen Findata",
        Language::Sv => "Tillståndsmyndigheten för social- och hälsovårdsdata Findata",
        Language::En => "Social and Health Data Permit Authority Findata",
    }
}

struct Texts {
    whole_application: &'static str,
    /// A decision gives its reasons as a whole, not per refused item.
    see_reasoning: &'static str,
}

fn texts(language: Language) -> Texts {
    match language {
        Language::Fi => Texts {
            whole_application: "Hakemus kokonaisuudessaan",
            see_reasoning: "Ks. perustelut.",
        },
        Language::Sv => Texts {
            whole_application: "Ansökan i sin helhet",
            see_reasoning: "Se motiveringen.",
        },
        Language::En => Texts {
            whole_application: "The whole application",
            see_reasoning: "See the reasoning.",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_paragraphs() {
        assert_eq!(
            paragraphs("First.\r\n\r\nSecond\nline.\n\n\n"),
            vec!["First.".to_owned(), "Second\nline.".to_owned()]
        );
    }

    #[test]
    fn stored_names_convert() {
        assert_eq!(
            same::<Outcome>("PARTIALLY_GRANTED"),
            Some(Outcome::PartiallyGranted)
        );
        assert_eq!(
            same::<AmendmentChange>("EXTEND_VALIDITY"),
            Some(AmendmentChange::ExtendValidity)
        );
        assert_eq!(same::<Outcome>("nonsense"), None);
    }
}
