use sea_orm::entity::prelude::*;

/// A decision's document, full or public: the PDF and what it was rendered from. Never
/// updated. A `REVOCATION` has no decision row and names the revoked permit instead.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decision_document")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub decision_id: Option<Uuid>,
    pub permit_id: Option<Uuid>,
    pub application_id: Uuid,
    pub diary_number: String,
    pub decision_number: String,
    pub decided_on: TimeDate,
    pub variant: String,
    pub language: String,
    pub input: Json,
    pub sha256: String,
    pub size_bytes: i64,
    pub content: Vec<u8>,
    pub created_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
