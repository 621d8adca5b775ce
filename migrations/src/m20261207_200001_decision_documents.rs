use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Decision documents (DESIGN.md section 14, issue 17): each decision's PDF/A-2b, full and
/// public, rendered once at decision time and never updated.
///
/// A revocation has no `decision` row (the director revokes a permit, not an application),
/// so a document names what it documents by `kind`: `DECISION` rows point at their
/// `decision`, `REVOCATION` rows at the revoked `permit`. Both carry the decision number
/// printed in the document (a revocation draws its own from the yearly decision series) and
/// the application whose diary number the document bears, so the two are served alike.
/// The number is unique per variant: one full and one public document per decision.
///
/// `input` is the renderer's input as it was (JSON), so the stored bytes can be checked by
/// rendering again after the rows have moved on (an amendment changes the permit).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DecisionDocument::Table)
                    .col(uuid(DecisionDocument::Id).primary_key())
                    .col(text(DecisionDocument::Kind))
                    .col(uuid_null(DecisionDocument::DecisionId))
                    .col(uuid_null(DecisionDocument::PermitId))
                    .col(uuid(DecisionDocument::ApplicationId))
                    .col(text(DecisionDocument::DiaryNumber))
                    .col(text(DecisionDocument::DecisionNumber))
                    .col(date(DecisionDocument::DecidedOn))
                    .col(text(DecisionDocument::Variant))
                    .col(text(DecisionDocument::Language))
                    .col(json(DecisionDocument::Input))
                    .col(text(DecisionDocument::Sha256))
                    .col(big_integer(DecisionDocument::SizeBytes))
                    .col(blob(DecisionDocument::Content))
                    .col(timestamp_with_time_zone(DecisionDocument::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("decision_document_decision_fkey")
                            .from(DecisionDocument::Table, DecisionDocument::DecisionId)
                            .to(Decision::Table, Decision::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("decision_document_permit_fkey")
                            .from(DecisionDocument::Table, DecisionDocument::PermitId)
                            .to(Permit::Table, Permit::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("decision_document_application_fkey")
                            .from(DecisionDocument::Table, DecisionDocument::ApplicationId)
                            .to(Application::Table, Application::Id),
                    )
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "decision_document_number_key",
            DecisionDocument::Table,
            &[DecisionDocument::DecisionNumber, DecisionDocument::Variant],
        )
        .await?;
        index(
            manager,
            "decision_document_diary_idx",
            DecisionDocument::Table,
            &[DecisionDocument::DiaryNumber],
        )
        .await?;
        index(
            manager,
            "decision_document_application_idx",
            DecisionDocument::Table,
            &[DecisionDocument::ApplicationId],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DecisionDocument::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum DecisionDocument {
    Table,
    Id,
    /// `DECISION` (on an application) or `REVOCATION` (of a permit).
    Kind,
    /// Set exactly for `DECISION`.
    DecisionId,
    /// Set exactly for `REVOCATION`.
    PermitId,
    /// The application whose diary number the document bears (for a revocation, the one the
    /// permit was granted on).
    ApplicationId,
    DiaryNumber,
    DecisionNumber,
    DecidedOn,
    /// `FULL` or `PUBLIC`.
    Variant,
    /// `fi`, `sv` or `en`.
    Language,
    Input,
    /// Lower-case hex SHA-256 of `content`.
    Sha256,
    SizeBytes,
    /// The PDF.
    Content,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Decision {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Permit {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Application {
    Table,
    Id,
}
