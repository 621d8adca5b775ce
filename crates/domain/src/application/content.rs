//! What an application says, and the rules it must meet. A draft may be incomplete;
//! submission checks everything and reports every problem at once.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::kind::{ApplicationKind, Purpose};
use crate::business_id::BusinessId;
use crate::calendar::add_months;
use crate::error_text::MessageKey;

/// Longest free text accepted anywhere in an application.
pub const MAX_TEXT: usize = 20_000;
/// Longest single-line value (names, titles, references).
pub const MAX_LINE: usize = 300;
const MAX_VALIDITY_YEARS: u32 = 6;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationContent {
    pub applicant_name: Option<String>,
    /// The organisation of the register the applicant acts for; `None` for a private
    /// person. When set, the name and business ID below are the register's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    /// `None` for a private person.
    pub organisation_name: Option<String>,
    pub business_id: Option<String>,
    pub contact_email: Option<String>,
    pub billing_reference: Option<String>,
    /// Public once decided.
    pub title: Option<String>,
    /// Public once decided.
    pub public_summary: Option<String>,
    pub purpose: Option<Purpose>,
    /// Confidential.
    pub research_plan: Option<String>,
    pub data_sources: Vec<RequestedDataSource>,
    pub cohort_definition: Option<String>,
    pub minimisation_justification: Option<String>,
    pub processors: Vec<Processor>,
    pub processing_environment_id: Option<Uuid>,
    pub requested_validity_end: Option<Date>,
    pub ethics_statement_needed: Option<bool>,
    pub ethics_reference: Option<String>,
    pub dpia_done: Option<bool>,
    /// For the fee: a thesis (e.g. master's or doctoral) project.
    pub is_thesis: bool,
    /// For the fee: the applicant is outside the EU/EEA.
    pub applicant_outside_eea: bool,
}

impl ApplicationContent {
    /// The data sources asked for, in the order given.
    pub fn requested_source_ids(&self) -> Vec<Uuid> {
        self.data_sources.iter().map(|s| s.data_source_id).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestedDataSource {
    /// A register or dataset of the catalogue.
    pub data_source_id: Uuid,
    /// Which variables, and at what precision.
    pub variables: String,
    pub period_from: Option<Date>,
    pub period_to: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Processor {
    pub first_name: String,
    pub last_name: String,
    pub organisation: String,
    pub nda_signed: bool,
}

/// A problem with one field, named as in the GraphQL input (`dataSources[1].periodTo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: MessageKey,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, message: MessageKey) -> FieldProblem {
        FieldProblem {
            field: field.into(),
            message,
        }
    }
}

/// What submission needs to know beyond the application itself.
pub struct SubmissionContext<'a> {
    pub today: Date,
    /// Catalogue ids that exist.
    pub known_data_sources: &'a HashSet<Uuid>,
    /// Whether the named environment is in the register (validity is checked when the
    /// decision is proposed and made).
    pub environment_registered: bool,
}

struct Problems(Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, message: MessageKey) {
        self.0.push(FieldProblem::new(field, message));
    }

    fn text(&mut self, field: &str, value: Option<&str>, max: usize, required: bool) {
        match value.map(str::trim) {
            None | Some("") if required => self.add(field, MessageKey::Required),
            Some(v) if v.chars().count() > max => self.add(field, MessageKey::MaxChars { max }),
            _ => {}
        }
    }
}

/// Format checks that hold even for drafts: lengths, shapes of codes and emails, periods.
pub fn validate_draft(content: &ApplicationContent) -> Vec<FieldProblem> {
    let mut p = Problems(Vec::new());
    for (field, value) in [
        ("applicantName", &content.applicant_name),
        ("organisationName", &content.organisation_name),
        ("billingReference", &content.billing_reference),
        ("title", &content.title),
        ("ethicsReference", &content.ethics_reference),
        ("contactEmail", &content.contact_email),
    ] {
        p.text(field, value.as_deref(), MAX_LINE, false);
    }
    for (field, value) in [
        ("publicSummary", &content.public_summary),
        ("researchPlan", &content.research_plan),
        ("cohortDefinition", &content.cohort_definition),
        (
            "minimisationJustification",
            &content.minimisation_justification,
        ),
    ] {
        p.text(field, value.as_deref(), MAX_TEXT, false);
    }
    if let Some(id) = content.business_id.as_deref().filter(|s| !s.is_empty())
        && let Err(e) = BusinessId::parse(id)
    {
        p.add("businessId", e.into());
    }
    if let Some(email) = content.contact_email.as_deref().filter(|s| !s.is_empty())
        && !is_email(email)
    {
        p.add("contactEmail", MessageKey::NotAnEmail);
    }
    for (i, source) in content.data_sources.iter().enumerate() {
        p.text(
            &format!("dataSources[{i}].variables"),
            Some(&source.variables),
            MAX_TEXT,
            false,
        );
        if let (Some(from), Some(to)) = (source.period_from, source.period_to)
            && from > to
        {
            p.add(
                format!("dataSources[{i}].periodTo"),
                MessageKey::PeriodEndsBeforeStart,
            );
        }
    }
    for (i, processor) in content.processors.iter().enumerate() {
        p.text(
            &format!("processors[{i}].firstName"),
            Some(&processor.first_name),
            MAX_LINE,
            false,
        );
        p.text(
            &format!("processors[{i}].lastName"),
            Some(&processor.last_name),
            MAX_LINE,
            false,
        );
        p.text(
            &format!("processors[{i}].organisation"),
            Some(&processor.organisation),
            MAX_LINE,
            false,
        );
    }
    p.0
}

