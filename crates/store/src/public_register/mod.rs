//! The public register of decisions (DESIGN.md section 3).
//!
//! A read model, `published_decision`, holds exactly the public fields of each decision.
//! It is written in the transaction that makes the decision and updated in the one that
//! changes a permit, so nothing confidential can reach a public query: those queries read
//! this table only.
//!
//! Full text is portable over SQLite and PostgreSQL: the words of title and summary and
//! their Finnish, Swedish and English stems are kept in an index table written with the
//! row ([`terms`] says how words become terms, `search.rs` how they are found and ranked).
//! Pages are keyset-paginated on (decision time in microseconds, id), newest first, and
//! with a query on (relevance, decision time, id), most relevant first, so pages never
//! overlap or skip when decisions are added meanwhile.

use std::collections::BTreeMap;
use tietolupa_domain::{MessageKey, Names};

use sea_orm::sea_query::{Expr, LikeExpr, Order};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use terms::QueryWord;
use tietolupa_domain::Operation;
use tietolupa_domain::application::{ApplicationKind, DecisionOutcome, Purpose};
use tietolupa_domain::permit::{PermitStatus, median_days};
use tietolupa_entity::published_decision::{self, Column, Entity};
use tietolupa_entity::{permit, processing_environment, register_generation};
use time::Date;
use uuid::Uuid;

use crate::page::Page;
use crate::{CallContext, Db, StoreError, audit};

mod registers;
mod rows;
pub(crate) mod search;
pub mod terms;

pub use registers::PublicRegister;
pub(crate) use registers::refresh_names;
use registers::{controller_codes, registers};
use rows::{corrupt, to_public};

/// Shown instead of a name when the holder is a private person.
pub const PRIVATE_PERSON: &str = "private person";
/// Most rows an open-data export returns.
pub const EXPORT_MAX: u64 = 100_000;
const MAX_TERMS: usize = 10;
const MAX_QUERY_CHARS: usize = 200;

/// An amendment decision as listed with its permit's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicAmendment {
    pub diary_number: String,
    pub decision_number: String,
    pub decided_on: Date,
    pub outcome: DecisionOutcome,
}

/// A decision as the public sees it: nothing else exists here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedDecision {
    pub id: Uuid,
    pub diary_number: String,
    pub decision_number: String,
    pub decided_on: Date,
    pub decided_at_micros: i64,
    pub kind: ApplicationKind,
    pub outcome: DecisionOutcome,
    pub purpose: Option<Purpose>,
    pub title: String,
    pub public_summary: String,
    /// The holder organisation, or "private person".
    pub holder: String,
    pub registers: Vec<PublicRegister>,
    pub processing_environment: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    /// The permit's status today (for permit and amendment decisions).
    pub permit_status: Option<PermitStatus>,
    /// For amendment decisions: the diary number of the amended permit's application.
    pub amends_diary_number: Option<String>,
    /// For permit decisions: the amendment decisions since.
    pub amendments: Vec<PublicAmendment>,
    /// For a permit merged into another by an amendment: the diary number of the permit
    /// decision it continues under.
    pub combined_into_diary_number: Option<String>,
    /// How well the decision matched the search query (higher is better); `None` without
    /// a query.
    pub relevance: Option<i64>,
}

impl PublishedDecision {
    /// The data controllers named, each once, in order of first appearance.
    pub fn data_controllers(&self) -> Vec<&Names> {
        let mut out: Vec<&Names> = Vec::new();
        for r in &self.registers {
            if !out.contains(&&r.data_controller) {
                out.push(&r.data_controller);
            }
        }
        out
    }
}

/// Narrows the register; every field optional.
#[derive(Debug, Clone, Default)]
pub struct RegisterFilter {
    /// Words that must all occur in the title or the public summary, in any inflected
    /// form (Finnish, Swedish, English stems); the last word also as a prefix.
    pub text: Option<String>,
    pub kind: Option<ApplicationKind>,
    pub outcome: Option<DecisionOutcome>,
    pub purpose: Option<Purpose>,
    /// A data controller's catalogue code, e.g. `thl`.
    pub data_controller: Option<String>,
    pub year: Option<i32>,
    pub permit_status: Option<PermitStatus>,
}

