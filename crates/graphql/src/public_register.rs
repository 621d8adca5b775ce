//! The public register of decisions: `publishedDecisions(filter)`,
//! `publishedDecision(diaryNumber)` and `decisionStatistics`. Open to everyone; they read
//! the register's read model only, which holds nothing but public fields.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, InputObject, Object, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tietolupa_store::public_register::{self as store, RegisterFilter, RegisterKey};
use tietolupa_store::{CallContext, Db};
use time::Date;
use uuid::Uuid;

use crate::ApiError;
use crate::cursor;
use crate::enums::{ApplicationKind, DecisionOutcome, PermitStatus, Purpose};

fn db<'a>(ctx: &Context<'a>) -> &'a Db {
    ctx.data_unchecked::<Db>()
}

fn caller<'a>(ctx: &Context<'a>) -> &'a CallContext {
    ctx.data_unchecked::<CallContext>()
}

const CURSOR_KIND: &str = "published";

/// Opaque keyset cursor: the decision's time and id.
fn encode_cursor(d: &store::PublishedDecision) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_KIND}:{}:{}", d.decided_at_micros, d.id))
}

fn decode_cursor(cursor: &str) -> Result<RegisterKey, ApiError> {
    let invalid = || ApiError::validation("after", "is not a cursor of this list");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = text.splitn(3, ':');
    if parts.next() != Some(CURSOR_KIND) {
        return Err(invalid());
    }
    let micros = parts
        .next()
        .and_then(|m| m.parse().ok())
        .ok_or_else(invalid)?;
    let id = parts
        .next()
        .and_then(|i| Uuid::parse_str(i).ok())
        .ok_or_else(invalid)?;
    Ok(RegisterKey {
        decided_at_micros: micros,
        id,
    })
}

/// A published decision: exactly the public fields (DESIGN.md section 3).
#[derive(SimpleObject)]
pub struct PublishedDecision {
    diary_number: String,
    decision_number: String,
    decided_on: Date,
    kind: ApplicationKind,
    outcome: DecisionOutcome,
    purpose: Option<Purpose>,
    title: String,
    public_summary: String,
    /// The holder organisation, or "private person".
    holder: String,
    data_controllers: Vec<String>,
    registers: Vec<PublishedRegister>,
    processing_environment: Option<String>,
    valid_from: Option<Date>,
    valid_until: Option<Date>,
    /// The permit's status today, for permit and amendment decisions.
    permit_status: Option<PermitStatus>,
    /// For amendment decisions: the diary number of the amended permit's application.
    amends_diary_number: Option<String>,
    /// For permit decisions: the amendment decisions made since.
    amendments: Vec<PublishedAmendment>,
}

#[derive(SimpleObject)]
pub struct PublishedRegister {
    data_controller: String,
    /// The catalogue code, usable as the `dataController` filter.
    data_controller_code: String,
    register: String,
}

#[derive(SimpleObject)]
pub struct PublishedAmendment {
    diary_number: String,
    decision_number: String,
    decided_on: Date,
    outcome: DecisionOutcome,
}

impl From<store::PublishedDecision> for PublishedDecision {
    fn from(d: store::PublishedDecision) -> Self {
        PublishedDecision {
            data_controllers: d.data_controllers(),
            diary_number: d.diary_number,
            decision_number: d.decision_number,
            decided_on: d.decided_on,
            kind: d.kind.into(),
            outcome: d.outcome.into(),
            purpose: d.purpose.map(Into::into),
            title: d.title,
            public_summary: d.public_summary,
            holder: d.holder,
            registers: d
                .registers
                .into_iter()
                .map(|r| PublishedRegister {
                    data_controller: r.data_controller,
                    data_controller_code: r.data_controller_code,
                    register: r.register,
                })
                .collect(),
            processing_environment: d.processing_environment,
            valid_from: d.valid_from,
            valid_until: d.valid_until,
            permit_status: d.permit_status.map(Into::into),
            amends_diary_number: d.amends_diary_number,
            amendments: d
                .amendments
                .into_iter()
                .map(|a| PublishedAmendment {
                    diary_number: a.diary_number,
                    decision_number: a.decision_number,
                    decided_on: a.decided_on,
                    outcome: a.outcome.into(),
                })
                .collect(),
        }
    }
}

