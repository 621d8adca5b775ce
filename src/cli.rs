use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tietolupa_config::Config;
use tietolupa_http::{Application, shutdown_signal};
use tietolupa_store::applications::attachments::AttachmentFiles;
use tietolupa_store::{CallContext, Db, audit, objections, seed};

use crate::telemetry;

/// Tietolupa: case management for a health and social data permit authority.
///
/// Configuration comes from `TIETOLUPA_*` environment variables and an optional TOML file
/// named by `TIETOLUPA_CONFIG`; see README.md.
#[derive(Debug, Parser)]
#[command(name = "tietolupa", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (the default): migrations, seeding, then HTTP until SIGINT/SIGTERM.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL) to standard output.
    Schema,
    /// Print the permission matrix (docs/permissions.md) to standard output.
    Permissions,
    /// Add missing reference data and, in dev mode, demo data; idempotent.
    Seed,
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Objection registry tools.
    Objections {
        #[command(subcommand)]
        command: ObjectionsCommand,
    },
    /// Remove people with an objection in force on the extraction date from a list of
    /// identity codes (one per line). Invalid lines are reported by number and left out.
    /// Prints a summary line to stderr; audited with counts only.
    CohortFilter {
        /// The date of the data extraction, YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        extraction_date: time::Date,
        /// The permit the extraction is for (recorded in the audit log).
        #[arg(long)]
        permit: Option<String>,
        /// Hashing threads (default: the available cores).
        #[arg(long)]
        threads: Option<usize>,
        /// The list of identity codes, or `-` for standard input.
        input: PathBuf,
        /// Where to write the kept codes, or `-` for standard output.
        output: PathBuf,
    },
    /// Retention of untouched drafts.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Permit jobs.
    Permits {
        #[command(subcommand)]
        command: PermitsCommand,
    },
}

fn parse_date(s: &str) -> Result<time::Date, String> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|_| "expected a date YYYY-MM-DD".to_owned())
}

#[derive(Debug, Subcommand)]
enum ObjectionsCommand {
    /// Re-key stored identity codes under the secrets file's current keys (the second step
    /// of a key rotation, see README.md); idempotent.
    Reindex,
}

#[derive(Debug, Subcommand)]
enum RetentionCommand {
    /// Delete drafts untouched for six months (and their attachments); tombstones remain.
    Run,
}

#[derive(Debug, Subcommand)]
enum PermitsCommand {
    /// Mark permits past their validity as expired and queue expiry reminders.
    Expire,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verify the hash chain; exits 1 and names the first broken entry if it is broken.
    Verify,
}

pub async fn run(cli: Cli) -> ExitCode {
    let command = cli.command.unwrap_or(Command::Serve);
    match command {
        Command::Schema => return print(&tietolupa_graphql::sdl()),
        Command::Permissions => return print(&tietolupa_domain::permission::matrix_markdown()),
        _ => {}
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config);
    let result = match command {
        Command::Serve => serve(&config).await,
        Command::Migrate => migrate(&config).await,
        Command::Seed => seed(&config).await,
        Command::Audit {
            command: AuditCommand::Verify,
        } => return verify_audit(&config).await,
        Command::Objections {
            command: ObjectionsCommand::Reindex,
        } => reindex(&config).await,
        Command::CohortFilter {
            extraction_date,
            permit,
            threads,
            input,
            output,
        } => {
            let args = crate::cohort_filter::CohortArgs {
                extraction_date,
                permit,
                threads,
                input,
                output,
            };
            crate::cohort_filter::run(&config, args).await.map(|_| ())
        }
        Command::Retention {
            command: RetentionCommand::Run,
        } => retention(&config).await,
        Command::Permits {
            command: PermitsCommand::Expire,
        } => expire_permits(&config).await,
        Command::Schema | Command::Permissions => {
            unreachable!("handled before configuration is read")
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &Config) -> Result<(), String> {
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    app.run_until(shutdown_signal())
        .await
        .map_err(|e| format!("server failed: {e}"))
}

pub async fn connect(config: &Config) -> Result<Db, String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    db.migrate().await.map_err(|e| format!("migrations: {e}"))?;
    Ok(db)
}

async fn migrate(config: &Config) -> Result<(), String> {
    connect(config).await?;
    tracing::info!("migrations applied");
    Ok(())
}

async fn seed(config: &Config) -> Result<(), String> {
    let db = connect(config).await?;
    let reference = seed::reference_data(&db).await.map_err(|e| e.to_string())?;
    let demo = if config.is_dev() {
        let report = seed::demo_data(&db).await.map_err(|e| e.to_string())?;
        seed::demo_decisions(&db, config.demo_decisions, time::OffsetDateTime::now_utc())
            .await
            .map_err(|e| e.to_string())?;
        report
    } else {
        tracing::info!("production mode: demo data is not seeded");
        seed::SeedReport::default()
    };
    tracing::info!(
        controllers = reference.controllers,
        data_sources = reference.data_sources,
        demo_users = demo.users,
        "seeding done"
    );
    Ok(())
}

async fn reindex(config: &Config) -> Result<(), String> {
    let registry = tietolupa_http::registry(config).map_err(|e| e.to_string())?;
    let db = connect(config).await?;
    let report = objections::reindex(&db, &registry)
        .await
        .map_err(|e| format!("re-keying failed: {e}"))?;
    print(&format!(
        "objections re-keyed: {} of {} rows rewritten under the current keys",
        report.rewritten, report.checked
    ));
    Ok(())
}

async fn retention(config: &Config) -> Result<(), String> {
    let db = connect(config).await?;
    let files = AttachmentFiles::new(
        config.data_dir.join("attachments"),
        config.attachment_max_bytes as u64,
    );
    let report = tietolupa_store::retention::run(&db, &CallContext::system("retention"), &files)
        .await
        .map_err(|e| e.to_string())?;
    print(&format!(
        "retention: {} drafts deleted, {} attachment files removed",
        report.deleted.len(),
        report.files_removed
    ));
    Ok(())
}

async fn expire_permits(config: &Config) -> Result<(), String> {
    let db = connect(config).await?;
    let report = tietolupa_store::permits::run_expiry(&db, &CallContext::system("permit-expiry"))
        .await
        .map_err(|e| e.to_string())?;
    print(&format!(
        "permits: {} expired, {} reminders queued",
        report.expired, report.reminders
    ));
    Ok(())
}

async fn verify_audit(config: &Config) -> ExitCode {
    let db = match connect(config).await {
        Ok(db) => db,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match audit::verify_chain(&db).await {
        Ok(report) => match report.first_break {
            None => print(&format!(
                "audit log intact: {} entries verified, head {}",
                report.checked, report.head
            )),
            Some(broken) => {
                let _ = print(&format!(
                    "audit log BROKEN at entry {} (id {}): {}; {} entries before it verified",
                    broken.seq, broken.id, broken.problem, report.checked
                ));
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: reading the audit log failed: {e}");
            ExitCode::from(2)
        }
    }
}

fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
