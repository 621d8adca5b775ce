//! The outbox for staff: `deadLetters`, the messages that could not be delivered, and
//! `retryMessage`, which puts one back in the queue. Both audited.

use async_graphql::connection::Connection;
use async_graphql::{Context, Object, SimpleObject};
use tietolupa_store::outbox::delivery::{self, DeadLetter};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::context::ContextExt;
use crate::{ApiError, connection, cursor};

const CURSOR_KIND: &str = "dead-letters";

/// An outbox message that will not be sent until staff retry it.
#[derive(SimpleObject)]
pub struct DeadLetterMessage {
    id: Uuid,
    /// The message kind, e.g. `PERMIT_REVOKED`.
    kind: String,
    /// The subject of the user the message belongs to.
    recipient_id: String,
    /// Null when the recipient had no address; retrying takes the address from their
    /// account if they have one now.
    recipient_email: Option<String>,
    /// `fi`, `sv` or `en`.
    language: String,
    created_at: OffsetDateTime,
    dead_at: OffsetDateTime,
    /// Failed attempts.
    attempts: i32,
    /// Why the last attempt failed (no personal data).
    last_error: Option<String>,
}

impl From<DeadLetter> for DeadLetterMessage {
    fn from(letter: DeadLetter) -> Self {
        DeadLetterMessage {
            id: letter.id,
            kind: letter.kind,
            recipient_id: letter.recipient_id,
            recipient_email: letter.recipient_email,
            language: letter.language,
            created_at: letter.created_at,
            dead_at: letter.dead_at,
            attempts: i32::try_from(letter.attempts).unwrap_or(i32::MAX),
            last_error: letter.last_error,
        }
    }
}

#[derive(Default)]
pub struct OutboxQuery;

#[Object]
impl OutboxQuery {
    /// Messages that could not be delivered, most recently dead first. Handlers and the
    /// Director; each read is audited.
    async fn dead_letters(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, DeadLetterMessage>, ApiError> {
        let first = cursor::page_size(first, 20, 100)?;
        let offset = connection::offset_after(CURSOR_KIND, after.as_deref())?;
        let page = delivery::dead_letters(ctx.db(), ctx.caller(), first, offset).await?;
        Ok(connection::offset_connection(
            CURSOR_KIND,
            offset,
            page,
            DeadLetterMessage::from,
        ))
    }
}

#[derive(Default)]
pub struct OutboxMutation;

#[Object]
impl OutboxMutation {
    /// Puts a dead letter back in the queue with its attempts reset; audited. `true` when
    /// done; `INVALID_TRANSITION` when the message is not a dead letter.
    async fn retry_message(&self, ctx: &Context<'_>, id: Uuid) -> Result<bool, ApiError> {
        delivery::retry(ctx.db(), ctx.caller(), id).await?;
        Ok(true)
    }
}
