//! The public catalogue of data controllers and their registers and datasets, named in
//! Finnish, Swedish and English.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tietolupa_domain::{Names, Operation};
use tietolupa_entity::{data_controller, data_source};
use uuid::Uuid;

use crate::{CallContext, Db, StoreError, audit};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataController {
    pub id: Uuid,
    pub code: String,
    pub name: Names,
    pub description: Names,
    pub sources: Vec<DataSource>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSource {
    pub id: Uuid,
    pub code: String,
    pub name: Names,
    /// `REGISTER` or `DATASET`.
    pub kind: String,
    pub description: Names,
}

/// A data source's name and its controller's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceNames {
    pub controller: Names,
    pub source: Names,
}

fn controller_name(c: &data_controller::Model) -> Names {
    Names::new(&c.name_fi, &c.name_sv, &c.name_en)
}

fn source_name(s: &data_source::Model) -> Names {
    Names::new(&s.name_fi, &s.name_sv, &s.name_en)
}

/// Every controller with its sources. Two queries whatever the size; callers order by the
/// name in the language they show.
pub async fn data_controllers(db: &Db) -> Result<Vec<DataController>, StoreError> {
    let controllers = data_controller::Entity::find()
        .order_by_asc(data_controller::Column::Code)
        .all(db.conn())
        .await?;
    let mut sources: HashMap<Uuid, Vec<DataSource>> = HashMap::new();
    for source in data_source::Entity::find()
        .order_by_asc(data_source::Column::Code)
        .all(db.conn())
        .await?
    {
        sources
            .entry(source.controller_id)
            .or_default()
            .push(DataSource {
                id: source.id,
                name: source_name(&source),
                description: Names::new(
                    source.description_fi,
                    source.description_sv,
                    source.description_en,
                ),
                code: source.code,
                kind: source.kind,
            });
    }
    Ok(controllers
        .into_iter()
        .map(|c| DataController {
            sources: sources.remove(&c.id).unwrap_or_default(),
            id: c.id,
            name: controller_name(&c),
            description: Names::new(c.description_fi, c.description_sv, c.description_en),
            code: c.code,
        })
        .collect())
}

/// The catalogue as the open-data endpoints publish it (`GET /api/catalogue.*`): every
/// controller with its sources, for anyone.
#[tracing::instrument(skip_all)]
pub async fn for_open_data(db: &Db, ctx: &CallContext) -> Result<Vec<DataController>, StoreError> {
    audit::authorize(db, ctx, Operation::ExportDataCatalogue, "catalogue.export").await?;
    data_controllers(db).await
}

/// The names of each data source found and of its controller, by source id. Two queries
/// whatever the number of ids (list views name the sources of every row).
pub async fn source_names(db: &Db, ids: &[Uuid]) -> Result<HashMap<Uuid, SourceNames>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sources = data_source::Entity::find()
        .filter(data_source::Column::Id.is_in(ids.to_vec()))
        .all(db.conn())
        .await?;
    let mut controller_ids: Vec<Uuid> = sources.iter().map(|s| s.controller_id).collect();
    controller_ids.sort_unstable();
    controller_ids.dedup();
    let controllers: HashMap<Uuid, Names> = data_controller::Entity::find()
        .filter(data_controller::Column::Id.is_in(controller_ids))
        .all(db.conn())
        .await?
        .iter()
        .map(|c| (c.id, controller_name(c)))
        .collect();
    Ok(sources
        .iter()
        .filter_map(|s| {
            let controller = controllers.get(&s.controller_id)?.clone();
            Some((
                s.id,
                SourceNames {
                    controller,
                    source: source_name(s),
                },
            ))
        })
        .collect())
}