/// Narrows the register; every field optional, all given must hold.
#[derive(InputObject, Default)]
pub struct PublishedDecisionFilter {
    /// Words that must all occur in the title or public summary (case-insensitive).
    text: Option<String>,
    kind: Option<ApplicationKind>,
    outcome: Option<DecisionOutcome>,
    purpose: Option<Purpose>,
    /// A data controller's catalogue code, e.g. `thl` or `kela`.
    data_controller: Option<String>,
    /// The year of the decision.
    year: Option<i32>,
    /// The permit's status today.
    permit_status: Option<PermitStatus>,
}

impl From<PublishedDecisionFilter> for RegisterFilter {
    fn from(f: PublishedDecisionFilter) -> Self {
        RegisterFilter {
            text: f.text.filter(|t| !t.trim().is_empty()),
            kind: f.kind.map(Into::into),
            outcome: f.outcome.map(Into::into),
            purpose: f.purpose.map(Into::into),
            data_controller: f.data_controller.filter(|c| !c.trim().is_empty()),
            year: f.year,
            permit_status: f.permit_status.map(Into::into),
        }
    }
}

#[derive(SimpleObject)]
pub struct StatisticsGroup {
    key: String,
    count: i64,
    median_processing_days: Option<f64>,
}

#[derive(SimpleObject)]
pub struct DecisionStatistics {
    total: i64,
    /// Days from submission (the clock's start) to the decision, paused time excluded.
    median_processing_days: Option<f64>,
    by_year: Vec<StatisticsGroup>,
    by_kind: Vec<StatisticsGroup>,
    by_outcome: Vec<StatisticsGroup>,
    by_purpose: Vec<StatisticsGroup>,
}

fn groups(list: Vec<store::StatisticsGroup>) -> Vec<StatisticsGroup> {
    list.into_iter()
        .map(|g| StatisticsGroup {
            key: g.key,
            count: g.count,
            median_processing_days: g.median_processing_days,
        })
        .collect()
}

#[derive(Default)]
pub struct PublicRegisterQuery;

#[Object]
impl PublicRegisterQuery {
    /// Every decision, newest first; open to everyone.
    async fn published_decisions(
        &self,
        ctx: &Context<'_>,
        filter: Option<PublishedDecisionFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, PublishedDecision>, ApiError> {
        let first = cursor::page_size(first, 20, 100)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let filter: RegisterFilter = filter.unwrap_or_default().into();
        let (list, more) = store::search(db(ctx), caller(ctx), &filter, first, after).await?;
        let mut connection = Connection::new(after.is_some(), more);
        connection.edges.extend(
            list.into_iter()
                .map(|d| Edge::new(encode_cursor(&d), PublishedDecision::from(d))),
        );
        Ok(connection)
    }

    /// One decision by its application's diary number, e.g. `TL/12/2026`.
    async fn published_decision(
        &self,
        ctx: &Context<'_>,
        diary_number: String,
    ) -> Result<PublishedDecision, ApiError> {
        Ok(store::get(db(ctx), caller(ctx), &diary_number)
            .await?
            .into())
    }

    /// Counts per year, kind, outcome and purpose, and median processing days.
    async fn decision_statistics(&self, ctx: &Context<'_>) -> Result<DecisionStatistics, ApiError> {
        let s = store::statistics(db(ctx), caller(ctx)).await?;
        Ok(DecisionStatistics {
            total: s.total,
            median_processing_days: s.median_processing_days,
            by_year: groups(s.by_year),
            by_kind: groups(s.by_kind),
            by_outcome: groups(s.by_outcome),
            by_purpose: groups(s.by_purpose),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_others() {
        let key = RegisterKey {
            decided_at_micros: 1_764_000_000_000_000,
            id: Uuid::from_u128(7),
        };
        let cursor = URL_SAFE_NO_PAD.encode(format!(
            "{CURSOR_KIND}:{}:{}",
            key.decided_at_micros, key.id
        ));
        assert_eq!(decode_cursor(&cursor), Ok(key));
        assert!(decode_cursor(&cursor::encode("mine", 3)).is_err());
        assert!(decode_cursor("%%%").is_err());
    }
}
