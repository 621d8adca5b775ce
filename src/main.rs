//! The `tietolupa` command: wiring only (configuration -> telemetry -> the chosen command).

mod audit_proof;
mod cli;
mod cohort_filter;
mod deliver;
mod permit_verify;
mod telemetry;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime");
    match runtime {
        Ok(runtime) => runtime.block_on(cli::run(cli)),
        Err(e) => {
            cli::report(&e);
            ExitCode::FAILURE
        }
    }
}
