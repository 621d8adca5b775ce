use sea_orm::entity::prelude::*;

/// An objection to the secondary use of a person's data. Identity codes appear only as
/// blind indexes (hex HMAC-SHA-256) and AES-256-GCM ciphertexts, each with its key id.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "objection")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_index_key_id: String,
    pub person_blind_index: String,
    pub person_code_key_id: String,
    pub person_code_ciphertext: Vec<u8>,
    /// `E_SERVICE`, `POST` or `IN_PERSON`.
    pub channel: String,
    /// NULL when the person filed for themselves.
    pub representation_basis: Option<String>,
    pub representative_index_key_id: Option<String>,
    pub representative_blind_index: Option<String>,
    pub representative_code_key_id: Option<String>,
    pub representative_code_ciphertext: Option<Vec<u8>>,
    pub identity_verification: String,
    pub received_on: TimeDate,
    pub processed_on: TimeDate,
    /// `IN_FORCE` or `WITHDRAWN`.
    pub status: String,
    pub withdrawn_on: Option<TimeDate>,
    pub withdrawn_at: Option<TimeDateTimeWithTimeZone>,
    pub withdrawn_by: Option<String>,
    /// Actor id of whoever filed or recorded it.
    pub filed_by: String,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
