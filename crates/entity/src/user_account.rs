use sea_orm::entity::prelude::*;

/// A person known to the system by their token's `sub`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_account")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub subject: String,
    pub display_name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    /// JSON array of role names.
    pub roles: Json,
    /// Seeded for development; listed by the dev sign-in picker.
    pub is_demo: bool,
    /// `fi`, `sv` or `en`, for messages; `None` until a sign-in or the profile tells.
    pub language: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
