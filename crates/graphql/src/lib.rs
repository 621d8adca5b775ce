//! The GraphQL API (DESIGN.md section 9), split by feature. Resolvers are thin: they read
//! the caller's [`CallContext`], call the store, and map results to GraphQL types.

mod audit;
mod catalogue;
mod cursor;
mod error;
mod me;
mod objections;

use async_graphql::{EmptySubscription, MergedObject, Schema};
use tietolupa_registry::Registry;
use tietolupa_store::Db;

pub use error::{ApiError, FieldError};
pub use tietolupa_store::CallContext;

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    me::MeQuery,
    catalogue::CatalogueQuery,
    audit::AuditQuery,
    objections::ObjectionQuery,
);

/// Every mutation, one object per feature.
#[derive(MergedObject, Default)]
pub struct MutationRoot(objections::ObjectionMutation);

pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Request-shape limits, refused before any resolver runs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
    pub max_complexity: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 15,
            max_complexity: 2_000,
        }
    }
}

pub fn build_schema(db: Db, registry: Registry, limits: Limits) -> AppSchema {
    schema_builder()
        .data(db)
        .data(registry)
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .limit_recursive_depth(64)
        .limit_directives(16)
        .finish()
}

fn schema_builder() -> async_graphql::SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
}

/// The schema in SDL, as checked in at `schema.graphql`. Needs no database.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}
