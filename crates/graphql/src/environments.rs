use async_graphql::{Context, InputObject, Object};
use tietolupa_store::environments::{self, EnvironmentInput};
use time::Date;
use uuid::Uuid;

use crate::ApiError;
use crate::context::ContextExt;
use crate::enums::EnvironmentStatus;

/// The store's view of an environment, shown as it is: the fields are the store's, the
/// resolvers only name them.
#[derive(Clone)]
pub struct ProcessingEnvironment(pub environments::ProcessingEnvironment);

/// A secure processing environment where permitted data may be processed.
#[Object]
impl ProcessingEnvironment {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn provider(&self) -> &str {
        &self.0.provider
    }
    async fn provider_business_id(&self) -> &str {
        &self.0.provider_business_id
    }
    async fn registered_on(&self) -> Date {
        self.0.registered_on
    }
    async fn certificate_valid_until(&self) -> Date {
        self.0.certificate_valid_until
    }
    async fn status(&self) -> EnvironmentStatus {
        self.0.status.into()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}

impl From<environments::ProcessingEnvironment> for ProcessingEnvironment {
    fn from(e: environments::ProcessingEnvironment) -> Self {
        ProcessingEnvironment(e)
    }
}

#[derive(InputObject)]
pub struct ProcessingEnvironmentInput {
    name: String,
    provider: String,
    /// Y-tunnus, checksum validated.
    provider_business_id: String,
    registered_on: Date,
    certificate_valid_until: Date,
    status: EnvironmentStatus,
}

impl From<ProcessingEnvironmentInput> for EnvironmentInput {
    fn from(i: ProcessingEnvironmentInput) -> Self {
        EnvironmentInput {
            name: i.name,
            provider: i.provider,
            provider_business_id: i.provider_business_id,
            registered_on: i.registered_on,
            certificate_valid_until: i.certificate_valid_until,
            status: i.status.into(),
        }
    }
}

#[derive(Default)]
pub struct EnvironmentQuery;

#[Object]
impl EnvironmentQuery {
    /// The register of secure processing environments. Public.
    async fn processing_environments(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<ProcessingEnvironment>, ApiError> {
        let list = environments::list(ctx.db()).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct EnvironmentMutation;

#[Object]
impl EnvironmentMutation {
    /// Adds an environment to the register (handlers).
    async fn register_processing_environment(
        &self,
        ctx: &Context<'_>,
        input: ProcessingEnvironmentInput,
    ) -> Result<ProcessingEnvironment, ApiError> {
        let env = environments::register(ctx.db(), ctx.caller(), input.into()).await?;
        Ok(env.into())
    }

    /// Changes an environment, e.g. its status or certificate (handlers).
    async fn update_processing_environment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        input: ProcessingEnvironmentInput,
    ) -> Result<ProcessingEnvironment, ApiError> {
        let env = environments::update(ctx.db(), ctx.caller(), id, version, input.into()).await?;
        Ok(env.into())
    }
}
