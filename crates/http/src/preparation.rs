//! `POST /api/delivery-orders/{id}/preparation?version=N&identityColumn=NAME&delimiter=%2C`:
//! a data controller's CSV in, the prepared CSV out, streaming both ways (issue 16 section
//! 2, docs/preparation.md). For `HANDLER`; the same run as `tietolupa deliver`.
//!
//! The response body is the prepared CSV (the identity column renamed `pseudonym`), then
//! one last line `# {"completed":true,"rowsRead":..,"droppedAsObjectors":..,"invalid":..,
//! "written":..,"invalidLines":[..],"version":N}` with the order's new version. Neither the
//! body nor any log ever names an invalid row's content, only its line number.
//!
//! The run is recorded (`delivery_order.preparation_start`) before a line is read; a
//! header the run cannot use (no such column, no header) is answered 400 naming
//! `identityColumn` before any of the body is sent; a run stopped later ends the response
//! with an error, so a client cannot take a partial dataset for a whole one.

use std::io;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures::{StreamExt, TryStreamExt};
use serde::Deserialize;
use tietolupa_domain::MessageKey;
use tietolupa_preparation::{PreparationReport, PrepareError, PrepareOptions, prepare};
use tietolupa_store::delivery::preparation::{self as store, RunCounts, Via};
use tietolupa_store::objections;
use tokio::sync::{mpsc, oneshot};
use tokio_util::io::{StreamReader, SyncIoBridge};
use tower_http::limit::RequestBodyLimitLayer;
use tracing::Instrument;

use crate::cohort_filter::{CHUNK, ChannelWriter, READ_AHEAD, read_while};
use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    version: Option<i32>,
    identity_column: Option<String>,
    delimiter: Option<String>,
}

/// Streams whole datasets, so it has a body limit of its own
/// (`TIETOLUPA_PREPARATION_MAX_BYTES`).
pub fn router(body_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/api/delivery-orders/{id}/preparation", post(preparation))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(body_limit))
}

fn delimiter(param: Option<&str>) -> Result<u8, HttpError> {
    let invalid = || HttpError::validation("delimiter", MessageKey::PrintableCharacters);
    let byte = match param {
        None => b',',
        Some("tab" | "\t") => b'\t',
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        Some(_) => return Err(invalid()),
    };
    if matches!(byte, b'"' | b'\n' | b'\r') || !byte.is_ascii() {
        return Err(invalid());
    }
    Ok(byte)
}

/// What the header check told the handler before the response began.
type HeaderOutcome = Result<(), MessageKey>;

fn header_problem(e: &PrepareError) -> Option<MessageKey> {
    match e {
        // No header at all: there is no column by the name either.
        PrepareError::NoHeader | PrepareError::IdentityColumnMissing(_) => {
            Some(MessageKey::PreparationIdentityColumnMissing)
        }
        PrepareError::IdentityColumnAmbiguous(_) | PrepareError::PseudonymColumnTaken => {
            Some(MessageKey::PreparationHeaderUnusable)
        }
        PrepareError::RecordTooLong { .. } | PrepareError::Stopped { .. } => None,
    }
}

fn counts(report: &PreparationReport) -> RunCounts {
    RunCounts {
        rows_read: report.rows_read,
        dropped_as_objectors: report.dropped_as_objectors,
        invalid: report.invalid,
        written: report.written,
        invalid_lines: report.invalid_lines.clone(),
    }
}

