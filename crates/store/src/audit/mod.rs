//! The append-only, hash-chained audit log (DESIGN.md section 6).

use std::collections::{BTreeSet, HashMap};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use tietolupa_domain::MessageKey;
use tietolupa_domain::audit::BrokenLink;
use tietolupa_domain::{
    AuditOutcome, AuditRecord, ChainBreak, ChainHash, ChainVerifier, Hetu, HetuPolicy, Operation,
    Role, audit_timestamp,
};
use tietolupa_entity::{audit_chain_head, audit_entry, user_account};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::page::{self, Page};
use crate::{CallContext, Db, StoreError};

mod refusals;

pub use refusals::{
    AuditTarget, DenialReason, authorize, authorize_on, guard, record_denial, record_refusal,
    role_for,
};

pub(crate) const CHAIN: &str = "main";

/// Every action the server writes to the log, sorted. The auditor's page names each of them
/// in fi, sv and en (`auditor.action.*` in web/src/features/auditor/messages.ts); its vitest reads this list,
/// and [`append`] refuses, in debug builds, an action missing from it, so a new action
/// cannot reach the log without a readable name.
pub const AUDIT_ACTIONS: &[&str] = &[
    "access_log.read",
    "application.add_attachment",
    "application.add_remark",
    "application.answer_information",
    "application.create",
    "application.decide",
    "application.extend_deadline",
    "application.list_mine",
    "application.propose",
    "application.queue",
    "application.read",
    "application.request_information",
    "application.resolve_information_item",
    "application.retention_delete",
    "application.return_for_preparation",
    "application.submit",
    "application.take",
    "application.update",
    "application.withdraw",
    "attachment.download",
    "audit_log.read",
    "audit_log.verify",
    "catalogue.export",
    "cohort_filter.finish",
    "cohort_filter.start",
    "decision_document.download",
    "delivery_order.cancel",
    "delivery_order.create",
    "delivery_order.deliver",
    "delivery_order.list",
    "delivery_order.overdue_reminders_queued",
    "delivery_order.preparation_finish",
    "delivery_order.preparation_start",
    "delivery_order.prepare",
    "delivery_order.read",
    "delivery_order.receive",
    "messages.reminders_queued",
    "objection.export",
    "objection.file",
    "objection.list_own",
    "objection.read",
    "objection.record",
    "objection.reindex",
    "objection.withdraw",
    "organisation.contact.add",
    "organisation.contact.remove",
    "organisation.contact.update",
    "organisation.contact_data.purge",
    "organisation.contacts.read",
    "organisation.create",
    "organisation.end_relationship",
    "organisation.list",
    "organisation.read",
    "organisation.update",
    "outbox.dead_letters.read",
    "outbox.retry",
    "output_file.download",
    "output_request.approve",
    "output_request.confirm_approval",
    "output_request.list",
    "output_request.read",
    "output_request.reject",
    "output_request.release",
    "output_request.request_changes",
    "output_request.resubmit",
    "output_request.start_review",
    "output_request.submit",
    "permit.amend",
    "permit.combine",
    "permit.confirm_data_destruction",
    "permit.credential_download",
    "permit.credential_issue",
    "permit.expire",
    "permit.expiry_reminders_queued",
    "permit.read",
    "permit.revoke",
    "permit.set_output_check_thresholds",
    "processing_environment.register",
    "processing_environment.update",
    "public_register.export",
    "public_register.read",
    "public_register.search",
    "public_register.statistics",
    "seed.demo_cases",
    "seed.demo_data",
    "seed.demo_decisions",
    "seed.reference_data",
    "session.end",
    "session.end_others",
    "session.end_refresh_failed",
    "session.end_roles_changed",
    "session.logout",
    "session.sign_in",
];

