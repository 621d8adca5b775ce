//! Decision documents (issue 17): each decision's PDF/A-2b, full and public, rendered once
//! in the transaction that makes the decision, stored immutably, its SHA-256 in the
//! decision's audit entry. See docs/decision-document.md.
//!
//! A revocation has no decision row: it draws a decision number of its own from the same
//! yearly series (`numbers::DECISION`), which the document and the revocation's audit entry
//! carry, and its rows point at the permit instead.
//!
//! Rendering is synchronous CPU work (about 12 ms). Inside a deciding command it runs
//! inline, as the rest of the transaction waits for it anyway; elsewhere it goes to
//! `spawn_blocking`.

mod input;

use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tietolupa_decision_document::{DecisionDocument, Variant};
use tietolupa_domain::application::{DecisionNumber, Viewer, viewer};
use tietolupa_domain::{ActorKind, Operation, Role};
use tietolupa_entity::{application, decision_document, permit};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{self, AuditEvent, AuditTarget};
use crate::{CallContext, Db, StoreError, numbers};

const KIND_DECISION: &str = "DECISION";
const KIND_REVOCATION: &str = "REVOCATION";
const DOWNLOAD: &str = "decision_document.download";

/// A stored document, as served.
#[derive(Debug, Clone)]
pub struct Document {
    pub diary_number: String,
    pub decision_number: String,
    /// Lower-case hex.
    pub sha256: String,
    pub content: Vec<u8>,
}

impl From<decision_document::Model> for Document {
    fn from(m: decision_document::Model) -> Self {
        Document {
            diary_number: m.diary_number,
            decision_number: m.decision_number,
            sha256: m.sha256,
            content: m.content,
        }
    }
}

/// What a deciding command stored: for its audit entry.
#[derive(Debug, Clone)]
pub struct Stored {
    pub decision_number: String,
    pub language: &'static str,
    pub full_sha256: String,
    pub public_sha256: String,
}

impl Stored {
    /// The audit entry's `documents` value.
    pub fn audit(&self) -> Value {
        json!({
            "decisionNumber": self.decision_number,
            "language": self.language,
            "full": { "sha256": self.full_sha256 },
            "public": { "sha256": self.public_sha256 },
        })
    }
}

/// Renders and stores both versions of the decision `decision_id`, made in this transaction.
pub(crate) async fn on_decision<C: ConnectionTrait>(
    txn: &C,
    ctx: &CallContext,
    decision_id: Uuid,
) -> Result<Stored, StoreError> {
    decision_documents(txn, ctx.at, decision_id).await
}

async fn decision_documents<C: ConnectionTrait>(
    txn: &C,
    at: OffsetDateTime,
    decision_id: Uuid,
) -> Result<Stored, StoreError> {
    let decision = tietolupa_entity::decision::Entity::find_by_id(decision_id)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound { entity: "decision" })?;
    let app = application::Entity::find_by_id(decision.application_id)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "application",
        })?;
    let language = input::language_of(txn, &app.applicant_id).await?;
    let document = input::for_decision(txn, decision_id, language).await?;
    store(
        txn,
        at,
        Target {
            kind: KIND_DECISION,
            decision_id: Some(decision_id),
            permit_id: None,
            application_id: app.id,
        },
        &document,
    )
    .await
}

/// Gives the revocation of `permit` (the row as revoked) its decision number, and renders
/// and stores both versions. The director who revokes is the decider and the presenter.
pub(crate) async fn on_revocation<C: ConnectionTrait>(
    txn: &C,
    ctx: &CallContext,
    permit: &permit::Model,
) -> Result<Stored, StoreError> {
    let official = input::official(ctx.actor.name.as_deref(), &ctx.actor.id);
    revocation_documents(txn, ctx.at, ctx.today(), official, permit).await
}

/// The documents of a decision the demo register seeds directly (it writes its rows
/// without the deciding command), and of its permit's revocation when it seeds one revoked.
pub(crate) async fn on_seeded_decision<C: ConnectionTrait>(
    txn: &C,
    at: OffsetDateTime,
    decision_id: Uuid,
    permit: Option<&permit::Model>,
) -> Result<(), StoreError> {
    decision_documents(txn, at, decision_id).await?;
    if let Some(permit) = permit.filter(|p| p.revoked_by.is_some()) {
        let revoker = permit.revoked_by.clone().unwrap_or_default();
        let name = tietolupa_entity::user_account::Entity::find()
            .filter(tietolupa_entity::user_account::Column::Subject.eq(revoker.clone()))
            .one(txn)
            .await?
            .map(|a| a.display_name);
        let on = permit.status_changed_at.unwrap_or(at);
        let official = input::official(name.as_deref(), &revoker);
        revocation_documents(
            txn,
            at,
            tietolupa_domain::calendar::helsinki_date(on),
            official,
            permit,
        )
        .await?;
    }
    Ok(())
}

