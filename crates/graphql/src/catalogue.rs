use async_graphql::{Context, Enum, Object, SimpleObject};
use tietolupa_store::catalogue;
use uuid::Uuid;

use crate::ApiError;
use crate::context::ContextExt;
use crate::names::{Names, language};

/// An organisation that controls registers or datasets.
#[derive(SimpleObject)]
pub struct DataController {
    id: Uuid,
    /// Stable short identifier, e.g. `thl`.
    code: String,
    /// The official name in the caller's language.
    name: String,
    /// The official name in Finnish, Swedish and English.
    names: Names,
    description: String,
    sources: Vec<DataSource>,
}

/// A register or ready-made dataset that applications may ask for.
#[derive(SimpleObject)]
pub struct DataSource {
    id: Uuid,
    code: String,
    /// The name in the caller's language.
    name: String,
    /// The name in Finnish, Swedish and English.
    names: Names,
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
    /// The catalogue of data controllers and their registers and datasets, by name in the
    /// caller's language. Public.
    async fn data_controllers(&self, ctx: &Context<'_>) -> Result<Vec<DataController>, ApiError> {
        let language = language(ctx);
        let controllers = catalogue::data_controllers(ctx.db()).await?;
        let mut controllers: Vec<DataController> = controllers
            .into_iter()
            .map(|c| {
                let mut sources: Vec<DataSource> = c
                    .sources
                    .into_iter()
                    .map(|s| DataSource {
                        id: s.id,
                        code: s.code,
                        name: s.name.get(language).to_owned(),
                        description: s.description.get(language).to_owned(),
                        names: s.name.into(),
                        kind: if s.kind == "DATASET" {
                            DataSourceKind::Dataset
                        } else {
                            DataSourceKind::Register
                        },
                    })
                    .collect();
                sources.sort_by(|a, b| a.name.cmp(&b.name));
                DataController {
                    id: c.id,
                    code: c.code,
                    name: c.name.get(language).to_owned(),
                    description: c.description.get(language).to_owned(),
                    names: c.name.into(),
                    sources,
                }
            })
            .collect();
        controllers.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(controllers)
    }
}
