//! `tietolupa permit verify`: checks a permit credential offline with
//! `tietolupa_permit_credential::verify`, the function a processing environment embeds.
//! Exit 0 and the verified permit as JSON on standard output; exit 1 and the reason when
//! the credential is refused; exit 2 when the files or keys cannot be read.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use tietolupa_config::Config;
use tietolupa_permit_credential::{Jwks, PermitKeyRing, verify};

pub struct VerifyArgs {
    /// The credential (compact JWS), or `-` for standard input.
    pub credential: PathBuf,
    /// The authority's JWKS; none reads the public keys of this instance's secrets file.
    pub jwks: Option<PathBuf>,
    /// A status list token; none skips the revocation check (and says so).
    pub status_list: Option<PathBuf>,
}

pub fn run(args: VerifyArgs) -> ExitCode {
    let inputs = match read_inputs(&args) {
        Ok(inputs) => inputs,
        Err(e) => {
            crate::cli::report(&e);
            return ExitCode::from(2);
        }
    };
    let (token, jwks, status_list) = inputs;
    match verify(
        &token,
        &jwks,
        status_list.as_deref(),
        time::OffsetDateTime::now_utc(),
    ) {
        Ok(verified) => {
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{}", verified.to_json()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    crate::cli::report(
                        &anyhow::Error::new(e).context("writing to standard output"),
                    );
                    ExitCode::from(2)
                }
            }
        }
        Err(refusal) => {
            eprintln!("permit credential refused: {refusal}");
            ExitCode::FAILURE
        }
    }
}

type Inputs = (String, Jwks, Option<String>);

fn read_inputs(args: &VerifyArgs) -> anyhow::Result<Inputs> {
    let token = read(&args.credential)?;
    let jwks = match &args.jwks {
        Some(path) => {
            Jwks::from_json(&read(path)?).with_context(|| format!("{}", path.display()))?
        }
        None => instance_jwks()?,
    };
    let status_list = args.status_list.as_deref().map(read).transpose()?;
    Ok((token, jwks, status_list))
}

fn read(path: &Path) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        return Ok(text);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The public keys of this instance's `[permit_signing]` ring: what
/// `/.well-known/jwks.json` serves, read from the secrets file rather than fetched, so the
/// command stays offline.
fn instance_jwks() -> anyhow::Result<Jwks> {
    let config = Config::from_env().context("no --jwks given, and the configuration")?;
    let keys = config.load_identity_code_keys()?;
    let ring = keys.permit_signing()?;
    let ring = PermitKeyRing::from_seeds(
        &ring.current,
        ring.keys
            .iter()
            .map(|(kid, key)| (kid.clone(), *key.expose())),
    )?;
    Ok(ring.jwks())
}
