//! The decision clock: a decision is due three months after submission, the clock stops
//! while information is requested, and a director may extend it once by at most three
//! more months.

use time::{Date, Duration};

use super::lifecycle::ApplicationState;
use crate::calendar::add_months;

const DECISION_MONTHS: u32 = 3;
const MAX_EXTENSION_MONTHS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecisionClock {
    pub started_on: Option<Date>,
    /// Whole days the clock has stood still in completed pauses.
    pub paused_days: i64,
    /// Set while the clock stands still.
    pub paused_since: Option<Date>,
    /// Days added by the director's extension (0 when not extended).
    pub extension_days: i64,
}

/// The decision clock as a case shows it on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineView {
    pub started_on: Date,
    /// Counting the days the clock has stood still, up to the day of the view.
    pub due_on: Date,
    pub paused: bool,
    pub paused_days: i64,
    pub extended: bool,
    pub overdue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExtensionError {
    #[error("the deadline has already been extended once")]
    AlreadyExtended,
    #[error("the new deadline must be later than the current one")]
    NotLater,
    #[error("the deadline can be extended by at most three months")]
    TooLong,
    #[error("the decision clock has not started")]
    NotStarted,
}

impl DecisionClock {
    pub fn started(on: Date) -> DecisionClock {
        DecisionClock {
            started_on: Some(on),
            ..DecisionClock::default()
        }
    }

    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    pub fn is_extended(&self) -> bool {
        self.extension_days > 0
    }

    /// Stops the clock (an information request went out).
    pub fn pause(&mut self, on: Date) {
        if self.paused_since.is_none() {
            self.paused_since = Some(on);
        }
    }

    /// Restarts the clock; the days it stood still push the deadline back.
    pub fn resume(&mut self, on: Date) {
        if let Some(since) = self.paused_since.take() {
            self.paused_days += (on - since).whole_days().max(0);
        }
    }

    /// The due date counting completed pauses only (what is stored for sorting).
    pub fn due_on(&self) -> Option<Date> {
        let start = self.started_on?;
        Some(
            add_months(start, DECISION_MONTHS)
                + Duration::days(self.paused_days + self.extension_days),
        )
    }

    /// The due date as of `today`, counting a pause still running.
    pub fn due_on_as_of(&self, today: Date) -> Option<Date> {
        let running = self
            .paused_since
            .map(|since| (today - since).whole_days().max(0))
            .unwrap_or(0);
        Some(self.due_on()? + Duration::days(running))
    }

    /// Overdue: running and past its due date. A stopped clock is never overdue.
    pub fn is_overdue(&self, today: Date) -> bool {
        !self.is_paused() && self.due_on().is_some_and(|due| today > due)
    }

    /// Overdue as a case in `state` shows it: a decided or withdrawn case keeps its clock
    /// as it stood, but is no longer late.
    pub fn is_overdue_in(&self, state: ApplicationState, today: Date) -> bool {
        state.is_open_case() && self.is_overdue(today)
    }

    /// The clock of a case in `state` as of `today`; none before submission.
    pub fn view(&self, state: ApplicationState, today: Date) -> Option<DeadlineView> {
        let started_on = self.started_on?;
        Some(DeadlineView {
            started_on,
            due_on: self.due_on_as_of(today).unwrap_or(started_on),
            paused: self.is_paused(),
            paused_days: self.paused_days,
            extended: self.is_extended(),
            overdue: self.is_overdue_in(state, today),
        })
    }

    /// Moves the deadline to `new_due`: once, later than now due, and at most three months
    /// beyond the current deadline.
    pub fn extend(&mut self, new_due: Date, today: Date) -> Result<(), ExtensionError> {
        if self.is_extended() {
            return Err(ExtensionError::AlreadyExtended);
        }
        let current = self.due_on_as_of(today).ok_or(ExtensionError::NotStarted)?;
        if new_due <= current {
            return Err(ExtensionError::NotLater);
        }
        if new_due > add_months(current, MAX_EXTENSION_MONTHS) {
            return Err(ExtensionError::TooLong);
        }
        self.extension_days = (new_due - current).whole_days();
        Ok(())
    }

