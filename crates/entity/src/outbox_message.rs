use sea_orm::entity::prelude::*;

/// A message waiting for delivery (written in the transaction that caused it).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_message")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub recipient_id: String,
    pub payload: Json,
    pub dedupe_key: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub delivered_at: Option<TimeDateTimeWithTimeZone>,
    pub attempts: i32,
    /// Resolved when queued; `None` when the recipient has no address (the message is
    /// then a dead letter at once, for staff to see).
    pub recipient_email: Option<String>,
    /// `fi`, `sv` or `en`.
    pub language: String,
    /// `None` means as soon as possible.
    pub next_attempt_at: Option<TimeDateTimeWithTimeZone>,
    pub last_error: Option<String>,
    pub dead_at: Option<TimeDateTimeWithTimeZone>,
    /// The lease of the worker sending it.
    pub claimed_until: Option<TimeDateTimeWithTimeZone>,
}

impl ActiveModelBehavior for ActiveModel {}
