use sea_orm::entity::prelude::*;

/// A permit issued by a granted data-permit decision.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "permit")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub decision_id: Uuid,
    pub holder_id: String,
    pub holder_name: Option<String>,
    pub holder_organisation: Option<String>,
    pub holder_business_id: Option<String>,
    /// The organisation of the register holding the permit; none for a private person.
    pub holder_organisation_id: Option<Uuid>,
    pub purpose: Option<String>,
    pub processors: Json,
    pub processing_environment_id: Option<Uuid>,
    pub granted_data_source_ids: Json,
    pub valid_from: TimeDate,
    pub valid_until: TimeDate,
    pub status: String,
    pub status_changed_at: Option<TimeDateTimeWithTimeZone>,
    pub revoked_by: Option<String>,
    pub revocation_reason: Option<String>,
    pub data_destroyed_on: Option<TimeDate>,
    pub destruction_confirmed_by: Option<String>,
    pub combined_into: Option<Uuid>,
    /// Stricter disclosure-check thresholds for the permit's outputs; none for the defaults.
    pub output_check_thresholds: Option<Json>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
