use sea_orm::entity::prelude::*;

/// A signed-in browser. The cookie holds a random value; only its SHA-256 is stored.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_session")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// SHA-256 (hex) of the cookie's value.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub subject: String,
    /// The configured provider's id.
    pub provider: String,
    /// JSON array of role names, as mapped at sign-in (or the last roles check).
    pub roles: Json,
    pub display_name: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub language: String,
    /// A citizen's identity code: blind index and its key id.
    pub identity_index_key_id: Option<String>,
    pub identity_blind_index: Option<String>,
    /// ... and the sealed copy, bound to this row's id.
    pub identity_sealed_key_id: Option<String>,
    pub identity_sealed: Option<Vec<u8>>,
    /// The provider's refresh token, sealed and bound to this row's id.
    pub refresh_sealed_key_id: Option<String>,
    pub refresh_sealed: Option<Vec<u8>>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub last_seen_at: TimeDateTimeWithTimeZone,
    pub idle_expires_at: TimeDateTimeWithTimeZone,
    pub absolute_expires_at: TimeDateTimeWithTimeZone,
    pub roles_checked_at: TimeDateTimeWithTimeZone,
    pub user_agent: Option<String>,
    pub ended_at: Option<TimeDateTimeWithTimeZone>,
    /// `logout`, `ended_by_user`, `ended_other`, `idle`, `absolute`, `roles_changed`,
    /// `refresh_failed`, `rotated`.
    pub end_reason: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
