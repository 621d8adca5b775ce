use sea_orm::entity::prelude::*;

/// A person named to process the data.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_processor")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub position: i32,
    pub first_name: String,
    pub last_name: String,
    pub organisation: String,
    pub nda_signed: bool,
}

impl ActiveModelBehavior for ActiveModel {}
