use sea_orm::entity::prelude::*;

/// Every term of the register's search index once: what a word being typed can become.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "published_decision_vocabulary")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub term: String,
}

impl ActiveModelBehavior for ActiveModel {}