/// Where a page starts: after this (relevance, decision time, id). The relevance is
/// there exactly when the page is of a search query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterKey {
    pub relevance: Option<i64>,
    pub decided_at_micros: i64,
    pub id: Uuid,
}

/// Escapes `\`, `%` and `_` so user text matches only itself in `LIKE ... ESCAPE '\'`.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The query's words: `None` without a query (every decision), empty when the query has
/// no words at all (no decision).
fn validate(filter: &RegisterFilter) -> Result<Option<Vec<QueryWord>>, StoreError> {
    let Some(text) = filter.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(StoreError::validation(
            "text",
            MessageKey::MaxChars {
                max: MAX_QUERY_CHARS,
            },
        ));
    }
    let words = terms::query_words(text);
    if words.len() > MAX_TERMS {
        return Err(StoreError::validation(
            "text",
            MessageKey::AtMostWords { max: MAX_TERMS },
        ));
    }
    Ok(Some(words))
}

fn condition(filter: &RegisterFilter, today: Date) -> Condition {
    let mut all = Condition::all();
    if let Some(kind) = filter.kind {
        all = all.add(Column::Kind.eq(kind.as_str()));
    }
    if let Some(outcome) = filter.outcome {
        all = all.add(Column::Outcome.eq(outcome.as_str()));
    }
    if let Some(purpose) = filter.purpose {
        all = all.add(Column::Purpose.eq(purpose.as_str()));
    }
    if let Some(code) = filter.data_controller.as_deref() {
        let pattern = format!("%|{}|%", escape_like(code.trim()));
        all = all.add(Column::ControllerCodes.like(LikeExpr::new(pattern).escape('\\')));
    }
    if let Some(year) = filter.year {
        all = all.add(Column::DecisionYear.eq(year));
    }
    match filter.permit_status {
        None => {}
        Some(PermitStatus::Active) => {
            all = all
                .add(Column::PermitStatus.eq(PermitStatus::Active.as_str()))
                .add(Column::ValidUntil.gte(today));
        }
        Some(PermitStatus::Expired) => {
            all = all.add(
                Condition::any()
                    .add(Column::PermitStatus.eq(PermitStatus::Expired.as_str()))
                    .add(
                        Condition::all()
                            .add(Column::PermitStatus.eq(PermitStatus::Active.as_str()))
                            .add(Column::ValidUntil.lt(today)),
                    ),
            );
        }
        Some(status) => all = all.add(Column::PermitStatus.eq(status.as_str())),
    }
    all
}

/// A page of the register, newest first, or most relevant first with a query: up to
/// `first` decisions after `after`.
#[tracing::instrument(skip_all, fields(first = first, after = after.is_some()))]
pub async fn search(
    db: &Db,
    ctx: &CallContext,
    filter: &RegisterFilter,
    first: u64,
    after: Option<RegisterKey>,
) -> Result<Page<PublishedDecision>, StoreError> {
    audit::authorize(
        db,
        ctx,
        Operation::ViewPublishedDecisions,
        "public_register.search",
    )
    .await?;
    let words = validate(filter)?;
    let relevance = after.map(|k| k.relevance.is_some());
    if matches!(
        (&words, relevance),
        (Some(_), Some(false)) | (None, Some(true))
    ) {
        // A cursor of the list without a query used with one, or the other way round.
        return Err(StoreError::validation("after", MessageKey::NotACursor));
    }
    let words = words.as_deref();
    db.register_read(|conn| async move {
        if let Some(words) = words {
            return search::ranked(conn, filter, words, first, after, ctx.today()).await;
        }
        let mut query = Entity::find().filter(condition(filter, ctx.today()));
        if let Some(key) = after {
            query = query.filter(
                Condition::any()
                    .add(Column::DecidedAtMicros.lt(key.decided_at_micros))
                    .add(
                        Condition::all()
                            .add(Column::DecidedAtMicros.eq(key.decided_at_micros))
                            .add(Column::Id.lt(key.id)),
                    ),
            );
        }
        let query = query
            .order_by(Column::DecidedAtMicros, Order::Desc)
            .order_by(Column::Id, Order::Desc)
            .limit(Page::<()>::fetch_limit(first));
        let rows = rows::select(query).all(conn).await?;
        let Page { items, has_next } = Page::from_overfetch(rows, first);
        Ok(Page {
            items: to_public(conn, items, ctx.today()).await?,
            has_next,
        })
    })
    .await
}

