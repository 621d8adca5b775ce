use async_graphql::{Context, Enum, Object, SimpleObject};
use tietolupa_store::catalogue;
use uuid::Uuid;

use crate::ApiError;
use crate::context::ContextExt;

/// An organisation that controls registers or datasets.
#[derive(SimpleObject)]
pub struct DataController {
    id: Uuid,
    /// Stable short identifier, e.g. `thl`.
    code: String,
    name: String,
    description: String,
    sources: Vec<DataSource>,
}

/// A register or ready-made dataset that applications may ask for.
#[derive(SimpleObject)]
pub struct DataSource {
    id: Uuid,
    code: String,
    name: String,
    kind: DataSourceKind,
    description: String,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum DataSourceKind {
    Register,
    Dataset,
}

#[derive(Default)]
pub struct CatalogueQuery;

#[Object]
impl CatalogueQuery {
    /// The catalogue of data controllers and their registers and datasets. Public.
    async fn data_controllers(&self, ctx: &Context<'_>) -> Result<Vec<DataController>, ApiError> {
        let controllers = catalogue::data_controllers(ctx.db()).await?;
        Ok(controllers
            .into_iter()
            .map(|c| DataController {
                id: c.id,
                code: c.code,
                name: c.name,
                description: c.description,
                sources: c
                    .sources
                    .into_iter()
                    .map(|s| DataSource {
                        id: s.id,
                        code: s.code,
                        name: s.name,
                        kind: if s.kind == "DATASET" {
                            DataSourceKind::Dataset
                        } else {
                            DataSourceKind::Register
                        },
                        description: s.description,
                    })
                    .collect(),
            })
            .collect())
    }
}
