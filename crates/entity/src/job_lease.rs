use sea_orm::entity::prelude::*;

/// Which server instance may run a scheduled job, until when, and when it last ran
/// (microseconds since the Unix epoch).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_lease")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub holder: String,
    pub expires_at_micros: i64,
    pub last_run_micros: Option<i64>,
}

impl ActiveModelBehavior for ActiveModel {}
