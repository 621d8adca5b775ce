//! The objection registry's cryptography: the keys that protect identity codes, an
//! HMAC-SHA-256 blind index to find them and an AES-256-GCM sealed copy to read them back.
//! Storage is `tietolupa_store::objections`; the cohort filter is a crate of its own
//! (`tietolupa-cohort-filter`), which never sees a key.

pub mod keys;

use std::sync::Arc;

pub use keys::{BlindIndex, BlindIndexer, Digest, ObjectionKeys, OpenError, SealedCode};

/// What the objection registry needs at run time to protect and read identity codes: the
/// keys and the identity-code policy. Cheap to clone.
#[derive(Debug, Clone)]
pub struct ObjectionCrypto {
    pub keys: Arc<ObjectionKeys>,
    pub policy: tietolupa_domain::HetuPolicy,
}

impl ObjectionCrypto {
    pub fn new(keys: ObjectionKeys, policy: tietolupa_domain::HetuPolicy) -> ObjectionCrypto {
        ObjectionCrypto {
            keys: Arc::new(keys),
            policy,
        }
    }
}
