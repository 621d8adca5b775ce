//! When a pooled PostgreSQL connection is pinged before it is lent.
//!
//! sqlx pings every connection before lending it (`test_before_acquire`): one more round
//! trip for every statement outside a transaction, two on each register page
//! (docs/benchmarks.md, "A read path near the limit"). A connection can only have died if
//! the server went away since it was opened, or while it sat idle. So a connection is
//! pinged when it was opened before the primary was last seen down (every connection a
//! restart cut), or when it has been idle for a while (a restart nobody noticed while the
//! pool had nothing to do); a connection in steady use since the last outage is lent as
//! it is.
//!
//! A restart that no request and no check saw, within [`PING_WHEN_IDLE_FOR`] of a
//! connection's last use, still fails that connection's next statement, as it fails the
//! statements in flight during any restart; that failure marks the primary down and so
//! every older connection is pinged from then on.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sea_orm::sqlx::pool::PoolConnectionMetadata;

/// How long a connection may have been idle and still be lent without a ping.
pub(crate) const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

/// When the primary was last seen down, shared by the pool's `before_acquire` hook and the
/// primary's health.
#[derive(Debug)]
pub(crate) struct OutageSightings {
    since: Instant,
    /// Nanoseconds from `since` to the last sighting plus one; zero: never seen down.
    last: AtomicU64,
}

impl OutageSightings {
    pub(crate) fn new() -> OutageSightings {
        OutageSightings {
            since: Instant::now(),
            last: AtomicU64::new(0),
        }
    }

    /// The primary does not answer now.
    pub(crate) fn seen_down(&self) {
        self.seen_down_at(Instant::now());
    }

    fn seen_down_at(&self, at: Instant) {
        let nanos = at.saturating_duration_since(self.since).as_nanos();
        let mark = u64::try_from(nanos).unwrap_or(u64::MAX - 1) + 1;
        self.last.fetch_max(mark, Ordering::Relaxed);
    }

    /// Whether a connection described by `meta` must answer a ping before it is lent.
    pub(crate) fn needs_ping(&self, meta: &PoolConnectionMetadata) -> bool {
        self.needs_ping_at(Instant::now(), meta.age, meta.idle_for)
    }

    fn needs_ping_at(&self, now: Instant, age: Duration, idle_for: Duration) -> bool {
        if idle_for >= PING_WHEN_IDLE_FOR {
            return true;
        }
        match self.last.load(Ordering::Relaxed) {
            0 => false,
            mark => {
                let last_seen_down = self.since + Duration::from_nanos(mark - 1);
                // Opened at or before the sighting: it may be one the outage cut.
                now.checked_sub(age)
                    .is_none_or(|opened| opened <= last_seen_down)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUSY: Duration = Duration::from_millis(5);

    #[test]
    fn connections_in_steady_use_are_lent_without_a_ping_until_an_outage() {
        let sightings = OutageSightings::new();
        let now = sightings.since + Duration::from_secs(100);
        assert!(!sightings.needs_ping_at(now, Duration::from_secs(50), BUSY));
        assert!(!sightings.needs_ping_at(now, Duration::ZERO, Duration::ZERO));
    }

    #[test]
    fn connections_idle_for_a_while_are_pinged() {
        let sightings = OutageSightings::new();
        let now = sightings.since + Duration::from_secs(100);
        assert!(sightings.needs_ping_at(now, Duration::from_secs(50), PING_WHEN_IDLE_FOR));
        assert!(!sightings.needs_ping_at(
            now,
            Duration::from_secs(50),
            PING_WHEN_IDLE_FOR - Duration::from_millis(1)
        ));
    }

    #[test]
    fn connections_opened_before_the_primary_was_last_seen_down_are_pinged() {
        let sightings = OutageSightings::new();
        let down = sightings.since + Duration::from_secs(60);
        sightings.seen_down_at(down);
        let now = down + Duration::from_secs(10);
        // Opened 30 s ago, 20 s before the sighting: the outage may have cut it.
        assert!(sightings.needs_ping_at(now, Duration::from_secs(30), BUSY));
        // Opened at the sighting itself.
        assert!(sightings.needs_ping_at(now, Duration::from_secs(10), BUSY));
        // Opened after it: the primary answered its handshake since.
        assert!(!sightings.needs_ping_at(now, Duration::from_secs(9), BUSY));
    }

    #[test]
    fn the_latest_sighting_counts() {
        let sightings = OutageSightings::new();
        let later = sightings.since + Duration::from_secs(60);
        sightings.seen_down_at(later);
        sightings.seen_down_at(sightings.since + Duration::from_secs(10));
        let now = later + Duration::from_secs(10);
        assert!(sightings.needs_ping_at(now, Duration::from_secs(30), BUSY));
        // A sighting at the very start still marks every connection older than it.
        let fresh = OutageSightings::new();
        fresh.seen_down_at(fresh.since);
        assert!(fresh.needs_ping_at(
            fresh.since + Duration::from_secs(1),
            Duration::from_secs(1),
            BUSY
        ));
    }
}
