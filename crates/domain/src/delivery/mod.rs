//! After the permit (issue 16): delivery orders to data controllers. See docs/delivery.md.

pub mod order;

pub use order::*;
