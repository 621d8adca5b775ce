//! Permit credentials (issue 17 section 2, docs/permit-credential.md): on every change of
//! a permit's state, in the transaction of the change, the permit's current state is
//! signed as a credential and kept with its history; superseded credentials get their bit
//! set in the one revocation status list, in the same transaction.
//!
//! Issuing needs the `[permit_signing]` ring, which the pool carries
//! ([`Db::with_permit_credentials`]); a pool without it issues nothing.

mod claims;

use std::sync::Arc;

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, Set,
};
use tietolupa_domain::permit::PermitStatus;
use tietolupa_domain::{AuditOutcome, Operation, Role};
use tietolupa_entity::{permit, permit_credential, permit_status_list};
use tietolupa_permit_credential::{
    Issuance, Jwks, ListIssuance, PermitCredential, PermitKeyRing, StatusList, StatusListClaims,
    StatusReference, visas_for,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{self, AuditEvent};
use crate::{CallContext, Db, StoreError};

/// The name of the one status list row.
const LIST: &str = "permits";

/// Where the status list and the JWKS are served, under the public URL (the routes in
/// `http/src/credentials.rs` spell them out, as the permission test reads them).
pub const STATUS_LIST_PATH: &str = "/api/permit-status-list";
pub const JWKS_PATH: &str = "/.well-known/jwks.json";

/// What signs credentials and where they say they come from.
#[derive(Debug, Clone)]
pub struct CredentialIssuer {
    ring: Arc<PermitKeyRing>,
    /// The authority's public URL, without a trailing slash.
    issuer: String,
    status_list_ttl: time::Duration,
    visas: bool,
}

impl CredentialIssuer {
    pub fn new(
        ring: PermitKeyRing,
        public_url: &str,
        status_list_ttl: std::time::Duration,
        visas: bool,
    ) -> CredentialIssuer {
        CredentialIssuer {
            ring: Arc::new(ring),
            issuer: public_url.trim_end_matches('/').to_owned(),
            status_list_ttl: time::Duration::try_from(status_list_ttl)
                .unwrap_or(time::Duration::HOUR),
            visas,
        }
    }

    /// The same keys, naming another public URL.
    pub fn at_public_url(mut self, public_url: &str) -> CredentialIssuer {
        public_url
            .trim_end_matches('/')
            .clone_into(&mut self.issuer);
        self
    }

    /// The public keys of every key in the ring, retired ones included.
    pub fn jwks(&self) -> Jwks {
        self.ring.jwks()
    }

    /// The status list's URI: its `sub`, and what credentials name.
    pub fn status_list_uri(&self) -> String {
        format!("{}{STATUS_LIST_PATH}", self.issuer)
    }

    pub fn jwks_url(&self) -> String {
        format!("{}{JWKS_PATH}", self.issuer)
    }

    /// Seconds a verifier may use a copy of the status list.
    pub fn status_list_ttl_seconds(&self) -> i64 {
        self.status_list_ttl.whole_seconds()
    }
}

/// Why a credential was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialEvent {
    Grant,
    Amendment,
    Revocation,
    Expiry,
    DataDestruction,
    /// The permit was merged into another by an amendment.
    Combination,
}

impl CredentialEvent {
    const NAMES: [(CredentialEvent, &'static str); 6] = [
        (CredentialEvent::Grant, "GRANT"),
        (CredentialEvent::Amendment, "AMENDMENT"),
        (CredentialEvent::Revocation, "REVOCATION"),
        (CredentialEvent::Expiry, "EXPIRY"),
        (CredentialEvent::DataDestruction, "DATA_DESTRUCTION"),
        (CredentialEvent::Combination, "COMBINATION"),
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(e, _)| *e == self)
            .map_or("", |(_, name)| name)
    }

    pub fn parse(s: &str) -> Option<CredentialEvent> {
        Self::NAMES
            .iter()
            .find(|(_, name)| *name == s)
            .map(|(e, _)| *e)
    }
}

