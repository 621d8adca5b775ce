//! Black-box tests through HTTP against the real router, each on SQLite and PostgreSQL.

mod audit;
mod auth;
mod cli;
mod graphql;
mod health;
mod objections;
mod schema;
mod web;
