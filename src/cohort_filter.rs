//! `tietolupa cohort-filter`: the command-line face of the streaming cohort filter
//! (`tietolupa_cohort_filter`), the same code `POST /api/cohort-filter` runs.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use tietolupa_cohort_filter::{CohortReport, FilterOptions, filter};
use tietolupa_config::Config;
use tietolupa_store::cohort_filter::{self as store, CohortRun};
use tietolupa_store::{CallContext, objections};
use time::Date;

pub struct CohortArgs {
    pub extraction_date: Date,
    pub permit: Option<String>,
    pub threads: Option<usize>,
    /// `-` for standard input.
    pub input: PathBuf,
    /// `-` for standard output. A file is written beside as `NAME.partial` and renamed
    /// when the run completes, so a failed run never leaves a plausible-looking list.
    pub output: PathBuf,
}

/// Runs the filter; the summary line goes to stderr whatever happens.
pub async fn run(config: &Config, args: CohortArgs) -> anyhow::Result<CohortReport> {
    let crypto = tietolupa_http::objection_crypto(config)?;
    let started = std::time::Instant::now();
    let db = crate::cli::connect(config).await?;
    let connected = started.elapsed();
    let set = objections::objectors_on(&db, &crypto, args.extraction_date)
        .await
        .context("loading objections")?;
    tracing::info!(
        objections_in_force = set.len(),
        connect_ms = connected.as_millis() as u64,
        load_ms = (started.elapsed() - connected).as_millis() as u64,
        "objections in force loaded"
    );
    let ctx = CallContext::system("cohort-filter");
    let run = CohortRun {
        extraction_date: args.extraction_date,
        permit: args.permit.clone(),
        via: "cli",
        operator: std::env::var("USER").ok(),
    };
    store::record_start(&db, &ctx, None, &run, set.len())
        .await
        .context("audit")?;

    let stdin = args.input.as_os_str() == "-";
    let (input, input_len): (Box<dyn Read + Send>, Option<u64>) = if stdin {
        (Box::new(io::stdin()), None)
    } else {
        let file = File::open(&args.input)
            .with_context(|| format!("cannot open {}", args.input.display()))?;
        let len = file.metadata().ok().map(|m| m.len());
        (Box::new(file), len)
    };
    let to_stdout = args.output.as_os_str() == "-";
    let partial = partial_path(&args.output);
    let output: Box<dyn Write> = if to_stdout {
        Box::new(io::stdout().lock())
    } else {
        Box::new(
            File::create(&partial)
                .with_context(|| format!("cannot create {}", partial.display()))?,
        )
    };
    let options = FilterOptions {
        policy: crypto.policy,
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
    };
    let bar = progress_bar(input_len);
    let result = tokio::task::block_in_place(|| {
        filter(&set, input, output, options, &mut |consumed| {
            if let Some(bar) = &bar {
                bar.set_position(consumed);
            }
        })
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
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
            (e.report, Some(e.source))
        }
    };
    let completed = failure.is_none();
    let audited = store::record_finish(&db, &ctx, None, &run, &report, completed).await;
    eprintln!(
        "cohort-filter: {}{}",
        report.summary(),
        if completed { "" } else { " (stopped early)" }
    );
    if let Some(source) = failure {
        return Err(anyhow::Error::new(source).context("cohort filter stopped"));
    }
    audited.context("audit")?;
    Ok(report)
}

pub(crate) fn partial_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    output.with_file_name(name)
}

/// A progress bar on stderr, only when it is a terminal and the input size is known.
fn progress_bar(len: Option<u64>) -> Option<ProgressBar> {
    let len = len.filter(|_| io::stderr().is_terminal())?;
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(bar)
}
