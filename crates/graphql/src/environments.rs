use async_graphql::{Context, InputObject, Object, SimpleObject};
use tietolupa_store::environments::{self, EnvironmentInput};
use tietolupa_store::{CallContext, Db};
use time::Date;
use uuid::Uuid;

use crate::ApiError;
use crate::enums::EnvironmentStatus;

/// A secure processing environment where permitted data may be processed.
#[derive(SimpleObject)]
pub struct ProcessingEnvironment {
    pub id: Uuid,
    pub name: String,
    pub provider: String,
    pub provider_business_id: String,
    pub registered_on: Date,
    pub certificate_valid_until: Date,
    pub status: EnvironmentStatus,
    pub version: i32,
}

impl From<environments::ProcessingEnvironment> for ProcessingEnvironment {
    fn from(e: environments::ProcessingEnvironment) -> Self {
        ProcessingEnvironment {
            id: e.id,
            name: e.name,
            provider: e.provider,
            provider_business_id: e.provider_business_id,
            registered_on: e.registered_on,
            certificate_valid_until: e.certificate_valid_until,
            status: e.status.into(),
            version: e.version,
        }
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
        let list = environments::list(ctx.data_unchecked::<Db>()).await?;
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
        let env = environments::register(
            ctx.data_unchecked::<Db>(),
            ctx.data_unchecked::<CallContext>(),
            input.into(),
        )
        .await?;
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
        let env = environments::update(
            ctx.data_unchecked::<Db>(),
            ctx.data_unchecked::<CallContext>(),
            id,
            version,
            input.into(),
        )
        .await?;
        Ok(env.into())
    }
}
