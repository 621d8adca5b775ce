//! An in-process cache of public register answers (`publishedDecisions`,
//! `publishedDecision`, `decisionStatistics`), keyed by the request (operation, variables,
//! query text, and the language, in which the answer names controllers and registers), the day (permit statuses depend on it) and the register's generation.
//!
//! The generation is a row in the database that every transaction writing
//! `published_decision` bumps before it commits (`public_register::bump_generation`). Each
//! cacheable request reads it first (one primary-key read) and only then looks up or
//! computes the answer, so:
//! - an answer is served only under the generation that was current when the request
//!   arrived; once a decision is made or changes, every instance sharing the database sees
//!   the new generation on its next request and recomputes;
//! - an answer computed while a write committed is stored under the older generation,
//!   which nobody asks for again, so a stale answer is never stored under a current one.
//!
//! Reading the generation before the data is what makes that hold; see
//! docs/benchmarks.md ("Load: public register") for why not LISTEN/NOTIFY.

use std::collections::HashMap;
use std::sync::RwLock;

use async_graphql::parser::parse_query;
use async_graphql::parser::types::{DocumentOperations, OperationType, Selection};
use axum::body::Bytes;
use tietolupa_domain::sign_in::UiLanguage;
use time::Date;

/// Top-level fields whose answers depend only on the register, the day and the arguments,
/// never on who asks.
const PUBLIC_FIELDS: &[&str] = &[
    "publishedDecisions",
    "publishedDecision",
    "decisionStatistics",
    "__typename",
];

/// Bounds memory: past this many answers the cache starts over (an attacker varying the
/// filter text can make it useless, never wrong or large).
const MAX_ENTRIES: usize = 4_096;
/// Larger answers are not kept.
const MAX_BODY_BYTES: usize = 512 * 1024;

#[derive(Default)]
struct Entries {
    generation: i64,
    today: Option<Date>,
    answers: HashMap<String, Bytes>,
}

pub struct RegisterCache {
    enabled: bool,
    entries: RwLock<Entries>,
    /// Whether a query text (with its operation name) reads only the register: parsing
    /// costs more than serving a cached answer, and clients send the same few texts.
    cacheable: RwLock<HashMap<String, bool>>,
}

impl RegisterCache {
    pub fn new(enabled: bool) -> RegisterCache {
        RegisterCache {
            enabled,
            entries: RwLock::new(Entries::default()),
            cacheable: RwLock::new(HashMap::new()),
        }
    }

    /// The cache key of a request that reads only the public register, or `None` when the
    /// cache is off or the request reads (or may read) anything else.
    pub fn key(&self, request: &async_graphql::Request, language: UiLanguage) -> Option<String> {
        if !self.enabled {
            return None;
        }
        let operation = request.operation_name.as_deref();
        let text = format!("{}\u{0}{}", operation.unwrap_or_default(), request.query);
        let known = self
            .cacheable
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&text)
            .copied();
        let cacheable = match known {
            Some(cacheable) => cacheable,
            None => {
                let cacheable = reads_only_the_register(&request.query, operation);
                let mut memo = self.cacheable.write().unwrap_or_else(|e| e.into_inner());
                if memo.len() >= MAX_ENTRIES {
                    memo.clear();
                }
                memo.insert(text.clone(), cacheable);
                cacheable
            }
        };
        if !cacheable {
            return None;
        }
        let variables = serde_json::to_string(&request.variables).ok()?;
        Some(format!("{language}\u{0}{variables}\u{0}{text}"))
    }

    pub fn get(&self, generation: i64, today: Date, key: &str) -> Option<Bytes> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        if entries.generation != generation || entries.today != Some(today) {
            return None;
        }
        entries.answers.get(key).cloned()
    }

    /// Keeps an answer computed under `generation` on `today`. An answer from an older
    /// generation than the cache already holds is dropped; a newer one starts the cache over.
    pub fn put(&self, generation: i64, today: Date, key: String, body: Bytes) {
        if body.len() > MAX_BODY_BYTES {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        let current = (entries.generation, entries.today);
        if generation < current.0 || (generation == current.0 && current.1 > Some(today)) {
            return;
        }
        if generation != current.0 || current.1 != Some(today) {
            entries.answers.clear();
            entries.generation = generation;
            entries.today = Some(today);
        }
        if entries.answers.len() >= MAX_ENTRIES {
            entries.answers.clear();
        }
        entries.answers.insert(key, body);
    }
}

