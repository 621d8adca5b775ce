//! The register of secure processing environments (DESIGN.md section 4).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::application::kind::wire_names;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EnvironmentStatus {
    Registered,
    /// A significant deviation from the requirements was found; no new permits may name it.
    SignificantDeviation,
    Removed,
}

wire_names!(EnvironmentStatus {
    Registered => "REGISTERED",
    SignificantDeviation => "SIGNIFICANT_DEVIATION",
    Removed => "REMOVED",
});

/// What the permit rules need to know about an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvironmentFacts {
    pub status: EnvironmentStatus,
    pub certificate_valid_until: Date,
}

impl EnvironmentFacts {
    /// A permit may only name an environment that is registered and whose certificate is
    /// valid on the decision date.
    pub fn usable_on(&self, date: Date) -> Result<(), &'static str> {
        match self.status {
            EnvironmentStatus::Removed => {
                Err("the processing environment has been removed from the register")
            }
            EnvironmentStatus::SignificantDeviation => Err(
                "the processing environment has a significant deviation and cannot be named in new permits",
            ),
            EnvironmentStatus::Registered if self.certificate_valid_until < date => {
                Err("the processing environment's certificate expired before the decision date")
            }
            EnvironmentStatus::Registered => Ok(()),
        }
    }
}