/// Everything submission requires, every problem at once.
pub fn validate_for_submission(
    kind: ApplicationKind,
    content: &ApplicationContent,
    context: &SubmissionContext<'_>,
) -> Vec<FieldProblem> {
    let mut p = Problems(validate_draft(content));
    let line = |v: &Option<String>| v.as_deref().filter(|s| !s.trim().is_empty()).is_some();

    if !line(&content.applicant_name) {
        p.add("applicantName", MessageKey::Required);
    }
    match (line(&content.organisation_name), line(&content.business_id)) {
        (true, false) => p.add("businessId", MessageKey::BusinessIdRequiredForOrganisation),
        (false, true) => p.add(
            "organisationName",
            MessageKey::OrganisationNameRequiredWithBusinessId,
        ),
        _ => {}
    }
    if !line(&content.contact_email) {
        p.add("contactEmail", MessageKey::Required);
    }
    for (field, value) in [
        ("title", &content.title),
        ("publicSummary", &content.public_summary),
        ("researchPlan", &content.research_plan),
        ("cohortDefinition", &content.cohort_definition),
        (
            "minimisationJustification",
            &content.minimisation_justification,
        ),
    ] {
        if !line(value) {
            p.add(field, MessageKey::Required);
        }
    }
    match content.purpose {
        None => p.add("purpose", MessageKey::Required),
        Some(purpose) if !kind.allows(purpose) => {
            p.add("purpose", MessageKey::PurposeNeedsDataRequest)
        }
        Some(_) => {}
    }
    if content.data_sources.is_empty() {
        p.add("dataSources", MessageKey::DataSourceRequired);
    }
    let mut seen = HashSet::new();
    for (i, source) in content.data_sources.iter().enumerate() {
        if !context.known_data_sources.contains(&source.data_source_id) {
            p.add(
                format!("dataSources[{i}].dataSourceId"),
                MessageKey::NotInDataCatalogue,
            );
        } else if !seen.insert(source.data_source_id) {
            p.add(
                format!("dataSources[{i}].dataSourceId"),
                MessageKey::ListedTwice,
            );
        }
        if source.variables.trim().is_empty() {
            p.add(format!("dataSources[{i}].variables"), MessageKey::Required);
        }
        if source.period_from.is_none() {
            p.add(format!("dataSources[{i}].periodFrom"), MessageKey::Required);
        }
        if source.period_to.is_none() {
            p.add(format!("dataSources[{i}].periodTo"), MessageKey::Required);
        }
    }

    match kind {
        ApplicationKind::DataPermit => {
            if content.processors.is_empty() {
                p.add("processors", MessageKey::ProcessorRequired);
            }
            for (i, processor) in content.processors.iter().enumerate() {
                for (field, value) in [
                    ("firstName", &processor.first_name),
                    ("lastName", &processor.last_name),
                    ("organisation", &processor.organisation),
                ] {
                    if value.trim().is_empty() {
                        p.add(format!("processors[{i}].{field}"), MessageKey::Required);
                    }
                }
            }
            match content.processing_environment_id {
                None => p.add("processingEnvironmentId", MessageKey::Required),
                Some(_) if !context.environment_registered => p.add(
                    "processingEnvironmentId",
                    MessageKey::NotInEnvironmentRegister,
                ),
                Some(_) => {}
            }
            match content.requested_validity_end {
                None => p.add("requestedValidityEnd", MessageKey::Required),
                Some(end) if end <= context.today => {
                    p.add("requestedValidityEnd", MessageKey::MustBeInFuture)
                }
                Some(end) if end > add_months(context.today, 12 * MAX_VALIDITY_YEARS) => {
                    p.add("requestedValidityEnd", MessageKey::AtMostSixYearsAhead)
                }
                Some(_) => {}
            }
            match content.ethics_statement_needed {
                None => p.add("ethicsStatementNeeded", MessageKey::Required),
                Some(true) if !line(&content.ethics_reference) => {
                    p.add("ethicsReference", MessageKey::EthicsReferenceRequired)
                }
                _ => {}
            }
            if content.dpia_done.is_none() {
                p.add("dpiaDone", MessageKey::Required);
            }
        }
        ApplicationKind::DataRequest => {
            if !content.processors.is_empty() {
                p.add("processors", MessageKey::DataRequestNamesNoProcessors);
            }
            if content.processing_environment_id.is_some() {
                p.add(
                    "processingEnvironmentId",
                    MessageKey::DataRequestNeedsNoEnvironment,
                );
            }
        }
        ApplicationKind::Amendment => {}
    }
    p.0
}

pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == ',')
        && !domain.contains('@')
}

/// One difference between two versions of an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What changed between `before` and `after`, field by field (lists by position), in a
/// stable order.
pub fn changes(before: &ApplicationContent, after: &ApplicationContent) -> Vec<FieldChange> {
    let before = flatten(before);
    let mut after = flatten(after);
    let mut result = Vec::new();
    for (field, old) in before {
        let new = after.remove(&field);
        if new.as_ref() != Some(&old) {
            result.push(FieldChange {
                field,
                before: Some(old),
                after: new,
            });
        }
    }
    for (field, new) in after {
        result.push(FieldChange {
            field,
            before: None,
            after: Some(new),
        });
    }
    result.sort_by(|a, b| a.field.cmp(&b.field));
    result
}

fn flatten(content: &ApplicationContent) -> BTreeMap<String, String> {
    fn walk(prefix: String, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(path, v, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(format!("{prefix}[{i}]"), v, out);
                }
            }
            serde_json::Value::String(s) => {
                out.insert(prefix, s.clone());
            }
            other => {
                out.insert(prefix, other.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    let value = serde_json::to_value(content).expect("content serialises");
    walk(String::new(), &value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const THL_HILMO: Uuid = Uuid::from_u128(1);
    const KELA_DRUGS: Uuid = Uuid::from_u128(2);

    fn complete_permit() -> ApplicationContent {
        ApplicationContent {
            applicant_name: Some("Aino Virtanen".into()),
            organisation_id: None,
            organisation_name: Some("University of Helsinki".into()),
            business_id: Some("0313471-7".into()),
            contact_email: Some("aino.virtanen@example.fi".into()),
            billing_reference: Some("HY-123".into()),
            title: Some("Statins and dementia".into()),
            public_summary: Some("Whether statin use is associated with dementia.".into()),
            purpose: Some(Purpose::ScientificResearch),
            research_plan: Some("Cohort study ...".into()),
            data_sources: vec![RequestedDataSource {
                data_source_id: THL_HILMO,
                variables: "diagnoses (ICD-10, 3 characters), admission year".into(),
                period_from: Some(date!(2010 - 01 - 01)),
                period_to: Some(date!(2024 - 12 - 31)),
            }],
            cohort_definition: Some("Persons aged 60+ in 2010".into()),
            minimisation_justification: Some("Birth year instead of date of birth".into()),
            processors: vec![Processor {
                first_name: "Aino".into(),
                last_name: "Virtanen".into(),
                organisation: "University of Helsinki".into(),
                nda_signed: true,
            }],
            processing_environment_id: Some(Uuid::from_u128(9)),
            requested_validity_end: Some(date!(2030 - 12 - 31)),
            ethics_statement_needed: Some(true),
            ethics_reference: Some("HUS/123/2026".into()),
            dpia_done: Some(true),
            is_thesis: false,
            applicant_outside_eea: false,
        }
    }

    fn check(kind: ApplicationKind, content: &ApplicationContent) -> Vec<String> {
        let known = HashSet::from([THL_HILMO, KELA_DRUGS]);
        let context = SubmissionContext {
            today: date!(2026 - 11 - 23),
            known_data_sources: &known,
            environment_registered: true,
        };
        validate_for_submission(kind, content, &context)
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect()
    }

    #[test]
    fn a_complete_permit_application_passes() {
        assert_eq!(
            check(ApplicationKind::DataPermit, &complete_permit()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn an_empty_application_reports_every_missing_field_at_once() {
        let problems = check(ApplicationKind::DataPermit, &ApplicationContent::default());
        for field in [
            "applicantName",
            "contactEmail",
            "title",
            "publicSummary",
            "researchPlan",
            "cohortDefinition",
            "minimisationJustification",
            "purpose",
            "dataSources",
            "processors",
            "processingEnvironmentId",
            "requestedValidityEnd",
            "ethicsStatementNeeded",
            "dpiaDone",
        ] {
            assert!(
                problems.iter().any(|p| p.starts_with(&format!("{field}:"))),
                "{field} missing in {problems:?}"
            );
        }
    }

    #[test]
    fn statistics_only_purposes_need_a_data_request() {
        let mut content = complete_permit();
        content.purpose = Some(Purpose::DevelopmentAndInnovation);
        let problems = check(ApplicationKind::DataPermit, &content);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("purpose:") && problems[0].contains("data request"));
    }

    #[test]
    fn data_requests_name_no_processors_or_environment() {
        let mut content = complete_permit();
        content.purpose = Some(Purpose::KnowledgeManagement);
        let problems = check(ApplicationKind::DataRequest, &content);
        assert_eq!(problems.len(), 2, "{problems:?}");
        content.processors.clear();
        content.processing_environment_id = None;
        assert_eq!(
            check(ApplicationKind::DataRequest, &content),
            Vec::<String>::new()
        );
    }

    #[test]
    fn field_paths_point_into_lists() {
        let mut content = complete_permit();
        content.data_sources.push(RequestedDataSource {
            data_source_id: Uuid::from_u128(77),
            variables: " ".into(),
            period_from: Some(date!(2020 - 01 - 01)),
            period_to: Some(date!(2019 - 01 - 01)),
        });
        content.processors[0].last_name.clear();
        let problems = check(ApplicationKind::DataPermit, &content);
        for expected in [
            "dataSources[1].dataSourceId: is not in the data catalogue",
            "dataSources[1].variables: is required",
            "dataSources[1].periodTo: must not be before the start of the period",
            "processors[0].lastName: is required",
        ] {
            assert!(
                problems.contains(&expected.to_owned()),
                "{expected} not in {problems:?}"
            );
        }
    }

    #[test]
    fn organisation_and_business_id_go_together_and_are_checked() {
        let mut content = complete_permit();
        content.business_id = Some("0313471-8".into());
        assert_eq!(
            check(ApplicationKind::DataPermit, &content),
            ["businessId: check digit does not match"]
        );
        content.business_id = None;
        assert_eq!(
            check(ApplicationKind::DataPermit, &content),
            ["businessId: is required for an organisation"]
        );
        // A private person names neither.
        content.organisation_name = None;
        assert_eq!(
            check(ApplicationKind::DataPermit, &content),
            Vec::<String>::new()
        );
    }

    #[test]
    fn validity_is_at_most_six_years_ahead() {
        let mut content = complete_permit();
        content.requested_validity_end = Some(date!(2032 - 11 - 23));
        assert_eq!(
            check(ApplicationKind::DataPermit, &content),
            Vec::<String>::new()
        );
        content.requested_validity_end = Some(date!(2032 - 11 - 24));
        assert_eq!(
            check(ApplicationKind::DataPermit, &content),
            ["requestedValidityEnd: must be at most six years ahead"]
        );
        content.requested_validity_end = Some(date!(2026 - 11 - 23));
        assert_eq!(
            check(ApplicationKind::DataPermit, &content),
            ["requestedValidityEnd: must be in the future"]
        );
    }

    #[test]
    fn drafts_may_be_incomplete_but_not_malformed() {
        assert!(validate_draft(&ApplicationContent::default()).is_empty());
        let content = ApplicationContent {
            contact_email: Some("not-an-email".into()),
            title: Some("x".repeat(MAX_LINE + 1)),
            ..ApplicationContent::default()
        };
        let fields: Vec<String> = validate_draft(&content)
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["title", "contactEmail"]);
    }

    #[test]
    fn changes_list_what_differs_by_field() {
        let before = complete_permit();
        let mut after = before.clone();
        after.title = Some("Statins and dementia risk".into());
        after.processors.push(Processor {
            first_name: "Mikko".into(),
            last_name: "Korhonen".into(),
            organisation: "University of Helsinki".into(),
            nda_signed: false,
        });
        let changes = changes(&before, &after);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "processors[1].firstName",
                "processors[1].lastName",
                "processors[1].ndaSigned",
                "processors[1].organisation",
                "title"
            ]
        );
        assert_eq!(changes[4].before.as_deref(), Some("Statins and dementia"));
        assert_eq!(changes[0].before, None);
    }
}
