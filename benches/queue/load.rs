//! Load as the web app sends it: wrk POSTing one GraphQL body (a Lua script sets the
//! method and body), and the CPU a server process spent meanwhile, from /proc.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::wrk::{self, Measured};

/// One measured run against one server.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    pub measured: Measured,
    pub requests: u64,
    /// CPU (user + system) of the server process per request, in milliseconds.
    pub cpu_ms_per_request: f64,
    /// The same for PostgreSQL (all its processes) meanwhile.
    pub postgres_ms_per_request: f64,
}

/// Writes the wrk script that POSTs `body` and returns its path.
pub fn post_script(dir: &Path, name: &str, body: &str) -> PathBuf {
    assert!(!body.contains("]==]"), "the body fits a Lua long string");
    let path = dir.join(format!("{name}.lua"));
    std::fs::write(
        &path,
        format!("wrk.method = \"POST\"\nwrk.body = [==[{body}]==]\n"),
    )
    .expect("write the wrk script");
    path
}

/// The command name and utime + stime in clock ticks of one `/proc/<pid>/stat` (proc(5):
/// fields 2, 14 and 15).
fn stat_ticks(stat: &str) -> Option<(&str, u64)> {
    // The command name may hold spaces; the fields after it start with the state (field 3).
    let (head, after) = stat.rsplit_once(')')?;
    let name = head.split_once('(')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
    Some((name, field(14)? + field(15)?))
}

fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("the server's stat");
    stat_ticks(&stat).expect("a stat line").1
}

/// utime + stime of every PostgreSQL process on this machine (the backends serving both
/// servers' pools, and the background workers), in clock ticks.
fn postgres_ticks() -> u64 {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter_map(|stat| {
            stat_ticks(&stat).and_then(|(name, ticks)| (name == "postgres").then_some(ticks))
        })
        .sum()
}

fn ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// "12345 requests in 10.00s": the number wrk completed.
fn requests(text: &str) -> u64 {
    text.lines()
        .find(|l| l.contains(" requests in "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn wrk_post(
    url: &str,
    seconds: usize,
    connections: usize,
    headers: &[String],
    script: &Path,
) -> (Measured, u64) {
    let output = wrk::command(url, seconds, connections, headers)
        .arg("-s")
        .arg(script)
        .output()
        .expect("run wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    (wrk::parse(&text), requests(&text))
}

/// A warm-up of `warmup` seconds, then `seconds` measured, with the CPU of `pid`.
pub fn measure(
    url: &str,
    pid: u32,
    (warmup, seconds, connections): (usize, usize, usize),
    headers: &[String],
    script: &Path,
) -> Run {
    if warmup > 0 {
        wrk_post(url, warmup, connections, headers, script);
    }
    let (before, pg_before) = (cpu_ticks(pid), postgres_ticks());
    let (measured, requests) = wrk_post(url, seconds, connections, headers, script);
    let (after, pg_after) = (cpu_ticks(pid), postgres_ticks());
    let per_request = |ticks: u64| {
        let ms = ticks as f64 / ticks_per_second() * 1000.0;
        if requests > 0 {
            ms / requests as f64
        } else {
            f64::NAN
        }
    };
    Run {
        measured,
        requests,
        cpu_ms_per_request: per_request(after - before),
        postgres_ms_per_request: per_request(pg_after.saturating_sub(pg_before)),
    }
}
