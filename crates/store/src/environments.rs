//! The register of secure processing environments (DESIGN.md section 4).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use tietolupa_domain::MessageKey;
use tietolupa_domain::application::FieldProblem;
use tietolupa_domain::{BusinessId, EnvironmentFacts, EnvironmentStatus, Operation};
use tietolupa_entity::processing_environment::{self, Column, Entity};
use time::Date;
use uuid::Uuid;

use crate::audit::{self, AuditEvent};
use crate::error::violated_constraint;
use crate::{CallContext, Db, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessingEnvironment {
    pub id: Uuid,
    pub name: String,
    pub provider: String,
    pub provider_business_id: String,
    pub registered_on: Date,
    pub certificate_valid_until: Date,
    pub status: EnvironmentStatus,
    pub version: i32,
}

impl ProcessingEnvironment {
    pub fn facts(&self) -> EnvironmentFacts {
        EnvironmentFacts {
            status: self.status,
            certificate_valid_until: self.certificate_valid_until,
        }
    }
}

impl From<processing_environment::Model> for ProcessingEnvironment {
    fn from(m: processing_environment::Model) -> Self {
        ProcessingEnvironment {
            id: m.id,
            name: m.name,
            provider: m.provider,
            provider_business_id: m.provider_business_id,
            registered_on: m.registered_on,
            certificate_valid_until: m.certificate_valid_until,
            status: EnvironmentStatus::parse(&m.status).unwrap_or(EnvironmentStatus::Removed),
            version: m.version,
        }
    }
}

/// What registering or updating sets.
#[derive(Debug, Clone)]
pub struct EnvironmentInput {
    pub name: String,
    pub provider: String,
    pub provider_business_id: String,
    pub registered_on: Date,
    pub certificate_valid_until: Date,
    pub status: EnvironmentStatus,
}

fn validate(input: &EnvironmentInput) -> Result<(), StoreError> {
    let mut problems = Vec::new();
    for (field, value) in [("name", &input.name), ("provider", &input.provider)] {
        if value.trim().is_empty() {
            problems.push(FieldProblem::new(field, MessageKey::Required));
        } else if value.chars().count() > 300 {
            problems.push(FieldProblem::new(field, MessageKey::MaxChars { max: 300 }));
        }
    }
    if let Err(e) = BusinessId::parse(&input.provider_business_id) {
        problems.push(FieldProblem::new("providerBusinessId", e.into()));
    }
    if input.certificate_valid_until < input.registered_on {
        problems.push(FieldProblem::new(
            "certificateValidUntil",
            MessageKey::CertificateBeforeRegistration,
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(problems))
    }
}

impl EnvironmentInput {
    /// The columns the input sets; identity, version and timestamps are the caller's.
    fn columns(self) -> processing_environment::ActiveModel {
        processing_environment::ActiveModel {
            name: Set(self.name.trim().to_owned()),
            provider: Set(self.provider.trim().to_owned()),
            provider_business_id: Set(self.provider_business_id),
            registered_on: Set(self.registered_on),
            certificate_valid_until: Set(self.certificate_valid_until),
            status: Set(self.status.as_str().to_owned()),
            ..Default::default()
        }
    }
}

async fn duplicate_name<C: ConnectionTrait>(conn: &C, err: sea_orm::DbErr) -> StoreError {
    if violated_constraint(conn, &err).await.as_deref() == Some("processing_environment_name_key") {
        StoreError::validation("name", MessageKey::EnvironmentNameTaken)
    } else {
        StoreError::Database(err)
    }
}

/// Every environment, by name. Public: the register is public information.
#[tracing::instrument(skip_all)]
pub async fn list(db: &Db) -> Result<Vec<ProcessingEnvironment>, StoreError> {
    let rows = Entity::find()
        .order_by_asc(Column::Name)
        .all(db.conn())
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One environment, for a permit's or an application's details. Public, as [`list`].
pub async fn get(db: &Db, id: Uuid) -> Result<Option<ProcessingEnvironment>, StoreError> {
    find(db.conn(), id).await
}

pub(crate) async fn find<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
) -> Result<Option<ProcessingEnvironment>, StoreError> {
    Ok(Entity::find_by_id(id).one(conn).await?.map(Into::into))
}

/// The environments found among `ids`, in one query.
pub async fn find_many(db: &Db, ids: &[Uuid]) -> Result<Vec<ProcessingEnvironment>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids.to_vec()))
        .all(db.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[tracing::instrument(skip_all)]
pub async fn register(
    db: &Db,
    ctx: &CallContext,
    input: EnvironmentInput,
) -> Result<ProcessingEnvironment, StoreError> {
    let role = audit::authorize(
        db,
        ctx,
        Operation::RegisterProcessingEnvironment,
        "processing_environment.register",
    )
    .await?;
    validate(&input)?;
    let txn = db.begin_write().await?;
    let id = Uuid::now_v7();
    let model = processing_environment::ActiveModel {
        id: Set(id),
        version: Set(1),
        created_at: Set(ctx.at),
        updated_at: Set(ctx.at),
        ..input.columns()
    };
    let model = match model.insert(&txn).await {
        Ok(model) => model,
        Err(e) => return Err(duplicate_name(&txn, e).await),
    };
    audit::append(
        &txn,
        ctx,
        AuditEvent::success("processing_environment.register", Some(role))
            .target("processing_environment", id.to_string()),
    )
    .await?;
    txn.commit().await?;
    Ok(model.into())
}

#[tracing::instrument(skip_all, fields(environment_id = %id, version = version))]
pub async fn update(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
    version: i32,
    input: EnvironmentInput,
) -> Result<ProcessingEnvironment, StoreError> {
    let role = audit::authorize(
        db,
        ctx,
        Operation::UpdateProcessingEnvironment,
        "processing_environment.update",
    )
    .await?;
    validate(&input)?;
    let txn = db.begin_write().await?;
    let existing = Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "processing environment",
        })?;
    if existing.version != version {
        return Err(StoreError::stale());
    }
    let status = input.status;
    let result = match Entity::update_many()
        .set(processing_environment::ActiveModel {
            version: Set(version + 1),
            updated_at: Set(ctx.at),
            ..input.columns()
        })
        .filter(Column::Id.eq(id))
        .filter(Column::Version.eq(version))
        .exec(&txn)
        .await
    {
        Ok(result) => result,
        Err(e) => return Err(duplicate_name(&txn, e).await),
    };
    if result.rows_affected != 1 {
        return Err(StoreError::stale());
    }
    audit::append(
        &txn,
        ctx,
        AuditEvent::success("processing_environment.update", Some(role))
            .target("processing_environment", id.to_string())
            .details(
                serde_json::json!({ "status": status.as_str(), "previousStatus": existing.status }),
            ),
    )
    .await?;
    let updated = Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "processing environment",
        })?;
    txn.commit().await?;
    Ok(updated.into())
}
