//! The GraphQL API (DESIGN.md section 9), split by feature. Resolvers are thin: they read
//! the caller's [`CallContext`], call the store, and map results to GraphQL types.

mod access_log;
mod applications;
mod audit;
mod catalogue;
mod connection;
mod context;
mod cursor;
mod delivery;
mod documents;
mod enums;
mod environments;
mod error;
mod limits;
mod me;
mod names;
mod objections;
pub mod operation_metrics;
mod organisations;
mod outbox;
mod output;
mod page_reads;
mod permits;
mod plain;
mod public_register;
pub mod sessions;

use async_graphql::{EmptySubscription, MergedObject, Schema};
use tietolupa_domain::application::FeeSchedule;
use tietolupa_domain::message::ReminderPolicy;
use tietolupa_objection_crypto::ObjectionCrypto;
use tietolupa_store::Db;
use tietolupa_store::applications::attachments::AttachmentFiles;
use tietolupa_store::outbox::Directors;

pub use error::{ApiError, DEFAULT_LANGUAGE, FieldError, localise};
pub use limits::Limits;
pub use tietolupa_store::CallContext;

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    me::MeQuery,
    access_log::AccessLogQuery,
    catalogue::CatalogueQuery,
    environments::EnvironmentQuery,
    applications::ApplicationQuery,
    audit::AuditQuery,
    objections::ObjectionQuery,
    permits::PermitQuery,
    public_register::PublicRegisterQuery,
    outbox::OutboxQuery,
    sessions::SessionQuery,
    organisations::OrganisationQuery,
    delivery::DeliveryOrderQuery,
    output::OutputRequestQuery,
);

/// Every mutation, one object per feature.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    applications::ApplicationMutation,
    environments::EnvironmentMutation,
    objections::ObjectionMutation,
    permits::PermitMutation,
    outbox::OutboxMutation,
    sessions::SessionMutation,
    organisations::OrganisationMutation,
    delivery::DeliveryOrderMutation,
    output::OutputRequestMutation,
);

pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// What resolvers read besides the database and the keys: the settings and file store the
/// server started with.
pub struct SchemaSettings {
    pub fees: FeeSchedule,
    pub files: AttachmentFiles,
    pub directors: Directors,
    pub reminders: ReminderPolicy,
    pub output_check: tietolupa_store::output::OutputCheck,
}

pub fn build_schema(
    db: Db,
    objection_crypto: ObjectionCrypto,
    limits: Limits,
    settings: SchemaSettings,
) -> AppSchema {
    let SchemaSettings {
        fees,
        files,
        directors,
        reminders,
        output_check,
    } = settings;
    schema_builder()
        .data(db)
        .data(objection_crypto)
        .data(fees)
        .data(files)
        .data(directors)
        .data(reminders)
        .data(output_check)
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .limit_recursive_depth(limits::MAX_RECURSIVE_DEPTH)
        .limit_directives(limits::MAX_DIRECTIVES)
        .extension(limits::ShapeLimits(limits))
        .extension(operation_metrics::OperationMetrics)
        // Last, so that the extensions above still see every request's parse and validation.
        .extension(documents::DocumentCache::new(limits))
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
