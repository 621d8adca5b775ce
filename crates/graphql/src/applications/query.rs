//! The application queries: one application, the caller's own, and the staff queue.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Object};
use tietolupa_store::CallContext;
use tietolupa_store::applications as store;
use uuid::Uuid;

use super::{Application, ApplicationQueueFilter, caller, db};
use crate::page_reads::ApplicationPage;
use crate::{ApiError, cursor};

const CURSOR_MINE: &str = "mine";
const CURSOR_QUEUE: &str = "queue";

fn page(
    applications: Vec<store::Application>,
    has_next: bool,
    offset: u64,
    kind: &str,
    ctx: &CallContext,
) -> Connection<String, Application> {
    let page = ApplicationPage::new(&applications);
    let mut connection = Connection::new(offset > 0, has_next);
    connection
        .edges
        .extend(applications.into_iter().enumerate().map(|(i, a)| {
            Edge::new(
                cursor::encode(kind, (offset + i as u64 + 1) as i64),
                Application {
                    viewed: store::viewed(a, ctx),
                    page: page.clone(),
                },
            )
        }));
    connection
}

fn offset_after(kind: &str, after: Option<&str>) -> Result<u64, ApiError> {
    match after {
        Some(c) => Ok(cursor::decode(kind, c)?.max(0) as u64),
        None => Ok(0),
    }
}

#[derive(Default)]
pub struct ApplicationQuery;

#[Object]
impl ApplicationQuery {
    /// One application: its applicant's own, or any for staff.
    async fn application(&self, ctx: &Context<'_>, id: Uuid) -> Result<Application, ApiError> {
        Ok(Application::single(
            store::get(db(ctx), caller(ctx), id).await?,
        ))
    }

    /// The caller's own applications, newest first.
    async fn my_applications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Application>, ApiError> {
        let first = cursor::page_size(first, 20, 100)?;
        let offset = offset_after(CURSOR_MINE, after.as_deref())?;
        let (list, more) = store::list_mine(db(ctx), caller(ctx), first, offset).await?;
        Ok(page(list, more, offset, CURSOR_MINE, caller(ctx)))
    }

    /// Open cases for staff, soonest due first.
    async fn application_queue(
        &self,
        ctx: &Context<'_>,
        filter: Option<ApplicationQueueFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Application>, ApiError> {
        let first = cursor::page_size(first, 50, 200)?;
        let offset = offset_after(CURSOR_QUEUE, after.as_deref())?;
        let filter = store::QueueFilter::from(filter.unwrap_or_default());
        let (list, more) = store::queue(db(ctx), caller(ctx), &filter, first, offset).await?;
        Ok(page(list, more, offset, CURSOR_QUEUE, caller(ctx)))
    }
}
