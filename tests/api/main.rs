//! Black-box tests through HTTP against the real router, each on SQLite and PostgreSQL.

mod applications;
mod architecture;
mod attachments;
mod audit;
mod auth;
mod backup;
mod cases;
mod cli;
mod concurrency;
mod crash;
mod graphql;
mod hardening;
mod health;
mod instances;
mod key_rotation;
mod load;
mod objections;
mod observability;
mod permissions;
mod permits;
mod process;
mod public_register;
mod retention;
mod schema;
mod snapshots;
mod web;
