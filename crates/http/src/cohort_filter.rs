//! `POST /api/cohort-filter?extractionDate=YYYY-MM-DD&permit=ID`: a list of identity codes
//! in (one per line), the same list out without objectors, streaming both ways
//! (DESIGN.md section 5). For `REGISTRY_CLERK` and `HANDLER`.
//!
//! The response body is the kept codes, one per line, in input order, then one last line
//! `# {"completed":true,"invalid":..,"invalidLines":[..],"kept":..,"lines":..,"removed":..}`.
//! No code starts with `#`, so the summary cannot be mistaken for data. Neither the body
//! nor any log ever names an invalid line's content, only its number.
//!
//! The request body is never buffered whole: it is read through a bounded pipe by the same
//! filter the `tietolupa cohort-filter` command runs, on a blocking thread.
//!
//! Reading starts as soon as the caller is authorised and the parameters are valid, while
//! the objections in force are still loading: a client that sent `Expect: 100-continue`
//! (curl does for any upload over 1 MiB) gets its `100 Continue` then, instead of waiting
//! out its own timeout, and up to [`READ_AHEAD`] of the list crosses the network during the
//! load rather than after it.

use std::io::{self, Write};
use std::sync::Arc;
use tietolupa_domain::MessageKey;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures::{Stream, StreamExt, TryStreamExt};
use serde::Deserialize;
use tietolupa_cohort_filter::{CohortReport, FilterOptions, ObjectorSet, filter};
use tietolupa_store::cohort_filter::{self as store, CohortRun};
use tietolupa_store::objections;
use tokio::sync::mpsc;
use tokio_util::io::{StreamReader, SyncIoBridge};
use tower_http::limit::RequestBodyLimitLayer;
use tracing::Instrument;

use crate::error::HttpError;
use crate::request::Caller;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    extraction_date: Option<String>,
    permit: Option<String>,
}

/// Bytes of output gathered before each send to the client.
pub(crate) const CHUNK: usize = 256 * 1024;

/// The most of the request body held while the objections in force load. Measured with
/// curl on 2 cores: 2-8 MiB take the API from 1.14 to 1.04 x the command's wall time;
/// 32 MiB is slower again (docs/benchmarks.md).
pub(crate) const READ_AHEAD: usize = 8 * 1024 * 1024;

/// Streams millions of lines, so it has a body limit of its own, `body_limit`; the
/// router's timeout covers only the time to the first response byte.
pub fn router(body_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/api/cohort-filter", post(cohort_filter))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(body_limit))
}