async fn revocation_documents<C: ConnectionTrait>(
    txn: &C,
    at: OffsetDateTime,
    today: time::Date,
    official: tietolupa_decision_document::Official,
    permit: &permit::Model,
) -> Result<Stored, StoreError> {
    let number = DecisionNumber::new(
        numbers::next(txn, numbers::DECISION, today.year()).await?,
        today.year(),
    )
    .to_string();
    let language = input::language_of(txn, &permit.holder_id).await?;
    let document = input::for_revocation(
        txn,
        &input::Revocation {
            permit,
            decision_number: &number,
            decided_on: today,
            presenter: official.clone(),
            decider: official,
        },
        language,
    )
    .await?;
    store(
        txn,
        at,
        Target {
            kind: KIND_REVOCATION,
            decision_id: None,
            permit_id: Some(permit.id),
            application_id: permit.application_id,
        },
        &document,
    )
    .await
}

struct Target {
    kind: &'static str,
    decision_id: Option<Uuid>,
    permit_id: Option<Uuid>,
    application_id: Uuid,
}

fn render(document: &DecisionDocument, variant: Variant) -> Result<Vec<u8>, StoreError> {
    document.render(variant).map_err(|e| {
        StoreError::Database(sea_orm::DbErr::Custom(format!("decision document: {e}")))
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn variant_name(variant: Variant) -> &'static str {
    match variant {
        Variant::Full => "FULL",
        Variant::Public => "PUBLIC",
    }
}

async fn store<C: ConnectionTrait>(
    txn: &C,
    at: OffsetDateTime,
    target: Target,
    document: &DecisionDocument,
) -> Result<Stored, StoreError> {
    let input = serde_json::to_value(document).map_err(|e| {
        StoreError::Database(sea_orm::DbErr::Custom(format!("decision document: {e}")))
    })?;
    let mut hashes = Vec::with_capacity(2);
    for variant in [Variant::Full, Variant::Public] {
        let content = render(document, variant)?;
        let sha256 = sha256_hex(&content);
        decision_document::Entity::insert(decision_document::ActiveModel {
            id: Set(Uuid::now_v7()),
            kind: Set(target.kind.to_owned()),
            decision_id: Set(target.decision_id),
            permit_id: Set(target.permit_id),
            application_id: Set(target.application_id),
            diary_number: Set(document.content.diary_number.clone()),
            decision_number: Set(document.content.decision_number.clone()),
            decided_on: Set(document.content.decision_date),
            variant: Set(variant_name(variant).to_owned()),
            language: Set(document.language.code().to_owned()),
            input: Set(input.clone()),
            sha256: Set(sha256.clone()),
            size_bytes: Set(content.len() as i64),
            content: Set(content),
            created_at: Set(at),
        })
        .exec_without_returning(txn)
        .await?;
        hashes.push(sha256);
    }
    let public_sha256 = hashes.pop().unwrap_or_default();
    let full_sha256 = hashes.pop().unwrap_or_default();
    Ok(Stored {
        decision_number: document.content.decision_number.clone(),
        language: document.language.code(),
        full_sha256,
        public_sha256,
    })
}

/// Which decision of a diary number: the one on the application, or the revocation of the
/// permit granted on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Of {
    Decision,
    Revocation,
}

impl Of {
    fn kind(self) -> &'static str {
        match self {
            Of::Decision => KIND_DECISION,
            Of::Revocation => KIND_REVOCATION,
        }
    }
}

/// The public version, for anyone: every decision is published the moment it is made.
#[tracing::instrument(skip_all)]
pub async fn public(
    db: &Db,
    ctx: &CallContext,
    diary_number: &str,
    of: Of,
) -> Result<Document, StoreError> {
    audit::authorize(
        db,
        ctx,
        Operation::DownloadPublicDecisionDocument,
        "public_register.read",
    )
    .await?;
    find(db, diary_number.trim(), of, Variant::Public)
        .await?
        .map(Document::from)
        .ok_or(StoreError::NotFound {
            entity: "decision document",
        })
}

async fn find(
    db: &Db,
    diary_number: &str,
    of: Of,
    variant: Variant,
) -> Result<Option<decision_document::Model>, StoreError> {
    Ok(decision_document::Entity::find()
        .filter(decision_document::Column::DiaryNumber.eq(diary_number))
        .filter(decision_document::Column::Kind.eq(of.kind()))
        .filter(decision_document::Column::Variant.eq(variant_name(variant)))
        .one(db.conn())
        .await?)
}