    /// Days from the start of the clock to `decided_on`, without the days it stood still.
    pub fn processing_days(&self, decided_on: Date) -> Option<i64> {
        let start = self.started_on?;
        Some((decided_on - start).whole_days() - self.paused_days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn due_three_months_after_submission() {
        assert_eq!(
            DecisionClock::started(date!(2026 - 03 - 15)).due_on(),
            Some(date!(2026 - 06 - 15))
        );
        assert_eq!(DecisionClock::default().due_on(), None);
    }

    #[test]
    fn month_ends_and_leap_years() {
        assert_eq!(
            DecisionClock::started(date!(2026 - 11 - 30)).due_on(),
            Some(date!(2027 - 02 - 28))
        );
        assert_eq!(
            DecisionClock::started(date!(2027 - 11 - 30)).due_on(),
            Some(date!(2028 - 02 - 29))
        );
        assert_eq!(
            DecisionClock::started(date!(2027 - 11 - 29)).due_on(),
            Some(date!(2028 - 02 - 29))
        );
        assert_eq!(
            DecisionClock::started(date!(2027 - 11 - 28)).due_on(),
            Some(date!(2028 - 02 - 28))
        );
        assert_eq!(
            DecisionClock::started(date!(2026 - 05 - 31)).due_on(),
            Some(date!(2026 - 08 - 31))
        );
        assert_eq!(
            DecisionClock::started(date!(2026 - 12 - 31)).due_on(),
            Some(date!(2027 - 03 - 31))
        );
        assert_eq!(
            DecisionClock::started(date!(2099 - 11 - 30)).due_on(),
            Some(date!(2100 - 02 - 28))
        );
    }

    #[test]
    fn pauses_push_the_deadline_back_day_for_day() {
        let mut clock = DecisionClock::started(date!(2026 - 01 - 10));
        clock.pause(date!(2026 - 02 - 01));
        assert!(clock.is_paused());
        // While paused the stored due date holds still and the live one moves on.
        assert_eq!(clock.due_on(), Some(date!(2026 - 04 - 10)));
        assert_eq!(
            clock.due_on_as_of(date!(2026 - 02 - 11)),
            Some(date!(2026 - 04 - 20))
        );
        clock.resume(date!(2026 - 02 - 15));
        assert_eq!(clock.paused_days, 14);
        assert_eq!(clock.due_on(), Some(date!(2026 - 04 - 24)));
        // A second pause adds up; one across the leap day counts it.
        let mut clock = DecisionClock::started(date!(2027 - 12 - 31));
        clock.pause(date!(2028 - 02 - 28));
        clock.resume(date!(2028 - 03 - 01));
        assert_eq!(clock.paused_days, 2);
        clock.pause(date!(2028 - 03 - 10));
        clock.resume(date!(2028 - 03 - 13));
        assert_eq!(clock.paused_days, 5);
        assert_eq!(
            clock.due_on(),
            Some(date!(2028 - 03 - 31) + Duration::days(5))
        );
    }

    #[test]
    fn a_stopped_clock_is_never_overdue() {
        let mut clock = DecisionClock::started(date!(2026 - 01 - 10));
        assert!(!clock.is_overdue(date!(2026 - 04 - 10)));
        assert!(clock.is_overdue(date!(2026 - 04 - 11)));
        clock.pause(date!(2026 - 04 - 11));
        assert!(!clock.is_overdue(date!(2026 - 06 - 01)));
    }

    #[test]
    fn one_extension_of_at_most_three_months() {
        let mut clock = DecisionClock::started(date!(2026 - 11 - 30)); // due 2027-02-28
        assert_eq!(
            clock.extend(date!(2027 - 02 - 28), date!(2026 - 12 - 01)),
            Err(ExtensionError::NotLater)
        );
        assert_eq!(
            clock.extend(date!(2027 - 05 - 29), date!(2026 - 12 - 01)),
            Err(ExtensionError::TooLong)
        );
        assert_eq!(
            clock.extend(date!(2027 - 05 - 28), date!(2026 - 12 - 01)),
            Ok(())
        );
        assert_eq!(clock.due_on(), Some(date!(2027 - 05 - 28)));
        assert_eq!(
            clock.extend(date!(2027 - 05 - 30), date!(2026 - 12 - 01)),
            Err(ExtensionError::AlreadyExtended)
        );
        assert_eq!(
            DecisionClock::default().extend(date!(2027 - 01 - 01), date!(2026 - 12 - 01)),
            Err(ExtensionError::NotStarted)
        );
    }

    #[test]
    fn an_extension_during_a_pause_keeps_the_pause() {
        let mut clock = DecisionClock::started(date!(2026 - 01 - 10)); // due 2026-04-10
        clock.pause(date!(2026 - 03 - 01));
        // On 2026-03-11 the live due date is 2026-04-20; extend to 2026-06-01.
        clock
            .extend(date!(2026 - 06 - 01), date!(2026 - 03 - 11))
            .unwrap();
        clock.resume(date!(2026 - 03 - 21)); // 20 paused days
        assert_eq!(clock.due_on(), Some(date!(2026 - 06 - 11)));
    }

    #[test]
    fn only_open_cases_are_overdue() {
        let clock = DecisionClock::started(date!(2026 - 01 - 10)); // due 2026-04-10
        let late = date!(2026 - 05 - 01);
        for state in ApplicationState::ALL {
            assert_eq!(
                clock.is_overdue_in(state, late),
                state.is_open_case(),
                "{state:?}"
            );
            assert!(
                !clock.is_overdue_in(state, date!(2026 - 04 - 10)),
                "{state:?}"
            );
        }
        let mut paused = clock;
        paused.pause(date!(2026 - 04 - 01));
        assert!(!paused.is_overdue_in(ApplicationState::InformationRequested, late));
        assert!(!DecisionClock::default().is_overdue_in(ApplicationState::Submitted, late));
    }

    #[test]
    fn the_view_counts_a_running_pause_and_shows_overdue_for_open_cases() {
        assert_eq!(
            DecisionClock::default().view(ApplicationState::Draft, date!(2026 - 01 - 01)),
            None
        );
        let mut clock = DecisionClock::started(date!(2026 - 01 - 10)); // due 2026-04-10
        clock.pause(date!(2026 - 02 - 01));
        clock.resume(date!(2026 - 02 - 11));
        clock.pause(date!(2026 - 03 - 01));
        assert_eq!(
            clock.view(
                ApplicationState::InformationRequested,
                date!(2026 - 03 - 06)
            ),
            Some(DeadlineView {
                started_on: date!(2026 - 01 - 10),
                due_on: date!(2026 - 04 - 25),
                paused: true,
                paused_days: 10,
                extended: false,
                overdue: false,
            })
        );
        clock.resume(date!(2026 - 03 - 06));
        clock
            .extend(date!(2026 - 05 - 01), date!(2026 - 03 - 06))
            .unwrap();
        let late = date!(2026 - 05 - 02);
        let view = clock.view(ApplicationState::Proposed, late).unwrap();
        assert_eq!(view.due_on, date!(2026 - 05 - 01));
        assert!(view.extended && view.overdue && !view.paused);
        assert_eq!(view.paused_days, 15);
        assert!(!clock.view(ApplicationState::Decided, late).unwrap().overdue);
    }

    #[test]
    fn processing_time_excludes_pauses() {
        let mut clock = DecisionClock::started(date!(2026 - 01 - 10));
        clock.pause(date!(2026 - 02 - 01));
        clock.resume(date!(2026 - 02 - 11));
        assert_eq!(clock.processing_days(date!(2026 - 03 - 01)), Some(50 - 10));
    }
}
