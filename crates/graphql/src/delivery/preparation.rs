//! `DeliveryOrder.preparationRuns`: each filter-and-pseudonymise run of an order, for
//! staff who may run them (docs/preparation.md). Counts and line numbers only.

use async_graphql::SimpleObject;
use tietolupa_store::StoreError;
use tietolupa_store::delivery::preparation as store;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::ApiError;

/// One run of `tietolupa deliver` or `POST /api/delivery-orders/{id}/preparation`.
#[derive(SimpleObject)]
pub struct PreparationRun {
    id: Uuid,
    started_at: OffsetDateTime,
    /// None while running, or when the run died before recording its end.
    finished_at: Option<OffsetDateTime>,
    /// The whole dataset was prepared and the order moved to PREPARED.
    completed: bool,
    /// `CLI` or `API`.
    via: String,
    /// The staff member's name; none for the command line, which runs as the system.
    run_by: Option<String>,
    rows_read: i64,
    dropped_as_objectors: i64,
    invalid: i64,
    written: i64,
    /// The starting lines of the first 100 invalid rows.
    invalid_lines: Vec<i64>,
    /// The id of the master pseudonymisation key the permit's key was derived from.
    key_id: String,
}

/// The runs of an order, newest first; none for callers who may not run them.
pub(crate) async fn runs(
    db: &tietolupa_store::Db,
    ctx: &tietolupa_store::CallContext,
    order_id: Uuid,
) -> Result<Option<Vec<PreparationRun>>, ApiError> {
    let rows = match store::runs(db, ctx, order_id).await {
        Ok(rows) => rows,
        Err(StoreError::Forbidden { .. } | StoreError::Unauthenticated) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(Some(
        rows.into_iter()
            .map(|r| PreparationRun {
                id: r.id,
                started_at: r.started_at,
                finished_at: r.finished_at,
                completed: r.completed,
                via: r.via,
                run_by: r.run_by_name,
                rows_read: r.rows_read,
                dropped_as_objectors: r.dropped_as_objectors,
                invalid: r.invalid,
                written: r.written,
                invalid_lines: r
                    .invalid_lines
                    .as_array()
                    .map(|a| a.iter().filter_map(serde_json::Value::as_i64).collect())
                    .unwrap_or_default(),
                key_id: r.key_id,
            })
            .collect(),
    ))
}
