//! The public catalogue of data controllers and their registers and datasets.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tietolupa_entity::{data_controller, data_source};
use uuid::Uuid;

use crate::{Db, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataController {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub description: String,
    pub sources: Vec<DataSource>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSource {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// `REGISTER` or `DATASET`.
    pub kind: String,
    pub description: String,
}

/// Every controller with its sources, by name. Two queries whatever the size.
pub async fn data_controllers(db: &Db) -> Result<Vec<DataController>, StoreError> {
    let controllers = data_controller::Entity::find()
        .order_by_asc(data_controller::Column::Name)
        .all(db.conn())
        .await?;
    let mut sources: HashMap<Uuid, Vec<DataSource>> = HashMap::new();
    for source in data_source::Entity::find()
        .order_by_asc(data_source::Column::Name)
        .all(db.conn())
        .await?
    {
        sources
            .entry(source.controller_id)
            .or_default()
            .push(DataSource {
                id: source.id,
                code: source.code,
                name: source.name,
                kind: source.kind,
                description: source.description,
            });
    }
    Ok(controllers
        .into_iter()
        .map(|c| DataController {
            sources: sources.remove(&c.id).unwrap_or_default(),
            id: c.id,
            code: c.code,
            name: c.name,
            description: c.description,
        })
        .collect())
}

/// The controller's and the source's name of each data source found, by source id. Two
/// queries whatever the number of ids (list views name the sources of every row).
pub async fn source_names(
    db: &Db,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, (String, String)>, StoreError> {
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
    let controllers: HashMap<Uuid, String> = data_controller::Entity::find()
        .filter(data_controller::Column::Id.is_in(controller_ids))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(sources
        .into_iter()
        .filter_map(|s| {
            let controller = controllers.get(&s.controller_id)?.clone();
            Some((s.id, (controller, s.name)))
        })
        .collect())
}
