//! Sign-in sessions (docs/operations.md "Sign-in").
//!
//! The browser's cookie holds a random 256-bit value; the row holds only its SHA-256, so a
//! copy of the database gives no live cookie. A citizen's identity code is kept as a blind
//! index and a copy sealed under the identity-code keys with the session's id as associated
//! data; the provider's refresh token is sealed the same way. Neither is ever stored plain.

pub mod attempts;
mod cache;

pub use cache::SessionCache;

use std::collections::BTreeSet;

use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};
use tietolupa_domain::sign_in::{SessionState, SessionTimeouts};
use tietolupa_domain::{Actor, AuditOutcome, Hetu, IdentityCodeClaim, Role, SealedIdentityCode};
use tietolupa_entity::{user_account, user_session as row};
use tietolupa_objection_crypto::{ObjectionCrypto, SealedCode};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{AuditEvent, append};
use crate::{CallContext, Db, StoreError};
use cache::CachedSession;

pub(crate) fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The cookie's value: shown to the browser once, never stored.
pub struct SessionToken(String);

impl SessionToken {
    fn random() -> SessionToken {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        SessionToken(hex::encode(bytes))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken([redacted])")
    }
}

/// Who signed in, as the provider said and our rules mapped it.
pub struct NewSession {
    pub subject: String,
    pub provider: String,
    pub roles: BTreeSet<Role>,
    pub display_name: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub language: String,
    /// Validated already; sealed here and never stored plain.
    pub identity_code: Option<Hetu>,
    pub refresh_token: Option<String>,
    pub user_agent: Option<String>,
}

/// A live session, as a request sees it.
#[derive(Clone)]
pub struct ActiveSession {
    pub id: Uuid,
    pub subject: String,
    pub provider: String,
    pub roles: BTreeSet<Role>,
    pub display_name: Option<String>,
    pub identity_code: Option<SealedIdentityCode>,
    pub roles_checked_at: OffsetDateTime,
    refresh_token: Option<SealedCode>,
}

impl std::fmt::Debug for ActiveSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActiveSession")
            .field("id", &self.id)
            .field("subject", &self.subject)
            .field("provider", &self.provider)
            .field("roles", &self.roles)
            .finish_non_exhaustive()
    }
}

impl ActiveSession {
    /// The actor of a request made with this session.
    pub fn actor(&self) -> Actor {
        Actor::person(
            self.subject.clone(),
            self.display_name.clone(),
            self.roles.iter().copied(),
            self.identity_code.clone().map(IdentityCodeClaim::Sealed),
        )
    }

    pub fn has_refresh_token(&self) -> bool {
        self.refresh_token.is_some()
    }

    /// The provider's refresh token, opened for one refresh.
    pub fn refresh_token(&self, crypto: &ObjectionCrypto) -> Option<String> {
        let sealed = self.refresh_token.as_ref()?;
        let bytes = crypto
            .keys
            .open_bytes(sealed, &refresh_context(self.id))
            .ok()?;
        String::from_utf8(bytes).ok()
    }
}

/// A session as its owner lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    pub id: Uuid,
    pub provider: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub idle_expires_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
    pub user_agent: Option<String>,
}

/// Why a session ended; the `end_reason` column and the audit entry's reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    Logout,
    EndedByUser,
    Idle,
    Absolute,
    RolesChanged,
    RefreshFailed,
    /// A new sign-in in the same browser replaced it.
    Rotated,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Logout => "logout",
            EndReason::EndedByUser => "ended_by_user",
            EndReason::Idle => "idle",
            EndReason::Absolute => "absolute",
            EndReason::RolesChanged => "roles_changed",
            EndReason::RefreshFailed => "refresh_failed",
            EndReason::Rotated => "rotated",
        }
    }

    /// Audited: what a person did, or what ended a session against their will.
    fn audit_action(self) -> Option<&'static str> {
        match self {
            EndReason::Logout => Some("session.logout"),
            EndReason::EndedByUser => Some("session.end"),
            EndReason::RolesChanged => Some("session.end_roles_changed"),
            EndReason::RefreshFailed => Some("session.end_refresh_failed"),
            EndReason::Idle | EndReason::Absolute | EndReason::Rotated => None,
        }
    }
}

fn refresh_context(id: Uuid) -> Vec<u8> {
    format!("tietolupa/user_session/{id}/refresh_token").into_bytes()
}