/// Every decision matching the filter, newest first, for the open-data exports.
#[tracing::instrument(skip_all, fields(limit = limit))]
pub async fn export(
    db: &Db,
    ctx: &CallContext,
    filter: &RegisterFilter,
    limit: u64,
) -> Result<Vec<PublishedDecision>, StoreError> {
    audit::authorize(
        db,
        ctx,
        Operation::ExportDecisions,
        "public_register.export",
    )
    .await?;
    let words = validate(filter)?;
    if words.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let words = words.as_deref();
    db.register_read(|conn| async move {
        let mut query = Entity::find().filter(condition(filter, ctx.today()));
        if let Some(words) = words {
            query = search::join_hits(query, words);
        }
        let query = query
            .order_by(Column::DecidedAtMicros, Order::Desc)
            .order_by(Column::Id, Order::Desc)
            .limit(limit.min(EXPORT_MAX));
        let rows = rows::select(query).all(conn).await?;
        to_public(conn, rows, ctx.today()).await
    })
    .await
}

/// One decision by the diary number of its application.
#[tracing::instrument(skip_all)]
pub async fn get(
    db: &Db,
    ctx: &CallContext,
    diary_number: &str,
) -> Result<PublishedDecision, StoreError> {
    audit::authorize(
        db,
        ctx,
        Operation::ViewPublishedDecision,
        "public_register.read",
    )
    .await?;
    db.register_read(|conn| async move {
        let row = rows::select(Entity::find().filter(Column::DiaryNumber.eq(diary_number.trim())))
            .one(conn)
            .await?
            .ok_or(StoreError::NotFound { entity: "decision" })?;
        let mut list = to_public(conn, vec![row], ctx.today()).await?;
        Ok(list.remove(0))
    })
    .await
}

