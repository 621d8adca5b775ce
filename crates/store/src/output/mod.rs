//! Output requests (DESIGN.md section 13): result tables a permit holder (or, for a data
//! request, a handler) submits; the disclosure check's report per file; review with four
//! eyes on overrides; release with a machine-readable decision record in the audit log.
//!
//! File bytes live in the attachment store's directory (under `output/`), never in a row;
//! a row keeps the name, size, SHA-256 and the check's report as JSON. `commands.rs` holds
//! the steps, `views.rs` the reads and the download.

pub mod commands;
pub mod review;
pub mod views;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use tietolupa_domain::output_request::{FlaggedCell, OutputRequestState};
use tietolupa_domain::{MessageKey, Role};
use tietolupa_entity::{output_file, output_request, output_request_event, output_request_version};
use tietolupa_output_check::{CheckStatus, Explanation, ParseLimits, Rule, TableKind, Thresholds};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{CallContext, StoreError};

pub use tietolupa_output_check::{
    CheckStatus as OutputCheckStatus, Explanation as CellExplanation, PermitThresholds,
    Rule as DisclosureRule, TOOL_VERSION, TableKind as OutputTableKind,
};

/// The check's configured defaults and the size bounds of a result file.
#[derive(Debug, Clone, Copy)]
pub struct OutputCheck {
    pub defaults: Thresholds,
    pub limits: ParseLimits,
}

impl OutputCheck {
    /// From the configured figures; `zeros_disclosive` stays on, as ACRO's default.
    pub fn new(
        minimum_frequency: u64,
        dominance_n: u32,
        dominance_k: f64,
        p_percent: f64,
        max_file_bytes: usize,
    ) -> OutputCheck {
        OutputCheck {
            defaults: Thresholds {
                minimum_frequency,
                dominance_n,
                dominance_k,
                p_percent,
                zeros_disclosive: true,
            },
            limits: ParseLimits {
                max_bytes: max_file_bytes,
                ..ParseLimits::DEFAULT
            },
        }
    }
}

impl Default for OutputCheck {
    fn default() -> Self {
        OutputCheck {
            defaults: Thresholds::ACRO_DEFAULTS,
            limits: ParseLimits {
                max_bytes: 10 * 1024 * 1024,
                ..ParseLimits::DEFAULT
            },
        }
    }
}

/// An output request as its holder and staff see it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputRequest {
    pub id: Uuid,
    pub version: i32,
    pub state: OutputRequestState,
    pub permit_id: Option<Uuid>,
    pub delivery_order_id: Option<Uuid>,
    pub holder_id: String,
    pub diary_number: String,
    pub description: String,
    pub submission: i32,
    pub submitted_at: OffsetDateTime,
    pub submitted_by_name: Option<String>,
    pub status: CheckStatus,
    /// The current submission's files.
    pub files: Vec<OutputFile>,
    /// Every submission, the current one last.
    pub submissions: Vec<OutputSubmission>,
    pub overrides: Vec<StoredOverride>,
    pub awaiting_second_approval: bool,
    pub reviewer_name: Option<String>,
    pub second_approver_name: Option<String>,
    pub decision_reason: Option<String>,
    pub history: Vec<OutputEvent>,
    /// Whether the caller may download the current files now.
    pub caller_may_download: bool,
    /// Whether the caller reads as staff (who may download every submission's files).
    pub caller_is_staff: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutputSubmission {
    pub number: i32,
    pub submitted_at: OffsetDateTime,
    pub description: String,
    pub files: Vec<OutputFile>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub id: Uuid,
    pub submission: i32,
    pub name: String,
    pub kind: TableKind,
    pub size_bytes: i64,
    pub sha256: String,
    pub status: CheckStatus,
    pub findings: Vec<CellFinding>,
}

/// A flagged cell with its labels, as stored in the file's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CellFinding {
    pub row: usize,
    pub column: usize,
    pub row_label: String,
    pub column_label: String,
    pub rule: Rule,
    pub status: CheckStatus,
    pub explanation: Explanation,
}

/// A file's report as stored: the worst status, the cells checked, the flagged cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredReport {
    pub status: CheckStatus,
    pub cells: usize,
    pub findings: Vec<CellFinding>,
}

/// A reviewer's override of a flagged cell, kept with the approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredOverride {
    pub file_id: Uuid,
    pub row: usize,
    pub column: usize,
    pub rule: Rule,
    pub reason: String,
    pub by_id: String,
    pub by_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputEvent {
    pub at: OffsetDateTime,
    pub actor_name: Option<String>,
    pub from_state: Option<OutputRequestState>,
    pub to_state: OutputRequestState,
    pub comment: Option<String>,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(format!(
        "unreadable {what} in an output request"
    )))
}

pub(crate) fn state_of(row: &output_request::Model) -> Result<OutputRequestState, StoreError> {
    OutputRequestState::parse(&row.state).ok_or_else(|| corrupt("state"))
}

/// The API's name of a rule, status or kind (their serde names).
pub(crate) fn wire_name<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn from_wire<T: for<'de> Deserialize<'de>>(name: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|_| corrupt(what))
}

pub(crate) fn report_of(row: &output_file::Model) -> Result<StoredReport, StoreError> {
    serde_json::from_value(row.report.clone()).map_err(|_| corrupt("report"))
}

pub(crate) fn overrides_of(row: &output_request::Model) -> Result<Vec<StoredOverride>, StoreError> {
    serde_json::from_value(row.overrides.clone()).map_err(|_| corrupt("overrides"))
}

