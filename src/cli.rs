use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
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
    /// Print every error and validation message, in fi, sv and en, as JSON.
    Messages,
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
    /// Prepare a delivery order's dataset: drop the rows of people with an objection in
    /// force on the order's extraction date and replace the identity code by the permit's
    /// pseudonym (docs/preparation.md). Invalid rows are reported by line number and left
    /// out. Moves the order to PREPARED; audited with counts only.
    Deliver {
        /// The delivery order's id.
        #[arg(long)]
        order: uuid::Uuid,
        /// The order's version as last seen (default: the current one).
        #[arg(long)]
        version: Option<i32>,
        /// The header name of the identity-code column.
        #[arg(long)]
        identity_column: String,
        /// The field delimiter: one ASCII character, or `tab`.
        #[arg(long, default_value = ",", value_parser = parse_delimiter)]
        delimiter: u8,
        /// Parsing threads (default: the available cores).
        #[arg(long)]
        threads: Option<usize>,
        /// The controller's CSV, or `-` for standard input.
        input: PathBuf,
        /// Where to write the prepared CSV, or `-` for standard output.
        output: PathBuf,
    },
    /// Retention of untouched drafts.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Permit credentials: verify one offline (docs/permit-credential.md).
    Permit {
        #[command(subcommand)]
        command: PermitCommand,
    },
    /// Permit jobs.
    Permits {
        #[command(subcommand)]
        command: PermitsCommand,
    },
    /// The organisation register.
    Organisations {
        #[command(subcommand)]
        command: OrganisationsCommand,
    },
}

fn parse_date(s: &str) -> Result<time::Date, String> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|_| "expected a date YYYY-MM-DD".to_owned())
}

