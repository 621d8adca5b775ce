use super::*;
use crate::application::Purpose;
use crate::application::{ApplicationContent, Processor, RequestedDataSource};
use time::macros::date;
use uuid::Uuid;

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
    problems_with(request, &[])
}

fn problems_with(request: &AmendmentRequest, combined: &[CombinedPermitFacts]) -> Vec<String> {
    validate_amendment(
        request,
        &terms(),
        PermitStatus::Active,
        combined,
        PERMIT,
        TODAY,
    )
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
        Err(PermitRefusal::NotActive(
            MessageKey::OnlyActivePermitRevoked
        ))
    );
    assert_eq!(
        check_revocation(PermitStatus::Revoked, until, TODAY, "x"),
        Err(PermitRefusal::NotActive(
            MessageKey::OnlyActivePermitRevoked
        ))
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
    assert!(check_destruction(PermitStatus::Active, from, date!(2026 - 11 - 24), TODAY).is_err());
    assert!(check_destruction(PermitStatus::Active, from, date!(2025 - 12 - 31), TODAY).is_err());
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
            same_purpose: true,
            status: PermitStatus::Active,
        },
        CombinedPermitFacts {
            id: foreign,
            same_holder: false,
            same_purpose: true,
            status: PermitStatus::Active,
        },
    ];
    let found: Vec<String> = problems_with(&request, &facts);
    assert_eq!(
        found,
        [
            "amendment.combinePermitIds[1]: no such permit",
            "amendment.combinePermitIds[2]: is the permit being amended"
        ]
    );
}

#[test]
fn a_permit_or_processor_named_twice_is_refused() {
    let other = Uuid::from_u128(200);
    let request = AmendmentRequest {
        changes: vec![
            AmendmentChange::CombinePermits,
            AmendmentChange::RemoveProcessors,
        ],
        combine_permit_ids: vec![other, other],
        remove_processors: vec![person("Eero"), person(" eero")],
        ..Default::default()
    };
    let facts = [CombinedPermitFacts {
        id: other,
        same_holder: true,
        same_purpose: true,
        status: PermitStatus::Active,
    }];
    let found: Vec<String> = problems_with(&request, &facts);
    assert_eq!(
        found,
        [
            format!("amendment.removeProcessors[1]: {}", MessageKey::ListedTwice),
            format!("amendment.combinePermitIds[1]: {}", MessageKey::ListedTwice),
        ]
    );
}

#[test]
fn combining_refuses_expired_revoked_and_combined_permits() {
    let request = |id: u128| AmendmentRequest {
        changes: vec![AmendmentChange::CombinePermits],
        combine_permit_ids: vec![Uuid::from_u128(id)],
        ..Default::default()
    };
    for status in [
        PermitStatus::Expired,
        PermitStatus::Revoked,
        PermitStatus::DataDestroyed,
        PermitStatus::Combined,
    ] {
        let facts = [CombinedPermitFacts {
            id: Uuid::from_u128(200),
            same_holder: true,
            same_purpose: true,
            status,
        }];
        let found = validate_amendment(
            &request(200),
            &terms(),
            PermitStatus::Active,
            &facts,
            PERMIT,
            TODAY,
        );
        assert_eq!(found.len(), 1, "{status:?}");
        assert_eq!(found[0].field, "amendment.combinePermitIds[0]");
        assert_eq!(found[0].message, MessageKey::OnlyActivePermitsCombined);
    }
}

#[test]
fn combining_keeps_to_one_purpose() {
    let other = Uuid::from_u128(200);
    let request = AmendmentRequest {
        changes: vec![AmendmentChange::CombinePermits],
        combine_permit_ids: vec![other],
        ..Default::default()
    };
    let facts = |same_purpose| {
        [CombinedPermitFacts {
            id: other,
            same_holder: true,
            same_purpose,
            status: PermitStatus::Active,
        }]
    };
    assert_eq!(problems_with(&request, &facts(true)), Vec::<String>::new());
    assert_eq!(
        problems_with(&request, &facts(false)),
        [format!(
            "amendment.combinePermitIds[0]: {}",
            MessageKey::OtherPurpose
        )]
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
    assert!(
        NEW_APPLICATION_NEEDED
            .to_string()
            .contains("submit a new application")
    );
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

#[test]
fn an_organisation_holds_its_researchers_permits_and_a_private_person_their_own() {
    let university = Some(Uuid::from_u128(7));
    let company = Some(Uuid::from_u128(8));
    // Two researchers of one organisation: one holder.
    assert_eq!(
        Holder::of("aino", university),
        Holder::of("eero", university)
    );
    // One researcher's permits for two organisations: two holders.
    assert_ne!(Holder::of("aino", university), Holder::of("aino", company));
    // A private person's permit is not their organisation's.
    assert_ne!(Holder::of("aino", None), Holder::of("aino", university));
    assert_eq!(Holder::of("aino", None), Holder::of("aino", None));
    assert_ne!(Holder::of("aino", None), Holder::of("eero", None));
}