/// What happened, as the command that did it describes it. The caller's identity and
/// origin come from the [`CallContext`].
#[derive(Debug, Clone)]
pub struct AuditEvent {
    /// Dotted verb: `application.submit`, `audit_log.read`.
    pub action: &'static str,
    /// The role the actor acted in.
    pub role: Option<Role>,
    pub target_type: Option<&'static str>,
    pub target_id: Option<String>,
    pub outcome: AuditOutcome,
    pub reason: Option<String>,
    /// Facts worth keeping (counts, changed fields), never identity codes.
    pub details: Option<serde_json::Value>,
}

impl AuditEvent {
    pub fn success(action: &'static str, role: Option<Role>) -> AuditEvent {
        AuditEvent {
            action,
            role,
            target_type: None,
            target_id: None,
            outcome: AuditOutcome::Success,
            reason: None,
            details: None,
        }
    }

    pub fn target(mut self, target_type: &'static str, target_id: impl Into<String>) -> Self {
        self.target_type = Some(target_type);
        self.target_id = Some(target_id.into());
        self
    }

    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn outcome(mut self, outcome: AuditOutcome) -> Self {
        self.outcome = outcome;
        self
    }
}

/// An entry as stored: its content and both links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAuditEntry {
    pub record: AuditRecord,
    pub previous_hash: String,
    pub hash: String,
}

/// Appends an entry inside the caller's transaction, so it commits (or rolls back) with
/// the action it records.
///
/// Bumping the chain head first takes a row lock (PostgreSQL) or relies on the write
/// transaction (SQLite), so concurrent appenders line up and the chain never forks.
pub(crate) async fn append<C: ConnectionTrait>(
    conn: &C,
    ctx: &CallContext,
    event: AuditEvent,
) -> Result<AuditRecord, StoreError> {
    // The store's own chain tests append made-up `test.*` actions.
    debug_assert!(
        AUDIT_ACTIONS.binary_search(&event.action).is_ok()
            || (cfg!(test) && event.action.starts_with("test.")),
        "audit action {} is missing from AUDIT_ACTIONS (and from the auditor's readable names)",
        event.action
    );
    audit_chain_head::Entity::update_many()
        .col_expr(
            audit_chain_head::Column::LastSeq,
            Expr::col(audit_chain_head::Column::LastSeq).add(1),
        )
        .filter(audit_chain_head::Column::Chain.eq(CHAIN))
        .exec(conn)
        .await?;
    let head = audit_chain_head::Entity::find_by_id(CHAIN.to_owned())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "audit chain head",
        })?;
    let previous = ChainHash::from_hex(&head.last_hash).ok_or_else(|| StoreError::Conflict {
        message: MessageKey::AuditChainCorrupt,
    })?;
    let record = AuditRecord {
        id: Uuid::now_v7(),
        seq: head.last_seq,
        occurred_at: audit_timestamp(ctx.at),
        actor_id: ctx.actor.id.clone(),
        actor_role: event.role.map(|r| r.as_str().to_owned()),
        action: event.action.to_owned(),
        target_type: event.target_type.map(str::to_owned),
        target_id: event.target_id,
        outcome: event.outcome,
        reason: event.reason,
        client_address: ctx.client_address.clone(),
        request_id: ctx.request_id.clone(),
        details: event.details.map(|d| d.to_string()),
    };
    let hash = record.chain_hash(&previous);
    let leaf = tietolupa_audit_proof::leaf_hash(&record.leaf_data());
    audit_entry::Entity::insert(to_active_model(&record, &previous, &hash, &leaf))
        .exec_without_returning(conn)
        .await?;
    // The leaf joins the tree in this transaction, and the frontier rides on the UPDATE
    // the chain needs anyway: one more statement only when the leaf completes a subtree.
    let mut head_update = audit_chain_head::Entity::update_many().col_expr(
        audit_chain_head::Column::LastHash,
        Expr::value(hash.to_hex()),
    );
    if let Some((size, frontier)) = crate::audit_tree::extend(conn, &head, leaf).await? {
        head_update = head_update
            .col_expr(audit_chain_head::Column::TreeSize, Expr::value(size))
            .col_expr(
                audit_chain_head::Column::TreeFrontier,
                Expr::value(frontier),
            );
    }
    head_update
        .filter(audit_chain_head::Column::Chain.eq(CHAIN))
        .exec(conn)
        .await?;
    Ok(record)
}

