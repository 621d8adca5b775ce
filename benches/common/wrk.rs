//! wrk, the load generator the HTTP benchmarks drive (`register`, `cluster`): one run and
//! what it printed, and the machine's load beside it.

use std::process::Command;

#[derive(Debug, Clone, Copy, Default)]
pub struct Measured {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Non-2xx answers and socket errors (connect, read, write, timeout) together.
    pub errors: u64,
}

fn millis(text: &str) -> f64 {
    let text = text.trim();
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.trim().parse::<f64>().unwrap_or(f64::NAN) * factor
}

/// `wrk -t2 -cN -dSs --latency` against `url` with `headers`, not yet started.
pub fn command(url: &str, seconds: usize, connections: usize, headers: &[String]) -> Command {
    let mut command = Command::new("wrk");
    command.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    for header in headers {
        command.args(["-H", header]);
    }
    command.arg(url);
    command
}

/// One wrk run, waited for.
pub fn wrk(url: &str, seconds: usize, connections: usize, headers: &[String]) -> Measured {
    let output = command(url, seconds, connections, headers)
        .output()
        .expect("run wrk (apt-get install wrk)");
    parse(&String::from_utf8_lossy(&output.stdout))
}

/// What wrk printed: throughput, latency percentiles, errors.
pub fn parse(text: &str) -> Measured {
    let mut result = Measured::default();
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Requests/sec:") {
            result.rps = rest.trim().parse().unwrap_or(0.0);
        } else if let Some(rest) = line.strip_prefix("50%") {
            result.p50_ms = millis(rest);
        } else if let Some(rest) = line.strip_prefix("99%") {
            result.p99_ms = millis(rest);
        } else if let Some(rest) = line.strip_prefix("Non-2xx or 3xx responses:") {
            result.errors += rest.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(rest) = line.strip_prefix("Socket errors:") {
            result.errors += rest
                .split(',')
                .filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    result
}

pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
