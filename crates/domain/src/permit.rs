//! Permits and their amendments (DESIGN.md sections 2 and 3) as pure rules: the status a
//! permit has on a given day, what may be done to it, and what an amendment may change.
//!
//! Status is stored as `ACTIVE`, `REVOKED`, `DATA_DESTROYED` or `COMBINED`; `EXPIRED` is
//! also stored by the daily job, but [`effective_status`] derives it from `valid_until`
//! so a read is right even before the job has run. Data destruction is a status plus the
//! recorded date the holder (or staff) confirmed.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::application::content::{FieldProblem, MAX_LINE};
use crate::application::kind::wire_names;
use crate::application::{ApplicationContent, Processor, RequestedDataSource};
use crate::calendar::add_months;

const MAX_VALIDITY_YEARS: u32 = 6;
/// Days before `valid_until` at which the holder is reminded.
pub const REMINDER_DAYS: [i64; 2] = [90, 30];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PermitStatus {
    /// Valid today.
    Active,
    /// Past `valid_until`.
    Expired,
    /// Revoked by a director, with a reason.
    Revoked,
    /// The holder (or staff) confirmed the data was destroyed, on a recorded date.
    DataDestroyed,
    /// Merged into another permit by a `COMBINE_PERMITS` amendment.
    Combined,
}

wire_names!(PermitStatus {
    Active => "ACTIVE",
    Expired => "EXPIRED",
    Revoked => "REVOKED",
    DataDestroyed => "DATA_DESTROYED",
    Combined => "COMBINED",
});

impl PermitStatus {
    pub const ALL: [PermitStatus; 5] = [
        PermitStatus::Active,
        PermitStatus::Expired,
        PermitStatus::Revoked,
        PermitStatus::DataDestroyed,
        PermitStatus::Combined,
    ];
}

/// The status on `today`: an active permit whose validity has passed is expired, whether
/// or not the job has stored that yet.
pub fn effective_status(stored: PermitStatus, valid_until: Date, today: Date) -> PermitStatus {
    if stored == PermitStatus::Active && today > valid_until {
        PermitStatus::Expired
    } else {
        stored
    }
}

/// Why a command on a permit is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PermitRefusal {
    #[error("only an active permit can be {0}")]
    NotActive(&'static str),
    #[error("data destruction has already been confirmed")]
    AlreadyDestroyed,
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: &'static str,
    },
}

pub fn check_revocation(
    stored: PermitStatus,
    valid_until: Date,
    today: Date,
    reason: &str,
) -> Result<(), PermitRefusal> {
    if reason.trim().is_empty() {
        return Err(PermitRefusal::Invalid {
            field: "reason",
            message: "is required",
        });
    }
    match effective_status(stored, valid_until, today) {
        PermitStatus::Active => Ok(()),
        _ => Err(PermitRefusal::NotActive("revoked")),
    }
}

/// Destruction may be confirmed once, on a date not in the future and not before the
/// permit began. Confirming ends an active permit early.
pub fn check_destruction(
    stored: PermitStatus,
    valid_from: Date,
    destroyed_on: Date,
    today: Date,
) -> Result<(), PermitRefusal> {
    if stored == PermitStatus::DataDestroyed {
        return Err(PermitRefusal::AlreadyDestroyed);
    }
    if stored == PermitStatus::Combined {
        return Err(PermitRefusal::NotActive(
            "confirmed destroyed (it was combined)",
        ));
    }
    if destroyed_on > today {
        return Err(PermitRefusal::Invalid {
            field: "destroyedOn",
            message: "must not be in the future",
        });
    }
    if destroyed_on < valid_from {
        return Err(PermitRefusal::Invalid {
            field: "destroyedOn",
            message: "must not be before the permit's validity began",
        });
    }
    Ok(())
}

/// Which reminders are due on `today` for a permit valid until `valid_until`: the
/// thresholds (days before) already reached and not passed.
pub fn due_reminders(valid_until: Date, today: Date) -> Vec<i64> {
    let left = (valid_until - today).whole_days();
    REMINDER_DAYS
        .into_iter()
        .filter(|days| left >= 0 && left <= *days)
        .collect()
}

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
    pub status: PermitStatus,
}

