//! The HTTP surface: `/graphql` (GET and POST), health checks, the development token
//! issuer, and the built web app, behind request ids, tracing, size limits and timeouts.

// The schema's merged query root is a deep nest of generic futures; its layout needs more
// than the default query depth of 128.
#![recursion_limit = "256"]

mod attachments;
mod audit_tree;
mod catalogue;
mod client_address;
mod cohort_filter;
mod credentials;
mod dev;
mod documents;
mod error;
mod graphql;
mod health;
pub mod jobs;
mod mail_worker;
mod metrics;
mod objections;
mod output_files;
mod preparation;
mod public_register;
mod rate_limit;
mod rdf;
mod register_cache;
mod request;
mod router;
mod security_headers;
mod sign_in;
mod startup;
mod state;
mod web;

pub use startup::{
    Application, StartError, audit_checkpoints, audit_origin, checkpoint_keys_named, demo_cases,
    objection_crypto, permit_credentials, shutdown_signal,
};
