use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Sign-in through OpenID Connect: the pending attempts and the sessions.
///
/// An attempt is a row (not server memory), so the provider's callback may reach another
/// instance than the one that sent the user there. Its `state` is kept only as a SHA-256,
/// and `used_at` makes it single-use.
///
/// A session is found by the SHA-256 of the cookie's random value: the database alone does
/// not give live cookies. A citizen's identity code is kept only as a blind index and a
/// sealed copy bound to the session row; the refresh token is sealed the same way.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignInAttempt::Table)
                    .col(uuid(SignInAttempt::Id).primary_key())
                    .col(text(SignInAttempt::StateHash))
                    .col(text(SignInAttempt::Nonce))
                    .col(text(SignInAttempt::PkceVerifier))
                    .col(text(SignInAttempt::Provider))
                    .col(text(SignInAttempt::ReturnPath))
                    .col(text(SignInAttempt::Language))
                    .col(timestamp_with_time_zone(SignInAttempt::CreatedAt))
                    .col(timestamp_with_time_zone_null(SignInAttempt::UsedAt))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "sign_in_attempt_state_hash_key",
            SignInAttempt::Table,
            &[SignInAttempt::StateHash],
        )
        .await?;
        index(
            manager,
            "sign_in_attempt_created_at_idx",
            SignInAttempt::Table,
            &[SignInAttempt::CreatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserSession::Table)
                    .col(uuid(UserSession::Id).primary_key())
                    .col(text(UserSession::TokenHash))
                    .col(text(UserSession::Subject))
                    .col(text(UserSession::Provider))
                    .col(json(UserSession::Roles))
                    .col(text_null(UserSession::DisplayName))
                    .col(text_null(UserSession::Organisation))
                    .col(text_null(UserSession::Email))
                    .col(text(UserSession::Language))
                    .col(text_null(UserSession::IdentityIndexKeyId))
                    .col(text_null(UserSession::IdentityBlindIndex))
                    .col(text_null(UserSession::IdentitySealedKeyId))
                    .col(blob_null(UserSession::IdentitySealed))
                    .col(text_null(UserSession::RefreshSealedKeyId))
                    .col(blob_null(UserSession::RefreshSealed))
                    .col(timestamp_with_time_zone(UserSession::CreatedAt))
                    .col(timestamp_with_time_zone(UserSession::LastSeenAt))
                    .col(timestamp_with_time_zone(UserSession::IdleExpiresAt))
                    .col(timestamp_with_time_zone(UserSession::AbsoluteExpiresAt))
                    .col(timestamp_with_time_zone(UserSession::RolesCheckedAt))
                    .col(text_null(UserSession::UserAgent))
                    .col(timestamp_with_time_zone_null(UserSession::EndedAt))
                    .col(text_null(UserSession::EndReason))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "user_session_token_hash_key",
            UserSession::Table,
            &[UserSession::TokenHash],
        )
        .await?;
        index(
            manager,
            "user_session_subject_idx",
            UserSession::Table,
            &[UserSession::Subject, UserSession::EndedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UserSession::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SignInAttempt::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum SignInAttempt {
    Table,
    Id,
    StateHash,
    Nonce,
    PkceVerifier,
    Provider,
    ReturnPath,
    Language,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum UserSession {
    Table,
    Id,
    TokenHash,
    Subject,
    Provider,
    Roles,
    DisplayName,
    Organisation,
    Email,
    Language,
    IdentityIndexKeyId,
    IdentityBlindIndex,
    IdentitySealedKeyId,
    IdentitySealed,
    RefreshSealedKeyId,
    RefreshSealed,
    CreatedAt,
    LastSeenAt,
    IdleExpiresAt,
    AbsoluteExpiresAt,
    RolesCheckedAt,
    UserAgent,
    EndedAt,
    EndReason,
}
