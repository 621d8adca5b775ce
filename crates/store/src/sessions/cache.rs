//! Resolved sessions kept in process for a few seconds, so that a request signed in by cookie
//! costs no more than one signed in by bearer token (docs/benchmarks.md, "Sign-in").
//!
//! An entry is served only while it is younger than the configured lifetime, while the
//! cached expiries still say live, and while `last_seen_at` needs no touch; anything else
//! goes to the row. Every write of this instance to a session (end, end of others, rotation,
//! roles confirmed) drops the session's entries at once, so this instance honours a logout
//! immediately. Another instance's write is seen here when the entry ages out: that bounded
//! delay is the price, and the lifetime is the setting that bounds it (0 turns the cache off).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use uuid::Uuid;

use super::ActiveSession;

/// Entries kept at most; a full cache first drops aged entries, then stops adding (the row
/// still answers), so memory stays bounded whatever the number of sessions.
const MAX_ENTRIES: usize = 20_000;

/// What a row said when it was read.
#[derive(Clone)]
pub(crate) struct CachedSession {
    pub session: ActiveSession,
    pub last_seen_at: OffsetDateTime,
    pub idle_expires_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
}

struct Entry {
    cached: CachedSession,
    read_at: Instant,
}

#[derive(Default)]
struct Inner {
    /// Keyed by the token's SHA-256, the value the row holds.
    entries: HashMap<String, Entry>,
    /// Bumped by every invalidation: a read of the row that began before one must not put
    /// what it read back into the cache, or a session ended meanwhile would live on here.
    generation: u64,
}

/// Shared by every clone of a [`crate::Db`].
#[derive(Clone)]
pub struct SessionCache {
    lifetime: Duration,
    inner: Arc<RwLock<Inner>>,
}

impl std::fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionCache")
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

impl SessionCache {
    pub fn new(lifetime: Duration) -> SessionCache {
        SessionCache {
            lifetime,
            inner: Arc::default(),
        }
    }

    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    fn enabled(&self) -> bool {
        !self.lifetime.is_zero()
    }

    /// A poisoned lock means a panic while holding it; the map is still consistent (every
    /// change is one call), so carry on rather than fail every later request.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The entry of a token hash while it is younger than the lifetime.
    pub(crate) fn get(&self, token_hash: &str) -> Option<CachedSession> {
        if !self.enabled() {
            return None;
        }
        let inner = self.read();
        let entry = inner.entries.get(token_hash)?;
        (entry.read_at.elapsed() < self.lifetime).then(|| entry.cached.clone())
    }

    /// The generation to hand back to [`SessionCache::put`] after reading the row.
    pub(crate) fn generation(&self) -> u64 {
        self.read().generation
    }

    /// Keeps what the row said, unless an invalidation happened since `generation`.
    pub(crate) fn put(&self, token_hash: String, cached: CachedSession, generation: u64) {
        if !self.enabled() {
            return;
        }
        let mut inner = self.write();
        if inner.generation != generation {
            return;
        }
        if inner.entries.len() >= MAX_ENTRIES && !inner.entries.contains_key(&token_hash) {
            let lifetime = self.lifetime;
            inner.entries.retain(|_, e| e.read_at.elapsed() < lifetime);
            if inner.entries.len() >= MAX_ENTRIES {
                return;
            }
        }
        inner.entries.insert(
            token_hash,
            Entry {
                cached,
                read_at: Instant::now(),
            },
        );
    }

    /// Drops the entry of a token whose row no longer answers as live. No generation bump:
    /// whatever a concurrent read may put back is refused by its expiries or was ended by a
    /// write that bumped already; and a stream of unknown cookies takes no write lock.
    pub(crate) fn drop_stale(&self, token_hash: &str) {
        if self.enabled() && self.read().entries.contains_key(token_hash) {
            self.write().entries.remove(token_hash);
        }
    }

    /// Drops the entry of one token (a session rotated by a new sign-in).
    pub(crate) fn forget_token(&self, token_hash: &str) {
        self.forget(|key, _| key == token_hash);
    }

    /// Drops the entry of one session.
    pub(crate) fn forget_session(&self, id: Uuid) {
        self.forget(|_, e| e.cached.session.id == id);
    }

    /// Drops every entry of a subject's but `keep`.
    pub(crate) fn forget_subject_except(&self, subject: &str, keep: Uuid) {
        self.forget(|_, e| e.cached.session.subject == subject && e.cached.session.id != keep);
    }

    fn forget(&self, which: impl Fn(&str, &Entry) -> bool) {
        if !self.enabled() {
            return;
        }
        let mut inner = self.write();
        inner.generation = inner.generation.wrapping_add(1);
        inner.entries.retain(|key, entry| !which(key, entry));
    }
}
