//! The register's rows as its reads decode them.
//!
//! A page reads only the columns a public decision shows, by position: SeaORM's models
//! read each column by name, which formats a key and looks it up for every column of every
//! row, and that was a tenth of a register page's CPU under load (docs/benchmarks.md, "A
//! read path near the limit"). The registers come as JSON text and are parsed once into
//! their structs, not through a `serde_json::Value` first.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QueryResult, QuerySelect, Select, SelectModel, Selector,
};
use tietolupa_domain::application::{ApplicationKind, DecisionOutcome, Purpose};
use tietolupa_domain::permit::{PermitStatus, effective_status};
use tietolupa_entity::published_decision::{Column, Entity};
use time::Date;
use uuid::Uuid;

use super::{PublicAmendment, PublicRegister, PublishedDecision};
use crate::StoreError;

/// One row of `published_decision` as a public decision needs it.
pub(super) struct RegisterRow {
    id: Uuid,
    diary_number: String,
    decision_number: String,
    decided_on: Date,
    decided_at_micros: i64,
    kind: String,
    outcome: String,
    purpose: Option<String>,
    title: String,
    public_summary: String,
    holder: String,
    processing_environment: Option<String>,
    permit_id: Option<Uuid>,
    valid_from: Option<Date>,
    valid_until: Option<Date>,
    permit_status: Option<String>,
    amends_diary_number: Option<String>,
    combined_into_diary_number: Option<String>,
    registers: Vec<PublicRegister>,
}

/// The columns in the order `RegisterRow` reads them; the registers' text comes last.
const COLUMNS: [Column; 18] = [
    Column::Id,
    Column::DiaryNumber,
    Column::DecisionNumber,
    Column::DecidedOn,
    Column::DecidedAtMicros,
    Column::Kind,
    Column::Outcome,
    Column::Purpose,
    Column::Title,
    Column::PublicSummary,
    Column::Holder,
    Column::ProcessingEnvironment,
    Column::PermitId,
    Column::ValidFrom,
    Column::ValidUntil,
    Column::PermitStatus,
    Column::AmendsDiaryNumber,
    Column::CombinedIntoDiaryNumber,
];

impl RegisterRow {
    pub(super) fn id(&self) -> Uuid {
        self.id
    }
}

impl FromQueryResult for RegisterRow {
    fn from_query_result(row: &QueryResult, _prefix: &str) -> Result<Self, DbErr> {
        let registers: String = row.try_get_by_index(COLUMNS.len())?;
        Ok(RegisterRow {
            id: row.try_get_by_index(0)?,
            diary_number: row.try_get_by_index(1)?,
            decision_number: row.try_get_by_index(2)?,
            decided_on: row.try_get_by_index(3)?,
            decided_at_micros: row.try_get_by_index(4)?,
            kind: row.try_get_by_index(5)?,
            outcome: row.try_get_by_index(6)?,
            purpose: row.try_get_by_index(7)?,
            title: row.try_get_by_index(8)?,
            public_summary: row.try_get_by_index(9)?,
            holder: row.try_get_by_index(10)?,
            processing_environment: row.try_get_by_index(11)?,
            permit_id: row.try_get_by_index(12)?,
            valid_from: row.try_get_by_index(13)?,
            valid_until: row.try_get_by_index(14)?,
            permit_status: row.try_get_by_index(15)?,
            amends_diary_number: row.try_get_by_index(16)?,
            combined_into_diary_number: row.try_get_by_index(17)?,
            registers: serde_json::from_str(&registers)
                .map_err(|e| DbErr::Type(format!("published_decision.registers: {e}")))?,
        })
    }
}

/// `query` (filtered and ordered as the caller needs) reading `RegisterRow`s.
pub(super) fn select(query: Select<Entity>) -> Selector<SelectModel<RegisterRow>> {
    query
        .select_only()
        .columns(COLUMNS)
        // `json` on PostgreSQL, text on SQLite; as text on both, to be parsed once.
        .expr(Expr::col((Entity, Column::Registers)).cast_as(Alias::new("text")))
        .into_model::<RegisterRow>()
}

/// The rows as public decisions, each permit's with the amendment decisions made since
/// (one more statement, whatever the number of rows).
pub(super) async fn to_public<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<RegisterRow>,
    today: Date,
) -> Result<Vec<PublishedDecision>, StoreError> {
    let permit_ids: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.kind != ApplicationKind::Amendment.as_str())
        .filter_map(|r| r.permit_id)
        .collect();
    let mut amendments: HashMap<Uuid, Vec<PublicAmendment>> = HashMap::new();
    if !permit_ids.is_empty() {
        let found: Vec<(Option<Uuid>, String, String, Date, String)> = Entity::find()
            .select_only()
            .columns([
                Column::PermitId,
                Column::DiaryNumber,
                Column::DecisionNumber,
                Column::DecidedOn,
                Column::Outcome,
            ])
            .filter(Column::PermitId.is_in(permit_ids))
            .filter(Column::Kind.eq(ApplicationKind::Amendment.as_str()))
            .order_by(Column::DecidedAtMicros, Order::Asc)
            .into_tuple()
            .all(conn)
            .await?;
        for (permit_id, diary_number, decision_number, decided_on, outcome) in found {
            let Some(permit_id) = permit_id else {
                continue;
            };
            amendments
                .entry(permit_id)
                .or_default()
                .push(PublicAmendment {
                    diary_number,
                    decision_number,
                    decided_on,
                    outcome: DecisionOutcome::parse(&outcome).ok_or_else(corrupt)?,
                });
        }
    }
    rows.into_iter()
        .map(|r| {
            let stored = r.permit_status.as_deref().and_then(PermitStatus::parse);
            Ok(PublishedDecision {
                id: r.id,
                amendments: match (r.permit_id, r.kind == ApplicationKind::Amendment.as_str()) {
                    (Some(id), false) => amendments.get(&id).cloned().unwrap_or_default(),
                    _ => Vec::new(),
                },
                diary_number: r.diary_number,
                decision_number: r.decision_number,
                decided_on: r.decided_on,
                decided_at_micros: r.decided_at_micros,
                kind: ApplicationKind::parse(&r.kind).ok_or_else(corrupt)?,
                outcome: DecisionOutcome::parse(&r.outcome).ok_or_else(corrupt)?,
                purpose: r.purpose.as_deref().and_then(Purpose::parse),
                title: r.title,
                public_summary: r.public_summary,
                holder: r.holder,
                registers: r.registers,
                processing_environment: r.processing_environment,
                valid_from: r.valid_from,
                valid_until: r.valid_until,
                permit_status: match (stored, r.valid_until) {
                    (Some(s), Some(until)) => Some(effective_status(s, until, today)),
                    (s, _) => s,
                },
                amends_diary_number: r.amends_diary_number,
                combined_into_diary_number: r.combined_into_diary_number,
                relevance: None,
            })
        })
        .collect()
}

pub(super) fn corrupt() -> StoreError {
    StoreError::Database(DbErr::Custom(
        "unreadable row in the public register".to_owned(),
    ))
}