/// Counts and median processing time of one group.
#[derive(Debug, Clone, PartialEq)]
pub struct StatisticsGroup {
    pub key: String,
    pub count: i64,
    pub median_processing_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionStatistics {
    pub total: i64,
    /// Days from the start of the decision clock to the decision, without paused time.
    pub median_processing_days: Option<f64>,
    pub by_year: Vec<StatisticsGroup>,
    pub by_kind: Vec<StatisticsGroup>,
    pub by_outcome: Vec<StatisticsGroup>,
    pub by_purpose: Vec<StatisticsGroup>,
}

/// Year, kind, outcome, purpose and processing days of one decision.
type StatisticsRow = (i32, String, String, Option<String>, Option<i32>);

#[tracing::instrument(skip_all)]
pub async fn statistics(db: &Db, ctx: &CallContext) -> Result<DecisionStatistics, StoreError> {
    audit::authorize(
        db,
        ctx,
        Operation::ViewDecisionStatistics,
        "public_register.statistics",
    )
    .await?;
    let rows: Vec<StatisticsRow> = db
        .register_read(|conn| async move {
            Ok(Entity::find()
                .select_only()
                .column(Column::DecisionYear)
                .column(Column::Kind)
                .column(Column::Outcome)
                .column(Column::Purpose)
                .column(Column::ProcessingDays)
                .into_tuple()
                .all(conn)
                .await?)
        })
        .await?;
    let group = |key: &dyn Fn(&StatisticsRow) -> String| {
        let mut groups: BTreeMap<String, Vec<Option<i32>>> = BTreeMap::new();
        for row in &rows {
            groups.entry(key(row)).or_default().push(row.4);
        }
        groups
            .into_iter()
            .map(|(key, days)| {
                let mut known: Vec<i64> = days.iter().flatten().map(|d| i64::from(*d)).collect();
                StatisticsGroup {
                    key,
                    count: days.len() as i64,
                    median_processing_days: median_days(&mut known),
                }
            })
            .collect::<Vec<_>>()
    };
    let mut all: Vec<i64> = rows.iter().filter_map(|r| r.4).map(i64::from).collect();
    Ok(DecisionStatistics {
        total: rows.len() as i64,
        median_processing_days: median_days(&mut all),
        by_year: group(&|r| r.0.to_string()),
        by_kind: group(&|r| r.1.clone()),
        by_outcome: group(&|r| r.2.clone()),
        by_purpose: group(&|r| r.3.clone().unwrap_or_else(|| "UNKNOWN".to_owned())),
    })
}

const GENERATION: &str = "main";

/// The register's generation: it changes in the same transaction as anything a public
/// query can show, so a page cached under one generation is current exactly as long as
/// the generation is. One primary-key read, on the primary; on the replica while the
/// primary is down, since the register's reads then go there too.
pub async fn generation(db: &Db) -> Result<i64, StoreError> {
    db.register_generation().await
}

/// The generation as `conn` (the primary or the replica) has it.
pub(crate) async fn generation_on<C: ConnectionTrait>(conn: &C) -> Result<i64, StoreError> {
    register_generation::Entity::find_by_id(GENERATION.to_owned())
        .one(conn)
        .await?
        .map(|row| row.generation)
        .ok_or(StoreError::NotFound {
            entity: "register generation",
        })
}

/// Bumps the generation inside the transaction that writes `published_decision`. Deciding
/// already serialises on the audit chain head, so this row lock adds no waiting.
pub(crate) async fn bump_generation<C: ConnectionTrait>(conn: &C) -> Result<(), StoreError> {
    register_generation::Entity::update_many()
        .col_expr(
            register_generation::Column::Generation,
            sea_orm::ExprTrait::add(Expr::col(register_generation::Column::Generation), 1),
        )
        .filter(register_generation::Column::Name.eq(GENERATION))
        .exec(conn)
        .await?;
    Ok(())
}

/// What the decide transaction knows about the decision it publishes.
pub(crate) struct Publication<'a> {
    pub decision_id: Uuid,
    pub application_id: Uuid,
    pub diary_number: &'a str,
    pub decision_number: &'a str,
    pub decided_on: Date,
    pub decided_at_micros: i64,
    pub kind: ApplicationKind,
    pub outcome: DecisionOutcome,
    pub purpose: Option<Purpose>,
    pub title: &'a str,
    pub public_summary: &'a str,
    pub organisation: Option<&'a str>,
    /// Granted sources for grants; those asked for otherwise.
    pub data_source_ids: &'a [Uuid],
    pub processing_days: Option<i64>,
    /// The permit the decision issued or amended.
    pub permit: Option<&'a permit::Model>,
    pub amends_diary_number: Option<String>,
}

async fn environment_name<C: ConnectionTrait>(
    conn: &C,
    id: Option<Uuid>,
) -> Result<Option<String>, StoreError> {
    Ok(match id {
        Some(id) => processing_environment::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|e| e.name),
        None => None,
    })
}

/// The permit's public facts: its registers, environment, validity and status.
async fn permit_facts<C: ConnectionTrait>(
    conn: &C,
    permit: &permit::Model,
) -> Result<(Vec<PublicRegister>, Option<String>), StoreError> {
    let ids: Vec<Uuid> =
        serde_json::from_value(permit.granted_data_source_ids.clone()).map_err(|_| corrupt())?;
    Ok((
        registers(conn, &ids).await?,
        environment_name(conn, permit.processing_environment_id).await?,
    ))
}

