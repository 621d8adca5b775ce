//! The public register of decisions: `publishedDecisions(filter)`,
//! `publishedDecision(diaryNumber)` and `decisionStatistics`. Open to everyone; they read
//! the register's read model only, which holds nothing but public fields.

use std::fmt;
use std::str::FromStr;

use async_graphql::connection::Connection;
use async_graphql::{Context, InputObject, Object, SimpleObject};
use tietolupa_domain::sign_in::UiLanguage;
use tietolupa_store::documents;
use tietolupa_store::public_register::terms::{self, QueryWord};
use tietolupa_store::public_register::{self as store, RegisterFilter, RegisterKey};
use time::Date;
use uuid::Uuid;

use crate::context::ContextExt;
use crate::enums::{ApplicationKind, DecisionOutcome, PermitStatus, Purpose};
use crate::names::{Names, language};
use crate::{ApiError, connection};

const CURSOR_KIND: &str = "published";
/// Search results are ordered by relevance first: their cursors are of another list, so
/// that one of the plain list fails on a search and the other way round.
const SEARCH_CURSOR_KIND: &str = "published-search";

/// The keyset position in a cursor: `micros:id`, or `relevance:micros:id` in search
/// results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position(RegisterKey);

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(relevance) = self.0.relevance {
            write!(f, "{relevance}:")?;
        }
        write!(f, "{}:{}", self.0.decided_at_micros, self.0.id)
    }
}

impl FromStr for Position {
    type Err = ();

    fn from_str(s: &str) -> Result<Position, ()> {
        let (head, id) = s.rsplit_once(':').ok_or(())?;
        let (relevance, micros) = match head.split_once(':') {
            Some((relevance, micros)) => (Some(relevance.parse().map_err(|_| ())?), micros),
            None => (None, head),
        };
        Ok(Position(RegisterKey {
            relevance,
            decided_at_micros: micros.parse().map_err(|_| ())?,
            id: Uuid::parse_str(id).map_err(|_| ())?,
        }))
    }
}

/// A piece of a title or summary: a word the search matched, or the text around it.
#[derive(SimpleObject)]
pub struct TextSegment {
    text: String,
    /// Whether the search query matched this word.
    hit: bool,
}

/// The title and summary cut into segments, the words the search matched marked; the
/// segments of each, joined, are the text unchanged.
#[derive(SimpleObject)]
pub struct SearchHighlights {
    title: Vec<TextSegment>,
    public_summary: Vec<TextSegment>,
}

fn segments(text: &str, words: &[QueryWord]) -> Vec<TextSegment> {
    terms::highlight(text, words)
        .into_iter()
        .map(|s| TextSegment {
            text: s.text,
            hit: s.hit,
        })
        .collect()
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
    /// The data controllers named, each once, in the caller's language.
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
    /// For a permit merged into another (`COMBINED`): the diary number of the permit
    /// decision it continues under.
    combined_into_diary_number: Option<String>,
    /// The decision document's public version (PDF/A-2b).
    document_url: String,
    /// For a revoked permit: the public version of the revocation decision's document.
    revocation_document_url: Option<String>,
    /// In search results: the title and summary with the matched words marked.
    highlights: Option<SearchHighlights>,
}

#[derive(SimpleObject)]
pub struct PublishedRegister {
    /// In the caller's language.
    data_controller: String,
    /// In Finnish, Swedish and English.
    data_controller_names: Names,
    /// The catalogue code, usable as the `dataController` filter.
    data_controller_code: String,
    /// In the caller's language.
    register: String,
    /// In Finnish, Swedish and English.
    register_names: Names,
}

#[derive(SimpleObject)]
pub struct PublishedAmendment {
    diary_number: String,
    decision_number: String,
    decided_on: Date,
    outcome: DecisionOutcome,
}

