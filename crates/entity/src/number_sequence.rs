use sea_orm::entity::prelude::*;

/// The last number given out per sequence and year (diary and decision numbers).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "number_sequence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub last_value: i64,
}

impl ActiveModelBehavior for ActiveModel {}
