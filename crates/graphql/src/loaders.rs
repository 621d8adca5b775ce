//! Batch loaders for fields nested under list items, so that a page of applications
//! costs the same number of queries whatever its length: the fields of all rows ask for
//! their keys in the same moment and one query answers them all.
//!
//! The loaders keep no cache between requests (async-graphql's default), so a change is
//! visible to the next request.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use tietolupa_store::applications::{self, Decision};
use tietolupa_store::environments::{self, ProcessingEnvironment};
use tietolupa_store::{Db, StoreError, catalogue};
use uuid::Uuid;

/// Every loader, registered once with the schema.
pub struct Loaders {
    pub source_names: DataLoader<SourceNames>,
    pub environments: DataLoader<Environments>,
    pub decisions: DataLoader<Decisions>,
}

impl Loaders {
    pub fn new(db: &Db) -> Loaders {
        Loaders {
            source_names: DataLoader::new(SourceNames(db.clone()), tokio::spawn),
            environments: DataLoader::new(Environments(db.clone()), tokio::spawn),
            decisions: DataLoader::new(Decisions(db.clone()), tokio::spawn),
        }
    }
}

pub fn loaders<'a>(ctx: &Context<'a>) -> &'a Loaders {
    ctx.data_unchecked::<Loaders>()
}

/// Data source id -> (controller name, source name).
pub struct SourceNames(Db);

impl Loader<Uuid> for SourceNames {
    type Value = (String, String);
    type Error = Arc<StoreError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        catalogue::source_names(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

/// Processing environment id -> environment.
pub struct Environments(Db);

impl Loader<Uuid> for Environments {
    type Value = ProcessingEnvironment;
    type Error = Arc<StoreError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        Ok(environments::find_many(self.0.conn(), keys)
            .await
            .map_err(Arc::new)?
            .into_iter()
            .map(|e| (e.id, e))
            .collect())
    }
}

/// Application id -> its decision.
pub struct Decisions(Db);

impl Loader<Uuid> for Decisions {
    type Value = Decision;
    type Error = Arc<StoreError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        applications::decisions(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}
