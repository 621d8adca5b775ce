//! Nested reads shared by the rows of a page, so that a page of applications costs the
//! same queries whatever its length: the first row that resolves a nested field reads it
//! for every row of the page in one query, and the other rows wait for that read.
//!
//! A time-window batcher (async-graphql's `DataLoader`) split a page's reads in two now and
//! then on a busy machine, when the window closed before every row had asked. Knowing the
//! page up front makes the statements the same however the rows' resolvers are scheduled.
//! Nothing is kept between requests, so a change is visible to the next one.

use std::collections::HashMap;
use std::sync::Arc;

use tietolupa_domain::application::ApplicationState;
use tietolupa_store::applications::{self, Decision};
use tietolupa_store::environments::{self, ProcessingEnvironment};
use tietolupa_store::{Db, StoreError, catalogue};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// One nested read for a fixed set of keys, run at most once (again only after a failure).
struct Shared<V> {
    keys: Vec<Uuid>,
    values: OnceCell<HashMap<Uuid, V>>,
}

impl<V> Shared<V> {
    fn new(keys: impl IntoIterator<Item = Uuid>) -> Shared<V> {
        let mut keys: Vec<Uuid> = keys.into_iter().collect();
        keys.sort_unstable();
        keys.dedup();
        Shared {
            keys,
            values: OnceCell::new(),
        }
    }

    async fn get<'a, F, Fut>(&'a self, read: F) -> Result<&'a HashMap<Uuid, V>, StoreError>
    where
        F: FnOnce(&'a [Uuid]) -> Fut,
        Fut: Future<Output = Result<HashMap<Uuid, V>, StoreError>>,
    {
        self.values.get_or_try_init(|| read(&self.keys)).await
    }
}

/// Data source id -> its and its controller's names.
pub type SourceNames = HashMap<Uuid, catalogue::SourceNames>;

/// The nested reads of one page of applications (or of a single one).
pub struct ApplicationPage {
    source_names: Shared<catalogue::SourceNames>,
    environments: Shared<ProcessingEnvironment>,
    decisions: Shared<Decision>,
}

impl ApplicationPage {
    pub fn new<'a>(rows: impl IntoIterator<Item = &'a applications::Application>) -> Arc<Self> {
        let rows: Vec<&applications::Application> = rows.into_iter().collect();
        let contents = || rows.iter().map(|a| &a.content);
        Arc::new(ApplicationPage {
            source_names: Shared::new(
                contents().flat_map(|c| c.data_sources.iter().map(|s| s.data_source_id)),
            ),
            environments: Shared::new(contents().filter_map(|c| c.processing_environment_id)),
            decisions: Shared::new(
                rows.iter()
                    .filter(|a| a.state == ApplicationState::Decided)
                    .map(|a| a.id),
            ),
        })
    }

    pub async fn source_names(&self, db: &Db) -> Result<&SourceNames, StoreError> {
        self.source_names
            .get(|ids| catalogue::source_names(db, ids))
            .await
    }

    pub async fn environments(
        &self,
        db: &Db,
    ) -> Result<&HashMap<Uuid, ProcessingEnvironment>, StoreError> {
        self.environments
            .get(|ids| environments_by_id(db, ids))
            .await
    }

    pub async fn decisions(&self, db: &Db) -> Result<&HashMap<Uuid, Decision>, StoreError> {
        self.decisions
            .get(|ids| applications::decisions(db, ids))
            .await
    }
}

async fn environments_by_id(
    db: &Db,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, ProcessingEnvironment>, StoreError> {
    Ok(environments::find_many(db, ids)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect())
}
