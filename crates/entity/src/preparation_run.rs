use sea_orm::entity::prelude::*;

/// One filter-and-pseudonymise run of a delivery order (docs/preparation.md). Counts
/// only: never a code, a pseudonym or other content of the dataset.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "preparation_run")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub delivery_order_id: Uuid,
    pub started_at: TimeDateTimeWithTimeZone,
    pub finished_at: Option<TimeDateTimeWithTimeZone>,
    pub completed: bool,
    /// `CLI` or `API`.
    pub via: String,
    /// The staff member's actor id; none for the CLI run as the system.
    pub run_by: Option<String>,
    pub run_by_name: Option<String>,
    pub rows_read: i64,
    pub dropped_as_objectors: i64,
    pub invalid: i64,
    pub written: i64,
    /// The starting lines of the first 100 invalid rows (JSON array of numbers).
    pub invalid_lines: Json,
    /// The master pseudonymisation key's id.
    pub key_id: String,
}

impl ActiveModelBehavior for ActiveModel {}
