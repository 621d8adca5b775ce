//! The presenter's proposed decision, and the director's final one, which must meet the
//! same rules.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::content::FieldProblem;
use super::fee::FeeCategory;
use super::kind::{ApplicationKind, wire_names};
use crate::calendar::add_months;
use crate::environment::EnvironmentFacts;
use crate::error_text::MessageKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DecisionOutcome {
    Granted,
    PartiallyGranted,
    Rejected,
}

wire_names!(DecisionOutcome {
    Granted => "GRANTED",
    PartiallyGranted => "PARTIALLY_GRANTED",
    Rejected => "REJECTED",
});

impl DecisionOutcome {
    pub fn grants(self) -> bool {
        self != DecisionOutcome::Rejected
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalContent {
    pub outcome: DecisionOutcome,
    pub reasoning: String,
    pub conditions: Option<String>,
    /// A subset of the requested data sources.
    pub granted_data_source_ids: Vec<Uuid>,
    /// For granted data permits.
    pub valid_until: Option<Date>,
    pub fee_category: FeeCategory,
}

impl ProposalContent {
    /// The presenter's proposal as entered. Blank conditions mean there are none.
    pub fn new(
        outcome: DecisionOutcome,
        reasoning: String,
        conditions: Option<String>,
        granted_data_source_ids: Vec<Uuid>,
        valid_until: Option<Date>,
        fee_category: FeeCategory,
    ) -> ProposalContent {
        ProposalContent {
            outcome,
            reasoning,
            conditions: non_blank(conditions),
            granted_data_source_ids,
            valid_until,
            fee_category,
        }
    }

    /// The director's final text: this proposal with `edits` applied. A refusal grants
    /// nothing, so it keeps neither granted data sources nor a validity, whatever the
    /// proposal or the edits said.
    pub fn apply(mut self, edits: DecisionEdits) -> ProposalContent {
        if let Some(outcome) = edits.outcome {
            self.outcome = outcome;
        }
        if let Some(reasoning) = edits.reasoning {
            self.reasoning = reasoning;
        }
        if let Some(conditions) = edits.conditions {
            // Blank conditions from the director remove the presenter's.
            self.conditions = non_blank(Some(conditions));
        }
        if let Some(granted) = edits.granted_data_source_ids {
            self.granted_data_source_ids = granted;
        }
        if let Some(until) = edits.valid_until {
            self.valid_until = Some(until);
        }
        if let Some(category) = edits.fee_category {
            self.fee_category = category;
        }
        if !self.outcome.grants() {
            self.granted_data_source_ids.clear();
            self.valid_until = None;
        }
        self
    }
}

fn non_blank(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// What the director changes in the proposal before deciding; unset fields keep the
/// presenter's text. The final text is the director's either way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionEdits {
    pub outcome: Option<DecisionOutcome>,
    pub reasoning: Option<String>,
    pub conditions: Option<String>,
    pub granted_data_source_ids: Option<Vec<Uuid>>,
    pub valid_until: Option<Date>,
    pub fee_category: Option<FeeCategory>,
}

impl DecisionEdits {
    /// No field set: the decision is the proposal as it stands. Setting a field to the
    /// value it already had still counts as an edit.
    pub fn is_empty(&self) -> bool {
        self.outcome.is_none()
            && self.reasoning.is_none()
            && self.conditions.is_none()
            && self.granted_data_source_ids.is_none()
            && self.valid_until.is_none()
            && self.fee_category.is_none()
    }
}

/// What the rules need to know about the application.
pub struct ProposalContext<'a> {
    pub kind: ApplicationKind,
    pub requested_data_source_ids: &'a [Uuid],
    /// The named environment as the register has it, if any.
    pub environment: Option<EnvironmentFacts>,
    /// The proposal or decision date.
    pub on: Date,
}

const MAX_VALIDITY_YEARS: u32 = 6;

pub fn validate_proposal(
    proposal: &ProposalContent,
    context: &ProposalContext<'_>,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut add =
        |field: &str, message: MessageKey| problems.push(FieldProblem::new(field, message));
    if proposal.reasoning.trim().is_empty() {
        add("reasoning", MessageKey::Required);
    }
    if proposal.reasoning.chars().count() > super::content::MAX_TEXT {
        add("reasoning", MessageKey::TooLong);
    }
    if proposal
        .conditions
        .as_ref()
        .is_some_and(|c| c.chars().count() > super::content::MAX_TEXT)
    {
        add("conditions", MessageKey::TooLong);
    }
    if !proposal.fee_category.fits(context.kind) {
        add("feeCategory", MessageKey::FeeCategoryDoesNotFit);
    }
    if proposal
        .granted_data_source_ids
        .iter()
        .any(|id| !context.requested_data_source_ids.contains(id))
    {
        add(
            "grantedDataSourceIds",
            MessageKey::GrantedSourcesNotRequested,
        );
    }
    if proposal.outcome.grants() {
        // An amendment changes the permit's terms, not its data: it grants no sources.
        if proposal.granted_data_source_ids.is_empty() && context.kind != ApplicationKind::Amendment
        {
            add("grantedDataSourceIds", MessageKey::GrantNeedsDataSource);
        }
        if context.kind == ApplicationKind::DataPermit {
            match proposal.valid_until {
                None => add("validUntil", MessageKey::ValidUntilRequiredForPermit),
                Some(until) if until <= context.on => add("validUntil", MessageKey::MustBeInFuture),
                Some(until) if until > add_months(context.on, 12 * MAX_VALIDITY_YEARS) => {
                    add("validUntil", MessageKey::AtMostSixYearsAhead)
                }
                Some(_) => {}
            }
            match context.environment {
                None => add("processingEnvironment", MessageKey::PermitNeedsEnvironment),
                Some(environment) => {
                    if let Err(reason) = environment.usable_on(context.on) {
                        add("processingEnvironment", reason);
                    }
                }
            }
        }
    } else if !proposal.granted_data_source_ids.is_empty() {
        add("grantedDataSourceIds", MessageKey::RejectionGrantsNoSources);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::EnvironmentStatus;
    use time::macros::date;

    const A: Uuid = Uuid::from_u128(1);
    const B: Uuid = Uuid::from_u128(2);

    fn granted() -> ProposalContent {
        ProposalContent {
            outcome: DecisionOutcome::Granted,
            reasoning: "Meets the requirements of the Act.".into(),
            conditions: Some("Results published only in aggregate.".into()),
            granted_data_source_ids: vec![A, B],
            valid_until: Some(date!(2030 - 12 - 31)),
            fee_category: FeeCategory::Permit,
        }
    }

    fn environment(status: EnvironmentStatus, valid_until: Date) -> Option<EnvironmentFacts> {
        Some(EnvironmentFacts {
            status,
            certificate_valid_until: valid_until,
        })
    }

    fn check(proposal: &ProposalContent, environment: Option<EnvironmentFacts>) -> Vec<String> {
        let context = ProposalContext {
            kind: ApplicationKind::DataPermit,
            requested_data_source_ids: &[A, B],
            environment,
            on: date!(2026 - 11 - 23),
        };
        validate_proposal(proposal, &context)
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect()
    }

    #[test]
    fn a_grant_with_a_valid_environment_passes() {
        let ok = environment(EnvironmentStatus::Registered, date!(2027 - 06 - 30));
        assert_eq!(check(&granted(), ok), Vec::<String>::new());
    }

    #[test]
    fn the_environment_must_be_registered_and_certified_on_the_day() {
        for (status, until, expected) in [
            (
                EnvironmentStatus::Registered,
                date!(2026 - 11 - 22),
                "certificate expired",
            ),
            (
                EnvironmentStatus::SignificantDeviation,
                date!(2027 - 06 - 30),
                "significant deviation",
            ),
            (EnvironmentStatus::Removed, date!(2027 - 06 - 30), "removed"),
        ] {
            let problems = check(&granted(), environment(status, until));
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(
                problems[0].starts_with("processingEnvironment:") && problems[0].contains(expected),
                "{problems:?}"
            );
        }
        // Valid through the decision day itself.
        assert!(
            check(
                &granted(),
                environment(EnvironmentStatus::Registered, date!(2026 - 11 - 23))
            )
            .is_empty()
        );
        assert_eq!(check(&granted(), None).len(), 1);
    }

    #[test]
    fn rejections_need_no_environment_and_grant_nothing() {
        let mut rejection = granted();
        rejection.outcome = DecisionOutcome::Rejected;
        rejection.granted_data_source_ids.clear();
        rejection.valid_until = None;
        assert_eq!(check(&rejection, None), Vec::<String>::new());
        rejection.granted_data_source_ids.push(A);
        assert_eq!(
            check(&rejection, None),
            ["grantedDataSourceIds: a rejection grants no data sources"]
        );
    }

    #[test]
    fn only_requested_sources_can_be_granted() {
        let mut proposal = granted();
        proposal.granted_data_source_ids = vec![A, Uuid::from_u128(3)];
        let ok = environment(EnvironmentStatus::Registered, date!(2027 - 06 - 30));
        assert_eq!(
            check(&proposal, ok),
            ["grantedDataSourceIds: may only contain data sources the application asked for"]
        );
    }

    #[test]
    fn missing_reasoning_validity_and_a_wrong_fee_are_all_reported() {
        let proposal = ProposalContent {
            reasoning: " ".into(),
            valid_until: None,
            fee_category: FeeCategory::DataRequest,
            ..granted()
        };
        let ok = environment(EnvironmentStatus::Registered, date!(2027 - 06 - 30));
        let fields: Vec<String> = check(&proposal, ok)
            .into_iter()
            .map(|p| p.split(':').next().unwrap().to_owned())
            .collect();
        assert_eq!(fields, ["reasoning", "feeCategory", "validUntil"]);
    }

    #[test]
    fn blank_conditions_are_none_when_the_proposal_is_built() {
        let build = |conditions: Option<&str>| {
            ProposalContent::new(
                DecisionOutcome::Granted,
                "Meets the requirements of the Act.".into(),
                conditions.map(str::to_owned),
                vec![A],
                Some(date!(2030 - 12 - 31)),
                FeeCategory::Permit,
            )
            .conditions
        };
        assert_eq!(build(None), None);
        assert_eq!(build(Some("")), None);
        assert_eq!(build(Some(" \n\t ")), None);
        // Text is kept as entered, not trimmed.
        assert_eq!(
            build(Some(" Aggregate only. ")),
            Some(" Aggregate only. ".into())
        );
    }

    #[test]
    fn no_edits_keep_the_proposal() {
        let edits = DecisionEdits::default();
        assert!(edits.is_empty());
        assert_eq!(granted().apply(edits), granted());
    }

    #[test]
    fn edits_replace_only_the_fields_they_set() {
        let edits = DecisionEdits {
            reasoning: Some("Edited by the director.".into()),
            granted_data_source_ids: Some(vec![B]),
            fee_category: Some(FeeCategory::ThesisPermit),
            ..DecisionEdits::default()
        };
        assert!(!edits.is_empty());
        assert_eq!(
            granted().apply(edits),
            ProposalContent {
                reasoning: "Edited by the director.".into(),
                granted_data_source_ids: vec![B],
                fee_category: FeeCategory::ThesisPermit,
                ..granted()
            }
        );
        let later = date!(2031 - 06 - 30);
        let edits = DecisionEdits {
            outcome: Some(DecisionOutcome::PartiallyGranted),
            valid_until: Some(later),
            ..DecisionEdits::default()
        };
        let decided = granted().apply(edits);
        assert_eq!(decided.outcome, DecisionOutcome::PartiallyGranted);
        assert_eq!(decided.valid_until, Some(later));
        assert_eq!(decided.granted_data_source_ids, [A, B]);
    }

    #[test]
    fn blank_edited_conditions_remove_the_presenters() {
        let edit = |conditions: &str| {
            granted()
                .apply(DecisionEdits {
                    conditions: Some(conditions.into()),
                    ..DecisionEdits::default()
                })
                .conditions
        };
        assert_eq!(edit("  "), None);
        assert_eq!(edit(""), None);
        assert_eq!(
            edit("Only in aggregate."),
            Some("Only in aggregate.".into())
        );
    }

    #[test]
    fn a_refusal_clears_the_grants_even_when_the_edits_set_them() {
        let edits = DecisionEdits {
            outcome: Some(DecisionOutcome::Rejected),
            granted_data_source_ids: Some(vec![A]),
            valid_until: Some(date!(2031 - 01 - 01)),
            ..DecisionEdits::default()
        };
        let decided = granted().apply(edits);
        assert_eq!(decided.outcome, DecisionOutcome::Rejected);
        assert!(decided.granted_data_source_ids.is_empty());
        assert_eq!(decided.valid_until, None);
        // The rest of the proposal stays.
        assert_eq!(decided.reasoning, granted().reasoning);
        assert_eq!(decided.conditions, granted().conditions);
        // A proposal that already refused keeps refusing without grants.
        let mut refusal = granted();
        refusal.outcome = DecisionOutcome::Rejected;
        let decided = refusal.apply(DecisionEdits::default());
        assert!(decided.granted_data_source_ids.is_empty());
        assert_eq!(decided.valid_until, None);
    }
}
