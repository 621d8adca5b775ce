//! The register of secure processing environments (DESIGN.md section 4).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::application::kind::wire_names;
use crate::error_text::MessageKey;

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
    pub fn usable_on(&self, date: Date) -> Result<(), MessageKey> {
        match self.status {
            EnvironmentStatus::Removed => Err(MessageKey::EnvironmentRemoved),
            EnvironmentStatus::SignificantDeviation => Err(MessageKey::EnvironmentDeviation),
            EnvironmentStatus::Registered if self.certificate_valid_until < date => {
                Err(MessageKey::EnvironmentCertificateExpired)
            }
            EnvironmentStatus::Registered => Ok(()),
        }
    }
}
