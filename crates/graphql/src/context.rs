//! What a resolver reads from the request's context, by name:
//!
//! ```ignore
//! use crate::context::ContextExt;
//!
//! async fn permit(&self, ctx: &Context<'_>, id: Uuid) -> Result<Permit, ApiError> {
//!     Ok(Permit(permits::get(ctx.db(), ctx.caller(), id).await?))
//! }
//! ```
//!
//! Every item here is always present: [`crate::build_schema`] puts the schema-wide ones in,
//! and the HTTP layer adds the caller's [`CallContext`] to every request it executes. So
//! the reads are unchecked; a missing item is a wiring bug that fails the first test.

use async_graphql::Context;
use tietolupa_domain::application::FeeSchedule;
use tietolupa_domain::message::ReminderPolicy;
use tietolupa_objection_crypto::ObjectionCrypto;
use tietolupa_store::applications::attachments::AttachmentFiles;
use tietolupa_store::outbox::Directors;
use tietolupa_store::{CallContext, Db};

/// Typed access to the context of a resolver.
pub trait ContextExt<'a> {
    /// The store.
    fn db(&self) -> &'a Db;
    /// Who calls, from where, and when the request arrived.
    fn caller(&self) -> &'a CallContext;
    /// The objection registry's identity-code keys and policy.
    fn objection_crypto(&self) -> &'a ObjectionCrypto;
    /// The fees of the fee decree in force.
    fn fees(&self) -> &'a FeeSchedule;
    /// Where attachment files are kept.
    fn attachment_files(&self) -> &'a AttachmentFiles;
    /// Who is told that a proposal waits.
    fn directors(&self) -> &'a Directors;
    /// When reminders and deadline warnings fall due.
    fn reminders(&self) -> &'a ReminderPolicy;
    /// The output check's configured thresholds and file limits.
    fn output_check(&self) -> &'a tietolupa_store::output::OutputCheck;
}

impl<'a> ContextExt<'a> for Context<'a> {
    fn db(&self) -> &'a Db {
        self.data_unchecked::<Db>()
    }

    fn caller(&self) -> &'a CallContext {
        self.data_unchecked::<CallContext>()
    }

    fn objection_crypto(&self) -> &'a ObjectionCrypto {
        self.data_unchecked::<ObjectionCrypto>()
    }

    fn fees(&self) -> &'a FeeSchedule {
        self.data_unchecked::<FeeSchedule>()
    }

    fn attachment_files(&self) -> &'a AttachmentFiles {
        self.data_unchecked::<AttachmentFiles>()
    }

    fn directors(&self) -> &'a Directors {
        self.data_unchecked::<Directors>()
    }

    fn reminders(&self) -> &'a ReminderPolicy {
        self.data_unchecked::<ReminderPolicy>()
    }

    fn output_check(&self) -> &'a tietolupa_store::output::OutputCheck {
        self.data_unchecked::<tietolupa_store::output::OutputCheck>()
    }
}