/// True when the operation to run is a query whose top-level selections are all public
/// register fields. Fragments at the top level are not followed, so they are not cached.
fn reads_only_the_register(query: &str, operation_name: Option<&str>) -> bool {
    let Ok(document) = parse_query(query) else {
        return false;
    };
    let operation = match &document.operations {
        DocumentOperations::Single(op) => op,
        // A named operation parses as `Multiple` even when it is the only one; without an
        // operation name, the only one is the one that runs.
        DocumentOperations::Multiple(ops) => {
            let chosen = match operation_name {
                Some(name) => ops.get(name),
                None if ops.len() == 1 => ops.values().next(),
                None => None,
            };
            let Some(op) = chosen else {
                return false;
            };
            op
        }
    };
    operation.node.ty == OperationType::Query
        && operation
            .node
            .selection_set
            .node
            .items
            .iter()
            .all(|item| match &item.node {
                Selection::Field(field) => PUBLIC_FIELDS.contains(&field.node.name.node.as_str()),
                _ => false,
            })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn only_register_queries_are_cacheable() {
        assert!(reads_only_the_register(
            "{ publishedDecisions(first: 5) { edges { node { title } } } }",
            None
        ));
        assert!(reads_only_the_register(
            "query A { decisionStatistics { total } } mutation B { x }",
            Some("A")
        ));
        assert!(!reads_only_the_register(
            "query A { decisionStatistics { total } } mutation B { x }",
            Some("B")
        ));
        assert!(reads_only_the_register(
            "query Register($first: Int) { publishedDecisions(first: $first) { edges { cursor } } }",
            None
        ));
        assert!(!reads_only_the_register(
            "query A { decisionStatistics { total } } query B { me { roles } }",
            None
        ));
        assert!(!reads_only_the_register(
            "{ publishedDecisions { totalCount } me { roles } }",
            None
        ));
        assert!(!reads_only_the_register(
            "{ ...F } fragment F on QueryRoot { me { id } }",
            None
        ));
        assert!(!reads_only_the_register(
            "mutation { publishedDecision }",
            None
        ));
        assert!(!reads_only_the_register("{ broken", None));
    }

    #[test]
    fn answers_live_for_one_generation_and_day() {
        let cache = RegisterCache::new(true);
        let today = date!(2026 - 11 - 23);
        cache.put(3, today, "k".into(), Bytes::from_static(b"g3"));
        assert_eq!(cache.get(3, today, "k"), Some(Bytes::from_static(b"g3")));
        assert_eq!(cache.get(4, today, "k"), None);
        assert_eq!(cache.get(3, date!(2026 - 11 - 24), "k"), None);
        // A slow request that read generation 2 must not replace generation 3's answers.
        cache.put(2, today, "k".into(), Bytes::from_static(b"g2"));
        assert_eq!(cache.get(3, today, "k"), Some(Bytes::from_static(b"g3")));
        cache.put(4, today, "k".into(), Bytes::from_static(b"g4"));
        assert_eq!(cache.get(3, today, "k"), None);
        assert_eq!(cache.get(4, today, "k"), Some(Bytes::from_static(b"g4")));
    }

    #[test]
    fn a_disabled_cache_has_no_keys() {
        let request = async_graphql::Request::new("{ decisionStatistics { total } }");
        let cache = RegisterCache::new(true);
        let fi = UiLanguage::Fi;
        assert!(cache.key(&request, fi).is_some());
        // The second time from the memo, with the same answer.
        assert_eq!(cache.key(&request, fi), cache.key(&request, fi));
        assert!(
            cache
                .key(&async_graphql::Request::new("{ me { roles } }"), fi)
                .is_none()
        );
        assert!(
            cache
                .key(&async_graphql::Request::new("{ me { roles } }"), fi)
                .is_none()
        );
        assert!(RegisterCache::new(false).key(&request, fi).is_none());
    }

    #[test]
    fn answers_in_each_language_are_kept_apart() {
        let request = async_graphql::Request::new("{ publishedDecisions { totalCount } }");
        let cache = RegisterCache::new(true);
        assert_ne!(
            cache.key(&request, UiLanguage::Fi),
            cache.key(&request, UiLanguage::Sv)
        );
    }
}
