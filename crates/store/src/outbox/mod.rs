//! The outbox: messages written in the transaction of the command that causes them, and
//! delivered afterwards by the mail worker (at least once, each with a stable Message-ID).
//!
//! Queueing resolves the recipient's address and language at once, so what a message says
//! and where it goes is fixed by the event, not by a later profile change.

pub mod delivery;

use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tietolupa_domain::message::MessageKind;
use tietolupa_entity::{outbox_message, user_account};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::StoreError;

pub(crate) mod notices;

/// Who a message goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// A user known by their sign-in subject: their address and language from the account.
    User(String),
    /// An address given in an application (its contact person), in the application
    /// owner's language.
    Address {
        /// The subject the message belongs to (the application's owner), for listing.
        owner: String,
        email: String,
    },
    /// A shared address of a group of staff (the directors'), written in the group's
    /// configured language. `name` stands for the group where a subject would be.
    Group {
        name: String,
        email: String,
        language: String,
    },
}

impl Recipient {
    /// Whom the message belongs to in the outbox: the user's subject, the application
    /// owner's, or the group's name.
    pub fn owner(&self) -> &str {
        match self {
            Recipient::User(subject) => subject,
            Recipient::Address { owner, .. } => owner,
            Recipient::Group { name, .. } => name,
        }
    }
}

/// Who is told that a proposal waits for a decision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Directors {
    /// Every user holding the Director role, each at their own address and language
    /// (except the case's presenter, who may not decide their own proposal).
    #[default]
    EachDirector,
    /// One shared address, e.g. the directors' office.
    GroupAddress { email: String, language: String },
}

/// The name a group address is listed under in the outbox.
pub const DIRECTORS_GROUP: &str = "group:directors";

/// A message to queue. `dedupe_key` makes queueing idempotent: a second message with the
/// same key is not queued.
#[derive(Debug, Clone)]
pub struct Message {
    pub kind: MessageKind,
    pub recipient: Recipient,
    pub dedupe_key: String,
    pub payload: serde_json::Value,
}

/// The language messages are written in when nothing better is known: the authority's
/// first official language.
pub const DEFAULT_LANGUAGE: &str = "fi";

/// Queues `message` in the caller's transaction. Returns whether it was queued (`false`
/// when one with the same dedupe key exists).
pub(crate) async fn queue<C: ConnectionTrait>(
    conn: &C,
    at: OffsetDateTime,
    message: Message,
) -> Result<bool, StoreError> {
    let owner = message.recipient.owner();
    let (email, language) = match &message.recipient {
        Recipient::Group {
            email, language, ..
        } => (Some(email.clone()), language.clone()),
        Recipient::User(_) | Recipient::Address { .. } => {
            let account = user_account::Entity::find()
                .filter(user_account::Column::Subject.eq(owner))
                .one(conn)
                .await?;
            let language = account
                .as_ref()
                .and_then(|a| a.language.clone())
                .unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned());
            let email = match &message.recipient {
                Recipient::Address { email, .. } => Some(email.clone()),
                _ => account.and_then(|a| a.email),
            };
            (email, language)
        }
    };
    // The unique dedupe key decides, not a prior read: two server instances running a job
    // at once both see the message missing, and the second insert must wait for the first
    // and then do nothing instead of failing its whole run (or sending twice).
    let inserted = outbox_message::Entity::insert(outbox_message::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(message.kind.as_str().to_owned()),
        recipient_id: Set(owner.to_owned()),
        payload: Set(message.payload),
        dedupe_key: Set(message.dedupe_key),
        created_at: Set(at),
        delivered_at: Set(None),
        attempts: Set(0),
        recipient_email: Set(email),
        language: Set(language),
        next_attempt_at: Set(None),
        last_error: Set(None),
        dead_at: Set(None),
        claimed_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(outbox_message::Column::DedupeKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(inserted == 1)
}

/// Where the fee notice of a decision went, for whoever may read the case: the invoicing
/// clerk looks here for the address and whether it was delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeNotice {
    /// The organisation's invoicing contact, or (none registered) the applicant.
    pub to_invoicing_contact: bool,
    pub email: Option<String>,
    pub fee_cents: i64,
    pub queued_at: OffsetDateTime,
    pub delivered_at: Option<OffsetDateTime>,
    /// Set when delivery gave up; staff retry it from the dead letters.
    pub dead_at: Option<OffsetDateTime>,
}

/// The fee notice queued when the application was decided, if one was.
pub async fn fee_notice(
    db: &crate::Db,
    application_id: Uuid,
) -> Result<Option<FeeNotice>, StoreError> {
    let Some(row) = outbox_message::Entity::find()
        .filter(outbox_message::Column::DedupeKey.eq(notices::fee_notice_key(application_id)))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(FeeNotice {
        to_invoicing_contact: row.payload.get("recipient").and_then(|r| r.as_str())
            == Some(notices::FEE_TO_INVOICING),
        email: row.recipient_email,
        fee_cents: row
            .payload
            .get("feeCents")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or_default(),
        queued_at: row.created_at,
        delivered_at: row.delivered_at,
        dead_at: row.dead_at,
    }))
}
