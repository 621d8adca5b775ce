//! `myAccessLog`: the staff actions on the caller's own objections and applications.

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, Object, SimpleObject};
use tietolupa_store::access_log::{self, AccessLogFilter, AccessSubject};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::context::ContextExt;
use crate::me::RoleName;
use crate::{ApiError, connection, cursor};

const CURSOR_KIND: &str = "access-log";

/// What a staff member did with the caller's data.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::access_log::AccessKind")]
pub enum AccessKind {
    /// Looked at it: opened the case or the objection, downloaded an attachment.
    Read,
    /// Acted on it: took the case, asked for information, proposed, decided, recorded.
    Handled,
}

/// The organisation the staff member acts for.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "tietolupa_domain::access_log::AccessorOrganisation")]
pub enum AccessorOrganisation {
    PermitAuthority,
}

/// Which of the caller's things the entry is about.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum AccessSubjectType {
    Objection,
    Application,
}

/// One staff action on the caller's data: the role and organisation, never the person.
#[derive(SimpleObject)]
pub struct AccessLogEntry {
    /// The entry's position in the audit log (from 1); its leaf index in the audit log's
    /// Merkle tree is `seq - 1`.
    seq: i64,
    occurred_at: OffsetDateTime,
    kind: AccessKind,
    /// The audit log's dotted verb, e.g. `objection.read`.
    action: String,
    role: RoleName,
    organisation: AccessorOrganisation,
    subject_type: AccessSubjectType,
    subject_id: Uuid,
    /// The reason the staff member stated, where the action asks for one.
    reason: Option<String>,
}

impl From<access_log::AccessLogEntry> for AccessLogEntry {
    fn from(entry: access_log::AccessLogEntry) -> Self {
        let (subject_type, subject_id) = match entry.subject {
            AccessSubject::Objection(id) => (AccessSubjectType::Objection, id),
            AccessSubject::Application(id) => (AccessSubjectType::Application, id),
        };
        AccessLogEntry {
            seq: entry.seq,
            occurred_at: entry.occurred_at,
            kind: entry.kind.into(),
            action: entry.action,
            role: entry.role.into(),
            organisation: entry.organisation.into(),
            subject_type,
            subject_id,
            reason: entry.reason,
        }
    }
}

#[derive(Default)]
pub struct AccessLogQuery;

#[Object]
impl AccessLogQuery {
    /// Who at the authority read or handled your data, newest first: for a citizen the
    /// objections about them, for an applicant their applications (or one of them, with
    /// `applicationId`). Staff are shown by role and organisation, never by name. Your own
    /// actions are not listed.
    async fn my_access_log(
        &self,
        ctx: &Context<'_>,
        application_id: Option<Uuid>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AccessLogEntry>, ApiError> {
        let first = cursor::page_size(first, 50, 200)?;
        let before_seq: Option<i64> = connection::keyset_after(CURSOR_KIND, after.as_deref())?;
        let page = access_log::mine(
            ctx.db(),
            ctx.objection_crypto(),
            ctx.caller(),
            AccessLogFilter { application_id },
            first,
            before_seq,
        )
        .await?;
        Ok(connection::keyset_connection(
            CURSOR_KIND,
            before_seq.is_some(),
            page,
            |entry| entry.seq,
            Into::into,
        ))
    }
}
