//! The application queries: one application, the caller's own, and the staff queue.

use async_graphql::connection::Connection;
use async_graphql::{Context, Object};
use tietolupa_store::applications as store;
use tietolupa_store::{CallContext, Page};
use uuid::Uuid;

use super::{Application, ApplicationQueueFilter, ApplicationQueueOrder};
use crate::context::ContextExt;
use crate::page_reads::ApplicationPage;
use crate::{ApiError, connection, cursor};

const CURSOR_MINE: &str = "mine";
const CURSOR_QUEUE: &str = "queue";

/// The page as connection nodes, which read their nested fields together.
fn nodes(
    kind: &str,
    offset: u64,
    page: Page<store::Application>,
    ctx: &CallContext,
) -> Connection<String, Application> {
    let shared = ApplicationPage::new(&page.items);
    connection::offset_connection(kind, offset, page, |a| Application {
        viewed: store::viewed(a, ctx),
        page: shared.clone(),
    })
}

#[derive(Default)]
pub struct ApplicationQuery;

#[Object]
impl ApplicationQuery {
    /// One application: its applicant's own, or any for staff.
    async fn application(&self, ctx: &Context<'_>, id: Uuid) -> Result<Application, ApiError> {
        Ok(Application::single(
            store::get(ctx.db(), ctx.caller(), id).await?,
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
        let offset = connection::offset_after(CURSOR_MINE, after.as_deref())?;
        let page = store::list_mine(ctx.db(), ctx.caller(), first, offset).await?;
        Ok(nodes(CURSOR_MINE, offset, page, ctx.caller()))
    }

    /// Open cases for staff, soonest due first unless `orderBy` says otherwise.
    async fn application_queue(
        &self,
        ctx: &Context<'_>,
        filter: Option<ApplicationQueueFilter>,
        order_by: Option<ApplicationQueueOrder>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Application>, ApiError> {
        let first = cursor::page_size(first, 50, 200)?;
        let offset = connection::offset_after(CURSOR_QUEUE, after.as_deref())?;
        let filter = store::QueueFilter::from(filter.unwrap_or_default());
        let order = order_by.map(store::QueueOrder::from).unwrap_or_default();
        let page = store::queue(ctx.db(), ctx.caller(), &filter, order, first, offset).await?;
        Ok(nodes(CURSOR_QUEUE, offset, page, ctx.caller()))
    }
}
