//! Amendments of an issued permit: what each kind may change, and the permit it gives.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::PermitStatus;
use crate::application::content::{FieldProblem, MAX_LINE};
use crate::application::kind::wire_names;
use crate::application::{ApplicationContent, Processor, RequestedDataSource};
use crate::calendar::add_months;
use crate::error_text::MessageKey;

const MAX_VALIDITY_YEARS: u32 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AmendmentChange {
    ExtendValidity,
    AddProcessors,
    RemoveProcessors,
    ChangeEnvironment,
    CombinePermits,
}

wire_names!(AmendmentChange {
    ExtendValidity => "EXTEND_VALIDITY",
    AddProcessors => "ADD_PROCESSORS",
    RemoveProcessors => "REMOVE_PROCESSORS",
    ChangeEnvironment => "CHANGE_ENVIRONMENT",
    CombinePermits => "COMBINE_PERMITS",
});

/// What an amendment asks to change, with the new values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AmendmentRequest {
    pub changes: Vec<AmendmentChange>,
    pub new_valid_until: Option<Date>,
    #[serde(default)]
    pub add_processors: Vec<Processor>,
    /// Named as on the permit (first name, last name, organisation).
    #[serde(default)]
    pub remove_processors: Vec<Processor>,
    pub new_environment_id: Option<Uuid>,
    #[serde(default)]
    pub combine_permit_ids: Vec<Uuid>,
}

/// The permit as the amendment rules need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermitTerms {
    pub processors: Vec<Processor>,
    pub processing_environment_id: Option<Uuid>,
    pub granted_data_source_ids: Vec<Uuid>,
    pub valid_from: Date,
    pub valid_until: Date,
}

/// Another permit named for combining, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CombinedPermitFacts {
    pub id: Uuid,
    pub same_holder: bool,
    /// Granted for the purpose of the permit being amended: data may be used only for the
    /// purpose it was granted for, so combining never widens it.
    pub same_purpose: bool,
    pub status: PermitStatus,
}

pub const NEW_APPLICATION_NEEDED: MessageKey = MessageKey::NewApplicationNeeded;

fn same_person(a: &Processor, b: &Processor) -> bool {
    let norm = |s: &str| s.trim().to_lowercase();
    norm(&a.first_name) == norm(&b.first_name)
        && norm(&a.last_name) == norm(&b.last_name)
        && norm(&a.organisation) == norm(&b.organisation)
}