/// Writes the decision's public row, in the deciding transaction.
pub(crate) async fn publish<C: ConnectionTrait>(
    conn: &C,
    p: Publication<'_>,
) -> Result<(), StoreError> {
    let (registers, environment) = match p.permit {
        Some(permit) => permit_facts(conn, permit).await?,
        None => (registers(conn, p.data_source_ids).await?, None),
    };
    Entity::insert(published_decision::ActiveModel {
        id: Set(p.decision_id),
        application_id: Set(p.application_id),
        diary_number: Set(p.diary_number.to_owned()),
        decision_number: Set(p.decision_number.to_owned()),
        decided_on: Set(p.decided_on),
        decided_at_micros: Set(p.decided_at_micros),
        decision_year: Set(p.decided_on.year()),
        kind: Set(p.kind.as_str().to_owned()),
        outcome: Set(p.outcome.as_str().to_owned()),
        purpose: Set(p.purpose.map(|x| x.as_str().to_owned())),
        title: Set(p.title.to_owned()),
        public_summary: Set(p.public_summary.to_owned()),
        holder: Set(p
            .organisation
            .filter(|o| !o.trim().is_empty())
            .unwrap_or(PRIVATE_PERSON)
            .to_owned()),
        controller_codes: Set(controller_codes(&registers)),
        registers: Set(serde_json::to_value(&registers).expect("registers serialise")),
        processing_environment: Set(environment),
        permit_id: Set(p.permit.map(|x| x.id)),
        valid_from: Set(p.permit.map(|x| x.valid_from)),
        valid_until: Set(p.permit.map(|x| x.valid_until)),
        permit_status: Set(p.permit.map(|x| x.status.clone())),
        amends_diary_number: Set(p.amends_diary_number),
        combined_into_diary_number: Set(None),
        processing_days: Set(p.processing_days.map(|d| d as i32)),
    })
    .exec_without_returning(conn)
    .await?;
    search::index_decision(
        conn,
        p.decision_id,
        p.decided_at_micros,
        p.title,
        p.public_summary,
    )
    .await?;
    bump_generation(conn).await
}

/// Writes a decision's search terms as publishing does, for black-box tests and benchmarks
/// that put rows straight into the register's read model.
#[cfg(feature = "testing")]
#[doc(hidden)]
pub async fn index_for_tests<C: ConnectionTrait>(
    conn: &C,
    decision_id: Uuid,
    decided_at_micros: i64,
    title: &str,
    summary: &str,
) -> Result<(), StoreError> {
    search::index_decision(conn, decision_id, decided_at_micros, title, summary).await
}

/// Brings every public row of a permit (its decision and its amendments') up to date
/// after the permit changed, in the changing transaction.
pub(crate) async fn refresh_permit<C: ConnectionTrait>(
    conn: &C,
    permit: &permit::Model,
) -> Result<(), StoreError> {
    let (registers, environment) = permit_facts(conn, permit).await?;
    let combined_into_diary_number = match permit.combined_into {
        Some(surviving) => Entity::find()
            .filter(Column::PermitId.eq(surviving))
            .filter(Column::Kind.ne(ApplicationKind::Amendment.as_str()))
            .one(conn)
            .await?
            .map(|row| row.diary_number),
        None => None,
    };
    Entity::update_many()
        .set(published_decision::ActiveModel {
            combined_into_diary_number: Set(combined_into_diary_number),
            valid_from: Set(Some(permit.valid_from)),
            valid_until: Set(Some(permit.valid_until)),
            permit_status: Set(Some(permit.status.clone())),
            processing_environment: Set(environment),
            controller_codes: Set(controller_codes(&registers)),
            registers: Set(serde_json::to_value(&registers).expect("registers serialise")),
            ..Default::default()
        })
        .filter(Column::PermitId.eq(permit.id))
        .exec(conn)
        .await?;
    bump_generation(conn).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_metacharacters_are_escaped() {
        assert_eq!(escape_like(r"50%_off\"), r"50\%\_off\\");
        assert_eq!(escape_like("äiti's \"x\""), "äiti's \"x\"");
    }
}