pub const NEW_APPLICATION_NEEDED: &str =
    "data sources and cohort cannot change in an amendment: submit a new application";

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
            "an amendment keeps its permit's purpose",
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
    let mut add = |field: &str, message: &str| p.push(FieldProblem::new(field, message));
    if permit_status != PermitStatus::Active {
        add("permit", "only an active permit can be amended");
    }
    if request.changes.is_empty() {
        add("amendment.changes", "name at least one change");
    }
    let unique: HashSet<_> = request.changes.iter().collect();
    if unique.len() != request.changes.len() {
        add("amendment.changes", "a change is listed twice");
    }
    let has = |c: AmendmentChange| request.changes.contains(&c);

    match (has(ExtendValidity), request.new_valid_until) {
        (true, None) => add("amendment.newValidUntil", "is required to extend validity"),
        (true, Some(until)) if until <= permit.valid_until => add(
            "amendment.newValidUntil",
            "must be later than the permit's current validity",
        ),
        (true, Some(until)) if until > add_months(today, 12 * MAX_VALIDITY_YEARS) => {
            add("amendment.newValidUntil", "must be at most six years ahead")
        }
        (false, Some(_)) => add(
            "amendment.newValidUntil",
            "is only given with EXTEND_VALIDITY",
        ),
        _ => {}
    }

    if has(AddProcessors) {
        if request.add_processors.is_empty() {
            add("amendment.addProcessors", "name at least one processor");
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
                        "is required",
                    );
                } else if value.chars().count() > MAX_LINE {
                    add(
                        &format!("amendment.addProcessors[{i}].{field}"),
                        "is too long",
                    );
                }
            }
            if permit.processors.iter().any(|p| same_person(p, new)) {
                add(
                    &format!("amendment.addProcessors[{i}]"),
                    "is already a processor of the permit",
                );
            }
        }
    } else if !request.add_processors.is_empty() {
        add(
            "amendment.addProcessors",
            "is only given with ADD_PROCESSORS",
        );
    }

    if has(RemoveProcessors) {
        if request.remove_processors.is_empty() {
            add("amendment.removeProcessors", "name at least one processor");
        }
        for (i, gone) in request.remove_processors.iter().enumerate() {
            if !permit.processors.iter().any(|p| same_person(p, gone)) {
                add(
                    &format!("amendment.removeProcessors[{i}]"),
                    "is not a processor of the permit",
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
                "a permit keeps at least one named processor",
            );
        }
    } else if !request.remove_processors.is_empty() {
        add(
            "amendment.removeProcessors",
            "is only given with REMOVE_PROCESSORS",
        );
    }

    match (has(ChangeEnvironment), request.new_environment_id) {
        (true, None) => add("amendment.newEnvironmentId", "is required"),
        (true, Some(id)) if Some(id) == permit.processing_environment_id => add(
            "amendment.newEnvironmentId",
            "is already the permit's environment",
        ),
        (false, Some(_)) => add(
            "amendment.newEnvironmentId",
            "is only given with CHANGE_ENVIRONMENT",
        ),
        _ => {}
    }

    if has(CombinePermits) {
        if request.combine_permit_ids.is_empty() {
            add(
                "amendment.combinePermitIds",
                "name at least one other permit",
            );
        }
        for (i, id) in request.combine_permit_ids.iter().enumerate() {
            let field = format!("amendment.combinePermitIds[{i}]");
            if *id == permit_id {
                add(&field, "is the permit being amended");
                continue;
            }
            match combined.iter().find(|c| c.id == *id) {
                None => add(&field, "no such permit"),
                Some(c) if !c.same_holder => add(&field, "no such permit"),
                Some(c) if c.status != PermitStatus::Active => {
                    add(&field, "only active permits can be combined")
                }
                Some(_) => {}
            }
        }
    } else if !request.combine_permit_ids.is_empty() {
        add(
            "amendment.combinePermitIds",
            "is only given with COMBINE_PERMITS",
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

/// Median of whole days, rounded down to a half day as a float; `None` for no values.
pub fn median_days(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    } else {
        values[mid] as f64
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::Purpose;
    use time::macros::date;

    fn person(first: &str) -> Processor {
        Processor {
            first_name: first.into(),
            last_name: "Virtanen".into(),
            organisation: "University of Helsinki".into(),
            nda_signed: true,
        }
    }

    fn terms() -> PermitTerms {
        PermitTerms {
            processors: vec![person("Aino"), person("Eero")],
            processing_environment_id: Some(Uuid::from_u128(10)),
            granted_data_source_ids: vec![Uuid::from_u128(1)],
            valid_from: date!(2026 - 01 - 01),
            valid_until: date!(2028 - 12 - 31),
        }
    }

    const TODAY: Date = date!(2026 - 11 - 23);
    const PERMIT: Uuid = Uuid::from_u128(100);

    fn problems(request: &AmendmentRequest) -> Vec<String> {
        validate_amendment(request, &terms(), PermitStatus::Active, &[], PERMIT, TODAY)
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect()
    }

    #[test]
    fn expiry_is_derived_when_read() {
        let until = date!(2026 - 11 - 22);
        assert_eq!(
            effective_status(PermitStatus::Active, until, until),
            PermitStatus::Active
        );
        assert_eq!(
            effective_status(PermitStatus::Active, until, TODAY),
            PermitStatus::Expired
        );
        assert_eq!(
            effective_status(PermitStatus::Revoked, until, TODAY),
            PermitStatus::Revoked
        );
    }

    #[test]
    fn only_an_active_permit_is_revoked_and_only_with_a_reason() {
        let until = date!(2027 - 01 - 01);
        assert_eq!(
            check_revocation(PermitStatus::Active, until, TODAY, "Breach of conditions"),
            Ok(())
        );
        assert!(matches!(
            check_revocation(PermitStatus::Active, until, TODAY, "  "),
            Err(PermitRefusal::Invalid {
                field: "reason",
                ..
            })
        ));
        assert_eq!(
            check_revocation(PermitStatus::Active, date!(2026 - 01 - 01), TODAY, "x"),
            Err(PermitRefusal::NotActive("revoked"))
        );
        assert_eq!(
            check_revocation(PermitStatus::Revoked, until, TODAY, "x"),
            Err(PermitRefusal::NotActive("revoked"))
        );
    }

    #[test]
    fn destruction_is_confirmed_once_on_a_plausible_date() {
        let from = date!(2026 - 01 - 01);
        assert_eq!(
            check_destruction(PermitStatus::Expired, from, TODAY, TODAY),
            Ok(())
        );
        assert_eq!(
            check_destruction(PermitStatus::DataDestroyed, from, TODAY, TODAY),
            Err(PermitRefusal::AlreadyDestroyed)
        );
        assert!(
            check_destruction(PermitStatus::Active, from, date!(2026 - 11 - 24), TODAY).is_err()
        );
        assert!(
            check_destruction(PermitStatus::Active, from, date!(2025 - 12 - 31), TODAY).is_err()
        );
    }

    #[test]
    fn reminders_at_ninety_and_thirty_days() {
        let until = date!(2027 - 01 - 31);
        assert_eq!(
            due_reminders(until, date!(2026 - 10 - 01)),
            Vec::<i64>::new()
        );
        assert_eq!(due_reminders(until, date!(2026 - 11 - 23)), [90]);
        assert_eq!(due_reminders(until, date!(2027 - 01 - 10)), [90, 30]);
        assert_eq!(
            due_reminders(until, date!(2027 - 02 - 01)),
            Vec::<i64>::new()
        );
    }

    #[test]
    fn extending_validity_needs_a_later_date_within_six_years() {
        let mut request = AmendmentRequest {
            changes: vec![AmendmentChange::ExtendValidity],
            new_valid_until: Some(date!(2029 - 12 - 31)),
            ..Default::default()
        };
        assert!(problems(&request).is_empty());
        request.new_valid_until = Some(date!(2028 - 12 - 31));
        assert_eq!(
            problems(&request),
            ["amendment.newValidUntil: must be later than the permit's current validity"]
        );
        request.new_valid_until = Some(date!(2033 - 01 - 01));
        assert_eq!(
            problems(&request),
            ["amendment.newValidUntil: must be at most six years ahead"]
        );
        request.new_valid_until = None;
        assert_eq!(problems(&request).len(), 1);
    }

    #[test]
    fn values_need_their_change_type_and_vice_versa() {
        let request = AmendmentRequest {
            changes: vec![],
            new_valid_until: Some(date!(2029 - 12 - 31)),
            new_environment_id: Some(Uuid::from_u128(11)),
            ..Default::default()
        };
        let fields: Vec<String> = problems(&request)
            .into_iter()
            .map(|p| p.split(':').next().unwrap().to_owned())
            .collect();
        assert_eq!(
            fields,
            [
                "amendment.changes",
                "amendment.newValidUntil",
                "amendment.newEnvironmentId"
            ]
        );
    }

    #[test]
    fn processors_removed_must_exist_and_one_must_remain() {
        let request = AmendmentRequest {
            changes: vec![AmendmentChange::RemoveProcessors],
            remove_processors: vec![person("Aino"), person("Eero"), person("Pekka")],
            ..Default::default()
        };
        assert_eq!(
            problems(&request),
            [
                "amendment.removeProcessors[2]: is not a processor of the permit",
                "amendment.removeProcessors: a permit keeps at least one named processor"
            ]
        );
    }

    #[test]
    fn combining_needs_other_active_permits_of_the_same_holder() {
        let other = Uuid::from_u128(200);
        let foreign = Uuid::from_u128(300);
        let request = AmendmentRequest {
            changes: vec![AmendmentChange::CombinePermits],
            combine_permit_ids: vec![other, foreign, PERMIT],
            ..Default::default()
        };
        let facts = [
            CombinedPermitFacts {
                id: other,
                same_holder: true,
                status: PermitStatus::Active,
            },
            CombinedPermitFacts {
                id: foreign,
                same_holder: false,
                status: PermitStatus::Active,
            },
        ];
        let found: Vec<String> = validate_amendment(
            &request,
            &terms(),
            PermitStatus::Active,
            &facts,
            PERMIT,
            TODAY,
        )
        .into_iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect();
        assert_eq!(
            found,
            [
                "amendment.combinePermitIds[1]: no such permit",
                "amendment.combinePermitIds[2]: is the permit being amended"
            ]
        );
    }

    #[test]
    fn data_sources_and_cohort_cannot_change() {
        let base = ApplicationContent {
            title: Some("Statins".into()),
            purpose: Some(Purpose::ScientificResearch),
            cohort_definition: Some("Aged 65+".into()),
            data_sources: vec![RequestedDataSource {
                data_source_id: Uuid::from_u128(1),
                variables: "ATC".into(),
                period_from: None,
                period_to: None,
            }],
            ..Default::default()
        };
        let inherited = amendment_content(&ApplicationContent::default(), &base).unwrap();
        assert_eq!(inherited.title.as_deref(), Some("Statins"));
        assert_eq!(inherited.data_sources, base.data_sources);
        let changed = ApplicationContent {
            cohort_definition: Some("Aged 18+".into()),
            data_sources: vec![RequestedDataSource {
                data_source_id: Uuid::from_u128(2),
                variables: "ATC".into(),
                period_from: None,
                period_to: None,
            }],
            ..Default::default()
        };
        let problems = amendment_content(&changed, &base).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(|p| p.message == NEW_APPLICATION_NEEDED));
        assert!(NEW_APPLICATION_NEEDED.contains("submit a new application"));
    }

    #[test]
    fn a_granted_amendment_changes_only_what_it_names() {
        let request = AmendmentRequest {
            changes: vec![
                AmendmentChange::ExtendValidity,
                AmendmentChange::AddProcessors,
                AmendmentChange::RemoveProcessors,
            ],
            new_valid_until: Some(date!(2030 - 06 - 30)),
            add_processors: vec![person("Liisa")],
            remove_processors: vec![person("Eero")],
            ..Default::default()
        };
        let next = apply_amendment(&terms(), &request, &[]);
        assert_eq!(next.valid_until, date!(2030 - 06 - 30));
        let names: Vec<&str> = next
            .processors
            .iter()
            .map(|p| p.first_name.as_str())
            .collect();
        assert_eq!(names, ["Aino", "Liisa"]);
        assert_eq!(
            next.processing_environment_id,
            terms().processing_environment_id
        );
        assert_eq!(next.valid_from, terms().valid_from);
    }

    #[test]
    fn combining_merges_sources_processors_and_validity() {
        let mut other = terms();
        other.granted_data_source_ids = vec![Uuid::from_u128(2)];
        other.processors = vec![person("Ville")];
        other.valid_until = date!(2031 - 01 - 01);
        let request = AmendmentRequest {
            changes: vec![AmendmentChange::CombinePermits],
            combine_permit_ids: vec![Uuid::from_u128(200)],
            ..Default::default()
        };
        let next = apply_amendment(&terms(), &request, &[other]);
        assert_eq!(next.granted_data_source_ids.len(), 2);
        assert_eq!(next.processors.len(), 3);
        assert_eq!(next.valid_until, date!(2031 - 01 - 01));
    }

    #[test]
    fn medians() {
        assert_eq!(median_days(&mut []), None);
        assert_eq!(median_days(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median_days(&mut [4, 1, 3, 2]), Some(2.5));
    }
}