#[tracing::instrument(skip_all, fields(route = "/api/delivery-orders/{id}/preparation", request_id = ctx.request_id.as_deref()))]
async fn preparation(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    Query(params): Query<Params>,
    body: Body,
) -> Result<Response, HttpError> {
    let role = store::authorize(&state.db, &ctx).await?;
    let order_id = uuid::Uuid::parse_str(&id).map_err(|_| HttpError::not_found())?;
    let version = params
        .version
        .ok_or_else(|| HttpError::validation("version", MessageKey::Required))?;
    let identity_column = params
        .identity_column
        .filter(|c| !c.is_empty() && c.len() <= 200 && !c.chars().any(char::is_control))
        .ok_or_else(|| HttpError::validation("identityColumn", MessageKey::Required))?;
    let delimiter = delimiter(params.delimiter.as_deref())?;
    // Production refuses to start without the key; a dev secrets file may lack it.
    let master = state.pseudonymisation.clone().ok_or_else(|| {
        tracing::error!("no [pseudonymisation] key ring in the secrets file");
        HttpError::internal()
    })?;
    let run = store::start(
        &state.db,
        &ctx,
        Some(role),
        order_id,
        Some(version),
        Via::Api,
        master.id(),
    )
    .await?;

    let mut frames = body.into_data_stream().fuse();
    let (set, read_ahead) = read_while(
        &mut frames,
        objections::objectors_on(&state.db, &state.objection_crypto, run.extraction_date),
        READ_AHEAD,
    )
    .await;
    let set = match set {
        Ok(set) => Arc::new(set),
        Err(e) => {
            let _ = store::finish(&state.db, &ctx, &run, &RunCounts::default(), false).await;
            return Err(e.into());
        }
    };
    let key = master.for_permit(run.key_scope);
    let input = SyncIoBridge::new(StreamReader::new(
        futures::stream::iter(read_ahead)
            .chain(frames)
            .map_err(io::Error::other),
    ));
    let (tx, rx) = mpsc::channel::<Result<Bytes, io::Error>>(8);
    let (header_tx, header_rx) = oneshot::channel::<HeaderOutcome>();
    let options = PrepareOptions {
        identity_column,
        delimiter,
        policy: state.objection_crypto.policy,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let db = state.db.clone();
    let span = tracing::Span::current();
    let task = async move {
        let mut output = ChannelWriter {
            tx: tx.clone(),
            buffer: Vec::with_capacity(CHUNK),
        };
        let blocking_span = tracing::Span::current();
        let outcome = tokio::task::spawn_blocking(move || {
            let _entered = blocking_span.enter();
            let mut header_tx = Some(header_tx);
            let result = prepare(&set, &key, input, &mut output, &options, &mut |_| {
                // The first progress comes right after the header is written.
                if let Some(tx) = header_tx.take() {
                    let _ = tx.send(Ok(()));
                }
            });
            if let (Err(e), Some(tx)) = (&result, header_tx.take()) {
                if let Some(problem) = header_problem(e) {
                    let _ = tx.send(Err(problem));
                } else {
                    let _ = tx.send(Ok(()));
                }
            }
            result
        })
        .await;
        let (report, completed) = match outcome {
            Ok(Ok(report)) => (report, true),
            Ok(Err(PrepareError::Stopped { report, source })) => {
                tracing::warn!(error = %source, "preparation stopped early");
                (report, false)
            }
            Ok(Err(PrepareError::RecordTooLong { report, line })) => {
                tracing::warn!(line, "preparation stopped: a record too long");
                (report, false)
            }
            Ok(Err(_)) | Err(_) => (PreparationReport::default(), false),
        };
        tracing::info!(
            rows_read = report.rows_read,
            dropped_as_objectors = report.dropped_as_objectors,
            invalid = report.invalid,
            written = report.written,
            completed,
            "preparation run"
        );
        match store::finish(&db, &ctx, &run, &counts(&report), completed).await {
            Ok(version) if completed => {
                let summary = serde_json::json!({
                    "rowsRead": report.rows_read,
                    "droppedAsObjectors": report.dropped_as_objectors,
                    "invalid": report.invalid,
                    "written": report.written,
                    "invalidLines": report.invalid_lines,
                    "version": version,
                    "completed": true,
                });
                let _ = tx.send(Ok(Bytes::from(format!("# {summary}\n")))).await;
            }
            Ok(_) => {
                let _ = tx.send(Err(io::Error::other("preparation stopped"))).await;
            }
            Err(e) => {
                tracing::error!(error = %e, "recording the preparation run failed");
                let _ = tx
                    .send(Err(io::Error::other("the run could not be recorded")))
                    .await;
            }
        }
    };
    tokio::spawn(task.instrument(span));
    match header_rx.await {
        Ok(Ok(())) => {}
        Ok(Err(problem)) => return Err(HttpError::validation("identityColumn", problem)),
        Err(_) => return Err(HttpError::internal()),
    }
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
