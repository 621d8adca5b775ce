use sea_orm::entity::prelude::*;

/// What the authority orders from a data controller after a grant (docs/delivery.md).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery_order")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub version: i32,
    /// `ORDERED`, `RECEIVED`, `PREPARED`, `DELIVERED` or `CANCELLED`.
    pub state: String,
    /// `DATA_PERMIT` or `DATA_REQUEST`.
    pub kind: String,
    pub application_id: Uuid,
    /// None for a data request.
    pub permit_id: Option<Uuid>,
    /// The one data source of a permit's order; none for a data request's order.
    pub data_source_id: Option<Uuid>,
    /// Every data source the order covers (JSON array of UUIDs).
    pub data_source_ids: Json,
    /// The variables asked for (JSON array of strings).
    pub variables: Json,
    pub period_from: Option<TimeDate>,
    pub period_to: Option<TimeDate>,
    pub cohort_definition: Option<String>,
    pub processing_environment_id: Option<Uuid>,
    pub extraction_date: TimeDate,
    pub due_date: TimeDate,
    pub cancellation_reason: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