/// The full version of the decision on application `id` (`Of::Decision`) or of the
/// revocation of the permit granted on it (`Of::Revocation`): for the applicant, the permit
/// holder and staff. Anyone else is told it does not exist, and the refusal is audited;
/// every download is.
#[tracing::instrument(skip_all, fields(application_id = %id))]
pub async fn full(db: &Db, ctx: &CallContext, id: Uuid, of: Of) -> Result<Document, StoreError> {
    let role = audit::authorize(db, ctx, Operation::DownloadDecisionDocument, DOWNLOAD).await?;
    let not_found = || StoreError::NotFound {
        entity: "decision document",
    };
    let target = AuditTarget::new("application", id);
    let operation = Operation::DownloadDecisionDocument;
    let Some(app) = application::Entity::find_by_id(id).one(db.conn()).await? else {
        audit::record_refusal(db, ctx, operation, DOWNLOAD, &target, &not_found()).await?;
        return Err(not_found());
    };
    let holder = permit::Entity::find()
        .filter(permit::Column::ApplicationId.eq(id))
        .filter(permit::Column::HolderId.eq(ctx.actor.id.clone()))
        .one(db.conn())
        .await?
        .is_some();
    let role = match viewer(&app.applicant_id, &ctx.actor) {
        Some(Viewer::Staff(role)) => role,
        Some(Viewer::Owner) => Role::Applicant,
        None if holder && role == Role::Applicant => Role::Applicant,
        None => {
            if ctx.actor.kind == ActorKind::Anonymous {
                return Err(StoreError::Unauthenticated);
            }
            audit::record_refusal(db, ctx, operation, DOWNLOAD, &target, &not_found()).await?;
            return Err(not_found());
        }
    };
    let row = decision_document::Entity::find()
        .filter(decision_document::Column::ApplicationId.eq(id))
        .filter(decision_document::Column::Kind.eq(of.kind()))
        .filter(decision_document::Column::Variant.eq(variant_name(Variant::Full)))
        .one(db.conn())
        .await?
        .ok_or_else(not_found)?;
    let txn = db.begin_write().await?;
    audit::append(
        &txn,
        ctx,
        AuditEvent::success(DOWNLOAD, Some(role))
            .target("application", id.to_string())
            .details(json!({
                "decisionNumber": row.decision_number,
                "variant": row.variant,
                "sha256": row.sha256,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(row.into())
}

/// The stored document of a decision number, unchecked: for verification and tests.
pub async fn stored(
    db: &Db,
    decision_number: &str,
    variant: Variant,
) -> Result<Option<Document>, StoreError> {
    Ok(decision_document::Entity::find()
        .filter(decision_document::Column::DecisionNumber.eq(decision_number))
        .filter(decision_document::Column::Variant.eq(variant_name(variant)))
        .one(db.conn())
        .await?
        .map(Document::from))
}

/// Renders the document of a decision number again: from its stored input, and (for a
/// decision on an application) from the rows as they are now, in the stored language. The
/// first must always equal the stored bytes; the second does while the rows are unchanged
/// (an amendment later changes the permit the grant's document names).
pub async fn render_again(
    db: &Db,
    decision_number: &str,
    variant: Variant,
) -> Result<Option<Rerendered>, StoreError> {
    let Some(row) = decision_document::Entity::find()
        .filter(decision_document::Column::DecisionNumber.eq(decision_number))
        .filter(decision_document::Column::Variant.eq(variant_name(variant)))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let stored: DecisionDocument = serde_json::from_value(row.input.clone()).map_err(|e| {
        StoreError::Database(sea_orm::DbErr::Custom(format!("decision document: {e}")))
    })?;
    let from_rows = match row.decision_id {
        Some(decision_id) => {
            Some(input::for_decision(db.conn(), decision_id, stored.language).await?)
        }
        None => None,
    };
    let rendered = tokio::task::spawn_blocking(move || {
        let from_input = render(&stored, variant)?;
        let from_rows = from_rows.map(|d| render(&d, variant)).transpose()?;
        Ok::<_, StoreError>((from_input, from_rows))
    })
    .await
    .map_err(|e| StoreError::Database(sea_orm::DbErr::Custom(format!("render task: {e}"))))??;
    Ok(Some(Rerendered {
        stored: row.content,
        from_input: rendered.0,
        from_rows: rendered.1,
    }))
}

/// A stored document and the same rendered again.
#[derive(Debug)]
pub struct Rerendered {
    pub stored: Vec<u8>,
    pub from_input: Vec<u8>,
    pub from_rows: Option<Vec<u8>>,
}

/// The public version's URL: the diary number as one path segment, its slashes encoded.
pub fn public_url(diary_number: &str, of: Of) -> String {
    let file = match of {
        Of::Decision => "document",
        Of::Revocation => "revocation",
    };
    format!(
        "/api/decisions/{}/{file}.pdf",
        diary_number.trim().replace('%', "%25").replace('/', "%2F")
    )
}

/// The public version of a permit's revocation decision, when the permit (granted on
/// `diary_number`) is revoked.
pub fn public_revocation_url(
    diary_number: &str,
    permit_status: Option<tietolupa_domain::permit::PermitStatus>,
) -> Option<String> {
    (permit_status == Some(tietolupa_domain::permit::PermitStatus::Revoked))
        .then(|| public_url(diary_number, Of::Revocation))
}

/// The full version's URL (applicant, holder and staff).
pub fn full_url(application_id: Uuid, of: Of) -> String {
    let file = match of {
        Of::Decision => "decision",
        Of::Revocation => "revocation",
    };
    format!("/api/applications/{application_id}/{file}.pdf")
}