/// A credential as issued, for its holder and staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCredential {
    pub jti: Uuid,
    pub permit_id: Uuid,
    pub event: CredentialEvent,
    pub status: PermitStatus,
    pub amendment_version: i32,
    pub status_index: i64,
    pub kid: String,
    pub issued_at: OffsetDateTime,
    /// The compact JWS.
    pub token: String,
    /// GA4GH visas issued with it, when they are switched on.
    pub visas: Vec<IssuedVisa>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IssuedVisa {
    /// The visa's `sub`: the permit's reference to the processor.
    pub processor: String,
    /// The dataset's identifier URL (the visa's `value`).
    pub dataset: String,
    pub token: String,
}

fn internal(what: &str) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(format!("permit credential: {what}")))
}

fn from_row(row: permit_credential::Model) -> Result<IssuedCredential, StoreError> {
    Ok(IssuedCredential {
        jti: row.id,
        permit_id: row.permit_id,
        event: CredentialEvent::parse(&row.event).ok_or_else(|| internal("unknown event"))?,
        status: PermitStatus::parse(&row.status).ok_or_else(|| internal("unknown status"))?,
        amendment_version: row.amendment_version,
        status_index: row.status_index,
        kid: row.kid,
        issued_at: row.issued_at,
        token: row.token,
        visas: match row.visas {
            Some(v) => serde_json::from_value(v).map_err(|_| internal("unreadable visas"))?,
            None => Vec::new(),
        },
    })
}

