//! What handlers share, in a module of its own so that handler modules and the router
//! both depend on it rather than on each other.

use std::sync::Arc;

use tietolupa_auth::{DevIssuer, Verifier};
use tietolupa_graphql::AppSchema;
use tietolupa_objection_crypto::ObjectionCrypto;
use tietolupa_store::Db;
use tietolupa_store::applications::attachments::AttachmentFiles;

use crate::metrics::Metrics;
use crate::register_cache::RegisterCache;

/// What handlers share: one pointer, cloned for every extractor and middleware of every
/// request (a clone of the parts themselves allocated, for the paths and key names some of
/// them hold).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub db: Db,
    /// Where users reach the server, without a trailing slash: the base of the open-data
    /// catalogue's IRIs.
    pub public_url: Arc<str>,
    pub objection_crypto: ObjectionCrypto,
    pub schema: AppSchema,
    pub verifier: Arc<Verifier>,
    /// Present only in dev mode.
    pub dev_issuer: Option<Arc<DevIssuer>>,
    pub files: AttachmentFiles,
    /// The output check's thresholds and the largest result file.
    pub output_check: tietolupa_store::output::OutputCheck,
    pub metrics: Arc<Metrics>,
    pub register_cache: Arc<RegisterCache>,
    /// OpenID Connect providers and session settings.
    pub sign_in: Arc<crate::sign_in::SignIn>,
    /// The master pseudonymisation key for preparation runs; none when the secrets file
    /// has no `[pseudonymisation]` ring (allowed in dev only).
    pub pseudonymisation: Option<Arc<tietolupa_preparation::MasterKey>>,
}
