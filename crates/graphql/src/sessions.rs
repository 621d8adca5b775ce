//! A user's own sign-in sessions: list them, end one, end all but this one.

use async_graphql::{Context, Object, SimpleObject};
use tietolupa_store::sessions::{self, EndReason, SessionView};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::context::ContextExt;
use crate::error::ApiError;

/// The session the request was made with; the HTTP layer adds it to the request's data
/// when the caller came with the session cookie.
#[derive(Debug, Clone, Copy)]
pub struct CurrentSessionId(pub Uuid);

/// One signed-in browser of the caller's.
#[derive(SimpleObject)]
pub struct SignInSession {
    id: Uuid,
    /// The provider's id (`dev` for the development picker).
    provider: String,
    created_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    idle_expires_at: OffsetDateTime,
    absolute_expires_at: OffsetDateTime,
    /// Whether this request was made with it.
    current: bool,
    user_agent: Option<String>,
}

impl SignInSession {
    fn from_view(view: SessionView, current: Option<Uuid>) -> SignInSession {
        SignInSession {
            current: current == Some(view.id),
            id: view.id,
            provider: view.provider,
            created_at: view.created_at,
            last_seen_at: view.last_seen_at,
            idle_expires_at: view.idle_expires_at,
            absolute_expires_at: view.absolute_expires_at,
            user_agent: view.user_agent,
        }
    }
}

fn current(ctx: &Context<'_>) -> Option<Uuid> {
    ctx.data_opt::<CurrentSessionId>().map(|c| c.0)
}

fn signed_in(ctx: &Context<'_>) -> Result<(), ApiError> {
    if ctx.caller().actor.is_authenticated() {
        Ok(())
    } else {
        Err(ApiError::Unauthenticated)
    }
}

#[derive(Default)]
pub struct SessionQuery;

#[Object]
impl SessionQuery {
    /// The caller's live sign-in sessions, newest first.
    async fn my_sessions(&self, ctx: &Context<'_>) -> Result<Vec<SignInSession>, ApiError> {
        signed_in(ctx)?;
        let views = sessions::list_own(ctx.db(), ctx.caller()).await?;
        let current = current(ctx);
        Ok(views
            .into_iter()
            .map(|v| SignInSession::from_view(v, current))
            .collect())
    }
}

#[derive(Default)]
pub struct SessionMutation;

#[Object]
impl SessionMutation {
    /// Ends one of the caller's sessions (this one too, if named). False when there is no
    /// such live session of the caller's.
    async fn end_session(&self, ctx: &Context<'_>, id: Uuid) -> Result<bool, ApiError> {
        signed_in(ctx)?;
        Ok(sessions::end(ctx.db(), ctx.caller(), id, EndReason::EndedByUser).await?)
    }

    /// Ends every session of the caller's but the one of this request; how many ended.
    async fn end_other_sessions(&self, ctx: &Context<'_>) -> Result<i32, ApiError> {
        signed_in(ctx)?;
        let keep = current(ctx).unwrap_or(Uuid::nil());
        let ended = sessions::end_others(ctx.db(), ctx.caller(), keep).await?;
        Ok(i32::try_from(ended).unwrap_or(i32::MAX))
    }
}
