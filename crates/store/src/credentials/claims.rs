//! The permit's current state as the credential states it, read in the issuing
//! transaction.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use tietolupa_entity::{
    application, application_data_source, data_controller, data_source, decision, permit,
    permit_version, processing_environment,
};
use tietolupa_permit_credential::{
    DateSpan, GrantedDataset, Holder, PermitClaims, ProcessingEnvironment, Processor, Validity,
};
use time::Date;
use uuid::Uuid;

use crate::StoreError;
use crate::permits::{stored_status, terms};

pub(super) async fn permit_claims<C: ConnectionTrait>(
    conn: &C,
    issuer: &str,
    row: &permit::Model,
    today: Date,
) -> Result<PermitClaims, StoreError> {
    let terms = terms(row)?;
    let versions = permit_version::Entity::find()
        .filter(permit_version::Column::PermitId.eq(row.id))
        .all(conn)
        .await?;
    // The grant, then each amendment: the latest that named a data source decides its span.
    let mut applications = vec![row.application_id];
    applications.extend(
        application::Entity::find()
            .filter(application::Column::PermitId.eq(row.id))
            .order_by_asc(application::Column::CreatedAt)
            .all(conn)
            .await?
            .into_iter()
            .map(|a| a.id),
    );
    let decided_on = decision::Entity::find()
        .filter(decision::Column::Id.eq(row.decision_id))
        .one(conn)
        .await?
        .map(|d| d.decided_on);
    let amended_on = decision::Entity::find()
        .filter(
            decision::Column::ApplicationId.is_in(
                versions
                    .iter()
                    .filter_map(|v| v.amendment_application_id)
                    .collect::<Vec<Uuid>>(),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|d| d.decided_on)
        .max();
    let requested = application_data_source::Entity::find()
        .filter(application_data_source::Column::ApplicationId.is_in(applications.clone()))
        .all(conn)
        .await?;
    let sources = data_source::Entity::find()
        .filter(data_source::Column::Id.is_in(terms.granted_data_source_ids.clone()))
        .all(conn)
        .await?;
    let controllers = data_controller::Entity::find()
        .filter(data_controller::Column::Id.is_in(sources.iter().map(|s| s.controller_id)))
        .all(conn)
        .await?;
    let validity = Validity {
        from: row.valid_from,
        until: row.valid_until,
    };
    let mut datasets = Vec::with_capacity(terms.granted_data_source_ids.len());
    for id in &terms.granted_data_source_ids {
        let Some(source) = sources.iter().find(|s| s.id == *id) else {
            continue;
        };
        let controller = controllers
            .iter()
            .find(|c| c.id == source.controller_id)
            .map(|c| c.name_fi.clone())
            .unwrap_or_default();
        let span = applications
            .iter()
            .rev()
            .find_map(|app| {
                requested
                    .iter()
                    .find(|r| r.application_id == *app && r.data_source_id == *id)
            })
            .and_then(|r| Some((r.period_from?, r.period_to?)));
        // A source asked for without a period covers what the permit's validity covers.
        let (from, until) = span.unwrap_or((validity.from, validity.until));
        datasets.push(GrantedDataset {
            uri: format!("{issuer}/data-sources/{}", source.code.to_lowercase()),
            name: source.name_fi.clone(),
            data_controller: controller,
            time_span: DateSpan { from, until },
        });
    }
    let environment = match terms.processing_environment_id {
        Some(id) => {
            processing_environment::Entity::find_by_id(id)
                .one(conn)
                .await?
        }
        None => None,
    };
    let holder = match (&row.holder_organisation, &row.holder_business_id) {
        (Some(name), Some(business_id)) => Holder::Organisation {
            name: name.clone(),
            business_id: business_id.clone(),
        },
        _ => Holder::Person {
            name: row.holder_name.clone().unwrap_or_default(),
        },
    };
    let diary_number = application::Entity::find_by_id(row.application_id)
        .one(conn)
        .await?
        .and_then(|a| a.diary_number)
        .unwrap_or_default();
    Ok(PermitClaims {
        id: row.id,
        diary_number,
        holder,
        datasets,
        processing_environment: environment
            .map(|e| ProcessingEnvironment {
                name: e.name,
                provider: e.provider,
                provider_business_id: e.provider_business_id,
            })
            .unwrap_or(ProcessingEnvironment {
                name: String::new(),
                provider: String::new(),
                provider_business_id: String::new(),
            }),
        validity,
        // As stored: the expiry job issues the EXPIRED credential when it stores the status.
        status: stored_status(row)?,
        amendment_version: versions.len() as u32,
        decided_on: amended_on
            .into_iter()
            .chain(decided_on)
            .max()
            .unwrap_or(today),
    })
}

/// The processors as visas name them. Tietolupa knows no identity broker's identifier
/// for a processor, so the visa's `sub` is the permit's own reference to them
/// (`urn:uuid:<permit>#processor-<n>`), which an environment maps to its users; never a
/// name or an identity code.
pub(super) fn visa_processors(row: &permit::Model) -> Result<Vec<Processor>, StoreError> {
    Ok((1..=terms(row)?.processors.len())
        .map(|n| Processor {
            id: format!("urn:uuid:{}#processor-{n}", row.id),
        })
        .collect())
}
