//! Pending sign-ins: written when the user is sent to the provider, taken once when the
//! provider sends them back.

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tietolupa_entity::sign_in_attempt as row;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::sha256_hex;
use crate::{Db, StoreError};

/// How long a user has at the provider before the attempt is refused.
pub const ATTEMPT_LIFETIME: Duration = Duration::minutes(10);

/// What the callback needs to finish a sign-in.
#[derive(Clone)]
pub struct SignInAttempt {
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_path: String,
    pub language: String,
}

// The nonce and verifier are secrets of the attempt.
impl std::fmt::Debug for SignInAttempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInAttempt")
            .field("provider", &self.provider)
            .field("return_path", &self.return_path)
            .finish_non_exhaustive()
    }
}

/// Why a callback's `state` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttemptRefused {
    #[error("no sign-in was started with this state")]
    Unknown,
    #[error("this sign-in was already completed")]
    Replayed { language: String },
    #[error("the sign-in took too long")]
    Expired { language: String },
}

impl AttemptRefused {
    /// The short reason recorded in the audit log.
    pub fn reason(&self) -> &'static str {
        match self {
            AttemptRefused::Unknown => "unknown_state",
            AttemptRefused::Replayed { .. } => "replayed_state",
            AttemptRefused::Expired { .. } => "expired_state",
        }
    }

    pub fn language(&self) -> Option<&str> {
        match self {
            AttemptRefused::Unknown => None,
            AttemptRefused::Replayed { language } | AttemptRefused::Expired { language } => {
                Some(language)
            }
        }
    }
}

/// Records an attempt; `state` itself is kept only as its SHA-256. Attempts older than a
/// day are removed on the way, so the table stays small without a job.
#[tracing::instrument(skip_all, fields(provider = %attempt.provider))]
pub async fn begin(
    db: &Db,
    state: &str,
    attempt: SignInAttempt,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    row::Entity::delete_many()
        .filter(row::Column::CreatedAt.lt(at - Duration::days(1)))
        .exec(db.conn())
        .await?;
    row::Entity::insert(row::ActiveModel {
        id: Set(Uuid::now_v7()),
        state_hash: Set(sha256_hex(state)),
        nonce: Set(attempt.nonce),
        pkce_verifier: Set(attempt.pkce_verifier),
        provider: Set(attempt.provider),
        return_path: Set(attempt.return_path),
        language: Set(attempt.language),
        created_at: Set(at),
        used_at: Set(None),
    })
    .exec_without_returning(db.conn())
    .await?;
    Ok(())
}

/// Takes the attempt of `state`, once: a second callback with the same state (a replayed
/// code) is refused, and so is one after [`ATTEMPT_LIFETIME`]. Marking it used is a
/// conditional update, so two instances racing on one callback cannot both win.
#[tracing::instrument(skip_all)]
pub async fn take(
    db: &Db,
    state: &str,
    at: OffsetDateTime,
) -> Result<Result<SignInAttempt, AttemptRefused>, StoreError> {
    let hash = sha256_hex(state);
    let Some(model) = row::Entity::find()
        .filter(row::Column::StateHash.eq(hash.as_str()))
        .one(db.conn())
        .await?
    else {
        return Ok(Err(AttemptRefused::Unknown));
    };
    if model.used_at.is_some() {
        return Ok(Err(AttemptRefused::Replayed {
            language: model.language,
        }));
    }
    if at - model.created_at > ATTEMPT_LIFETIME {
        return Ok(Err(AttemptRefused::Expired {
            language: model.language,
        }));
    }
    let claimed = row::Entity::update_many()
        .col_expr(row::Column::UsedAt, sea_orm::sea_query::Expr::value(at))
        .filter(row::Column::Id.eq(model.id))
        .filter(row::Column::UsedAt.is_null())
        .exec(db.conn())
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(Err(AttemptRefused::Replayed {
            language: model.language,
        }));
    }
    Ok(Ok(SignInAttempt {
        provider: model.provider,
        nonce: model.nonce,
        pkce_verifier: model.pkce_verifier,
        return_path: model.return_path,
        language: model.language,
    }))
}
