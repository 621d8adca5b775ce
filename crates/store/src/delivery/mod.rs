//! After the permit (issue 16): delivery orders and their preparation runs.

pub mod preparation;
