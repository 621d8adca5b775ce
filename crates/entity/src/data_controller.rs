use sea_orm::entity::prelude::*;

/// An organisation that controls registers or datasets (Kela, THL, ...).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_controller")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub code: String,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    pub description_fi: String,
    pub description_sv: String,
    pub description_en: String,
    pub created_at: TimeDateTimeWithTimeZone,
    #[sea_orm(has_many)]
    pub data_sources: HasMany<super::data_source::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
