//! `tietolupa deliver`: the command-line face of a delivery order's preparation run
//! (`tietolupa_preparation`), the same code `POST /api/delivery-orders/{id}/preparation`
//! runs. It acts as the system; the operating-system user is recorded in the log line.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use tietolupa_config::Config;
use tietolupa_preparation::{MasterKey, PreparationReport, PrepareOptions, prepare};
use tietolupa_store::delivery::preparation::{self as store, RunCounts, Via};
use tietolupa_store::{CallContext, objections};
use uuid::Uuid;

pub struct DeliverArgs {
    pub order: Uuid,
    /// The version of the order the operator saw; none takes the current one.
    pub version: Option<i32>,
    pub identity_column: String,
    pub delimiter: u8,
    pub threads: Option<usize>,
    /// `-` for standard input.
    pub input: PathBuf,
    /// `-` for standard output. A file is written beside as `NAME.partial` and renamed
    /// when the run completes, so a failed run never leaves a plausible-looking dataset.
    pub output: PathBuf,
}

/// The master pseudonymisation key from the secrets file.
pub fn master_key(config: &Config) -> anyhow::Result<MasterKey> {
    let keys = config.load_identity_code_keys()?;
    let (id, key) = keys.pseudonymisation()?.current_key();
    Ok(MasterKey::new(id, key.expose()))
}

pub fn counts(report: &PreparationReport) -> RunCounts {
    RunCounts {
        rows_read: report.rows_read,
        dropped_as_objectors: report.dropped_as_objectors,
        invalid: report.invalid,
        written: report.written,
        invalid_lines: report.invalid_lines.clone(),
    }
}

/// Runs the preparation; the summary line goes to stderr whatever happens.
pub async fn run(config: &Config, args: DeliverArgs) -> anyhow::Result<PreparationReport> {
    let crypto = tietolupa_http::objection_crypto(config)?;
    let master = master_key(config)?;
    let db = crate::cli::connect(config).await?;
    let ctx = CallContext::system("deliver");
    let started = store::start(
        &db,
        &ctx,
        None,
        args.order,
        args.version,
        Via::Cli,
        master.id(),
    )
    .await
    .context("starting the preparation run")?;
    let set = objections::objectors_on(&db, &crypto, started.extraction_date)
        .await
        .context("loading objections")?;
    tracing::info!(
        objections_in_force = set.len(),
        operator = std::env::var("USER").ok(),
        "objections in force loaded"
    );
    // Derived once per run; amendments' orders carry the original permit's id.
    let key = master.for_permit(started.key_scope);

    let input: Box<dyn Read + Send> = if args.input.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(
            File::open(&args.input)
                .with_context(|| format!("cannot open {}", args.input.display()))?,
        )
    };
    let to_stdout = args.output.as_os_str() == "-";
    let partial = crate::cohort_filter::partial_path(&args.output);
    let output: Box<dyn Write> = if to_stdout {
        Box::new(BufWriter::with_capacity(1 << 20, io::stdout().lock()))
    } else {
        Box::new(BufWriter::with_capacity(
            1 << 20,
            File::create(&partial)
                .with_context(|| format!("cannot create {}", partial.display()))?,
        ))
    };
    let options = PrepareOptions {
        identity_column: args.identity_column.clone(),
        delimiter: args.delimiter,
        policy: crypto.policy,
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
    };
    let result =
        tokio::task::block_in_place(|| prepare(&set, &key, input, output, &options, &mut |_| {}));
    let (report, failure) = match result {
        Ok(report) => {
            if !to_stdout {
                std::fs::rename(&partial, &args.output)
                    .with_context(|| format!("cannot rename to {}", args.output.display()))?;
            }
            (report, None)
        }
        Err(e) => {
            if !to_stdout {
                let _ = std::fs::remove_file(&partial);
            }
            let report = match &e {
                tietolupa_preparation::PrepareError::Stopped { report, .. }
                | tietolupa_preparation::PrepareError::RecordTooLong { report, .. } => {
                    report.clone()
                }
                _ => PreparationReport::default(),
            };
            (report, Some(e))
        }
    };
    let completed = failure.is_none();
    let audited = store::finish(&db, &ctx, &started, &counts(&report), completed).await;
    eprintln!(
        "deliver: {}{}",
        report.summary(),
        if completed { "" } else { " (stopped early)" }
    );
    if let Some(e) = failure {
        return Err(anyhow::Error::new(e).context("preparation stopped"));
    }
    audited.context("recording the run")?;
    Ok(report)
}
