//! Auditing and authorising cohort-filter runs (DESIGN.md sections 5 and 6). The filter
//! itself is the `tietolupa_cohort_filter` crate; the objectors come from
//! [`objections::objectors_on`](crate::objections::objectors_on).
//!
//! Each run leaves two entries: `cohort_filter.start` before any line is read (so a run
//! that dies midway is still on record) and `cohort_filter.finish` with the counts. Neither
//! names a person: only who ran it, for which permit, on which extraction date, and counts.

use tietolupa_cohort_filter::CohortReport;
use tietolupa_domain::{AuditOutcome, Operation, Role};
use time::Date;

use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError};

const TARGET: &str = "permit";

/// What a run is for.
#[derive(Debug, Clone)]
pub struct CohortRun {
    pub extraction_date: Date,
    /// The permit whose data extraction the cohort is for, if given.
    pub permit: Option<String>,
    /// `cli` or `api`.
    pub via: &'static str,
    /// For command-line runs: the operating-system user who ran it.
    pub operator: Option<String>,
}

impl CohortRun {
    fn event(&self, action: &'static str, role: Option<Role>) -> AuditEvent {
        let event = AuditEvent::success(action, role);
        match &self.permit {
            Some(permit) => event.target(TARGET, permit.clone()),
            None => event,
        }
    }
}

/// Checks that the caller may run the filter (`REGISTRY_CLERK` or `HANDLER`).
#[tracing::instrument(skip_all)]
pub async fn authorize(db: &Db, ctx: &CallContext) -> Result<Role, StoreError> {
    audit::authorize(db, ctx, Operation::RunCohortFilter, "cohort_filter.start").await
}

/// Records the start of a run; the run must not begin unless this succeeded.
#[tracing::instrument(skip_all, fields(extraction_date = %run.extraction_date, via = run.via))]
pub async fn record_start(
    db: &Db,
    ctx: &CallContext,
    role: Option<Role>,
    run: &CohortRun,
    objections_in_force: usize,
) -> Result<(), StoreError> {
    let txn = db.begin_write().await?;
    audit::append(
        &txn,
        ctx,
        run.event("cohort_filter.start", role)
            .details(serde_json::json!({
                "extractionDate": run.extraction_date.to_string(),
                "via": run.via,
                "operator": run.operator,
                "objectionsInForce": objections_in_force,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records how a run ended, with its counts only.
#[tracing::instrument(skip_all, fields(extraction_date = %run.extraction_date, via = run.via, completed))]
pub async fn record_finish(
    db: &Db,
    ctx: &CallContext,
    role: Option<Role>,
    run: &CohortRun,
    report: &CohortReport,
    completed: bool,
) -> Result<(), StoreError> {
    let txn = db.begin_write().await?;
    let outcome = if completed {
        AuditOutcome::Success
    } else {
        AuditOutcome::Failure
    };
    audit::append(
        &txn,
        ctx,
        run.event("cohort_filter.finish", role)
            .outcome(outcome)
            .details(serde_json::json!({
                "extractionDate": run.extraction_date.to_string(),
                "via": run.via,
                "lines": report.lines,
                "kept": report.kept,
                "removed": report.removed,
                "invalid": report.invalid,
                "completed": completed,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
