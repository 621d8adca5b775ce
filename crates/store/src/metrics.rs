//! Figures for `GET /metrics` that live in the database: cases per state, overdue cases,
//! the audit chain's length and the cohort-filter runs on record. Counts only: nothing
//! here names a person or a case.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use tietolupa_domain::application::ApplicationState;
use tietolupa_entity::{application, audit_entry};
use time::Date;

use crate::applications::overdue_on;
use crate::{Db, StoreError, audit};

/// The case figures at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFigures {
    /// Every state, zero included, so a state that empties shows 0 rather than vanishing.
    pub by_state: Vec<(ApplicationState, u64)>,
    /// Running clocks past their due date (as the queue's `overdue` filter).
    pub overdue: u64,
    pub audit_chain_length: i64,
}

pub async fn case_figures(db: &Db, today: Date) -> Result<CaseFigures, StoreError> {
    let counts: Vec<(String, i64)> = application::Entity::find()
        .select_only()
        .column(application::Column::State)
        .column_as(application::Column::Id.count(), "count")
        .group_by(application::Column::State)
        .into_tuple()
        .all(db.conn())
        .await?;
    let counts: BTreeMap<String, i64> = counts.into_iter().collect();
    let by_state = ApplicationState::ALL
        .into_iter()
        .map(|state| {
            let n = counts.get(state.as_str()).copied().unwrap_or(0);
            (state, u64::try_from(n).unwrap_or(0))
        })
        .collect();
    let overdue = application::Entity::find()
        .filter(overdue_on(today))
        .count(db.conn())
        .await?;
    Ok(CaseFigures {
        by_state,
        overdue,
        audit_chain_length: audit::chain_length(db).await?,
    })
}

/// Totals of finished cohort-filter runs, from their `cohort_filter.finish` audit entries,
/// so runs of the command-line tool and of every server instance are counted alike.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortTotals {
    /// Keyed by (`api` or `cli`, `completed` or `failed`).
    pub runs: BTreeMap<(String, &'static str), u64>,
    /// Keyed by (`api` or `cli`, `kept`, `removed` or `invalid`).
    pub lines: BTreeMap<(String, &'static str), u64>,
    /// The audit sequence number read up to; pass it back to read only newer runs.
    pub through_seq: i64,
}

/// Adds the runs finished after audit entry `after_seq` to `totals`. The audit log is
/// append-only, so reading on from the last position gives the same sums as a full scan.
pub async fn add_cohort_runs(
    db: &Db,
    totals: &mut CohortTotals,
    after_seq: i64,
) -> Result<(), StoreError> {
    let rows: Vec<(i64, Option<String>)> = audit_entry::Entity::find()
        .select_only()
        .column(audit_entry::Column::Seq)
        .column(audit_entry::Column::Details)
        .filter(audit_entry::Column::Action.eq("cohort_filter.finish"))
        .filter(audit_entry::Column::Seq.gt(after_seq))
        .order_by_asc(audit_entry::Column::Seq)
        .into_tuple()
        .all(db.conn())
        .await?;
    totals.through_seq = totals.through_seq.max(after_seq);
    for (seq, details) in rows {
        totals.through_seq = totals.through_seq.max(seq);
        let details: serde_json::Value = details
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or_default();
        // `via` is one of two constants the code writes; anything else is not trusted as
        // a label.
        let via = match details["via"].as_str() {
            Some(v @ ("api" | "cli")) => v.to_owned(),
            _ => "unknown".to_owned(),
        };
        let outcome = if details["completed"].as_bool() == Some(true) {
            "completed"
        } else {
            "failed"
        };
        *totals.runs.entry((via.clone(), outcome)).or_default() += 1;
        for result in ["kept", "removed", "invalid"] {
            let n = details[result].as_u64().unwrap_or(0);
            *totals.lines.entry((via.clone(), result)).or_default() += n;
        }
    }
    Ok(())
}
