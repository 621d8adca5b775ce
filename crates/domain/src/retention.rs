//! Retention of drafts (DESIGN.md section 2): a draft untouched for six months is deleted,
//! leaving only a tombstone. Submitted applications are never deleted by this rule.

use time::{Date, Duration, OffsetDateTime};

use crate::application::ApplicationState;
use crate::calendar::{add_months, helsinki_date};

pub const DRAFT_RETENTION_MONTHS: u32 = 6;

/// The applicant is warned in the last 30 days before the deletion: long enough to notice
/// it between two visits of a month, short enough that a draft in active use never shows it.
pub const DRAFT_DELETION_WARNING_DAYS: i64 = 30;

/// When a draft will be deleted, as its applicant is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftDeletion {
    /// The first day (Finnish date) on which the retention job deletes the draft; saving
    /// the draft before it moves it on.
    pub on: Date,
    /// Whether `now` is within the warning window before `on` (or past it, when the job has
    /// not run yet).
    pub warn: bool,
}

/// The deletion of an application last changed at `updated_at`, seen at `now`; `None`
/// unless it is a draft.
pub fn draft_deletion(
    state: ApplicationState,
    updated_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Option<DraftDeletion> {
    if state != ApplicationState::Draft {
        return None;
    }
    let on = add_months(helsinki_date(updated_at), DRAFT_RETENTION_MONTHS);
    let warn = helsinki_date(now) >= on - Duration::days(DRAFT_DELETION_WARNING_DAYS);
    Some(DraftDeletion { on, warn })
}

/// Whether an application last changed at `updated_at` is due for deletion at `now`:
/// a draft whose last change is six calendar months (Finnish dates) or more ago.
pub fn draft_expired(
    state: ApplicationState,
    updated_at: OffsetDateTime,
    now: OffsetDateTime,
) -> bool {
    draft_deletion(state, updated_at, now).is_some_and(|d| d.on <= helsinki_date(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    const DRAFT: ApplicationState = ApplicationState::Draft;

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

    fn deletion_on(updated_at: OffsetDateTime) -> Date {
        draft_deletion(DRAFT, updated_at, updated_at).unwrap().on
    }

    #[test]
    fn deleted_six_calendar_months_after_the_last_change_in_finnish_dates() {
        assert_eq!(
            deletion_on(datetime!(2026-07-12 09:00 UTC)),
            date!(2027 - 01 - 12)
        );
        // 31 August has no 31 February: the end of the shorter month.
        assert_eq!(
            deletion_on(datetime!(2026-08-31 09:00 UTC)),
            date!(2027 - 02 - 28)
        );
        assert_eq!(
            deletion_on(datetime!(2027-08-31 09:00 UTC)),
            date!(2028 - 02 - 29)
        );
        // Late evening in UTC is already the next day in Helsinki.
        assert_eq!(
            deletion_on(datetime!(2026-06-30 21:30 UTC)),
            date!(2027 - 01 - 01)
        );
        // Winter time: midnight in Helsinki is 22:00 UTC.
        assert_eq!(
            deletion_on(datetime!(2026-12-31 21:59 UTC)),
            date!(2027 - 06 - 30)
        );
        assert_eq!(
            deletion_on(datetime!(2026-12-31 22:00 UTC)),
            date!(2027 - 07 - 01)
        );
    }

    #[test]
    fn the_warning_covers_the_last_thirty_days() {
        let updated_at = datetime!(2026-07-12 09:00 UTC); // deleted on 12 January 2027
        let warn_at = |now| draft_deletion(DRAFT, updated_at, now).unwrap().warn;
        assert!(!warn_at(datetime!(2026-12-12 12:00 UTC)));
        // 13 December 00:30 in Helsinki is 30 days before 12 January.
        assert!(!warn_at(datetime!(2026-12-12 21:59 UTC)));
        assert!(warn_at(datetime!(2026-12-12 22:30 UTC)));
        assert!(warn_at(datetime!(2027-01-11 12:00 UTC)));
        // Past the day, until the job has run.
        assert!(warn_at(datetime!(2027-01-20 12:00 UTC)));
        assert!(!warn_at(updated_at));
    }

    #[test]
    fn the_warning_matches_the_deletion_across_short_months() {
        // Deleted on 28 February 2027; warned from 29 January.
        let updated_at = datetime!(2026-08-31 09:00 UTC);
        let warn_on = |day: Date| {
            draft_deletion(
                DRAFT,
                updated_at,
                day.with_hms(10, 0, 0).unwrap().assume_utc(),
            )
            .unwrap()
            .warn
        };
        assert!(!warn_on(date!(2027 - 01 - 28)));
        assert!(warn_on(date!(2027 - 01 - 29)));
        let expired_on = |day: Date| {
            draft_expired(
                DRAFT,
                updated_at,
                day.with_hms(10, 0, 0).unwrap().assume_utc(),
            )
        };
        assert!(!expired_on(date!(2027 - 02 - 27)));
        assert!(expired_on(date!(2027 - 02 - 28)));
    }

    #[test]
    fn only_drafts_are_deleted() {
        let long_ago = datetime!(2020-01-01 0:00 UTC);
        let now = datetime!(2026-11-23 12:00 UTC);
        for state in [
            ApplicationState::Submitted,
            ApplicationState::Decided,
            ApplicationState::Withdrawn,
        ] {
            assert_eq!(draft_deletion(state, long_ago, now), None);
        }
        assert_eq!(
            draft_deletion(DRAFT, long_ago, now),
            Some(DraftDeletion {
                on: date!(2020 - 07 - 01),
                warn: true
            })
        );
    }
}