fn to_active_model(
    record: &AuditRecord,
    previous: &ChainHash,
    hash: &ChainHash,
    leaf: &tietolupa_audit_proof::Hash,
) -> audit_entry::ActiveModel {
    audit_entry::ActiveModel {
        id: Set(record.id),
        seq: Set(record.seq),
        occurred_at: Set(record.occurred_at),
        actor_id: Set(record.actor_id.clone()),
        actor_role: Set(record.actor_role.clone()),
        action: Set(record.action.clone()),
        target_type: Set(record.target_type.clone()),
        target_id: Set(record.target_id.clone()),
        outcome: Set(record.outcome.as_str().to_owned()),
        reason: Set(record.reason.clone()),
        client_address: Set(record.client_address.clone()),
        request_id: Set(record.request_id.clone()),
        details: Set(record.details.clone()),
        previous_hash: Set(previous.to_hex()),
        hash: Set(hash.to_hex()),
        leaf_hash: Set(Some(leaf.to_hex())),
    }
}

/// The row's content, or `None` when a column holds a value no writer could have stored
/// (which only tampering produces).
pub(crate) fn to_stored(model: audit_entry::Model) -> Result<StoredAuditEntry, (i64, Uuid)> {
    let outcome = AuditOutcome::parse(&model.outcome).ok_or((model.seq, model.id))?;
    Ok(StoredAuditEntry {
        record: AuditRecord {
            id: model.id,
            seq: model.seq,
            occurred_at: model.occurred_at,
            actor_id: model.actor_id,
            actor_role: model.actor_role,
            action: model.action,
            target_type: model.target_type,
            target_id: model.target_id,
            outcome,
            reason: model.reason,
            client_address: model.client_address,
            request_id: model.request_id,
            details: model.details,
        },
        previous_hash: model.previous_hash,
        hash: model.hash,
    })
}

/// Narrows [`list`]; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<String>,
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: Option<AuditOutcome>,
    pub from: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
}

/// A page of the log with the names of the people who acted in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLogPage {
    pub entries: Page<StoredAuditEntry>,
    /// Display names by actor id, for the actors the system knows as people. `public`,
    /// `system:<job>` and people known only by their id have none.
    pub actor_names: HashMap<String, String>,
}

