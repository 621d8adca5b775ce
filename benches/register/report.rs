//! The register bench's report: every run with its CPU per request, then issue 22's side
//! by side table with its ratios and targets, then the earlier targets (search, sign-in).

use super::cpu::CpuPerRequest;
use super::wrk::Measured;

/// One measured run.
pub struct Run {
    pub label: String,
    pub measured: Measured,
    pub cpu: CpuPerRequest,
}

const FLOOR: &str = "floor: constant JSON (axum)";
const LIMIT: &str = "limit: axum + sqlx, unfiltered";
const LIMIT_FILTERED: &str = "limit: axum + sqlx, filtered";
const CACHE_OFF: &str = "tietolupa, cache off, unfiltered";
const CACHE_ON: &str = "tietolupa, cache on, unfiltered";
const PEER: &str = "PostGraphile 4.14, unfiltered";

/// The register cache's ratio to the limit when it was last measured (2026-11-23, idle
/// machine, PostgreSQL: 8,043 against 1,231 req/s), against the limit of that day.
const CACHE_RATIO_BEFORE: f64 = 6.54;

fn find<'a>(runs: &'a [Run], label: &str) -> Option<&'a Run> {
    runs.iter().find(|r| r.label == label)
}

fn ms(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

fn cpu_total(cpu: &CpuPerRequest) -> f64 {
    cpu.server_ms + cpu.postgres_ms.unwrap_or_default()
}

/// Every run: throughput, latency, CPU per request, against the limit and the floor.
pub fn table(runs: &[Run]) -> Vec<String> {
    let mut out = vec![
        "| run | req/s | p50 ms | p99 ms | errors | server CPU ms/req | PostgreSQL CPU ms/req | vs. limit | vs. floor |".to_owned(),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|".to_owned(),
    ];
    let floor = find(runs, FLOOR).map(|r| r.measured.rps);
    for run in runs {
        let filtered = run.label.ends_with("filtered") && !run.label.ends_with("unfiltered");
        let limit = find(runs, if filtered { LIMIT_FILTERED } else { LIMIT });
        let vs = |base: Option<f64>| {
            base.filter(|_| !run.label.starts_with("floor"))
                .map_or_else(String::new, |b| format!("{:.2} x", run.measured.rps / b))
        };
        let r = &run.measured;
        out.push(format!(
            "| {} | {:.0} | {:.2} | {:.2} | {} | {:.2} | {} | {} | {} |",
            run.label,
            r.rps,
            r.p50_ms,
            r.p99_ms,
            r.errors,
            run.cpu.server_ms,
            ms(run.cpu.postgres_ms),
            vs(limit.map(|l| l.measured.rps)),
            vs(floor),
        ));
    }
    out.push(String::new());
    out
}

fn verdict(met: bool) -> &'static str {
    if met { "**met**" } else { "**not met**" }
}

/// Issue 22's comparison: the product with its cache off and on, the limit, PostGraphile;
/// the ratios, each against its target.
pub fn issue22(runs: &[Run], peer_skipped: Option<&str>) -> Vec<String> {
    let mut out = vec![
        "Side by side (issue 22): the full list query, unfiltered, 50 rows.".to_owned(),
        String::new(),
        "| variant | req/s | p50 ms | p99 ms | p99 / p50 | CPU ms/req: server | PostgreSQL | both |"
            .to_owned(),
        "|---|---:|---:|---:|---:|---:|---:|---:|".to_owned(),
    ];
    let rows = [
        ("product, cache off (the web app's full query)", CACHE_OFF),
        ("product, cache on", CACHE_ON),
        ("limit: bare axum + sqlx", LIMIT),
        ("PostGraphile 4.14, cluster", PEER),
    ];
    for (name, label) in rows {
        let Some(run) = find(runs, label) else {
            continue;
        };
        let r = &run.measured;
        out.push(format!(
            "| {name} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {:.2} |",
            r.rps,
            r.p50_ms,
            r.p99_ms,
            r.p99_ms / r.p50_ms,
            run.cpu.server_ms,
            ms(run.cpu.postgres_ms),
            cpu_total(&run.cpu),
        ));
    }
    out.push(String::new());
    let off = find(runs, CACHE_OFF).map(|r| r.measured);
    let on = find(runs, CACHE_ON).map(|r| r.measured);
    let limit = find(runs, LIMIT).map(|r| r.measured);
    let peer = find(runs, PEER).map(|r| r.measured);
    match (off, peer) {
        (Some(off), Some(peer)) => {
            let ratio = off.rps / peer.rps;
            out.push(format!(
                "- product (cache off) / PostGraphile: {ratio:.2} x (target at least 3 x): {}.",
                verdict(ratio >= 3.0)
            ));
        }
        _ => out.push(format!(
            "- product (cache off) / PostGraphile: not measured ({}).",
            peer_skipped.unwrap_or("no run")
        )),
    }
    if let (Some(off), Some(limit)) = (off, limit) {
        let ratio = off.rps / limit.rps;
        out.push(format!(
            "- product (cache off) / limit: {ratio:.2} x (target at least 0.7 x): {}.",
            verdict(ratio >= 0.7)
        ));
    }
    if let Some(off) = off {
        let ratio = off.p99_ms / off.p50_ms;
        out.push(format!(
            "- product (cache off) p99 / p50: {ratio:.2} (target at most 2): {}.",
            verdict(ratio <= 2.0)
        ));
    }
    if let (Some(on), Some(limit)) = (on, limit) {
        let ratio = on.rps / limit.rps;
        out.push(format!(
            "- product (cache on) / limit: {ratio:.2} x (target: at least the ratio before, \
             {CACHE_RATIO_BEFORE:.2} x, measured against the old limit): {}.",
            verdict(ratio >= CACHE_RATIO_BEFORE)
        ));
    }
    out.push(String::new());
    out
}

/// The targets of earlier issues: search against the plain list, sign-in costs.
pub fn earlier_targets(runs: &[Run]) -> Vec<String> {
    let rps = |label: &str| find(runs, label).map_or(f64::NAN, |r| r.measured.rps);
    let mut out = Vec::new();
    let plain = rps(CACHE_OFF);
    for variant in ["one word", "prefix"] {
        let label = format!("tietolupa, cache off, search: {variant}");
        let p99 = find(runs, &label).map_or(f64::NAN, |r| r.measured.p99_ms);
        out.push(format!(
            "Search ({variant}) against the plain list, cache off: {:.2} x the throughput \
             (target at least 0.5 x), p99 {p99:.2} ms (target at most 25 ms).",
            rps(&label) / plain,
        ));
    }
    for query in ["unfiltered", "me"] {
        out.push(format!(
            "Session cookie against bearer token ({query}): {:.2} x the cost per request \
             (target at most 1.15 x).",
            rps(&format!("signed in: bearer token, {query}"))
                / rps(&format!("signed in: session cookie, {query}"))
        ));
    }
    out.push(format!(
        "Without the session cache (every request reads its session row), me: {:.2} x.",
        rps("signed in: bearer token, me")
            / rps("signed in: session cookie, session cache off, me")
    ));
    out.push(String::new());
    out
}
