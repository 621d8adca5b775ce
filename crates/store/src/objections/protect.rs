//! Identity codes in and out of storage: parsed at once, kept only as blind indexes and
//! sealed copies bound to their row and column, found again by blind index under every
//! key of the ring.

use sea_orm::{ColumnTrait, Condition};
use tietolupa_domain::MessageKey;
use tietolupa_domain::{Hetu, HetuPolicy, IdentityCodeClaim, SealedIdentityCode};
use tietolupa_entity::objection as row;
use tietolupa_objection_crypto::{BlindIndex, ObjectionCrypto, SealedCode};
use uuid::Uuid;

use crate::{CallContext, StoreError};

/// A person's code and what is stored for it.
pub(super) struct Protected {
    pub(super) index: BlindIndex,
    pub(super) sealed: SealedCode,
}

pub(super) fn parse_code(code: &str, field: &str, policy: HetuPolicy) -> Result<Hetu, StoreError> {
    Hetu::parse(code, policy).map_err(|e| StoreError::validation(field, e.into()))
}

/// The caller's own code: a bearer token's `hetu` claim, or the sealed copy of a sign-in
/// session, opened with the session's id as associated data.
pub(super) fn caller_code(ctx: &CallContext, crypto: &ObjectionCrypto) -> Result<Hetu, StoreError> {
    let claim =
        ctx.actor.identity_code.as_ref().ok_or_else(|| {
            StoreError::validation("token.hetu", MessageKey::NoIdentityCodeInToken)
        })?;
    match claim {
        IdentityCodeClaim::Plain(code) => parse_code(code, "token.hetu", crypto.policy),
        IdentityCodeClaim::Sealed(sealed) => crypto
            .keys
            .open_parts(
                &sealed.key_id,
                &sealed.bytes,
                &SealedIdentityCode::context(sealed.session_id),
                crypto.policy,
            )
            .map_err(|_| StoreError::validation("session", MessageKey::SessionCodeUnreadable)),
    }
}

pub(super) fn context(id: Uuid, column: &str) -> Vec<u8> {
    let mut context = String::with_capacity(64);
    write_context(&mut context, id, column);
    context.into_bytes()
}

/// The associated data that binds a sealed code to its row and column.
pub(super) fn write_context(out: &mut String, id: Uuid, column: &str) {
    use std::fmt::Write;
    let _ = write!(out, "tietolupa/objection/{id}/{column}");
}

pub(super) fn protect(crypto: &ObjectionCrypto, id: Uuid, column: &str, hetu: &Hetu) -> Protected {
    Protected {
        index: crypto.keys.blind_index(hetu),
        sealed: crypto.keys.seal(hetu, &context(id, column)),
    }
}

/// Rows whose person (or representative) blind index is any of `indexes`.
fn matching(
    key_column: row::Column,
    index_column: row::Column,
    indexes: &[BlindIndex],
) -> Condition {
    indexes.iter().fold(Condition::any(), |any, index| {
        any.add(
            Condition::all()
                .add(key_column.eq(index.key_id.as_str()))
                .add(index_column.eq(index.to_hex())),
        )
    })
}

pub(super) fn person_matches(indexes: &[BlindIndex]) -> Condition {
    matching(
        row::Column::PersonIndexKeyId,
        row::Column::PersonBlindIndex,
        indexes,
    )
}

pub(super) fn representative_matches(indexes: &[BlindIndex]) -> Condition {
    matching(
        row::Column::RepresentativeIndexKeyId,
        row::Column::RepresentativeBlindIndex,
        indexes,
    )
}
