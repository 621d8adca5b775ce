use sea_orm::entity::prelude::*;

/// A result table of a submission; the bytes live in the file store, the check's report here.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "output_file")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub output_request_id: Uuid,
    pub submission: i32,
    pub position: i32,
    pub name: String,
    pub kind: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub status: String,
    pub report: Json,
}

impl ActiveModelBehavior for ActiveModel {}