impl PublishedDecision {
    /// The decision with its names in `language`, and the hits of `search` marked.
    fn new(
        d: store::PublishedDecision,
        language: UiLanguage,
        search: Option<&[QueryWord]>,
    ) -> Self {
        let document_url = documents::public_url(&d.diary_number, documents::Of::Decision);
        let revocation_document_url =
            documents::public_revocation_url(&d.diary_number, d.permit_status);
        PublishedDecision {
            highlights: search.map(|words| SearchHighlights {
                title: segments(&d.title, words),
                public_summary: segments(&d.public_summary, words),
            }),
            data_controllers: d
                .data_controllers()
                .iter()
                .map(|n| n.get(language).to_owned())
                .collect(),
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
                    data_controller: r.data_controller.get(language).to_owned(),
                    data_controller_names: r.data_controller.into(),
                    data_controller_code: r.data_controller_code,
                    register: r.register.get(language).to_owned(),
                    register_names: r.register.into(),
                })
                .collect(),
            processing_environment: d.processing_environment,
            valid_from: d.valid_from,
            valid_until: d.valid_until,
            permit_status: d.permit_status.map(Into::into),
            amends_diary_number: d.amends_diary_number,
            combined_into_diary_number: d.combined_into_diary_number,
            document_url,
            revocation_document_url,
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
    /// Words that must all occur in the title or public summary, in any inflected form:
    /// Finnish, Swedish and English words are reduced to their stems, and the last word
    /// also matches the words it begins. At most 200 characters and 10 words; a query of
    /// no words (only punctuation) matches nothing. Results come most relevant first.
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
    /// Every decision, newest first; open to everyone. With a `text` filter, the most
    /// relevant first (title hits before summary hits, whole words before prefixes), then
    /// the newest, each with its `highlights`.
    async fn published_decisions(
        &self,
        ctx: &Context<'_>,
        filter: Option<PublishedDecisionFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, PublishedDecision>, ApiError> {
        let first = crate::cursor::page_size(first, 20, 100)?;
        let filter: RegisterFilter = filter.unwrap_or_default().into();
        let words: Option<Vec<QueryWord>> = filter.text.as_deref().map(terms::query_words);
        let kind = if words.is_some() {
            SEARCH_CURSOR_KIND
        } else {
            CURSOR_KIND
        };
        let after: Option<Position> = connection::keyset_after(kind, after.as_deref())?;
        let language = language(ctx);
        let page =
            store::search(ctx.db(), ctx.caller(), &filter, first, after.map(|p| p.0)).await?;
        Ok(connection::keyset_connection(
            kind,
            after.is_some(),
            page,
            |d| {
                Position(RegisterKey {
                    relevance: d.relevance,
                    decided_at_micros: d.decided_at_micros,
                    id: d.id,
                })
            },
            |d| PublishedDecision::new(d, language, words.as_deref()),
        ))
    }

    /// One decision by its application's diary number, e.g. `TL/12/2026`.
    async fn published_decision(
        &self,
        ctx: &Context<'_>,
        diary_number: String,
    ) -> Result<PublishedDecision, ApiError> {
        let decision = store::get(ctx.db(), ctx.caller(), &diary_number).await?;
        Ok(PublishedDecision::new(decision, language(ctx), None))
    }

    /// Counts per year, kind, outcome and purpose, and median processing days.
    async fn decision_statistics(&self, ctx: &Context<'_>) -> Result<DecisionStatistics, ApiError> {
        let s = store::statistics(ctx.db(), ctx.caller()).await?;
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
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_others() {
        let key = RegisterKey {
            relevance: None,
            decided_at_micros: 1_764_000_000_000_000,
            id: Uuid::from_u128(7),
        };
        // The format clients already hold: `published:micros:id`.
        let cursor = URL_SAFE_NO_PAD.encode(format!(
            "{CURSOR_KIND}:{}:{}",
            key.decided_at_micros, key.id
        ));
        assert_eq!(crate::cursor::encode(CURSOR_KIND, Position(key)), cursor);
        let decode = |c: &str| connection::keyset_after::<Position>(CURSOR_KIND, Some(c));
        assert_eq!(decode(&cursor), Ok(Some(Position(key))));
        assert!(decode(&crate::cursor::encode("mine", 3)).is_err());
        assert!(decode("%%%").is_err());
        assert!(decode(&crate::cursor::encode(CURSOR_KIND, "12:not-a-uuid")).is_err());
    }

    #[test]
    fn search_cursors_carry_the_relevance_and_are_of_their_own_list() {
        let key = RegisterKey {
            relevance: Some(6),
            decided_at_micros: -5,
            id: Uuid::from_u128(9),
        };
        let cursor = crate::cursor::encode(SEARCH_CURSOR_KIND, Position(key));
        let decode = |kind: &str| connection::keyset_after::<Position>(kind, Some(&cursor));
        assert_eq!(decode(SEARCH_CURSOR_KIND), Ok(Some(Position(key))));
        assert!(decode(CURSOR_KIND).is_err());
        let bad = crate::cursor::encode(
            SEARCH_CURSOR_KIND,
            "x:1:00000000-0000-0000-0000-000000000009",
        );
        assert!(connection::keyset_after::<Position>(SEARCH_CURSOR_KIND, Some(&bad)).is_err());
    }
}
