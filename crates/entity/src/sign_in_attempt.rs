use sea_orm::entity::prelude::*;

/// A sign-in sent to a provider and not yet come back: what the callback needs to finish it.
/// Single-use (`used_at`) and short-lived.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_attempt")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// SHA-256 (hex) of the `state` sent to the provider.
    #[sea_orm(unique)]
    pub state_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub provider: String,
    /// Where to go after signing in: a relative path already checked.
    pub return_path: String,
    /// `fi`, `sv` or `en`: the language of an error page.
    pub language: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub used_at: Option<TimeDateTimeWithTimeZone>,
}

impl ActiveModelBehavior for ActiveModel {}
