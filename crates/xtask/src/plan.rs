//! What `cargo xtask` decides before it runs anything: the task, the tools it lacks and how
//! to install them, and which PostgreSQL the tests use. Pure, so the tests need no machine.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The README's two commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// `just run`: the app with demo data.
    Run,
    /// `just test`: every check CI runs.
    Test,
}

impl Task {
    pub fn recipe(self) -> &'static str {
        match self {
            Task::Run => "run",
            Task::Test => "test",
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    pub task: Task,
    /// Say what would be installed, started and run, and do none of it.
    pub dry_run: bool,
    /// Install and start what the task needs, then stop before `just`.
    pub setup_only: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Go(Options),
    Help,
}

pub const USAGE: &str = "\
usage: cargo xtask <run|test> [--dry-run | --setup-only]

  run           the whole app on http://127.0.0.1:8080 (`just run`)
  test          every check and test CI runs (`just test`); starts the local PostgreSQL
                cluster when it is down and TIETOLUPA_TEST_POSTGRES_URL is not set
  --dry-run     say what would be installed, started and run, and do nothing
  --setup-only  install and start what the task needs, and stop before `just`

Installs what is missing first: just (pip install rust-just, else cargo install just
--locked), and for `test` cargo-nextest and cargo-machete (cargo install --locked).
The recipes themselves live in the justfile.";

pub fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut task = None;
    let mut dry_run = false;
    let mut setup_only = false;
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" | "help" => return Ok(Parsed::Help),
            "--dry-run" | "-n" => dry_run = true,
            "--setup-only" => setup_only = true,
            "run" | "test" if task.is_some() => {
                return Err(format!("one task at a time, not also `{arg}`"));
            }
            "run" => task = Some(Task::Run),
            "test" => task = Some(Task::Test),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let task = task.ok_or("which task: `run` or `test`?")?;
    if dry_run && setup_only {
        return Err("--dry-run or --setup-only, not both".into());
    }
    Ok(Parsed::Go(Options {
        task,
        dry_run,
        setup_only,
    }))
}

/// A program a recipe calls, and the ways to install it, best first.
#[derive(Debug, PartialEq, Eq)]
pub struct Tool {
    pub program: &'static str,
    pub installs: &'static [&'static [&'static str]],
}

pub const JUST: Tool = Tool {
    program: "just",
    // PyPI's prebuilt binary takes seconds; building it with cargo takes minutes.
    installs: &[
        &["pip", "install", "--quiet", "rust-just"],
        &["pip3", "install", "--quiet", "rust-just"],
        &["cargo", "install", "just", "--locked"],
    ],
};

pub const NEXTEST: Tool = Tool {
    program: "cargo-nextest",
    installs: &[&["cargo", "install", "cargo-nextest", "--locked"]],
};

pub const MACHETE: Tool = Tool {
    program: "cargo-machete",
    installs: &[&["cargo", "install", "cargo-machete", "--locked"]],
};

/// What the task's recipes need besides Rust, Node.js and Python.
pub fn tools(task: Task) -> &'static [Tool] {
    match task {
        Task::Run => &[JUST],
        Task::Test => &[JUST, NEXTEST, MACHETE],
    }
}

/// The tools of `task` that `found` does not find.
pub fn missing(task: Task, found: impl Fn(&str) -> bool) -> Vec<&'static Tool> {
    tools(task)
        .iter()
        .filter(|tool| !found(tool.program))
        .collect()
}

/// The ways to install `tool` whose installer this machine has, best first.
pub fn installs(tool: &Tool, found: impl Fn(&str) -> bool) -> Vec<&'static [&'static str]> {
    tool.installs
        .iter()
        .copied()
        .filter(|argv| found(argv[0]))
        .collect()
}

/// Where `program` is on the search path `path` (a PATH value), if anywhere.
pub fn find_program(
    program: &str,
    path: &OsStr,
    is_file: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    std::env::split_paths(path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(program))
        .find(|candidate| is_file(candidate))
}

/// The PostgreSQL server `just test` uses (its default, as in the justfile).
pub const DEFAULT_POSTGRES: &str = "127.0.0.1:5432";

/// The `host:port` whose cluster xtask may start: only the default server, never one that
/// TIETOLUPA_TEST_POSTGRES_URL names (someone else's, maybe remote).
pub fn postgres_to_manage(task: Task, test_url: Option<&str>) -> Option<&'static str> {
    (task == Task::Test && test_url.is_none_or(str::is_empty)).then_some(DEFAULT_POSTGRES)
}

/// The cluster version to start among the directories of /etc/postgresql: the newest.
pub fn cluster_version(mut versions: Vec<String>) -> Option<String> {
    versions.retain(|v| !v.is_empty() && v.split('.').all(|part| part.parse::<u32>().is_ok()));
    versions.into_iter().max_by_key(|v| {
        v.split('.')
            .map(|part| part.parse::<u32>().unwrap_or(0))
            .collect::<Vec<_>>()
    })
}

