//! `outputRequests` and `outputRequest`.

use async_graphql::connection::Connection;
use async_graphql::{Context, Object};
use tietolupa_store::output::views::{self, OutputRequestFilter as StoreFilter};
use uuid::Uuid;

use super::types::{OutputRequest, OutputRequestFilter};
use crate::context::ContextExt;
use crate::{ApiError, connection, cursor};

const CURSOR_KIND: &str = "output-requests";

#[derive(Default)]
pub struct OutputRequestQuery;

#[Object]
impl OutputRequestQuery {
    /// Output requests, newest first: all for staff, a holder's own for applicants.
    async fn output_requests(
        &self,
        ctx: &Context<'_>,
        filter: Option<OutputRequestFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, OutputRequest>, ApiError> {
        let first = cursor::page_size(first, 20, 100)?;
        let offset = connection::offset_after(CURSOR_KIND, after.as_deref())?;
        let filter = filter.unwrap_or_default();
        let filter = StoreFilter {
            state: filter.state.map(Into::into),
            permit_id: filter.permit_id,
        };
        let page = views::list(ctx.db(), ctx.caller(), filter, first, offset).await?;
        Ok(connection::offset_connection(
            CURSOR_KIND,
            offset,
            page,
            OutputRequest,
        ))
    }

    /// One output request; `NOT_FOUND` for someone else's.
    async fn output_request(&self, ctx: &Context<'_>, id: Uuid) -> Result<OutputRequest, ApiError> {
        Ok(OutputRequest(views::get(ctx.db(), ctx.caller(), id).await?))
    }
}
