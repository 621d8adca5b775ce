//! `cargo xtask run` and `cargo xtask test`: the README's two commands on a machine with only
//! Rust, Node.js and Python. Installs the tools the justfile's recipes call when they are
//! missing, starts the local PostgreSQL cluster for the tests when it is down, then runs
//! `just run` / `just test`. The recipes stay in the justfile; this only makes them runnable.

mod plan;

use std::ffi::OsString;
use std::io::Write as _;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use plan::{Options, Parsed};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match plan::parse(&args) {
        Ok(Parsed::Go(options)) => options,
        Ok(Parsed::Help) => {
            let _ = writeln!(std::io::stdout(), "{}", plan::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("cargo xtask: {problem}\n\n{}", plan::USAGE);
            return ExitCode::from(2);
        }
    };
    match prepare_and_run(&options) {
        Ok(code) => code,
        Err(problem) => {
            eprintln!("cargo xtask: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn say(what: &str) {
    eprintln!("\n==> {what}");
}

/// The search path, with cargo's install directory last: `cargo install` puts tools there,
/// and a shell's PATH may lack it.
fn search_path() -> OsString {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(cargo_bin) = cargo_bin()
        && !dirs.contains(&cargo_bin)
    {
        dirs.push(cargo_bin);
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

fn cargo_bin() -> Option<PathBuf> {
    let root = std::env::var_os("CARGO_INSTALL_ROOT")
        .or_else(|| std::env::var_os("CARGO_HOME"))
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))?;
    Some(root.join("bin"))
}

fn locate(program: &str) -> Option<PathBuf> {
    plan::find_program(program, &search_path(), |p| p.is_file())
}

fn prepare_and_run(options: &Options) -> Result<ExitCode, String> {
    let task = options.task;
    for tool in plan::missing(task, |program| locate(program).is_some()) {
        install(tool, options.dry_run)?;
    }
    if let Some(address) = plan::postgres_to_manage(
        task,
        std::env::var("TIETOLUPA_TEST_POSTGRES_URL").ok().as_deref(),
    ) {
        ensure_postgres(address, options.dry_run)?;
    }
    let recipe = task.recipe();
    if options.setup_only {
        say(&format!("ready for: just {recipe}"));
        return Ok(ExitCode::SUCCESS);
    }
    if options.dry_run {
        say(&format!("would run: just {recipe}"));
        return Ok(ExitCode::SUCCESS);
    }
    let just = locate("just").ok_or("just is still not on PATH")?;
    say(&format!("just {recipe}"));
    let mut just = Command::new(just);
    just.arg(recipe).env("PATH", search_path());
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(plan::set_by_cargo_run) {
            just.env_remove(name);
        }
    }
    let status = just
        .status()
        .map_err(|e| format!("cannot start just: {e}"))?;
    Ok(status
        .code()
        .and_then(|c| u8::try_from(c).ok())
        .map_or(ExitCode::FAILURE, ExitCode::from))
}

fn install(tool: &plan::Tool, dry_run: bool) -> Result<(), String> {
    let ways = plan::installs(tool, |program| locate(program).is_some());
    if ways.is_empty() {
        return Err(format!(
            "{} is missing and none of its installers is on PATH",
            tool.program
        ));
    }
    if dry_run {
        let listed: Vec<String> = ways.iter().map(|argv| argv.join(" ")).collect();
        say(&format!(
            "would install {}: {}",
            tool.program,
            listed.join(", else ")
        ));
        return Ok(());
    }
    for argv in ways {
        say(&format!("installing {}: {}", tool.program, argv.join(" ")));
        let installer = locate(argv[0]).ok_or_else(|| format!("{} vanished", argv[0]))?;
        let ran = Command::new(installer)
            .args(&argv[1..])
            .env("PATH", search_path())
            .status();
        // A refused pip (an externally managed Python) is not the end: the next way may work.
        if ran.is_ok_and(|status| status.success()) && locate(tool.program).is_some() {
            return Ok(());
        }
        eprintln!("    that did not put {} on PATH", tool.program);
    }
    Err(format!("could not install {}", tool.program))
}

fn listening(address: &str) -> bool {
    let addresses: Vec<SocketAddr> = address
        .to_socket_addrs()
        .map(Iterator::collect)
        .unwrap_or_default();
    addresses
        .iter()
        .any(|a| TcpStream::connect_timeout(a, Duration::from_secs(1)).is_ok())
}

/// Starts the local cluster as .ci/run did, when nothing listens on `address`.
fn ensure_postgres(address: &str, dry_run: bool) -> Result<(), String> {
    if listening(address) {
        return Ok(());
    }
    let versions = std::fs::read_dir("/etc/postgresql")
        .map(|dir| {
            dir.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    let version = plan::cluster_version(versions).ok_or_else(|| {
        format!("no PostgreSQL listens on {address} and there is no local cluster to start: install PostgreSQL or set TIETOLUPA_TEST_POSTGRES_URL")
    })?;
    let start = [
        "pg_ctlcluster",
        "--skip-systemctl-redirect",
        &version,
        "main",
        "start",
    ];
    if dry_run {
        say(&format!("would start PostgreSQL: {}", start.join(" ")));
        return Ok(());
    }
    say(&format!("starting PostgreSQL: {}", start.join(" ")));
    let pg_ctlcluster = locate(start[0]).ok_or("pg_ctlcluster is not on PATH")?;
    let status = Command::new(pg_ctlcluster)
        .args(&start[1..])
        .status()
        .map_err(|e| format!("cannot start PostgreSQL: {e}"))?;
    if !status.success() {
        return Err(format!("`{}` failed", start.join(" ")));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if listening(address) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    Err(format!(
        "PostgreSQL did not start listening on {address} within 30 s"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_port_is_not_listening() {
        // Bind and drop to get a port nothing listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        assert!(!listening(&format!("127.0.0.1:{port}")));
        let open = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        assert!(listening(&open.local_addr().unwrap().to_string()));
    }
}
