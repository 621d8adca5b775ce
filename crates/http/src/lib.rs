//! The HTTP surface: `/graphql` (GET and POST), health checks, the development token
//! issuer, and the built web app, behind request ids, tracing, size limits and timeouts.

mod attachments;
mod dev;
mod error;
mod graphql;
mod health;
pub mod jobs;
mod public_register;
mod request;
mod router;
mod startup;
mod web;

pub use startup::{Application, StartError, shutdown_signal};
