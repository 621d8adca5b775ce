//! After the permit (issue 16): delivery orders (`orders`). See docs/delivery.md.

pub(crate) mod orders;

pub use orders::{DeliveryOrderMutation, DeliveryOrderQuery};
