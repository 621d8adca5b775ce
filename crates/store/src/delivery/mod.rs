//! Delivery orders (issue 16, docs/delivery.md): what the authority orders from data
//! controllers after a grant, and each step until the data is delivered.
//!
//! - `orders`: creating orders in the deciding transaction, the steps (receive, prepare,
//!   deliver, cancel) and cancelling a revoked permit's orders;
//! - `views`: the staff list and the holder's own orders;
//! - `overdue`: the reminders of orders past their due date.

pub mod orders;
pub mod overdue;
pub mod views;

use tietolupa_domain::Names;
use tietolupa_domain::application::ApplicationKind;
use tietolupa_domain::delivery::{DeliveryOrderState, DeliveryStep};
use tietolupa_entity::delivery_order;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::StoreError;

pub use views::{DeliveryOrderFilter, get, history, list};

const ENTITY: &str = "delivery order";

fn not_found() -> StoreError {
    StoreError::NotFound { entity: ENTITY }
}

pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(format!(
        "unreadable {what} in a delivery order row"
    )))
}

pub(crate) fn stored_state(row: &delivery_order::Model) -> Result<DeliveryOrderState, StoreError> {
    DeliveryOrderState::parse(&row.state).ok_or_else(|| corrupt("state"))
}

/// One register or dataset an order covers, with its controller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedSource {
    pub data_source_id: Uuid,
    pub code: String,
    pub register: Names,
    pub data_controller: Names,
}

/// A delivery order as staff and its holder see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryOrder {
    pub id: Uuid,
    pub version: i32,
    pub state: DeliveryOrderState,
    pub kind: ApplicationKind,
    pub application_id: Uuid,
    pub diary_number: String,
    pub permit_id: Option<Uuid>,
    /// One for a permit's order; every granted source for a data request's.
    pub sources: Vec<OrderedSource>,
    pub variables: Vec<String>,
    pub period_from: Option<Date>,
    pub period_to: Option<Date>,
    pub cohort_definition: Option<String>,
    /// Where the data goes: for an open order the permit's environment today (an
    /// amendment may have changed it), for a delivered one where it went.
    pub processing_environment_name: Option<String>,
    pub extraction_date: Date,
    pub due_date: Date,
    pub overdue: bool,
    pub days_left: i64,
    pub cancellation_reason: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// One step of an order's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryOrderEvent {
    pub at: OffsetDateTime,
    pub actor_name: Option<String>,
    pub step: DeliveryStep,
    pub from_state: Option<DeliveryOrderState>,
    pub to_state: DeliveryOrderState,
    pub comment: Option<String>,
}

/// The variables of an application's data source row as a list: the form takes them as
/// free text, one per comma, semicolon or line.
pub(crate) fn split_variables(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split_variables;

    #[test]
    fn variables_split_on_commas_semicolons_and_lines() {
        assert_eq!(
            split_variables("ATC codes C10AA, purchase month;\n county ,, "),
            ["ATC codes C10AA", "purchase month", "county"]
        );
        assert!(split_variables("  ").is_empty());
    }
}
