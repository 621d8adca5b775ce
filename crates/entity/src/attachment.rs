use sea_orm::entity::prelude::*;

/// A file attached to an application; the bytes live in the attachment store.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub kind: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub uploaded_by: String,
    pub uploaded_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
