use std::collections::HashMap;

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use tietolupa_domain::MessageKey;
use tietolupa_store::audit::{self, AuditFilter, StoredAuditEntry};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::context::ContextExt;
use crate::{ApiError, connection, cursor};

const CURSOR_KIND: &str = "audit";

/// One entry of the hash-chained audit log.
#[derive(SimpleObject)]
pub struct AuditEntry {
    id: Uuid,
    /// Position in the chain, from 1.
    seq: i64,
    occurred_at: OffsetDateTime,
    /// Token subject of the person, `public`, or `system:<job>`.
    actor_id: String,
    /// The person's display name from their account; null for `public`, `system:<job>` and
    /// people known only by their id. Never an identity code.
    actor_name: Option<String>,
    /// The role the actor acted in (a `Role` name, e.g. `HANDLER`).
    actor_role: Option<String>,
    /// Dotted verb, e.g. `audit_log.read`.
    action: String,
    target_type: Option<String>,
    target_id: Option<String>,
    outcome: AuditOutcome,
    reason: Option<String>,
    client_address: Option<String>,
    request_id: Option<String>,
    /// Extra facts as a JSON text.
    details: Option<String>,
    previous_hash: String,
    hash: String,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::AuditOutcome")]
pub enum AuditOutcome {
    Success,
    Denied,
    Failure,
}

impl AuditEntry {
    fn new(entry: StoredAuditEntry, actor_names: &HashMap<String, String>) -> Self {
        let r = entry.record;
        AuditEntry {
            id: r.id,
            seq: r.seq,
            occurred_at: r.occurred_at,
            actor_name: actor_names.get(&r.actor_id).cloned(),
            actor_id: r.actor_id,
            actor_role: r.actor_role,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id,
            outcome: r.outcome.into(),
            reason: r.reason,
            client_address: r.client_address,
            request_id: r.request_id,
            details: r.details,
            previous_hash: entry.previous_hash,
            hash: entry.hash,
        }
    }
}

/// Narrows `auditLog`; all fields optional and combined with AND.
#[derive(InputObject, Default)]
pub struct AuditLogFilter {
    actor_id: Option<String>,
    action: Option<String>,
    target_type: Option<String>,
    target_id: Option<String>,
    outcome: Option<AuditOutcome>,
    /// Entries at or after this instant.
    from: Option<OffsetDateTime>,
    /// Entries before this instant.
    until: Option<OffsetDateTime>,
}

/// The result of verifying the whole chain.
#[derive(SimpleObject)]
pub struct AuditVerification {
    intact: bool,
    /// Entries verified (all of them when intact; those before the break otherwise).
    checked: i64,
    /// Hash of the last verified entry.
    head: String,
    first_break: Option<AuditChainBreak>,
}

/// Where and how the chain is broken.
#[derive(SimpleObject)]
pub struct AuditChainBreak {
    seq: i64,
    entry_id: Uuid,
    problem: String,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log, newest first. Auditors only; each read is itself audited.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditLogFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AuditEntry>, ApiError> {
        let first = cursor::page_size(first, 50, 200)?;
        let before_seq: Option<i64> = connection::keyset_after(CURSOR_KIND, after.as_deref())?;
        let filter = filter.unwrap_or_default();
        if let (Some(from), Some(until)) = (filter.from, filter.until)
            && from > until
        {
            return Err(ApiError::validation(
                "filter.until",
                MessageKey::UntilBeforeFrom,
            ));
        }
        let store_filter = AuditFilter {
            actor_id: filter.actor_id,
            action: filter.action,
            target_type: filter.target_type,
            target_id: filter.target_id,
            outcome: filter.outcome.map(Into::into),
            from: filter.from,
            until: filter.until,
        };
        let page = audit::list(ctx.db(), ctx.caller(), &store_filter, first, before_seq).await?;
        let names = page.actor_names;
        Ok(connection::keyset_connection(
            CURSOR_KIND,
            before_seq.is_some(),
            page.entries,
            |entry| entry.record.seq,
            |entry| AuditEntry::new(entry, &names),
        ))
    }

    /// Walks the whole chain and reports the first broken link. Auditors only.
    async fn verify_audit_log(&self, ctx: &Context<'_>) -> Result<AuditVerification, ApiError> {
        let report = audit::verify(ctx.db(), ctx.caller()).await?;
        Ok(AuditVerification {
            intact: report.is_intact(),
            checked: report.checked as i64,
            head: report.head,
            first_break: report.first_break.map(|b| AuditChainBreak {
                seq: b.seq,
                entry_id: b.id,
                problem: b.problem.to_string(),
            }),
        })
    }
}
