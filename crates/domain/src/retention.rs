//! Retention of drafts (DESIGN.md section 2): a draft untouched for six months is deleted,
//! leaving only a tombstone. Submitted applications are never deleted by this rule.

use time::OffsetDateTime;

use crate::application::ApplicationState;
use crate::calendar::{add_months, helsinki_date};

pub const DRAFT_RETENTION_MONTHS: u32 = 6;

/// Whether an application last changed at `updated_at` is due for deletion at `now`:
/// a draft whose last change is six calendar months (Finnish dates) or more ago.
pub fn draft_expired(
    state: ApplicationState,
    updated_at: OffsetDateTime,
    now: OffsetDateTime,
) -> bool {
    state == ApplicationState::Draft
        && add_months(helsinki_date(updated_at), DRAFT_RETENTION_MONTHS) <= helsinki_date(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn six_calendar_months_untouched() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let draft = ApplicationState::Draft;
        assert!(draft_expired(draft, datetime!(2026-05-23 12:00 UTC), now));
        assert!(!draft_expired(draft, datetime!(2026-05-24 12:00 UTC), now));
        assert!(!draft_expired(
            ApplicationState::Submitted,
            datetime!(2020-01-01 0:00 UTC),
            now
        ));
        assert!(!draft_expired(
            ApplicationState::Withdrawn,
            datetime!(2020-01-01 0:00 UTC),
            now
        ));
    }
}