/// An amendment's content: what the applicant left empty comes from the permit's own
/// application; data sources, cohort and purpose, if given, must be the permit's.
pub fn amendment_content(
    input: &ApplicationContent,
    base: &ApplicationContent,
) -> Result<ApplicationContent, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let sources_equal = |a: &[RequestedDataSource], b: &[RequestedDataSource]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.data_source_id == y.data_source_id
                    && x.variables.trim() == y.variables.trim()
                    && x.period_from == y.period_from
                    && x.period_to == y.period_to
            })
    };
    if !input.data_sources.is_empty() && !sources_equal(&input.data_sources, &base.data_sources) {
        problems.push(FieldProblem::new("dataSources", NEW_APPLICATION_NEEDED));
    }
    let text_differs = |a: &Option<String>, b: &Option<String>| {
        a.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .is_some_and(|a| Some(a) != b.as_deref().map(str::trim))
    };
    if text_differs(&input.cohort_definition, &base.cohort_definition) {
        problems.push(FieldProblem::new(
            "cohortDefinition",
            NEW_APPLICATION_NEEDED,
        ));
    }
    if input.purpose.is_some_and(|p| Some(p) != base.purpose) {
        problems.push(FieldProblem::new(
            "purpose",
            MessageKey::AmendmentKeepsPurpose,
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let pick = |a: &Option<String>, b: &Option<String>| {
        a.clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| b.clone())
    };
    Ok(ApplicationContent {
        applicant_name: pick(&input.applicant_name, &base.applicant_name),
        organisation_id: input.organisation_id.or(base.organisation_id),
        organisation_name: pick(&input.organisation_name, &base.organisation_name),
        business_id: pick(&input.business_id, &base.business_id),
        contact_email: pick(&input.contact_email, &base.contact_email),
        billing_reference: pick(&input.billing_reference, &base.billing_reference),
        title: pick(&input.title, &base.title),
        public_summary: pick(&input.public_summary, &base.public_summary),
        purpose: base.purpose,
        research_plan: pick(&input.research_plan, &base.research_plan),
        data_sources: base.data_sources.clone(),
        cohort_definition: base.cohort_definition.clone(),
        minimisation_justification: pick(
            &input.minimisation_justification,
            &base.minimisation_justification,
        ),
        processors: Vec::new(),
        processing_environment_id: None,
        requested_validity_end: None,
        ethics_statement_needed: None,
        ethics_reference: None,
        dpia_done: None,
        is_thesis: false,
        applicant_outside_eea: input.applicant_outside_eea,
    })
}

/// Every problem with an amendment request against its permit, at once. `today` is the
/// day of the check (creation, submission or decision).
pub fn validate_amendment(
    request: &AmendmentRequest,
    permit: &PermitTerms,
    permit_status: PermitStatus,
    combined: &[CombinedPermitFacts],
    permit_id: Uuid,
    today: Date,
) -> Vec<FieldProblem> {
    use AmendmentChange::*;
    let mut p = Vec::new();
    let mut add = |field: &str, message: MessageKey| p.push(FieldProblem::new(field, message));
    if permit_status != PermitStatus::Active {
        add("permit", MessageKey::OnlyActivePermitAmended);
    }
    if request.changes.is_empty() {
        add("amendment.changes", MessageKey::NameAtLeastOneChange);
    }
    let unique: HashSet<_> = request.changes.iter().collect();
    if unique.len() != request.changes.len() {
        add("amendment.changes", MessageKey::ChangeListedTwice);
    }
    let has = |c: AmendmentChange| request.changes.contains(&c);

    match (has(ExtendValidity), request.new_valid_until) {
        (true, None) => add("amendment.newValidUntil", MessageKey::NewValidUntilRequired),
        (true, Some(until)) if until <= permit.valid_until => {
            add("amendment.newValidUntil", MessageKey::NewValidUntilNotLater)
        }
        (true, Some(until)) if until > add_months(today, 12 * MAX_VALIDITY_YEARS) => {
            add("amendment.newValidUntil", MessageKey::AtMostSixYearsAhead)
        }
        (false, Some(_)) => add(
            "amendment.newValidUntil",
            MessageKey::OnlyWithChange {
                change: "EXTEND_VALIDITY",
            },
        ),
        _ => {}
    }

    if has(AddProcessors) {
        if request.add_processors.is_empty() {
            add(
                "amendment.addProcessors",
                MessageKey::NameAtLeastOneProcessor,
            );
        }
        for (i, new) in request.add_processors.iter().enumerate() {
            for (field, value) in [
                ("firstName", &new.first_name),
                ("lastName", &new.last_name),
                ("organisation", &new.organisation),
            ] {
                if value.trim().is_empty() {
                    add(
                        &format!("amendment.addProcessors[{i}].{field}"),
                        MessageKey::Required,
                    );
                } else if value.chars().count() > MAX_LINE {
                    add(
                        &format!("amendment.addProcessors[{i}].{field}"),
                        MessageKey::TooLong,
                    );
                }
            }
            if permit.processors.iter().any(|p| same_person(p, new)) {
                add(
                    &format!("amendment.addProcessors[{i}]"),
                    MessageKey::AlreadyProcessor,
                );
            }
        }
    } else if !request.add_processors.is_empty() {
        add(
            "amendment.addProcessors",
            MessageKey::OnlyWithChange {
                change: "ADD_PROCESSORS",
            },
        );
    }

    if has(RemoveProcessors) {
        if request.remove_processors.is_empty() {
            add(
                "amendment.removeProcessors",
                MessageKey::NameAtLeastOneProcessor,
            );
        }
        for (i, gone) in request.remove_processors.iter().enumerate() {
            if request.remove_processors[..i]
                .iter()
                .any(|earlier| same_person(earlier, gone))
            {
                add(
                    &format!("amendment.removeProcessors[{i}]"),
                    MessageKey::ListedTwice,
                );
            } else if !permit.processors.iter().any(|p| same_person(p, gone)) {
                add(
                    &format!("amendment.removeProcessors[{i}]"),
                    MessageKey::NotAProcessor,
                );
            }
        }
        let remaining = permit
            .processors
            .iter()
            .filter(|p| !request.remove_processors.iter().any(|g| same_person(p, g)))
            .count()
            + request.add_processors.len();
        if remaining == 0 {
            add(
                "amendment.removeProcessors",
                MessageKey::PermitKeepsProcessor,
            );
        }
    } else if !request.remove_processors.is_empty() {
        add(
            "amendment.removeProcessors",
            MessageKey::OnlyWithChange {
                change: "REMOVE_PROCESSORS",
            },
        );
    }

    match (has(ChangeEnvironment), request.new_environment_id) {
        (true, None) => add("amendment.newEnvironmentId", MessageKey::Required),
        (true, Some(id)) if Some(id) == permit.processing_environment_id => add(
            "amendment.newEnvironmentId",
            MessageKey::AlreadyPermitEnvironment,
        ),
        (false, Some(_)) => add(
            "amendment.newEnvironmentId",
            MessageKey::OnlyWithChange {
                change: "CHANGE_ENVIRONMENT",
            },
        ),
        _ => {}
    }

    if has(CombinePermits) {
        if request.combine_permit_ids.is_empty() {
            add("amendment.combinePermitIds", MessageKey::NameAnotherPermit);
        }
        for (i, id) in request.combine_permit_ids.iter().enumerate() {
            let field = format!("amendment.combinePermitIds[{i}]");
            if request.combine_permit_ids[..i].contains(id) {
                add(&field, MessageKey::ListedTwice);
                continue;
            }
            if *id == permit_id {
                add(&field, MessageKey::IsPermitBeingAmended);
                continue;
            }
            match combined.iter().find(|c| c.id == *id) {
                None => add(&field, MessageKey::NoSuchPermit),
                Some(c) if !c.same_holder => add(&field, MessageKey::NoSuchPermit),
                Some(c) if c.status != PermitStatus::Active => {
                    add(&field, MessageKey::OnlyActivePermitsCombined)
                }
                Some(c) if !c.same_purpose => add(&field, MessageKey::OtherPurpose),
                Some(_) => {}
            }
        }
    } else if !request.combine_permit_ids.is_empty() {
        add(
            "amendment.combinePermitIds",
            MessageKey::OnlyWithChange {
                change: "COMBINE_PERMITS",
            },
        );
    }
    p
}

/// The permit's terms after a granted amendment. Combined permits contribute their data
/// sources and processors; validity becomes the latest of them.
pub fn apply_amendment(
    permit: &PermitTerms,
    request: &AmendmentRequest,
    combined: &[PermitTerms],
) -> PermitTerms {
    use AmendmentChange::*;
    let mut next = permit.clone();
    let has = |c: AmendmentChange| request.changes.contains(&c);
    if has(RemoveProcessors) {
        next.processors
            .retain(|p| !request.remove_processors.iter().any(|g| same_person(p, g)));
    }
    if has(AddProcessors) {
        for new in &request.add_processors {
            if !next.processors.iter().any(|p| same_person(p, new)) {
                next.processors.push(new.clone());
            }
        }
    }
    if has(ExtendValidity)
        && let Some(until) = request.new_valid_until
    {
        next.valid_until = until;
    }
    if has(ChangeEnvironment) {
        next.processing_environment_id = request.new_environment_id;
    }
    if has(CombinePermits) {
        for other in combined {
            for id in &other.granted_data_source_ids {
                if !next.granted_data_source_ids.contains(id) {
                    next.granted_data_source_ids.push(*id);
                }
            }
            for processor in &other.processors {
                if !next.processors.iter().any(|p| same_person(p, processor)) {
                    next.processors.push(processor.clone());
                }
            }
            next.valid_until = next.valid_until.max(other.valid_until);
        }
    }
    next
}
