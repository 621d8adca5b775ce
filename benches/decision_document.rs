//! The decision-document rendering benchmark (`just bench-document`; see docs/benchmarks.md).
//! Not a test: it measures, prints a Markdown report, and exits.
//!
//! Renders a typical permit decision (four data sources, two processors, three conditions;
//! the full version, then the public one; Finnish and English) 100 times each, and a decision
//! on 100 data sources, one after the other on one core:
//! the process re-executes itself under `taskset -c 0` where taskset exists, and typst's
//! worker pool gets one thread (`RAYON_NUM_THREADS=1`). Each render is the whole path the
//! server will take: view, typesetting, PDF/A-2b export; typst's memoisation caches are
//! emptied after every render (as the library does), so no run reuses another's layout.
//!
//! Runs: `DOCUMENT_BENCH_RUNS` (default 100). Target: median <= 100 ms.

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use tietolupa_decision_document::{DecisionDocument, DecisionKind, Language, Outcome, Variant};

const PINNED: &str = "DOCUMENT_BENCH_PINNED";

fn main() {
    if std::env::var_os(PINNED).is_none() && pin_to_one_core() {
        return;
    }
    let runs: usize = std::env::var("DOCUMENT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);

    let mut report = String::from("## Decision document rendering\n\n");
    report.push_str(&format!(
        "Machine: {}; pinned to one core: {}; {runs} renders per row.\n\n",
        cpu_model(),
        if std::env::var_os(PINNED).is_some() {
            "yes (taskset -c 0)"
        } else {
            "no (taskset missing)"
        },
    ));
    report.push_str("| document | pages | bytes | first (cold) | median | p95 | fastest |\n");
    report.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    let mut cases = Vec::new();
    for language in [Language::Fi, Language::En] {
        let doc =
            DecisionDocument::example(language, DecisionKind::DataPermit, Some(Outcome::Granted));
        for variant in [Variant::Full, Variant::Public] {
            cases.push((
                format!("permit decision, {language:?}, {variant:?}"),
                doc.clone(),
                variant,
            ));
        }
    }
    // The long case: a decision on 100 data sources, the table across pages.
    let mut long = DecisionDocument::example(
        Language::Fi,
        DecisionKind::DataPermit,
        Some(Outcome::Granted),
    );
    let sources = long.content.data_sources.clone();
    long.content.data_sources = sources.iter().cycle().take(100).cloned().collect();
    cases.push(("100 data sources, Fi, Full".to_owned(), long, Variant::Full));

    for (name, doc, variant) in cases {
        let started = Instant::now();
        let first = doc.render(variant).expect("the example renders");
        let cold = started.elapsed();
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let started = Instant::now();
            let pdf = doc.render(variant).expect("the example renders");
            times.push(started.elapsed());
            assert_eq!(pdf, first, "rendering is deterministic");
        }
        times.sort();
        report.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} | {} |\n",
            pages(&first),
            first.len(),
            ms(cold),
            ms(percentile(&times, 50)),
            ms(percentile(&times, 95)),
            ms(times[0]),
        ));
    }
    std::io::stdout()
        .write_all(report.as_bytes())
        .expect("print the report");
}

/// Runs this benchmark again under `taskset -c 0`; false when taskset is not there.
fn pin_to_one_core() -> bool {
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    let status = Command::new("taskset")
        .arg("-c")
        .arg("0")
        .arg(exe)
        .args(std::env::args_os().skip(1))
        .env(PINNED, "1")
        .env("RAYON_NUM_THREADS", "1")
        .status();
    match status {
        Ok(status) => {
            if !status.success() {
                std::process::exit(status.code().unwrap_or(1));
            }
            true
        }
        Err(_) => false,
    }
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let index = (sorted.len() * p).div_ceil(100).saturating_sub(1);
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Page objects in the PDF: `/Type/Page` (with or without a space), not `/Type/Pages`.
fn pages(pdf: &[u8]) -> usize {
    [&b"/Type/Page"[..], &b"/Type /Page"[..]]
        .iter()
        .map(|needle| {
            pdf.windows(needle.len() + 1)
                .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
                .count()
        })
        .sum()
}

fn cpu_model() -> String {
    // Under taskset only one core is visible to the process; count the machine's.
    let cores = std::fs::read_to_string("/proc/cpuinfo")
        .map(|info| info.lines().filter(|l| l.starts_with("processor")).count())
        .unwrap_or(0);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{model}, {cores} cores visible")
}