/// Issues the credential of `permit` as it now is, in the transaction that changed it:
/// allocates a fresh status index, sets the bit of every earlier credential of the
/// permit (and its own when the permit is no longer in force), stores it and audits its
/// `jti` and `kid`. Nothing when the pool has no signing keys.
pub(crate) async fn issue(
    txn: &DatabaseTransaction,
    db: &Db,
    ctx: &CallContext,
    permit: &permit::Model,
    event: CredentialEvent,
) -> Result<Option<IssuedCredential>, StoreError> {
    let Some(issuer) = db.permit_credentials() else {
        return Ok(None);
    };
    let facts = claims::permit_claims(txn, &issuer.issuer, permit, ctx.today()).await?;
    let status = facts.status;
    let amendment_version = facts.amendment_version;
    let earlier: Vec<i64> = permit_credential::Entity::find()
        .filter(permit_credential::Column::PermitId.eq(permit.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| c.status_index)
        .collect();
    let mut revoked = earlier;
    let list = allocate(txn, ctx.at).await?;
    let index = list.next_index - 1;
    if status != PermitStatus::Active {
        revoked.push(index);
    }
    set_bits(txn, list, &revoked, ctx.at).await?;

    let jti = Uuid::now_v7();
    let credential = PermitCredential::new(
        facts,
        Issuance {
            issuer: issuer.issuer.clone(),
            issued_at: ctx.at,
            jti,
            status: StatusReference {
                idx: index as u64,
                uri: issuer.status_list_uri(),
            },
        },
    );
    let token = credential
        .sign(&issuer.ring)
        .map_err(|_| internal("signing failed"))?;
    let visas = if issuer.visas {
        let processors = claims::visa_processors(permit)?;
        let jwks_url = issuer.jwks_url();
        visas_for(&credential, &processors)
            .into_iter()
            .map(|visa| {
                Ok(IssuedVisa {
                    processor: visa.sub.clone(),
                    dataset: visa.ga4gh_visa_v1.value.clone(),
                    token: visa
                        .sign(&issuer.ring, &jwks_url)
                        .map_err(|_| internal("signing a visa failed"))?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?
    } else {
        Vec::new()
    };
    let kid = issuer.ring.current_kid().to_owned();
    let row = permit_credential::Model {
        id: jti,
        permit_id: permit.id,
        permit_version: permit.version,
        amendment_version: amendment_version as i32,
        event: event.as_str().to_owned(),
        status: status.as_str().to_owned(),
        status_index: index,
        token,
        kid: kid.clone(),
        issued_at: ctx.at,
        visas: issuer
            .visas
            .then(|| serde_json::to_value(&visas).expect("visas serialise")),
    };
    let active: permit_credential::ActiveModel = row.clone().into();
    active.reset_all().insert(txn).await?;
    audit::append(
        txn,
        ctx,
        AuditEvent::success("permit.credential_issue", None)
            .target("permit", permit.id.to_string())
            .details(serde_json::json!({
                "jti": format!("urn:uuid:{jti}"),
                "kid": kid,
                "event": event.as_str(),
                "status": status.as_str(),
                "amendmentVersion": amendment_version,
                "statusIndex": index,
                "visas": visas.len(),
            })),
    )
    .await?;
    from_row(row).map(Some)
}

/// After a granted decision on a data permit or an amendment: the permit's credential
/// (GRANT when the decision is the permit's own, AMENDMENT otherwise) and a COMBINATION
/// credential for each permit the amendment merged into it.
pub(crate) async fn on_decision(
    txn: &DatabaseTransaction,
    db: &Db,
    ctx: &CallContext,
    permit: &permit::Model,
    decided_application_id: Uuid,
) -> Result<(), StoreError> {
    if db.permit_credentials().is_none() {
        return Ok(());
    }
    let event = if permit.application_id == decided_application_id {
        CredentialEvent::Grant
    } else {
        CredentialEvent::Amendment
    };
    issue(txn, db, ctx, permit, event).await?;
    if event == CredentialEvent::Amendment {
        let combined = permit::Entity::find()
            .filter(permit::Column::CombinedInto.eq(permit.id))
            .order_by_asc(permit::Column::Id)
            .all(txn)
            .await?;
        for other in combined {
            // Merged by an earlier amendment: its COMBINATION credential exists already.
            let done = permit_credential::Entity::find()
                .filter(permit_credential::Column::PermitId.eq(other.id))
                .filter(permit_credential::Column::Event.eq(CredentialEvent::Combination.as_str()))
                .one(txn)
                .await?
                .is_some();
            if !done {
                issue(txn, db, ctx, &other, CredentialEvent::Combination).await?;
            }
        }
    }
    Ok(())
}

/// Hands out the next status index (`next_index - 1` of the row returned): bumping the row first makes concurrent issuers
/// queue on it (PostgreSQL row lock; SQLite's write transaction), so no index is given
/// twice and a rolled-back command frees its index again.
async fn allocate<C: ConnectionTrait>(
    conn: &C,
    at: OffsetDateTime,
) -> Result<permit_status_list::Model, StoreError> {
    permit_status_list::Entity::insert(permit_status_list::ActiveModel {
        name: Set(LIST.to_owned()),
        bits: Set(Vec::new()),
        next_index: Set(1),
        version: Set(1),
        updated_at: Set(at),
    })
    .on_conflict(
        OnConflict::column(permit_status_list::Column::Name)
            .value(
                permit_status_list::Column::NextIndex,
                Expr::col((
                    permit_status_list::Entity,
                    permit_status_list::Column::NextIndex,
                ))
                .add(1),
            )
            .value(
                permit_status_list::Column::Version,
                Expr::col((
                    permit_status_list::Entity,
                    permit_status_list::Column::Version,
                ))
                .add(1),
            )
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    list_row(conn).await
}

async fn list_row<C: ConnectionTrait>(conn: &C) -> Result<permit_status_list::Model, StoreError> {
    permit_status_list::Entity::find_by_id(LIST.to_owned())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "permit status list",
        })
}

/// Marks `indexes` no longer valid in `row`, which the caller bumped (and so locked) in
/// this transaction.
async fn set_bits<C: ConnectionTrait>(
    conn: &C,
    row: permit_status_list::Model,
    indexes: &[i64],
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    let mut list = StatusList::from_bytes(row.bits, row.next_index as u64)
        .map_err(|_| internal("status list too large"))?;
    for &index in indexes {
        list.set(index as u64, true)
            .map_err(|_| internal("status index too large"))?;
    }
    permit_status_list::Entity::update_many()
        .col_expr(
            permit_status_list::Column::Bits,
            Expr::value(list.into_bytes()),
        )
        .col_expr(permit_status_list::Column::UpdatedAt, Expr::value(at))
        .filter(permit_status_list::Column::Name.eq(LIST))
        .exec(conn)
        .await?;
    Ok(())
}

/// The status list as a signed token made now, with its `ttl` in seconds; public.
pub async fn status_list_token(db: &Db, now: OffsetDateTime) -> Result<(String, i64), StoreError> {
    let issuer = db.permit_credentials().ok_or(StoreError::NotFound {
        entity: "permit status list",
    })?;
    let list = match permit_status_list::Entity::find_by_id(LIST.to_owned())
        .one(db.conn())
        .await?
    {
        Some(row) => StatusList::from_bytes(row.bits, row.next_index as u64),
        None => StatusList::new(0),
    }
    .map_err(|_| internal("status list too large"))?;
    let claims = StatusListClaims::new(
        &list,
        ListIssuance {
            issuer: issuer.issuer.clone(),
            uri: issuer.status_list_uri(),
            issued_at: now,
            ttl: issuer.status_list_ttl,
            valid_for: issuer.status_list_ttl,
        },
    );
    let token = claims
        .sign(&issuer.ring)
        .map_err(|_| internal("signing the status list failed"))?;
    Ok((token, issuer.status_list_ttl.whole_seconds()))
}

/// The public keys, for `/.well-known/jwks.json`; none when this instance signs nothing.
pub fn jwks(db: &Db) -> Option<Jwks> {
    db.permit_credentials().map(CredentialIssuer::jwks)
}

/// A permit's credentials in the order issued. For the permit's own page: the caller has read
/// the permit already.
pub async fn history(db: &Db, permit_id: Uuid) -> Result<Vec<IssuedCredential>, StoreError> {
    permit_credential::Entity::find()
        .filter(permit_credential::Column::PermitId.eq(permit_id))
        // Indexes are handed out in commit order, whatever clock each command ran on.
        .order_by_asc(permit_credential::Column::StatusIndex)
        .all(db.conn())
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// The permit's current credential: the latest issued.
pub async fn current(db: &Db, permit_id: Uuid) -> Result<Option<IssuedCredential>, StoreError> {
    Ok(history(db, permit_id).await?.pop())
}

/// The holder's (or staff's) download of the permit's current credential, audited. Anyone
/// else is told the permit does not exist, and the attempt is audited too.
#[tracing::instrument(skip_all, fields(permit_id = %permit_id))]
pub async fn download(
    db: &Db,
    ctx: &CallContext,
    permit_id: Uuid,
) -> Result<(IssuedCredential, Option<String>), StoreError> {
    const ACTION: &str = "permit.credential_download";
    let role = audit::authorize(db, ctx, Operation::ViewPermit, ACTION).await?;
    let not_found = StoreError::NotFound { entity: "permit" };
    let row = permit::Entity::find_by_id(permit_id).one(db.conn()).await?;
    let visible = row
        .as_ref()
        .is_some_and(|p| role != Role::Applicant || p.holder_id == ctx.actor.id);
    let credential = match (visible, row.as_ref()) {
        (true, Some(_)) => current(db, permit_id).await?,
        _ => None,
    };
    let txn = db.begin_write().await?;
    let event = AuditEvent::success(ACTION, Some(role)).target("permit", permit_id.to_string());
    let Some(credential) = credential else {
        let outcome = if visible {
            AuditOutcome::Failure
        } else {
            AuditOutcome::Denied
        };
        audit::append(&txn, ctx, event.outcome(outcome)).await?;
        txn.commit().await?;
        return Err(if visible {
            StoreError::NotFound {
                entity: "permit credential",
            }
        } else {
            not_found
        });
    };
    audit::append(
        &txn,
        ctx,
        event.details(serde_json::json!({
            "jti": format!("urn:uuid:{}", credential.jti),
            "kid": credential.kid,
        })),
    )
    .await?;
    txn.commit().await?;
    let diary_number = match row {
        Some(p) => tietolupa_entity::application::Entity::find_by_id(p.application_id)
            .one(db.conn())
            .await?
            .and_then(|a| a.diary_number),
        None => None,
    };
    Ok((credential, diary_number))
}
