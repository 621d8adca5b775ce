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

/// utime + stime of `pid`, in clock ticks (proc(5): fields 14 and 15 of `stat`).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("the server's stat");
    // The command name may hold spaces; the fields after it start with the state (field 3).
    let after = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |n: usize| fields[n - 3].parse::<u64>().expect("a tick count");
    field(14) + field(15)
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
    let before = cpu_ticks(pid);
    let (measured, requests) = wrk_post(url, seconds, connections, headers, script);
    let after = cpu_ticks(pid);
    let cpu_ms = (after - before) as f64 / ticks_per_second() * 1000.0;
    Run {
        measured,
        requests,
        cpu_ms_per_request: if requests > 0 {
            cpu_ms / requests as f64
        } else {
            f64::NAN
        },
    }
}