/// The current submission's flagged cells, as the lifecycle weighs them.
pub(crate) fn flagged_cells(files: &[output_file::Model]) -> Result<Vec<FlaggedCell>, StoreError> {
    let mut flagged = Vec::new();
    for file in files {
        for f in report_of(file)?.findings {
            flagged.push(FlaggedCell {
                file_id: file.id,
                row: f.row,
                column: f.column,
                rule: wire_name(f.rule),
                fails: f.status == CheckStatus::Fail,
            });
        }
    }
    Ok(flagged)
}

/// Whether the caller acts as staff on output requests.
pub(crate) fn is_staff(role: Role) -> bool {
    matches!(role, Role::Handler | Role::Director)
}

/// The request, if the caller may see it: staff all, others only their own. Someone
/// else's is reported as not existing.
pub(crate) async fn find_visible<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    role: Role,
    id: Uuid,
) -> Result<output_request::Model, StoreError> {
    let not_found = || StoreError::NotFound {
        entity: "output request",
    };
    let row = output_request::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(not_found)?;
    if !is_staff(role) && row.holder_id != ctx.actor.id {
        return Err(not_found());
    }
    Ok(row)
}

/// The files of a request, oldest submission first, each in upload order.
pub(crate) async fn files_of<C: ConnectionTrait>(
    conn: &C,
    request_id: Uuid,
) -> Result<Vec<output_file::Model>, StoreError> {
    Ok(output_file::Entity::find()
        .filter(output_file::Column::OutputRequestId.eq(request_id))
        .order_by_asc(output_file::Column::Submission)
        .order_by_asc(output_file::Column::Position)
        .all(conn)
        .await?)
}

fn file_view(row: &output_file::Model) -> Result<OutputFile, StoreError> {
    let report = report_of(row)?;
    Ok(OutputFile {
        id: row.id,
        submission: row.submission,
        name: row.name.clone(),
        kind: from_wire(&row.kind, "kind")?,
        size_bytes: row.size_bytes,
        sha256: row.sha256.clone(),
        status: from_wire(&row.status, "status")?,
        findings: report.findings,
    })
}

/// The whole view of a request, as `role` sees it.
pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    role: Role,
    row: output_request::Model,
) -> Result<OutputRequest, StoreError> {
    let files = files_of(conn, row.id).await?;
    let versions = output_request_version::Entity::find()
        .filter(output_request_version::Column::OutputRequestId.eq(row.id))
        .order_by_asc(output_request_version::Column::Number)
        .all(conn)
        .await?;
    let events = output_request_event::Entity::find()
        .filter(output_request_event::Column::OutputRequestId.eq(row.id))
        .order_by_asc(output_request_event::Column::At)
        .order_by_asc(output_request_event::Column::Id)
        .all(conn)
        .await?;
    let state = state_of(&row)?;
    let file_views = files.iter().map(file_view).collect::<Result<Vec<_>, _>>()?;
    let submissions = versions
        .iter()
        .map(|v| OutputSubmission {
            number: v.number,
            submitted_at: v.submitted_at,
            description: v.description.clone(),
            files: file_views
                .iter()
                .filter(|f| f.submission == v.number)
                .cloned()
                .collect(),
        })
        .collect::<Vec<_>>();
    let current = versions
        .iter()
        .find(|v| v.number == row.submission)
        .ok_or_else(|| corrupt("submission"))?;
    let history = events
        .into_iter()
        .map(|e| {
            Ok(OutputEvent {
                at: e.at,
                actor_name: e.actor_name,
                from_state: match e.from_state {
                    Some(s) => Some(OutputRequestState::parse(&s).ok_or_else(|| corrupt("event"))?),
                    None => None,
                },
                to_state: OutputRequestState::parse(&e.to_state).ok_or_else(|| corrupt("event"))?,
                comment: e.comment,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(OutputRequest {
        id: row.id,
        version: row.version,
        state,
        permit_id: row.permit_id,
        delivery_order_id: row.delivery_order_id,
        diary_number: row.diary_number.clone(),
        description: row.description.clone(),
        submission: row.submission,
        submitted_at: current.submitted_at,
        submitted_by_name: current.submitted_by_name.clone(),
        status: from_wire(&row.status, "status")?,
        files: file_views
            .iter()
            .filter(|f| f.submission == row.submission)
            .cloned()
            .collect(),
        submissions,
        overrides: overrides_of(&row)?,
        awaiting_second_approval: row.awaiting_second_approval,
        reviewer_name: row.reviewer_name.clone(),
        second_approver_name: row.second_approver_name.clone(),
        decision_reason: row.decision_reason.clone(),
        history,
        caller_may_download: is_staff(role)
            || tietolupa_domain::output_request::holder_may_download(state),
        caller_is_staff: is_staff(role),
        holder_id: row.holder_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// A table that cannot be checked, as the API's validation message.
pub(crate) fn table_problem(e: &tietolupa_output_check::TableError) -> MessageKey {
    use tietolupa_output_check::TableError as E;
    match e {
        E::NotUtf8 { line } => MessageKey::TableNotUtf8 { line: *line },
        E::Malformed { line } => MessageKey::TableMalformed { line: *line },
        E::Ragged {
            line,
            expected,
            found,
        } => MessageKey::TableRagged {
            line: *line,
            expected: *expected,
            found: *found,
        },
        E::MagnitudeColumnsMissing { label, part } => MessageKey::MagnitudeColumnsMissing {
            label: label.clone(),
            part: part.as_str(),
        },
        E::Empty => MessageKey::FileEmpty,
        E::TooLarge { limit } => MessageKey::FileTooLarge {
            megabytes: (*limit as u64) / 1_000_000,
        },
        other => MessageKey::TableUnusable {
            problem: other.to_string(),
        },
    }
}
