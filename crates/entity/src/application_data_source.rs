use sea_orm::entity::prelude::*;

/// A data source an application asks for.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_data_source")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub position: i32,
    pub data_source_id: Uuid,
    pub variables: String,
    pub period_from: Option<TimeDate>,
    pub period_to: Option<TimeDate>,
}

impl ActiveModelBehavior for ActiveModel {}