fn roles_json(roles: &BTreeSet<Role>) -> serde_json::Value {
    serde_json::json!(roles.iter().map(|r| r.as_str()).collect::<Vec<_>>())
}

fn roles_of(value: &serde_json::Value) -> BTreeSet<Role> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r.as_str()?.parse().ok())
        .collect()
}

/// Starts a session: ends the one the browser still had (rotation), writes the new row,
/// creates or updates the user's account (address, name, organisation and language for
/// messages), and audits the sign-in, in one transaction.
#[tracing::instrument(skip_all, fields(provider = %session.provider))]
pub async fn start(
    db: &Db,
    ctx: &CallContext,
    crypto: &ObjectionCrypto,
    timeouts: &SessionTimeouts,
    session: NewSession,
    previous_token: Option<&str>,
) -> Result<SessionToken, StoreError> {
    let token = SessionToken::random();
    let id = Uuid::now_v7();
    let at = ctx.at;
    let (index, sealed) = match &session.identity_code {
        Some(hetu) => (
            Some(crypto.keys.blind_index(hetu)),
            Some(crypto.keys.seal(hetu, &SealedIdentityCode::context(id))),
        ),
        None => (None, None),
    };
    let refresh = session
        .refresh_token
        .as_ref()
        .map(|t| crypto.keys.seal_bytes(t.as_bytes(), &refresh_context(id)));
    let txn = db.begin_write().await?;
    if let Some(previous) = previous_token {
        end_where(
            &txn,
            row::Column::TokenHash.eq(sha256_hex(previous)),
            EndReason::Rotated,
            at,
        )
        .await?;
    }
    row::Entity::insert(row::ActiveModel {
        id: Set(id),
        token_hash: Set(sha256_hex(token.expose())),
        subject: Set(session.subject.clone()),
        provider: Set(session.provider.clone()),
        roles: Set(roles_json(&session.roles)),
        display_name: Set(session.display_name.clone()),
        organisation: Set(session.organisation.clone()),
        email: Set(session.email.clone()),
        language: Set(session.language.clone()),
        identity_index_key_id: Set(index.as_ref().map(|i| i.key_id.clone())),
        identity_blind_index: Set(index.as_ref().map(|i| i.to_hex())),
        identity_sealed_key_id: Set(sealed.as_ref().map(|s| s.key_id.clone())),
        identity_sealed: Set(sealed.map(|s| s.bytes)),
        refresh_sealed_key_id: Set(refresh.as_ref().map(|s| s.key_id.clone())),
        refresh_sealed: Set(refresh.map(|s| s.bytes)),
        created_at: Set(at),
        last_seen_at: Set(at),
        idle_expires_at: Set(timeouts.idle_expiry(at)),
        absolute_expires_at: Set(timeouts.absolute_expiry(at)),
        roles_checked_at: Set(at),
        user_agent: Set(session.user_agent.clone()),
        ended_at: Set(None),
        end_reason: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    upsert_account(&txn, &session, at).await?;
    let signed_in = CallContext {
        actor: Actor::person(session.subject.clone(), None, session.roles.clone(), None),
        ..ctx.clone()
    };
    append(
        &txn,
        &signed_in,
        AuditEvent::success("session.sign_in", session.roles.iter().next().copied())
            .target("session", id.to_string())
            .details(serde_json::json!({ "provider": session.provider })),
    )
    .await?;
    txn.commit().await?;
    if let Some(previous) = previous_token {
        db.session_cache().forget_token(&sha256_hex(previous));
    }
    Ok(token)
}

async fn upsert_account<C: ConnectionTrait>(
    conn: &C,
    session: &NewSession,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    let existing = user_account::Entity::find()
        .filter(user_account::Column::Subject.eq(session.subject.as_str()))
        .one(conn)
        .await?;
    let name = session
        .display_name
        .clone()
        .unwrap_or_else(|| session.subject.clone());
    let roles = roles_json(&session.roles);
    match existing {
        Some(account) => {
            let mut update = user_account::ActiveModel {
                id: Set(account.id),
                display_name: Set(name),
                roles: Set(roles),
                language: Set(Some(session.language.clone())),
                updated_at: Set(at),
                ..Default::default()
            };
            // A provider that sends no address or organisation leaves the known one.
            if session.email.is_some() {
                update.email = Set(session.email.clone());
            }
            if session.organisation.is_some() {
                update.organisation = Set(session.organisation.clone());
            }
            user_account::Entity::update(update).exec(conn).await?;
        }
        None => {
            user_account::Entity::insert(user_account::ActiveModel {
                id: Set(Uuid::now_v7()),
                subject: Set(session.subject.clone()),
                display_name: Set(name),
                email: Set(session.email.clone()),
                organisation: Set(session.organisation.clone()),
                roles: Set(roles),
                is_demo: Set(false),
                language: Set(Some(session.language.clone())),
                created_at: Set(at),
                updated_at: Set(at),
            })
            .exec_without_returning(conn)
            .await?;
        }
    }
    Ok(())
}

/// The live session of a cookie, or `None`. A session past its idle or absolute expiry is
/// ended here. `last_seen_at` (and so the idle expiry) moves at most once per the
/// timeouts' touch interval, so most requests only read; with the session cache on
/// (`Db::with_session_cache`), most do not even read.
///
/// While the primary is down, a session not in the cache is [`StoreError::Unavailable`] at
/// once (`Db::on_primary`): every signed-in request starts here, and none should wait for
/// the pool's acquire timeout.
pub async fn resolve(
    db: &Db,
    token: &str,
    timeouts: &SessionTimeouts,
    at: OffsetDateTime,
) -> Result<Option<ActiveSession>, StoreError> {
    let token_hash = sha256_hex(token);
    let cache = db.session_cache();
    if let Some(hit) = cache.get(&token_hash) {
        let live = SessionTimeouts::state(hit.idle_expires_at, hit.absolute_expires_at, at)
            == SessionState::Live;
        if live && !timeouts.should_touch(hit.last_seen_at, at) {
            return Ok(Some(hit.session));
        }
    }
    db.on_primary(resolve_on_primary(db, token_hash, timeouts, at))
        .await
}

async fn resolve_on_primary(
    db: &Db,
    token_hash: String,
    timeouts: &SessionTimeouts,
    at: OffsetDateTime,
) -> Result<Option<ActiveSession>, StoreError> {
    let cache = db.session_cache();
    let generation = cache.generation();
    let Some(model) = row::Entity::find()
        .filter(row::Column::TokenHash.eq(token_hash.as_str()))
        .filter(row::Column::EndedAt.is_null())
        .one(db.conn())
        .await
        .map_err(|e| db.primary_failed(e))?
    else {
        cache.drop_stale(&token_hash);
        return Ok(None);
    };
    match SessionTimeouts::state(model.idle_expires_at, model.absolute_expires_at, at) {
        SessionState::Live => {}
        expired => {
            let reason = if expired == SessionState::IdleExpired {
                EndReason::Idle
            } else {
                EndReason::Absolute
            };
            end_where(db.conn(), row::Column::Id.eq(model.id), reason, at).await?;
            cache.drop_stale(&token_hash);
            return Ok(None);
        }
    }
    let (mut last_seen_at, mut idle_expires_at) = (model.last_seen_at, model.idle_expires_at);
    if timeouts.should_touch(model.last_seen_at, at) {
        last_seen_at = at;
        idle_expires_at = Ord::min(timeouts.idle_expiry(at), model.absolute_expires_at);
        row::Entity::update_many()
            .col_expr(row::Column::LastSeenAt, Expr::value(last_seen_at))
            .col_expr(row::Column::IdleExpiresAt, Expr::value(idle_expires_at))
            .filter(row::Column::Id.eq(model.id))
            .exec(db.conn())
            .await?;
    }
    let identity_code = match (model.identity_sealed_key_id, model.identity_sealed) {
        (Some(key_id), Some(bytes)) => Some(SealedIdentityCode {
            session_id: model.id,
            key_id,
            bytes,
        }),
        _ => None,
    };
    let refresh_token = match (model.refresh_sealed_key_id, model.refresh_sealed) {
        (Some(key_id), Some(bytes)) => Some(SealedCode { key_id, bytes }),
        _ => None,
    };
    let session = ActiveSession {
        id: model.id,
        roles: roles_of(&model.roles),
        subject: model.subject,
        provider: model.provider,
        display_name: model.display_name,
        identity_code,
        roles_checked_at: model.roles_checked_at,
        refresh_token,
    };
    cache.put(
        token_hash,
        CachedSession {
            session: session.clone(),
            last_seen_at,
            idle_expires_at,
            absolute_expires_at: model.absolute_expires_at,
        },
        generation,
    );
    Ok(Some(session))
}

/// The roles were checked with the provider and are unchanged; a rotated refresh token
/// replaces the old one.
pub async fn roles_confirmed(
    db: &Db,
    crypto: &ObjectionCrypto,
    id: Uuid,
    refresh_token: Option<&str>,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    let mut update = row::Entity::update_many()
        .col_expr(row::Column::RolesCheckedAt, Expr::value(at))
        .filter(row::Column::Id.eq(id));
    if let Some(token) = refresh_token {
        let sealed = crypto
            .keys
            .seal_bytes(token.as_bytes(), &refresh_context(id));
        update = update
            .col_expr(row::Column::RefreshSealedKeyId, Expr::value(sealed.key_id))
            .col_expr(row::Column::RefreshSealed, Expr::value(sealed.bytes));
    }
    update.exec(db.conn()).await?;
    db.session_cache().forget_session(id);
    Ok(())
}

/// Ends one session of the caller's (by its id), with its audit entry. `false` when the
/// caller has no such live session.
#[tracing::instrument(skip_all, fields(session_id = %id, reason = reason.as_str()))]
pub async fn end(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    reason: EndReason,
) -> Result<bool, StoreError> {
    let txn = db.begin_write().await?;
    let ended = end_where(
        &txn,
        row::Column::Id
            .eq(id)
            .and(row::Column::Subject.eq(ctx.actor.id.as_str())),
        reason,
        ctx.at,
    )
    .await?;
    if ended > 0
        && let Some(action) = reason.audit_action()
    {
        append(
            &txn,
            ctx,
            AuditEvent::success(action, None)
                .target("session", id.to_string())
                .reason(reason.as_str()),
        )
        .await?;
    }
    txn.commit().await?;
    db.session_cache().forget_session(id);
    Ok(ended > 0)
}

/// Ends every live session of the caller but `keep`; how many ended.
#[tracing::instrument(skip_all, fields(session_id = %keep))]
pub async fn end_others(db: &Db, ctx: &CallContext, keep: Uuid) -> Result<u64, StoreError> {
    let txn = db.begin_write().await?;
    let ended = end_where(
        &txn,
        row::Column::Subject
            .eq(ctx.actor.id.as_str())
            .and(row::Column::Id.ne(keep)),
        EndReason::EndedByUser,
        ctx.at,
    )
    .await?;
    if ended > 0 {
        append(
            &txn,
            ctx,
            AuditEvent::success("session.end_others", None)
                .target("session", keep.to_string())
                .details(serde_json::json!({ "ended": ended })),
        )
        .await?;
    }
    txn.commit().await?;
    db.session_cache()
        .forget_subject_except(ctx.actor.id.as_str(), keep);
    Ok(ended)
}

async fn end_where<C: ConnectionTrait>(
    conn: &C,
    which: impl sea_orm::sea_query::IntoCondition,
    reason: EndReason,
    at: OffsetDateTime,
) -> Result<u64, StoreError> {
    let result = row::Entity::update_many()
        .col_expr(row::Column::EndedAt, Expr::value(at))
        .col_expr(row::Column::EndReason, Expr::value(reason.as_str()))
        .filter(which)
        .filter(row::Column::EndedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// The caller's live sessions, newest first.
pub async fn list_own(db: &Db, ctx: &CallContext) -> Result<Vec<SessionView>, StoreError> {
    let models = row::Entity::find()
        .filter(row::Column::Subject.eq(ctx.actor.id.as_str()))
        .filter(row::Column::EndedAt.is_null())
        .filter(row::Column::IdleExpiresAt.gt(ctx.at))
        .filter(row::Column::AbsoluteExpiresAt.gt(ctx.at))
        .order_by_desc(row::Column::CreatedAt)
        .all(db.conn())
        .await?;
    Ok(models
        .into_iter()
        .map(|m| SessionView {
            id: m.id,
            provider: m.provider,
            created_at: m.created_at,
            last_seen_at: m.last_seen_at,
            idle_expires_at: m.idle_expires_at,
            absolute_expires_at: m.absolute_expires_at,
            user_agent: m.user_agent,
        })
        .collect())
}

/// Records a refused sign-in: the reason only, never a code, token or identity code.
#[tracing::instrument(skip_all, fields(reason = reason))]
pub async fn record_refused_sign_in(
    db: &Db,
    ctx: &CallContext,
    provider: Option<&str>,
    reason: &'static str,
) -> Result<(), StoreError> {
    let txn = db.begin_write().await?;
    append(
        &txn,
        ctx,
        AuditEvent::success("session.sign_in", None)
            .outcome(AuditOutcome::Denied)
            .reason(reason)
            .details(serde_json::json!({ "provider": provider })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
