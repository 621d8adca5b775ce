use sea_orm::entity::prelude::*;

/// A register or ready-made dataset of a data controller.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_source")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub controller_id: Uuid,
    #[sea_orm(unique)]
    pub code: String,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    /// `REGISTER` or `DATASET`.
    pub kind: String,
    pub description_fi: String,
    pub description_sv: String,
    pub description_en: String,
    pub created_at: TimeDateTimeWithTimeZone,
    #[sea_orm(belongs_to, from = "controller_id", to = "id")]
    pub controller: HasOne<super::data_controller::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