/// Whether `cargo run` set the variable for the xtask itself (its package's name, version,
/// manifest). The tools `just` starts must not inherit them: cargo-machete, for one, takes
/// `CARGO_PKG_NAME` for a sign that it runs as `cargo machete` and reads its own name as
/// a path. `CARGO`, `CARGO_HOME` and `CARGO_TARGET_DIR` say where things are and stay.
pub fn set_by_cargo_run(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_MANIFEST_")
        || matches!(
            name,
            "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_the_two_tasks_and_a_dry_run() {
        let go = |task, dry_run, setup_only| {
            Ok(Parsed::Go(Options {
                task,
                dry_run,
                setup_only,
            }))
        };
        assert_eq!(parse(&args(&["run"])), go(Task::Run, false, false));
        assert_eq!(
            parse(&args(&["test", "--dry-run"])),
            go(Task::Test, true, false)
        );
        assert_eq!(
            parse(&args(&["--setup-only", "test"])),
            go(Task::Test, false, true)
        );
        assert!(parse(&args(&["test", "--setup-only", "--dry-run"])).is_err());
        assert_eq!(parse(&args(&["--help"])), Ok(Parsed::Help));
        assert!(parse(&args(&[])).is_err());
        assert!(parse(&args(&["run", "test"])).is_err());
        assert!(parse(&args(&["deploy"])).is_err());
    }

    #[test]
    fn run_needs_just_and_test_also_the_cargo_tools() {
        let nothing = |_: &str| false;
        let programs = |task| {
            missing(task, nothing)
                .iter()
                .map(|t| t.program)
                .collect::<Vec<_>>()
        };
        assert_eq!(programs(Task::Run), ["just"]);
        assert_eq!(
            programs(Task::Test),
            ["just", "cargo-nextest", "cargo-machete"]
        );
        assert!(missing(Task::Test, |_| true).is_empty());
        let only_just = missing(Task::Test, |p| p == "just");
        assert_eq!(only_just, [&NEXTEST, &MACHETE]);
    }

    #[test]
    fn just_comes_from_pip_when_there_is_one_else_from_cargo() {
        let with_pip = installs(&JUST, |p| p == "pip" || p == "cargo");
        assert_eq!(
            with_pip,
            [
                &["pip", "install", "--quiet", "rust-just"][..],
                &["cargo", "install", "just", "--locked"]
            ]
        );
        let without_pip = installs(&JUST, |p| p == "cargo");
        assert_eq!(without_pip, [&["cargo", "install", "just", "--locked"][..]]);
        assert!(installs(&NEXTEST, |_| false).is_empty());
    }

    #[test]
    fn finds_a_program_on_the_search_path_in_order() {
        let path = std::env::join_paths(["/opt/a", "", "/opt/b", "/opt/c"]).unwrap();
        let exists = |p: &Path| p == Path::new("/opt/b/just") || p == Path::new("/opt/c/just");
        assert_eq!(
            find_program("just", &path, exists),
            Some(PathBuf::from("/opt/b/just"))
        );
        assert_eq!(find_program("cargo-nextest", &path, exists), None);
    }

    #[test]
    fn starts_only_the_default_postgres_and_only_for_the_tests() {
        assert_eq!(postgres_to_manage(Task::Test, None), Some("127.0.0.1:5432"));
        assert_eq!(
            postgres_to_manage(Task::Test, Some("")),
            Some("127.0.0.1:5432")
        );
        assert_eq!(
            postgres_to_manage(Task::Test, Some("postgres://db.example:5432/postgres")),
            None
        );
        assert_eq!(postgres_to_manage(Task::Run, None), None);
    }

    #[test]
    fn starts_the_newest_cluster() {
        let versions = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            cluster_version(versions(&["9.6", "15", "13"])),
            Some("15".into())
        );
        assert_eq!(cluster_version(versions(&["15", "16"])), Some("16".into()));
        assert_eq!(cluster_version(versions(&["README", ""])), None);
        assert_eq!(cluster_version(versions(&[])), None);
    }

    #[test]
    fn the_xtasks_own_package_variables_are_not_passed_on() {
        for name in [
            "CARGO_PKG_NAME",
            "CARGO_PKG_VERSION",
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_CRATE_NAME",
            "CARGO_BIN_NAME",
            "CARGO_PRIMARY_PACKAGE",
        ] {
            assert!(set_by_cargo_run(name), "{name}");
        }
        for name in [
            "CARGO",
            "CARGO_HOME",
            "CARGO_TARGET_DIR",
            "PATH",
            "TIETOLUPA_TEST_POSTGRES_URL",
        ] {
            assert!(!set_by_cargo_run(name), "{name}");
        }
    }
}
