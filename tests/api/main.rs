//! Black-box tests through HTTP against the real router, each on SQLite and PostgreSQL.

mod applications;
mod attachments;
mod audit;
mod auth;
mod cases;
mod cli;
mod graphql;
mod health;
mod load;
mod objections;
mod permissions;
mod permits;
mod public_register;
mod retention;
mod schema;
mod web;
