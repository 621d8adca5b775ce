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

/// glibc's malloc spent a quarter of a register page's CPU under load, much of it waiting
/// on its arena locks (docs/benchmarks.md, "A read path near the limit"); mimalloc keeps
/// per-thread heaps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