/// A CSV delimiter: one ASCII character other than a quote or a line end, or `tab`.
pub(crate) fn parse_delimiter(s: &str) -> Result<u8, String> {
    let byte = match s {
        "tab" | "\\t" | "\t" => b'\t',
        _ if s.len() == 1 => s.as_bytes()[0],
        _ => return Err("expected one ASCII character or `tab`".to_owned()),
    };
    if !byte.is_ascii() || matches!(byte, b'"' | b'\n' | b'\r') {
        return Err("the delimiter cannot be a quote or a line end".to_owned());
    }
    Ok(byte)
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
enum PermitCommand {
    /// Verify a permit credential: signature, validity and, with a status list, revocation.
    /// Prints the permit as JSON; exit 1 with the reason when it is refused, 2 when the
    /// files or keys cannot be read.
    Verify {
        /// The credential (compact JWS), or `-` for standard input.
        credential: PathBuf,
        /// The authority's public keys (JWKS, as at /.well-known/jwks.json). Default: the
        /// public keys of this instance's `[permit_signing]` ring in the secrets file.
        #[arg(long)]
        jwks: Option<PathBuf>,
        /// A status list token (statuslist+jwt) to check revocation against; without it
        /// revocation is not checked, and the output says so.
        #[arg(long)]
        status_list: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum PermitsCommand {
    /// Mark permits past their validity as expired and queue expiry reminders.
    Expire,
}

#[derive(Debug, Subcommand)]
enum OrganisationsCommand {
    /// Delete the contact data (contact persons, address) of organisations whose customer
    /// relationship ended ten years ago or more; name and business ID stay.
    Purge {
        /// The day to count from, YYYY-MM-DD (default: today in Finland).
        #[arg(long, value_parser = parse_date)]
        today: Option<time::Date>,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verify the hash chain; exits 1 and names the first broken entry if it is broken.
    /// With --checkpoint, also checks the log against a signed checkpoint kept elsewhere:
    /// a truncated tail, a rewritten history and a changed entry each exit 1, named.
    Verify {
        /// A signed checkpoint (as `GET /api/audit/checkpoint` or `audit checkpoint`
        /// printed it) stored outside this database.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// The verifier key (`name+hash+key`) to check its signature with; by default the
        /// keys of this instance's `[audit_checkpoint]` ring.
        #[arg(long, requires = "checkpoint")]
        key: Option<String>,
    },
    /// Print the current signed checkpoint (signing one if the tree grew since the last),
    /// for an operator or a witness to keep.
    Checkpoint,
    /// Offline, without a database: check an inclusion or consistency proof (the JSON of
    /// `/api/audit/proof/...`) against a signed checkpoint and its public key.
    VerifyProof {
        #[arg(long)]
        checkpoint: PathBuf,
        /// The log's verifier key, `name+hash+key` (`/api/audit/checkpoint-keys`).
        #[arg(long)]
        key: String,
        #[arg(long)]
        proof: PathBuf,
        /// The leaf hash you computed from the entry you hold (hex); it must be the
        /// proof's.
        #[arg(long)]
        leaf_hash: Option<String>,
    },
}

pub async fn run(cli: Cli) -> ExitCode {
    let command = cli.command.unwrap_or(Command::Serve);
    match command {
        Command::Schema => return finish(print(&tietolupa_graphql::sdl())),
        Command::Permissions => {
            return finish(print(&tietolupa_domain::permission::matrix_markdown()));
        }
        Command::Messages => {
            return finish(print(&tietolupa_domain::error_text::catalogue_json()));
        }
        // Offline: no telemetry or database, and configuration only without --jwks.
        Command::Permit {
            command:
                PermitCommand::Verify {
                    credential,
                    jwks,
                    status_list,
                },
        } => {
            return crate::permit_verify::run(crate::permit_verify::VerifyArgs {
                credential,
                jwks,
                status_list,
            });
        }
        Command::Audit {
            command:
                AuditCommand::VerifyProof {
                    checkpoint,
                    key,
                    proof,
                    leaf_hash,
                },
        } => {
            return crate::audit_proof::verify_proof(
                &checkpoint,
                &key,
                &proof,
                leaf_hash.as_deref(),
            )
            .unwrap_or_else(|e| {
                report(&e);
                ExitCode::from(2)
            });
        }
        _ => {}
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            report(&anyhow::Error::new(e));
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config);
    let result = match command {
        Command::Serve => serve(&config).await,
        Command::Migrate => migrate(&config).await,
        Command::Seed => seed(&config).await,
        Command::Audit {
            command: AuditCommand::Verify { checkpoint, key },
        } => {
            // Exit 1 means "the log is broken"; failing to read it at all is another answer.
            let verified = match checkpoint {
                None => verify_audit(&config).await,
                Some(file) => {
                    crate::audit_proof::verify_against_checkpoint(&config, &file, key.as_deref())
                        .await
                }
            };
            return verified.unwrap_or_else(|e| {
                report(&e);
                ExitCode::from(2)
            });
        }
        Command::Audit {
            command: AuditCommand::Checkpoint,
        } => crate::audit_proof::print_checkpoint(&config).await,
        Command::Audit {
            command: AuditCommand::VerifyProof { .. },
        } => unreachable!("answered offline above"),
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
        Command::Deliver {
            order,
            version,
            identity_column,
            delimiter,
            threads,
            input,
            output,
        } => {
            let args = crate::deliver::DeliverArgs {
                order,
                version,
                identity_column,
                delimiter,
                threads,
                input,
                output,
            };
            crate::deliver::run(&config, args).await.map(|_| ())
        }
        Command::Retention {
            command: RetentionCommand::Run,
        } => retention(&config).await,
        Command::Permits {
            command: PermitsCommand::Expire,
        } => expire_permits(&config).await,
        Command::Organisations {
            command: OrganisationsCommand::Purge { today },
        } => purge_organisations(&config, today).await,
        Command::Schema | Command::Permissions | Command::Messages | Command::Permit { .. } => {
            unreachable!("handled before configuration is read")
        }
    };
    finish(result)
}

/// Exit 0, or report the error with its causes and exit 1.
fn finish(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

/// The error to stderr and, once telemetry runs, to the log.
pub fn report(error: &anyhow::Error) {
    let message = describe(error);
    tracing::error!(error = %message, "command failed");
    eprintln!("error: {message}");
}

/// The error and its causes on one line, `what failed: why: root cause`. Several of the
/// layers' errors already print their source (`database: {0}`); a cause whose text ends
/// the line so far is not repeated.
fn describe(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if text.is_empty() || line.ends_with(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

async fn serve(config: &Config) -> anyhow::Result<()> {
    // Before the port is bound (see `shutdown_signal`).
    let shutdown = shutdown_signal();
    let app = Application::build(config).await?;
    app.run_until(shutdown).await.context("server failed")
}

pub async fn connect(config: &Config) -> anyhow::Result<Db> {
    let mut db = Db::connect(&config.database_url)
        .await
        .context("database")?;
    // Commands that change permits (expiry, the seed's decisions) issue their credentials
    // as the server would.
    if let Some(issuer) = tietolupa_http::permit_credentials(config, &config.public_url)? {
        db = db.with_permit_credentials(issuer);
    }
    if let Some(keys) = tietolupa_http::audit_checkpoints(config, &config.public_url)? {
        db = db.with_audit_checkpoints(keys);
    }
    db.migrate().await.context("migrations")?;
    Ok(db)
}

async fn migrate(config: &Config) -> anyhow::Result<()> {
    connect(config).await?;
    tracing::info!("migrations applied");
    Ok(())
}

async fn seed(config: &Config) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let reference = seed::reference_data(&db)
        .await
        .context("seeding reference data")?;
    let demo = if config.is_dev() {
        let report = seed::demo_data(&db).await.context("seeding demo data")?;
        seed::demo_decisions(&db, config.demo_decisions, time::OffsetDateTime::now_utc())
            .await
            .context("seeding demo decisions")?;
        let crypto = tietolupa_http::objection_crypto(config)?;
        tietolupa_http::demo_cases(config, &db, &crypto)
            .await
            .context("seeding demo cases")?;
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

async fn reindex(config: &Config) -> anyhow::Result<()> {
    let crypto = tietolupa_http::objection_crypto(config)?;
    let db = connect(config).await?;
    let report = objections::reindex(&db, &crypto)
        .await
        .context("re-keying failed")?;
    print(&format!(
        "objections re-keyed: {} of {} rows rewritten under the current keys",
        report.rewritten, report.checked
    ))
}

async fn retention(config: &Config) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let files = AttachmentFiles::new(
        config.data_dir.join("attachments"),
        config.attachment_max_bytes as u64,
    );
    let report = tietolupa_store::retention::run(&db, &CallContext::system("retention"), &files)
        .await
        .context("retention")?;
    print(&format!(
        "retention: {} drafts deleted, {} attachment files removed",
        report.deleted.len(),
        report.files_removed
    ))
}

async fn expire_permits(config: &Config) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let report = tietolupa_store::permits::run_expiry(&db, &CallContext::system("permit-expiry"))
        .await
        .context("permit expiry")?;
    print(&format!(
        "permits: {} expired, {} reminders queued",
        report.expired, report.reminders
    ))
}

async fn purge_organisations(config: &Config, today: Option<time::Date>) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let ctx = CallContext::system("organisation-purge");
    let today = today.unwrap_or_else(|| ctx.today());
    let report = tietolupa_store::organisations::purge_ended_organisations(&db, &ctx, today)
        .await
        .context("organisation contact data purge")?;
    print(&format!(
        "organisations: contact data of {} deleted ({} contact persons)",
        report.purged.len(),
        report.contacts_deleted
    ))
}

/// Exit 0 when the chain is intact, 1 when it is broken; an error when it cannot be read.
async fn verify_audit(config: &Config) -> anyhow::Result<ExitCode> {
    let db = connect(config).await?;
    let report = audit::verify_chain(&db)
        .await
        .context("reading the audit log failed")?;
    match report.first_break {
        None => {
            print(&format!(
                "audit log intact: {} entries verified, head {}",
                report.checked, report.head
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(broken) => {
            print(&format!(
                "audit log BROKEN at entry {} (id {}): {}; {} entries before it verified",
                broken.seq, broken.id, broken.problem, report.checked
            ))?;
            Ok(ExitCode::FAILURE)
        }
    }
}

pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").context("writing to standard output")
}

#[cfg(test)]
mod tests {
    use std::error::Error;
    use std::fmt;

    use anyhow::Context;

    use super::describe;

    /// An error that prints its source, as thiserror's `#[error("database: {0}")]` does.
    #[derive(Debug)]
    struct Repeats(std::io::Error);

    impl fmt::Display for Repeats {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "database: {}", self.0)
        }
    }

    impl Error for Repeats {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn the_whole_chain_is_named_once() {
        let root = std::io::Error::other("connection refused");
        let error = Err::<(), _>(Repeats(root)).context("migrate").unwrap_err();
        assert_eq!(describe(&error), "migrate: database: connection refused");
        let error = Err::<(), _>(std::io::Error::other("disk full"))
            .context("cannot create out.partial")
            .unwrap_err();
        assert_eq!(describe(&error), "cannot create out.partial: disk full");
    }
}
