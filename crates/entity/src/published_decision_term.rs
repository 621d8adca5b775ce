use sea_orm::entity::prelude::*;

/// The register's search index: one row per distinct search term (a word's lower-cased
/// form or one of its Finnish, Swedish and English stems) of a published decision, keyed
/// in the order a search lists them.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "published_decision_term")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub term: String,
    /// 2 when the term occurs in the title, plus 1 when it occurs in the public summary.
    #[sea_orm(primary_key, auto_increment = false)]
    pub weight: i32,
    /// The decision's `decided_at_micros`, which never changes: newest first on ties.
    #[sea_orm(primary_key, auto_increment = false)]
    pub decided_at_micros: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub decision_id: Uuid,
}

impl ActiveModelBehavior for ActiveModel {}
