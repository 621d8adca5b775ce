use sea_orm::entity::prelude::*;

/// A permit credential as issued: the compact JWS and what it was issued for.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "permit_credential")]
pub struct Model {
    /// Also the credential's `jti`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub permit_id: Uuid,
    pub permit_version: i32,
    pub amendment_version: i32,
    /// `GRANT`, `AMENDMENT`, `REVOCATION`, `EXPIRY`, `DATA_DESTRUCTION` or `COMBINATION`.
    pub event: String,
    /// The permit's status the credential states.
    pub status: String,
    #[sea_orm(unique)]
    pub status_index: i64,
    pub token: String,
    pub kid: String,
    pub issued_at: TimeDateTimeWithTimeZone,
    /// GA4GH visas issued with it: a JSON array of `{processor, dataset, token}`.
    pub visas: Option<Json>,
}

impl ActiveModelBehavior for ActiveModel {}
