use sea_orm::entity::prelude::*;

/// A customer organisation in the register.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub business_id: String,
    pub address: Option<String>,
    pub customer_since: TimeDate,
    pub relationship_ended_on: Option<TimeDate>,
    pub contact_data_purged_on: Option<TimeDate>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
