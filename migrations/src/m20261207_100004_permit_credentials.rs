use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The permit as a signed credential (issue 17 section 2, docs/permit-credential.md):
/// every credential issued, and the one revocation status list they point into.
///
/// Each credential has its own status index, never reused, so that a superseded
/// credential (before an amendment, say) can be marked no longer valid while the
/// permit's current one is not. The list is a single row whose bits grow with the
/// indexes handed out; `next_index` is bumped in the issuing transaction, so concurrent
/// issuers queue on the row as they do on the number sequences.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PermitCredential::Table)
                    .col(pk_uuid(PermitCredential::Id))
                    .col(uuid(PermitCredential::PermitId))
                    .col(integer(PermitCredential::PermitVersion))
                    .col(integer(PermitCredential::AmendmentVersion))
                    .col(text(PermitCredential::Event))
                    .col(text(PermitCredential::Status))
                    .col(big_integer(PermitCredential::StatusIndex))
                    .col(text(PermitCredential::Token))
                    .col(text(PermitCredential::Kid))
                    .col(timestamp_with_time_zone(PermitCredential::IssuedAt))
                    .col(json_null(PermitCredential::Visas))
                    .foreign_key(
                        ForeignKey::create()
                            .name("permit_credential_permit_fkey")
                            .from(PermitCredential::Table, PermitCredential::PermitId)
                            .to(Permit::Table, Permit::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // A permit's credentials in the order issued (indexes are handed out in commit
        // order); the last is the current one.
        index(
            manager,
            "permit_credential_permit_idx",
            PermitCredential::Table,
            &[PermitCredential::PermitId, PermitCredential::StatusIndex],
        )
        .await?;
        unique(
            manager,
            "permit_credential_status_index_key",
            PermitCredential::Table,
            &[PermitCredential::StatusIndex],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PermitStatusList::Table)
                    .col(text(PermitStatusList::Name).primary_key())
                    .col(blob(PermitStatusList::Bits))
                    .col(big_integer(PermitStatusList::NextIndex))
                    .col(integer(PermitStatusList::Version))
                    .col(timestamp_with_time_zone(PermitStatusList::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PermitStatusList::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PermitCredential::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum PermitCredential {
    Table,
    /// Also the credential's `jti` (`urn:uuid:` and this).
    Id,
    PermitId,
    /// The permit row's version the credential states.
    PermitVersion,
    /// 0 as granted, one more for each accepted amendment.
    AmendmentVersion,
    /// `GRANT`, `AMENDMENT`, `REVOCATION`, `EXPIRY`, `DATA_DESTRUCTION` or `COMBINATION`.
    Event,
    /// The permit's status in the credential (`ACTIVE`, `REVOKED`, ...).
    Status,
    StatusIndex,
    /// The compact JWS.
    Token,
    Kid,
    IssuedAt,
    /// GA4GH ControlledAccessGrants visas issued with it (a JSON array of
    /// `{processor, dataset, token}`),
    /// when `TIETOLUPA_PERMIT_VISAS` is on.
    Visas,
}

#[derive(DeriveIden, Clone, Copy)]
enum PermitStatusList {
    Table,
    /// `permits`: there is one list.
    Name,
    /// Index 0 is the least significant bit of the first byte; 1 is no longer valid.
    Bits,
    /// The next index to hand out: the list's length in use.
    NextIndex,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Permit {
    Table,
    Id,
}
