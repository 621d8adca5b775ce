//! `tietolupa audit checkpoint`, `audit verify --checkpoint` and `audit verify-proof`: the
//! audit log's signed checkpoints from the command line (docs/operations.md "Audit
//! checkpoints").

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use tietolupa_audit_proof::checkpoint::NoteVerifier;
use tietolupa_audit_proof::offline::{PublishedProof, verify_against_checkpoint as offline};
use tietolupa_config::Config;
use tietolupa_store::audit_tree;

use crate::cli::{connect, print};

/// Prints the current checkpoint, signing one first if the tree grew since the newest.
pub async fn print_checkpoint(config: &Config) -> anyhow::Result<()> {
    let db = connect(config).await?;
    let stored = audit_tree::sign_checkpoint(&db, time::OffsetDateTime::now_utc())
        .await
        .context("signing the checkpoint")?
        .context("no [audit_checkpoint] key ring in the secrets file")?;
    // The note ends in a newline already.
    print(stored.note.trim_end_matches('\n'))
}

/// Exit 0 when the log is the checkpoint's log grown only by appending, 1 when not (each
/// problem named), 2 when it cannot be checked.
pub async fn verify_against_checkpoint(
    config: &Config,
    file: &Path,
    key: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let note =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let db = connect(config).await?;
    let verifiers = match key {
        Some(key) => vec![NoteVerifier::parse(key).context("--key")?],
        // This instance's own ring, under the name the checkpoint gives the log: a
        // checkpoint signed under another public URL still verifies by its key hash.
        None => tietolupa_http::checkpoint_keys_named(config, note.lines().next().unwrap_or(""))?
            .context("no --key, and no [audit_checkpoint] ring in the secrets file")?
            .verifier_keys()
            .into_iter()
            .map(|(_, vkey)| NoteVerifier::parse(&vkey))
            .collect::<Result<_, _>>()
            .context("the ring's own keys")?,
    };
    let verification = match audit_tree::verify_against_checkpoint(&db, &note, &verifiers)
        .await
        .context("reading the audit log failed")?
    {
        Ok(verification) => verification,
        Err(refused) => {
            print(&format!("checkpoint REFUSED: {refused}"))?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let checkpoint = &verification.checkpoint;
    if verification.problems.is_empty() {
        print(&format!(
            "audit log consistent with the checkpoint: {} of {} entries vouched for by {} \
             (root {}), the log grew only by appending",
            checkpoint.size, verification.log_size, checkpoint.origin, checkpoint.root
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    print(&format!(
        "audit log does NOT match the checkpoint of {} entries by {}:",
        checkpoint.size, checkpoint.origin
    ))?;
    for problem in &verification.problems {
        print(&format!("- {problem}"))?;
    }
    Ok(ExitCode::FAILURE)
}

/// Offline: exit 0 when the proof verifies against the signed checkpoint, 1 when not.
pub fn verify_proof(
    checkpoint: &Path,
    key: &str,
    proof: &Path,
    leaf_hash: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let note = std::fs::read_to_string(checkpoint)
        .with_context(|| format!("reading {}", checkpoint.display()))?;
    let text =
        std::fs::read_to_string(proof).with_context(|| format!("reading {}", proof.display()))?;
    let proof: PublishedProof = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not an inclusion or consistency proof",
            proof.display()
        )
    })?;
    match offline(&note, key, &proof, leaf_hash) {
        Ok(checkpoint) => {
            let what = match proof {
                PublishedProof::Inclusion { leaf_index, .. } => {
                    format!("entry {} is in the log", leaf_index + 1)
                }
                PublishedProof::Consistency { from, .. } => {
                    format!("the log of {from} entries is a prefix of this one")
                }
            };
            print(&format!(
                "proof verified: {what} of {} entries signed by {} (root {})",
                checkpoint.size, checkpoint.origin, checkpoint.root
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            print(&format!("proof does NOT verify: {e}"))?;
            Ok(ExitCode::FAILURE)
        }
    }
}
