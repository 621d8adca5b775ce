//! Fees from a configurable schedule (DESIGN.md section 2).

use serde::{Deserialize, Serialize};

use super::kind::{ApplicationKind, wire_names};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeeCategory {
    Permit,
    /// An extensive permit, or an applicant outside the EU/EEA.
    ExtensivePermit,
    ThesisPermit,
    Amendment,
    DataRequest,
}

wire_names!(FeeCategory {
    Permit => "PERMIT",
    ExtensivePermit => "EXTENSIVE_PERMIT",
    ThesisPermit => "THESIS_PERMIT",
    Amendment => "AMENDMENT",
    DataRequest => "DATA_REQUEST",
});

/// Euro amounts in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeSchedule {
    pub permit: i64,
    pub extensive_permit: i64,
    pub thesis_permit: i64,
    pub amendment: i64,
    pub data_request: i64,
}

impl Default for FeeSchedule {
    fn default() -> Self {
        const EURO: i64 = 100;
        FeeSchedule {
            permit: 1_000 * EURO,
            extensive_permit: 3_000 * EURO,
            thesis_permit: 250 * EURO,
            amendment: 350 * EURO,
            data_request: 1_000 * EURO,
        }
    }
}

impl FeeSchedule {
    pub fn amount(&self, category: FeeCategory) -> i64 {
        match category {
            FeeCategory::Permit => self.permit,
            FeeCategory::ExtensivePermit => self.extensive_permit,
            FeeCategory::ThesisPermit => self.thesis_permit,
            FeeCategory::Amendment => self.amendment,
            FeeCategory::DataRequest => self.data_request,
        }
    }
}

impl FeeCategory {
    /// The category the application's own facts suggest; the presenter may choose
    /// another one that fits the kind (e.g. extensive).
    pub fn suggested(
        kind: ApplicationKind,
        is_thesis: bool,
        applicant_outside_eea: bool,
    ) -> FeeCategory {
        match kind {
            ApplicationKind::DataRequest => FeeCategory::DataRequest,
            ApplicationKind::Amendment => FeeCategory::Amendment,
            ApplicationKind::DataPermit if applicant_outside_eea => FeeCategory::ExtensivePermit,
            ApplicationKind::DataPermit if is_thesis => FeeCategory::ThesisPermit,
            ApplicationKind::DataPermit => FeeCategory::Permit,
        }
    }

    pub fn fits(self, kind: ApplicationKind) -> bool {
        match kind {
            ApplicationKind::DataPermit => matches!(
                self,
                FeeCategory::Permit | FeeCategory::ExtensivePermit | FeeCategory::ThesisPermit
            ),
            ApplicationKind::DataRequest => self == FeeCategory::DataRequest,
            ApplicationKind::Amendment => self == FeeCategory::Amendment,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_published_fees() {
        let schedule = FeeSchedule::default();
        assert_eq!(schedule.amount(FeeCategory::Permit), 100_000);
        assert_eq!(schedule.amount(FeeCategory::ExtensivePermit), 300_000);
        assert_eq!(schedule.amount(FeeCategory::ThesisPermit), 25_000);
        assert_eq!(schedule.amount(FeeCategory::Amendment), 35_000);
        assert_eq!(schedule.amount(FeeCategory::DataRequest), 100_000);
    }

    #[test]
    fn suggestions_follow_the_application() {
        use ApplicationKind::*;
        assert_eq!(
            FeeCategory::suggested(DataPermit, false, false),
            FeeCategory::Permit
        );
        assert_eq!(
            FeeCategory::suggested(DataPermit, true, false),
            FeeCategory::ThesisPermit
        );
        assert_eq!(
            FeeCategory::suggested(DataPermit, true, true),
            FeeCategory::ExtensivePermit
        );
        assert_eq!(
            FeeCategory::suggested(DataRequest, true, true),
            FeeCategory::DataRequest
        );
        assert!(FeeCategory::ExtensivePermit.fits(DataPermit));
        assert!(!FeeCategory::Permit.fits(DataRequest));
    }
}
