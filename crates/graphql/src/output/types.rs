//! The GraphQL shapes of output requests, their files, reports and history.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use tietolupa_domain::sign_in::UiLanguage;
use tietolupa_output_check::Language;
use tietolupa_store::output::{self as store};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::output_request::OutputRequestState")]
pub enum OutputRequestState {
    Submitted,
    InReview,
    Approved,
    ChangesRequested,
    Rejected,
    Released,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_output_check::TableKind")]
pub enum OutputTableKind {
    /// Counts of units per cell.
    Frequency,
    /// Per cell: sum, count of contributors, largest and second-largest contribution.
    Magnitude,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_output_check::Rule")]
pub enum DisclosureRule {
    MinimumFrequency,
    /// N-k dominance (n = 2).
    Dominance,
    PPercent,
    ClassDisclosure,
    NegativeOrMissing,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_output_check::CheckStatus")]
pub enum CheckStatus {
    Pass,
    Review,
    Fail,
}

/// A request to release result tables, with its current submission's files and reports.
pub struct OutputRequest(pub store::OutputRequest);

#[Object]
impl OutputRequest {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// Pass this back with each review step.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn state(&self) -> OutputRequestState {
        self.0.state.into()
    }
    /// The permit the holder asks under; none for a data request's statistics.
    async fn permit_id(&self) -> Option<Uuid> {
        self.0.permit_id
    }
    /// The data request's delivery order; none under a permit.
    async fn delivery_order_id(&self) -> Option<Uuid> {
        self.0.delivery_order_id
    }
    async fn diary_number(&self) -> &str {
        &self.0.diary_number
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// 1 for the first submission, 2 after the first changes asked for, ...
    async fn submission(&self) -> i32 {
        self.0.submission
    }
    async fn submitted_at(&self) -> OffsetDateTime {
        self.0.submitted_at
    }
    async fn submitted_by_name(&self) -> Option<&str> {
        self.0.submitted_by_name.as_deref()
    }
    /// The worst status over every cell of the current submission.
    async fn status(&self) -> CheckStatus {
        self.0.status.into()
    }
    /// The current submission's files.
    async fn files(&self, ctx: &Context<'_>) -> Vec<OutputFile> {
        let language = report_language(ctx);
        self.0
            .files
            .iter()
            .map(|f| OutputFile::of(&self.0, f, language))
            .collect()
    }
    /// Every submission, oldest first, with its files and reports.
    async fn submissions(&self, ctx: &Context<'_>) -> Vec<OutputSubmission> {
        let language = report_language(ctx);
        self.0
            .submissions
            .iter()
            .map(|s| OutputSubmission {
                number: s.number,
                submitted_at: s.submitted_at,
                description: s.description.clone(),
                files: s
                    .files
                    .iter()
                    .map(|f| OutputFile::of(&self.0, f, language))
                    .collect(),
            })
            .collect()
    }
    /// The overrides of the current approval.
    async fn overrides(&self) -> Vec<OutputOverride> {
        self.0
            .overrides
            .iter()
            .map(|o| OutputOverride {
                file_id: o.file_id,
                row: o.row as i32,
                column: o.column as i32,
                rule: o.rule.into(),
                reason: o.reason.clone(),
                by_name: o.by_name.clone(),
            })
            .collect()
    }
    /// An approval overrode a failing cell and waits for a Director other than the reviewer.
    async fn awaiting_second_approval(&self) -> bool {
        self.0.awaiting_second_approval
    }
    async fn reviewer_name(&self) -> Option<&str> {
        self.0.reviewer_name.as_deref()
    }
    async fn second_approver_name(&self) -> Option<&str> {
        self.0.second_approver_name.as_deref()
    }
    /// Why changes were asked for, or why the request was rejected.
    async fn decision_reason(&self) -> Option<&str> {
        self.0.decision_reason.as_deref()
    }
    async fn history(&self) -> Vec<OutputRequestEvent> {
        self.0
            .history
            .iter()
            .map(|e| OutputRequestEvent {
                at: e.at,
                actor_name: e.actor_name.clone(),
                from_state: e.from_state.map(Into::into),
                to_state: e.to_state.into(),
                comment: e.comment.clone(),
            })
            .collect()
    }
    async fn created_at(&self) -> OffsetDateTime {
        self.0.created_at
    }
    async fn updated_at(&self) -> OffsetDateTime {
        self.0.updated_at
    }
}

#[derive(SimpleObject)]
pub struct OutputSubmission {
    number: i32,
    submitted_at: OffsetDateTime,
    description: String,
    files: Vec<OutputFile>,
}

/// A result table and its check's report.
#[derive(SimpleObject)]
pub struct OutputFile {
    id: Uuid,
    name: String,
    kind: OutputTableKind,
    size_bytes: i64,
    sha256: String,
    status: CheckStatus,
    /// Only the flagged cells (REVIEW or FAIL).
    findings: Vec<CellFinding>,
    /// Null when the caller may not download it (a holder, before release).
    download_url: Option<String>,
}

impl OutputFile {
    fn of(request: &store::OutputRequest, f: &store::OutputFile, language: Language) -> OutputFile {
        // Holders download only the current files of a released request; staff anything.
        let current = f.submission == request.submission;
        let may = request.caller_is_staff || (request.caller_may_download && current);
        OutputFile {
            id: f.id,
            name: f.name.clone(),
            kind: f.kind.into(),
            size_bytes: f.size_bytes,
            sha256: f.sha256.clone(),
            status: f.status.into(),
            findings: f
                .findings
                .iter()
                .map(|c| CellFinding {
                    row: c.row as i32,
                    column: c.column as i32,
                    row_label: c.row_label.clone(),
                    column_label: c.column_label.clone(),
                    rule: c.rule.into(),
                    status: c.status.into(),
                    explanation: c.explanation.render(language),
                })
                .collect(),
            download_url: may
                .then(|| format!("/api/output-requests/{}/files/{}", request.id, f.id)),
        }
    }
}

/// The caller's language as the checker knows it: reports are written in the UI's three.
fn report_language(ctx: &Context<'_>) -> Language {
    match crate::names::language(ctx) {
        UiLanguage::Fi => Language::Fi,
        UiLanguage::Sv => Language::Sv,
        UiLanguage::En => Language::En,
    }
}

#[derive(SimpleObject)]
pub struct CellFinding {
    /// 0-based, over the data rows (the header is not a row).
    row: i32,
    /// 0-based, over the value columns (the row-label column is not one).
    column: i32,
    row_label: String,
    column_label: String,
    rule: DisclosureRule,
    status: CheckStatus,
    /// The rule's figures, in the caller's language (the report's machine form is in the
    /// audit record).
    explanation: String,
}

#[derive(SimpleObject)]
pub struct OutputOverride {
    file_id: Uuid,
    row: i32,
    column: i32,
    rule: DisclosureRule,
    reason: String,
    by_name: Option<String>,
}

#[derive(SimpleObject)]
pub struct OutputRequestEvent {
    at: OffsetDateTime,
    actor_name: Option<String>,
    from_state: Option<OutputRequestState>,
    to_state: OutputRequestState,
    comment: Option<String>,
}

#[derive(InputObject)]
pub struct OutputOverrideInput {
    pub file_id: Uuid,
    pub row: i32,
    pub column: i32,
    pub rule: DisclosureRule,
    pub reason: String,
}

#[derive(InputObject, Default)]
pub struct OutputRequestFilter {
    pub state: Option<OutputRequestState>,
    pub permit_id: Option<Uuid>,
}

/// A permit's own thresholds; each only as strict as the configured default or stricter.
#[derive(InputObject)]
pub struct OutputCheckThresholdsInput {
    pub minimum_frequency: Option<i32>,
    pub dominance_n: Option<i32>,
    pub dominance_k: Option<f64>,
    pub p_percent: Option<f64>,
}

/// A permit's own thresholds as set; unset fields follow the configured defaults.
#[derive(SimpleObject, Default)]
pub struct OutputCheckThresholds {
    pub minimum_frequency: Option<i64>,
    pub dominance_n: Option<i32>,
    pub dominance_k: Option<f64>,
    pub p_percent: Option<f64>,
}

impl OutputCheckThresholds {
    pub fn of(stored: Option<&serde_json::Value>) -> Option<OutputCheckThresholds> {
        let own: store::PermitThresholds = serde_json::from_value(stored?.clone()).ok()?;
        Some(OutputCheckThresholds {
            minimum_frequency: own.minimum_frequency.map(|v| v as i64),
            dominance_n: own.dominance_n.map(|v| v as i32),
            dominance_k: own.dominance_k,
            p_percent: own.p_percent,
        })
    }
}