#[tracing::instrument(skip_all, fields(route = "/api/cohort-filter", request_id = ctx.request_id.as_deref()))]
async fn cohort_filter(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Query(params): Query<Params>,
    body: Body,
) -> Result<Response, HttpError> {
    let role = store::authorize(&state.db, &ctx).await?;
    let extraction_date = params
        .extraction_date
        .as_deref()
        .ok_or_else(|| HttpError::validation("extractionDate", MessageKey::DateRequired))
        .and_then(|d| {
            time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]"))
                .map_err(|_| HttpError::validation("extractionDate", MessageKey::NotADate))
        })?;
    let permit = match params.permit {
        Some(p) if p.is_empty() || p.len() > 100 || p.chars().any(char::is_control) => {
            return Err(HttpError::validation(
                "permit",
                MessageKey::PrintableCharacters,
            ));
        }
        other => other,
    };
    let run = CohortRun {
        extraction_date,
        permit,
        via: "api",
        operator: None,
    };
    let mut frames = body.into_data_stream().fuse();
    let (set, read_ahead) = read_while(
        &mut frames,
        objections::objectors_on(&state.db, &state.objection_crypto, extraction_date),
        READ_AHEAD,
    )
    .await;
    let set = Arc::new(set?);
    store::record_start(&state.db, &ctx, Some(role), &run, set.len()).await?;

    let input = SyncIoBridge::new(StreamReader::new(
        futures::stream::iter(read_ahead)
            .chain(frames)
            .map_err(io::Error::other),
    ));
    let (tx, rx) = mpsc::channel::<Result<Bytes, io::Error>>(8);
    let options = FilterOptions {
        policy: state.objection_crypto.policy,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let db = state.db.clone();
    // The run outlives the handler; its log lines keep the request's span (and id).
    let span = tracing::Span::current();
    let task = async move {
        let mut output = ChannelWriter {
            tx: tx.clone(),
            buffer: Vec::with_capacity(CHUNK),
        };
        let blocking_span = tracing::Span::current();
        let outcome = tokio::task::spawn_blocking(move || {
            let _entered = blocking_span.enter();
            let result = run_filter(&set, input, &mut output, options);
            (result, output)
        })
        .await;
        let (report, completed) = match outcome {
            Ok((Ok(report), _)) => (report, true),
            Ok((Err(report), _)) => (report, false),
            Err(_) => (CohortReport::default(), false),
        };
        tracing::info!(
            lines = report.lines,
            kept = report.kept,
            removed = report.removed,
            invalid = report.invalid,
            completed,
            "cohort filter run"
        );
        if let Err(e) = store::record_finish(&db, &ctx, Some(role), &run, &report, completed).await
        {
            tracing::error!(error = %e, "recording the cohort filter run failed");
            let _ = tx
                .send(Err(io::Error::other("the run could not be audited")))
                .await;
            return;
        }
        if completed {
            let summary = serde_json::json!({
                "lines": report.lines,
                "kept": report.kept,
                "removed": report.removed,
                "invalid": report.invalid,
                "invalidLines": report.invalid_lines,
                "completed": true,
            });
            let _ = tx.send(Ok(Bytes::from(format!("# {summary}\n")))).await;
        } else {
            // Ends the response with an error, so the client cannot take a partial list
            // for a whole one.
            let _ = tx
                .send(Err(io::Error::other("cohort filter stopped")))
                .await;
        }
    };
    tokio::spawn(task.instrument(span));
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Runs `work` to completion while taking frames from `frames`, up to `limit` bytes (and
/// past it by at most one frame); returns what `work` gave and the frames taken, in order.
/// A failed frame ends the reading: it is kept, so the filter reports it in its place.
pub(crate) async fn read_while<S, F>(
    frames: &mut S,
    work: F,
    limit: usize,
) -> (F::Output, Vec<Result<Bytes, axum::Error>>)
where
    S: Stream<Item = Result<Bytes, axum::Error>> + Unpin,
    F: Future,
{
    let mut work = std::pin::pin!(work);
    let mut taken = Vec::new();
    let mut size = 0;
    let mut reading = true;
    loop {
        tokio::select! {
            biased;
            output = &mut work => return (output, taken),
            frame = frames.next(), if reading && size < limit => match frame {
                Some(Ok(bytes)) => {
                    size += bytes.len();
                    taken.push(Ok(bytes));
                }
                Some(Err(e)) => {
                    taken.push(Err(e));
                    reading = false;
                }
                None => reading = false,
            },
        }
    }
}

fn run_filter(
    set: &ObjectorSet,
    input: impl io::Read + Send,
    output: &mut ChannelWriter,
    options: FilterOptions,
) -> Result<CohortReport, CohortReport> {
    match filter(set, input, &mut *output, options, &mut |_| {}) {
        Ok(report) => Ok(report),
        Err(e) => {
            tracing::warn!(error = %e.source, "cohort filter stopped early");
            Err(e.report)
        }
    }
}

/// A blocking writer into the response body, in chunks; fails once the client is gone.
pub(crate) struct ChannelWriter {
    pub(crate) tx: mpsc::Sender<Result<Bytes, io::Error>>,
    pub(crate) buffer: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Ok(Bytes::from(chunk)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::stream;

    fn frames(sizes: &[usize]) -> Vec<Result<Bytes, axum::Error>> {
        sizes
            .iter()
            .map(|&n| Ok(Bytes::from(vec![b'x'; n])))
            .collect()
    }

    fn sizes(taken: &[Result<Bytes, axum::Error>]) -> Vec<usize> {
        taken
            .iter()
            .map(|f| f.as_ref().map_or(usize::MAX, Bytes::len))
            .collect()
    }

    #[tokio::test]
    async fn reads_up_to_the_limit_while_the_work_runs() {
        let mut body = stream::iter(frames(&[4, 4, 4, 4])).fuse();
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let work = async move {
            released.await.ok();
            7
        };
        let reading = read_while(&mut body, work, 6);
        let (output, taken) = tokio::join!(reading, async move {
            // Let the reader run first: it stops at the limit and waits for the work.
            tokio::task::yield_now().await;
            release.send(()).ok();
        })
        .0;
        assert_eq!(output, 7);
        assert_eq!(sizes(&taken), [4, 4], "one frame past the limit at most");
        let rest: Vec<_> = body.collect().await;
        assert_eq!(sizes(&rest), [4, 4], "the rest is left in order");
    }

    #[tokio::test]
    async fn finished_work_stops_the_reading() {
        let mut body = stream::iter(frames(&[1, 2, 3])).fuse();
        let (output, taken) = read_while(&mut body, async { "done" }, 1024).await;
        assert_eq!(output, "done");
        assert!(taken.is_empty(), "ready work is taken before any frame");
        assert_eq!(body.count().await, 3);
    }

    #[tokio::test]
    async fn a_failed_frame_is_kept_and_ends_the_reading() {
        let mut items = frames(&[2]);
        items.push(Err(axum::Error::new(io::Error::other("reset"))));
        items.extend(frames(&[5]));
        let mut body = stream::iter(items).fuse();
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let work = async move { released.await.is_ok() };
        let ((ok, taken), ()) = tokio::join!(read_while(&mut body, work, 1024), async move {
            for _ in 0..10 {
                tokio::task::yield_now().await;
            }
            release.send(()).ok();
        });
        assert!(ok);
        assert_eq!(sizes(&taken), [2, usize::MAX]);
        assert_eq!(sizes(&body.collect::<Vec<_>>().await), [5]);
    }

    #[tokio::test]
    async fn an_ended_body_waits_for_the_work() {
        let mut body = stream::iter(frames(&[3])).fuse();
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let ((output, taken), ()) = tokio::join!(
            read_while(&mut body, async move { released.await.is_ok() }, 1024),
            async move {
                tokio::task::yield_now().await;
                release.send(()).ok();
            }
        );
        assert!(output);
        assert_eq!(sizes(&taken), [3]);
        assert!(body.next().await.is_none());
    }
}
