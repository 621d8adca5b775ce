//! The objection registry's machinery that is neither storage nor API: the keys that
//! protect identity codes, and the streaming cohort filter shared by the `tietolupa
//! cohort-filter` command, `POST /api/cohort-filter` and the benchmark.

pub mod cohort;
pub mod keys;

use std::sync::Arc;

pub use cohort::{CohortReport, FilterError, FilterOptions, ObjectorSet, PackedCodes, filter};
pub use keys::{BlindIndex, BlindIndexer, Digest, OpenError, RegistryKeys, SealedCode};
pub use tietolupa_domain::HetuPolicy;

/// What the registry needs at run time: the keys and the identity-code policy. Cheap to
/// clone.
#[derive(Debug, Clone)]
pub struct Registry {
    pub keys: Arc<RegistryKeys>,
    pub policy: HetuPolicy,
}

impl Registry {
    pub fn new(keys: RegistryKeys, policy: HetuPolicy) -> Registry {
        Registry {
            keys: Arc::new(keys),
            policy,
        }
    }
}
