//! After the permit (issue 16): delivery orders (`orders`) and their preparation runs
//! (`preparation`). See docs/delivery.md and docs/preparation.md.

pub(crate) mod orders;
pub(crate) mod preparation;

pub use orders::{DeliveryOrderMutation, DeliveryOrderQuery};
