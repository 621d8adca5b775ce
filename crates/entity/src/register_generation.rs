use sea_orm::entity::prelude::*;

/// The public register's generation: bumped by every transaction that writes
/// `published_decision`, so cached register pages can tell they are out of date.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "register_generation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub generation: i64,
}

impl ActiveModelBehavior for ActiveModel {}