/// Lists entries newest first, `first` at a time, strictly before the entry `before_seq`,
/// with the actors' names read in one query for the whole page. The read itself is audited.
#[tracing::instrument(skip_all, fields(first = first, before_seq = ?before_seq))]
pub async fn list(
    db: &Db,
    ctx: &CallContext,
    filter: &AuditFilter,
    first: u64,
    before_seq: Option<i64>,
) -> Result<AuditLogPage, StoreError> {
    let role = authorize(db, ctx, Operation::ViewAuditLog, "audit_log.read").await?;
    let txn = db.begin_write().await?;
    let mut query = audit_entry::Entity::find();
    if let Some(actor_id) = &filter.actor_id {
        query = query.filter(audit_entry::Column::ActorId.eq(actor_id.as_str()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_entry::Column::Action.eq(action.as_str()));
    }
    if let Some(target_type) = &filter.target_type {
        query = query.filter(audit_entry::Column::TargetType.eq(target_type.as_str()));
    }
    if let Some(target_id) = &filter.target_id {
        query = query.filter(audit_entry::Column::TargetId.eq(target_id.as_str()));
    }
    if let Some(outcome) = filter.outcome {
        query = query.filter(audit_entry::Column::Outcome.eq(outcome.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_entry::Column::OccurredAt.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_entry::Column::OccurredAt.lt(until));
    }
    if let Some(seq) = before_seq {
        query = query.filter(audit_entry::Column::Seq.lt(seq));
    }
    let page = page::fetch(query.order_by_desc(audit_entry::Column::Seq), &txn, first).await?;
    // A row no writer could have stored stays out of the list; `verify` reports it.
    let has_next = page.has_next;
    let items: Vec<StoredAuditEntry> = page
        .items
        .into_iter()
        .filter_map(|m| to_stored(m).ok())
        .collect();
    let actor_names = actor_names(&txn, &items).await?;
    append(
        &txn,
        ctx,
        AuditEvent::success("audit_log.read", Some(role)).details(serde_json::json!({
            "actorId": filter.actor_id,
            "action": filter.action,
            "targetType": filter.target_type,
            "targetId": filter.target_id,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(AuditLogPage {
        entries: Page { items, has_next },
        actor_names,
    })
}

/// The display names of the page's actors from their accounts. A name that is only the
/// account's id (a provider that sent no name) says nothing more than the id, and a name
/// carrying a personal identity code is never shown.
async fn actor_names<C: ConnectionTrait>(
    conn: &C,
    entries: &[StoredAuditEntry],
) -> Result<HashMap<String, String>, StoreError> {
    let subjects: BTreeSet<&str> = entries
        .iter()
        .map(|e| e.record.actor_id.as_str())
        .filter(|id| *id != "public" && !id.starts_with("system:"))
        .collect();
    if subjects.is_empty() {
        return Ok(HashMap::new());
    }
    let accounts = user_account::Entity::find()
        .filter(user_account::Column::Subject.is_in(subjects))
        .all(conn)
        .await?;
    Ok(accounts
        .into_iter()
        .filter(|a| {
            let name = a.display_name.trim();
            !name.is_empty() && name != a.subject && !carries_identity_code(name)
        })
        .map(|a| (a.subject, a.display_name.trim().to_owned()))
        .collect())
}

fn carries_identity_code(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        .any(|word| Hetu::parse(word, HetuPolicy::ALLOW_TEMPORARY).is_ok())
}

/// The result of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationReport {
    /// Entries that verified before the first break (all of them when intact).
    pub checked: u64,
    #[serde(skip)]
    pub first_break: Option<ChainBreak>,
    /// Hash of the last entry that verified.
    pub head: String,
}

impl VerificationReport {
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }
}

const VERIFY_BATCH: u64 = 1_000;

/// Walks the chain from the first entry, in constant memory, stopping at the first
/// broken link, as the system (`tietolupa audit verify`): unaudited, for an operator with
/// the database in hand.
#[tracing::instrument(skip_all)]
pub async fn verify_chain(db: &Db) -> Result<VerificationReport, StoreError> {
    walk_chain(db.conn()).await
}

/// The walk of [`verify_chain`], on the connection of the caller's transaction.
async fn walk_chain<C: ConnectionTrait>(conn: &C) -> Result<VerificationReport, StoreError> {
    let mut verifier = ChainVerifier::new();
    let mut after = 0i64;
    loop {
        let batch = audit_entry::Entity::find()
            .filter(audit_entry::Column::Seq.gt(after))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(VERIFY_BATCH)
            .all(conn)
            .await?;
        let done = (batch.len() as u64) < VERIFY_BATCH;
        for model in batch {
            after = model.seq;
            let outcome = match to_stored(model) {
                Ok(entry) => verifier.check(&entry.record, &entry.previous_hash, &entry.hash),
                Err((seq, id)) => Err(ChainBreak {
                    seq,
                    id,
                    problem: BrokenLink::ContentAltered,
                }),
            };
            if let Err(broken) = outcome {
                return Ok(VerificationReport {
                    checked: verifier.checked(),
                    first_break: Some(broken),
                    head: verifier.head().to_hex(),
                });
            }
        }
        if done {
            break;
        }
    }
    Ok(VerificationReport {
        checked: verifier.checked(),
        first_break: None,
        head: verifier.head().to_hex(),
    })
}

/// `verifyAuditLog` for an auditor; the verification is audited with its result.
#[tracing::instrument(skip_all)]
pub async fn verify(db: &Db, ctx: &CallContext) -> Result<VerificationReport, StoreError> {
    let role = authorize(db, ctx, Operation::VerifyAuditLog, "audit_log.verify").await?;
    let txn = db.begin_write().await?;
    let report = walk_chain(&txn).await?;
    let details = serde_json::json!({
        "checked": report.checked,
        "intact": report.is_intact(),
        "firstBrokenSeq": report.first_break.as_ref().map(|b| b.seq),
    });
    append(
        &txn,
        ctx,
        AuditEvent::success("audit_log.verify", Some(role)).details(details),
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

/// How many entries the chain holds (its head's position).
pub async fn chain_length(db: &Db) -> Result<i64, StoreError> {
    let head = audit_chain_head::Entity::find_by_id(CHAIN.to_owned())
        .one(db.conn())
        .await?
        .ok_or(StoreError::NotFound {
            entity: "audit chain head",
        })?;
    Ok(head.last_seq)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::{AUDIT_ACTIONS, carries_identity_code};

    /// Dotted lower-case literals in the store's code that name something else than an
    /// action (a field path in a validation problem).
    const NOT_ACTIONS: &[&str] = &["token.hetu"];

    fn dotted_literals(source: &str, into: &mut BTreeSet<String>) {
        for (i, piece) in source.split('"').enumerate() {
            // Odd pieces sit between a pair of quotes; a quote inside a char literal or an
            // escape only shifts pairs onto text with spaces or capitals, which never match.
            let looks_like_action = i % 2 == 1
                && piece.contains('.')
                && !piece.starts_with('.')
                && !piece.ends_with('.')
                && !piece.contains("..")
                && piece
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
            if looks_like_action {
                into.insert(piece.to_owned());
            }
        }
    }

    fn scan(dir: &Path, into: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "tests") {
                    scan(&path, into);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut source = std::fs::read_to_string(&path).unwrap();
                if path.ends_with("src/audit/mod.rs") {
                    // The list itself would vouch for every name in it.
                    let start = source.find("pub const AUDIT_ACTIONS").unwrap();
                    let end = start + source[start..].find("];").unwrap();
                    source.replace_range(start..end, "");
                }
                dotted_literals(&source, into);
            }
        }
    }

    #[test]
    fn audit_actions_are_sorted_and_unique() {
        assert!(AUDIT_ACTIONS.windows(2).all(|w| w[0] < w[1]));
    }

    /// The runtime check in `append` only sees actions some test performs; this one reads
    /// the code, so an action no test reaches cannot slip past the list either.
    #[test]
    fn every_action_in_the_code_is_listed_and_every_listed_one_is_in_the_code() {
        let mut found = BTreeSet::new();
        scan(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        // Delivery orders name their actions through the domain's `DeliveryStep`; the store
        // writes `step.audit_action()`, so the names live in that one domain file.
        let domain_steps =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/src/delivery/order.rs");
        dotted_literals(&std::fs::read_to_string(domain_steps).unwrap(), &mut found);
        for other in NOT_ACTIONS {
            assert!(found.remove(*other), "{other} is no longer in the code");
        }
        let listed: BTreeSet<String> = AUDIT_ACTIONS.iter().map(|a| (*a).to_owned()).collect();
        let unlisted: Vec<_> = found.difference(&listed).collect();
        let stale: Vec<_> = listed.difference(&found).collect();
        assert!(
            unlisted.is_empty(),
            "add these to AUDIT_ACTIONS and give them readable names in \
             web/src/features/auditor/messages.ts: {unlisted:?}"
        );
        assert!(stale.is_empty(), "no code writes these any more: {stale:?}");
    }

    #[test]
    fn a_name_carrying_an_identity_code_is_recognised() {
        assert!(carries_identity_code("010180-9004"));
        assert!(carries_identity_code("Maija Meikäläinen (010180-9004)"));
        assert!(!carries_identity_code("Maija Meikäläinen"));
        assert!(!carries_identity_code("demo-citizen"));
    }
}
