//! CPU time spent by a server under test, read from /proc: its own process and every
//! descendant (PostGraphile's cluster workers are children of its master), and the
//! PostgreSQL backends serving one database (`postgres: ... <database> ...`).

use std::collections::HashMap;

/// Clock ticks per second of /proc/<pid>/stat's utime and stime (`getconf CLK_TCK`: 100
/// on Linux for every architecture this runs on).
const TICKS_PER_SECOND: f64 = 100.0;

/// (parent pid, utime + stime in ticks) of one process, or `None` if it has gone.
fn stat(pid: u32) -> Option<(u32, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state): ppid is field 4, utime 14, stime 15.
    let ppid = fields.get(1)?.parse().ok()?;
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((ppid, utime + stime))
}

fn pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|dir| {
            dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// CPU seconds used so far by `root` and all its descendants.
pub fn tree_seconds(root: u32) -> f64 {
    let all: HashMap<u32, (u32, u64)> = pids()
        .into_iter()
        .filter_map(|pid| Some((pid, stat(pid)?)))
        .collect();
    let mut ticks = 0;
    let mut wanted = vec![root];
    while let Some(pid) = wanted.pop() {
        if let Some((_, t)) = all.get(&pid) {
            ticks += t;
        }
        wanted.extend(
            all.iter()
                .filter(|(_, (ppid, _))| *ppid == pid)
                .map(|(child, _)| *child),
        );
    }
    ticks as f64 / TICKS_PER_SECOND
}

/// CPU ticks used so far by each PostgreSQL backend connected to `database` (its command
/// line reads `postgres: [cluster: ]user database host(port) state`).
fn postgres_ticks(database: &str) -> HashMap<u32, u64> {
    let needle = format!(" {database} ");
    pids()
        .into_iter()
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                let c = String::from_utf8_lossy(&c);
                c.starts_with("postgres:") && c.contains(&needle)
            })
        })
        .filter_map(|pid| Some((pid, stat(pid)?.1)))
        .collect()
}

/// CPU seconds the backends of `database` used since `before`: a backend that started
/// since counts whole, one that exited since is left out (the servers under test keep
/// their pools open while they are measured).
fn postgres_seconds_since(database: &str, before: &HashMap<u32, u64>) -> f64 {
    let ticks: u64 = postgres_ticks(database)
        .into_iter()
        .map(|(pid, now)| now.saturating_sub(before.get(&pid).copied().unwrap_or(0)))
        .sum();
    ticks as f64 / TICKS_PER_SECOND
}

/// What one server and the database used during a run, per request, in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuPerRequest {
    pub server_ms: f64,
    /// `None` on SQLite (in the server's process) or when not read.
    pub postgres_ms: Option<f64>,
}

/// A reading before a run, to be closed with [`Reading::per_request`] after it.
pub struct Reading {
    server: u32,
    database: Option<String>,
    server_seconds: f64,
    postgres_ticks: HashMap<u32, u64>,
}

impl Reading {
    pub fn start(server: u32, database: Option<&str>) -> Reading {
        Reading {
            server,
            database: database.map(str::to_owned),
            server_seconds: tree_seconds(server),
            postgres_ticks: database.map(postgres_ticks).unwrap_or_default(),
        }
    }

    pub fn per_request(&self, requests: u64) -> CpuPerRequest {
        let requests = requests.max(1) as f64;
        CpuPerRequest {
            server_ms: (tree_seconds(self.server) - self.server_seconds) * 1000.0 / requests,
            postgres_ms: self
                .database
                .as_deref()
                .map(|d| postgres_seconds_since(d, &self.postgres_ticks) * 1000.0 / requests),
        }
    }
}
