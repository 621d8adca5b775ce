//! A typical decision of each kind, with realistic names: for tests, the benchmark and
//! screenshots. Not used by the server.

use time::macros::date;

use crate::model::*;

impl DecisionDocument {
    /// A permit decision (or the given kind and outcome) as the authority typically writes
    /// it: four data sources, two processors, three conditions.
    pub fn example(language: Language, kind: DecisionKind, outcome: Option<Outcome>) -> Self {
        let granted = outcome.is_none_or(|o| o != Outcome::Rejected);
        let permit_like = matches!(
            kind,
            DecisionKind::DataPermit | DecisionKind::Amendment | DecisionKind::Revocation
        );
        let university = Organisation {
            name: "Itä-Suomen yliopisto".to_owned(),
            business_id: Some("2155885-1".to_owned()),
        };
        let refused = match outcome {
            Some(Outcome::PartiallyGranted) => vec![RefusedItem {
                item: "Kela: Sairauspäivärahat (sickness allowances)".to_owned(),
                reason: "Not necessary for the purpose: the research questions need no data on sickness allowances (data minimisation, GDPR Article 5(1)(c)).".to_owned(),
            }],
            Some(Outcome::Rejected) => vec![RefusedItem {
                item: "The whole application".to_owned(),
                reason: "The research plan does not show that individual-level data is necessary; aggregate statistics would serve the purpose.".to_owned(),
            }],
            _ => Vec::new(),
        };
        DecisionDocument {
            language,
            content: DecisionContent {
                authority: match language {
                    Language::Fi => "Sosiaali- ja terveysalan tietolupaviranomainen Findata",
                    Language::Sv => "Tillståndsmyndigheten för social- och hälsovårdsdata Findata",
                    Language::En => "Social and Health Data Permit Authority Findata",
                }
                .to_owned(),
                diary_number: "TL/1234/2026".to_owned(),
                decision_number: "P-0456/2026".to_owned(),
                decision_date: date!(2026 - 12 - 07),
                kind,
                outcome,
                applicant: Party::Organisation(university.clone()),
                holder: (permit_like && granted).then_some(Party::Organisation(university)),
                title: "Type 2 diabetes medication and cardiovascular outcomes in Finland 2010–2024".to_owned(),
                public_summary: Some("A register study of how the choice of glucose-lowering medication relates to heart attacks and strokes.".to_owned()),
                purpose: (kind != DecisionKind::DataRequest).then_some(Purpose::ScientificResearch),
                permit_diary_number: matches!(kind, DecisionKind::Amendment | DecisionKind::Revocation)
                    .then(|| "TL/0987/2025".to_owned()),
                amendment_changes: if kind == DecisionKind::Amendment {
                    vec![AmendmentChange::ExtendValidity, AmendmentChange::AddProcessors]
                } else {
                    Vec::new()
                },
                data_sources: vec![
                    DataSource {
                        name: "Care Register for Health Care (Hilmo)".to_owned(),
                        controller: "Finnish Institute for Health and Welfare (THL)".to_owned(),
                        variables: "Diagnoses (ICD-10, three characters), admission and discharge dates, hospital district".to_owned(),
                        period_from: Some(date!(2010 - 01 - 01)),
                        period_to: Some(date!(2024 - 12 - 31)),
                    },
                    DataSource {
                        name: "Reimbursed prescription medicines".to_owned(),
                        controller: "Social Insurance Institution of Finland (Kela)".to_owned(),
                        variables: "ATC code, purchase date, defined daily doses".to_owned(),
                        period_from: Some(date!(2009 - 01 - 01)),
                        period_to: Some(date!(2024 - 12 - 31)),
                    },
                    DataSource {
                        name: "Causes of death".to_owned(),
                        controller: "Statistics Finland".to_owned(),
                        variables: "Underlying cause of death (ICD-10), year and month of death".to_owned(),
                        period_from: Some(date!(2010 - 01 - 01)),
                        period_to: Some(date!(2024 - 12 - 31)),
                    },
                    DataSource {
                        name: "Population Information System".to_owned(),
                        controller: "Digital and Population Data Services Agency (DVV)".to_owned(),
                        variables: "Year of birth, sex, municipality of residence at year end".to_owned(),
                        period_from: Some(date!(2010 - 01 - 01)),
                        period_to: Some(date!(2024 - 12 - 31)),
                    },
                ],
                processing_environment: (kind != DecisionKind::DataRequest)
                    .then(|| "Kapseli (Findata)".to_owned()),
                valid_from: (permit_like && granted).then_some(date!(2026 - 12 - 07)),
                valid_until: (permit_like && granted).then_some(date!(2030 - 12 - 31)),
                conditions: if granted && kind != DecisionKind::Revocation {
                    vec![
                        "The data may be processed only in the processing environment named in this decision and only for the purpose stated in the application.".to_owned(),
                        "Only results that have passed the authority's output check may be taken out of the environment.".to_owned(),
                        "The permit holder must report publications based on the data to the permit authority.".to_owned(),
                    ]
                } else {
                    Vec::new()
                },
                fee: (kind != DecisionKind::Revocation).then_some(Fee {
                    amount_cents: match kind {
                        DecisionKind::Amendment => 35_000,
                        _ => 100_000,
                    },
                    category: match kind {
                        DecisionKind::Amendment => FeeCategory::Amendment,
                        DecisionKind::DataRequest => FeeCategory::DataRequest,
                        _ => FeeCategory::Permit,
                    },
                    decree: Some("1234/2026".to_owned()),
                }),
                reasoning: if kind == DecisionKind::Revocation {
                    "The permit holder has processed the data outside the processing environment named in the permit, against the permit's first condition.".to_owned()
                } else {
                    "The applicant has shown that the data are necessary for the research described in the plan, and the requested precision has been justified for each variable.\n\nThe processing environment is registered and its certificate is valid on the date of this decision.".to_owned()
                },
                refused,
                presenter: Official {
                    name: "Aino Virtanen".to_owned(),
                    title: Some("Senior Inspector".to_owned()),
                },
                decider: Official {
                    name: "Mikko Järvinen".to_owned(),
                    title: Some("Director".to_owned()),
                },
            },
            confidential: Confidential {
                applicant: Some(Person {
                    name: "Laura Korhonen".to_owned(),
                    email: Some("laura.korhonen@uef.example".to_owned()),
                    phone: Some("+358 40 123 4567".to_owned()),
                    postal_address: Some("PL 1627, 70211 Kuopio".to_owned()),
                }),
                holder: None,
                billing_reference: Some("UEF-DIAB-2026".to_owned()),
                processors: if kind == DecisionKind::DataRequest {
                    Vec::new()
                } else {
                    vec![
                        Processor {
                            name: "Laura Korhonen".to_owned(),
                            organisation: "Itä-Suomen yliopisto".to_owned(),
                        },
                        Processor {
                            name: "Petteri Salminen".to_owned(),
                            organisation: "Itä-Suomen yliopisto".to_owned(),
                        },
                    ]
                },
                plans: vec!["Research plan, version 2 (3 November 2026)".to_owned()],
            },
        }
    }
}
