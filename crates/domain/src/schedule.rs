//! Scheduled jobs shared by several server instances: an instance may start a run when the
//! last run started at least one interval ago and no other instance holds the job's lease.
//! The store decides both in one conditional statement; the times it compares come from
//! here.

use std::time::Duration;

use time::OffsetDateTime;

/// How often a job runs and how long one instance holds it for a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobSchedule {
    /// From the start of one run to the start of the next.
    pub interval: Duration,
    /// How long a lease lasts: longer than a run takes, so that no other instance starts
    /// while one is still running; an instance that dies mid-run blocks the job this long.
    pub lease: Duration,
}

impl JobSchedule {
    /// The latest start of the previous run that leaves a run due at `now`.
    pub fn due_if_last_run_by(&self, now: OffsetDateTime) -> OffsetDateTime {
        time::Duration::try_from(self.interval)
            .ok()
            .and_then(|interval| now.checked_sub(interval))
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// Whether a run is due at `now`, the previous one (if any) having started at `last_run`.
    pub fn is_due(&self, last_run: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
        last_run.is_none_or(|last| last <= self.due_if_last_run_by(now))
    }

    /// When a lease taken at `now` ends unless renewed or released.
    pub fn lease_expires_at(&self, now: OffsetDateTime) -> OffsetDateTime {
        time::Duration::try_from(self.lease)
            .ok()
            .and_then(|lease| now.checked_add(lease))
            .unwrap_or(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAILY: JobSchedule = JobSchedule {
        interval: Duration::from_secs(86_400),
        lease: Duration::from_secs(600),
    };

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000 + seconds).unwrap()
    }

    #[test]
    fn a_job_that_never_ran_is_due() {
        assert!(DAILY.is_due(None, at(0)));
    }

    #[test]
    fn a_run_is_due_one_interval_after_the_last_one_started() {
        assert!(!DAILY.is_due(Some(at(0)), at(86_399)));
        assert!(DAILY.is_due(Some(at(0)), at(86_400)));
        assert_eq!(DAILY.due_if_last_run_by(at(86_400)), at(0));
    }

    #[test]
    fn a_lease_lasts_its_length() {
        assert_eq!(DAILY.lease_expires_at(at(0)), at(600));
    }

    #[test]
    fn an_interval_beyond_the_calendar_does_not_panic() {
        let forever = JobSchedule {
            interval: Duration::MAX,
            lease: Duration::MAX,
        };
        assert_eq!(
            forever.due_if_last_run_by(at(0)),
            OffsetDateTime::UNIX_EPOCH
        );
        assert_eq!(forever.lease_expires_at(at(0)), at(0));
    }
}
