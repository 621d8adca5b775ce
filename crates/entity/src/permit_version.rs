use sea_orm::entity::prelude::*;

/// A permit's terms as they were before an amendment replaced them.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "permit_version")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub permit_id: Uuid,
    pub version: i32,
    pub terms: Json,
    pub replaced_at: TimeDateTimeWithTimeZone,
    pub amendment_application_id: Option<Uuid>,
    pub amendment_decision_number: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
