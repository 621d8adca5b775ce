//! The public register of decisions: `publishedDecisions(filter)`,
//! `publishedDecision(diaryNumber)` and `decisionStatistics`. Open to everyone; they read
//! the register's read model only, which holds nothing but public fields.

use std::fmt;
use std::str::FromStr;

use async_graphql::connection::Connection;
use async_graphql::{Context, InputObject, Object, ServerResult, SimpleObject, Value};
use tietolupa_domain::sign_in::UiLanguage;
use tietolupa_store::documents;
use tietolupa_store::public_register::terms::{self, Highlighter, QueryWord};
use tietolupa_store::public_register::{self as store, RegisterFilter, RegisterKey};
use time::Date;
use uuid::Uuid;

use crate::context::ContextExt;
use crate::enums::{ApplicationKind, DecisionOutcome, PermitStatus, Purpose};
use crate::names::{Names, language};
use crate::plain::{self, Plain, PlainObject, Selected};
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

fn segments(text: &str, highlighter: &mut Highlighter<'_>) -> Vec<TextSegment> {
    highlighter
        .highlight(text)
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
    /// The decision with its names in `language`, and the hits of a search marked (one
    /// highlighter for a page, which remembers the words it has seen).
    fn new(
        d: store::PublishedDecision,
        language: UiLanguage,
        search: Option<&mut Highlighter<'_>>,
    ) -> Self {
        let document_url = documents::public_url(&d.diary_number, documents::Of::Decision);
        let revocation_document_url =
            documents::public_revocation_url(&d.diary_number, d.permit_status);
        PublishedDecision {
            highlights: search.map(|highlighter| SearchHighlights {
                title: segments(&d.title, highlighter),
                public_summary: segments(&d.public_summary, highlighter),
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

impl PlainObject for PublishedDecision {
    fn field(&self, name: &str, selected: Selected<'_>) -> ServerResult<Value> {
        Ok(match name {
            "diaryNumber" => plain::string(&self.diary_number),
            "decisionNumber" => plain::string(&self.decision_number),
            "decidedOn" => plain::input(&self.decided_on),
            "kind" => plain::input(&self.kind),
            "outcome" => plain::input(&self.outcome),
            "purpose" => plain::optional(self.purpose.as_ref(), plain::input),
            "title" => plain::string(&self.title),
            "publicSummary" => plain::string(&self.public_summary),
            "holder" => plain::string(&self.holder),
            "dataControllers" => plain::strings(&self.data_controllers),
            "registers" => selected.list(&self.registers)?,
            "processingEnvironment" => {
                plain::optional_string(self.processing_environment.as_deref())
            }
            "validFrom" => plain::optional(self.valid_from.as_ref(), plain::input),
            "validUntil" => plain::optional(self.valid_until.as_ref(), plain::input),
            "permitStatus" => plain::optional(self.permit_status.as_ref(), plain::input),
            "amendsDiaryNumber" => plain::optional_string(self.amends_diary_number.as_deref()),
            "amendments" => selected.list(&self.amendments)?,
            "combinedIntoDiaryNumber" => {
                plain::optional_string(self.combined_into_diary_number.as_deref())
            }
            "documentUrl" => plain::string(&self.document_url),
            "revocationDocumentUrl" => {
                plain::optional_string(self.revocation_document_url.as_deref())
            }
            "highlights" => match &self.highlights {
                Some(highlights) => selected.object(highlights)?,
                None => Value::Null,
            },
            _ => return Err(plain::unknown::<Self>(name)),
        })
    }
}

impl PlainObject for PublishedRegister {
    fn field(&self, name: &str, selected: Selected<'_>) -> ServerResult<Value> {
        Ok(match name {
            "dataController" => plain::string(&self.data_controller),
            "dataControllerNames" => selected.object(&self.data_controller_names)?,
            "dataControllerCode" => plain::string(&self.data_controller_code),
            "register" => plain::string(&self.register),
            "registerNames" => selected.object(&self.register_names)?,
            _ => return Err(plain::unknown::<Self>(name)),
        })
    }
}

impl PlainObject for PublishedAmendment {
    fn field(&self, name: &str, _selected: Selected<'_>) -> ServerResult<Value> {
        Ok(match name {
            "diaryNumber" => plain::string(&self.diary_number),
            "decisionNumber" => plain::string(&self.decision_number),
            "decidedOn" => plain::input(&self.decided_on),
            "outcome" => plain::input(&self.outcome),
            _ => return Err(plain::unknown::<Self>(name)),
        })
    }
}

impl PlainObject for SearchHighlights {
    fn field(&self, name: &str, selected: Selected<'_>) -> ServerResult<Value> {
        match name {
            "title" => selected.list(&self.title),
            "publicSummary" => selected.list(&self.public_summary),
            _ => Err(plain::unknown::<Self>(name)),
        }
    }
}

impl PlainObject for TextSegment {
    fn field(&self, name: &str, _selected: Selected<'_>) -> ServerResult<Value> {
        match name {
            "text" => Ok(plain::string(&self.text)),
            "hit" => Ok(Value::Boolean(self.hit)),
            _ => Err(plain::unknown::<Self>(name)),
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
    ) -> Result<Plain<Connection<String, PublishedDecision>>, ApiError> {
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
        let mut highlighter = words.as_deref().map(Highlighter::new);
        Ok(Plain(connection::keyset_connection(
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
            |d| PublishedDecision::new(d, language, highlighter.as_mut()),
        )))
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

    fn decision(full: bool) -> PublishedDecision {
        use tietolupa_domain::application::{
            ApplicationKind as Kind, DecisionOutcome as Outcome, Purpose as Why,
        };
        use tietolupa_domain::permit::PermitStatus as Status;
        let day = |d: u8| Date::from_calendar_date(2026, time::Month::March, d).unwrap();
        let register = |code: &str, name: &str| store::PublicRegister {
            data_controller: tietolupa_domain::Names::new("Kela", "FPA", "Kela EN"),
            data_controller_code: "kela".into(),
            register_code: Some(code.into()),
            register: tietolupa_domain::Names::same(name),
        };
        let stored = store::PublishedDecision {
            id: Uuid::from_u128(1),
            diary_number: "TL/1/2026".into(),
            decision_number: "P/1/2026".into(),
            decided_on: day(2),
            decided_at_micros: 5,
            kind: if full {
                Kind::DataPermit
            } else {
                Kind::DataRequest
            },
            outcome: Outcome::PartiallyGranted,
            purpose: full.then_some(Why::ScientificResearch),
            title: "Dementia \"tutkimus\" <b>".into(),
            public_summary: "Diabeteksen hoito ja dementia".into(),
            holder: "Yliopisto".into(),
            registers: if full {
                vec![register("a", "Reseptit"), register("b", "Hoitoilmoitukset")]
            } else {
                Vec::new()
            },
            processing_environment: full.then(|| "Kapseli".into()),
            valid_from: full.then(|| day(3)),
            valid_until: full.then(|| day(30)),
            permit_status: full.then_some(Status::Revoked),
            amends_diary_number: None,
            amendments: if full {
                vec![store::PublicAmendment {
                    diary_number: "TL/9/2026".into(),
                    decision_number: "P/9/2026".into(),
                    decided_on: day(20),
                    outcome: Outcome::Rejected,
                }]
            } else {
                Vec::new()
            },
            combined_into_diary_number: full.then(|| "TL/2/2026".into()),
            relevance: None,
        };
        let words = terms::query_words("dementia diab");
        let mut highlighter = Highlighter::new(&words);
        PublishedDecision::new(stored, UiLanguage::Sv, full.then_some(&mut highlighter))
    }

    struct Both;

    fn page() -> Connection<String, PublishedDecision> {
        let mut page = Connection::new(false, true);
        for (cursor, full) in [("a", true), ("b", false)] {
            page.edges.push(async_graphql::connection::Edge::new(
                cursor.into(),
                decision(full),
            ));
        }
        page
    }

    #[Object]
    impl Both {
        async fn derived(&self) -> Connection<String, PublishedDecision> {
            page()
        }

        async fn plain(&self) -> Plain<Connection<String, PublishedDecision>> {
            Plain(page())
        }

        async fn derived_empty(&self) -> Connection<String, PublishedDecision> {
            Connection::new(true, false)
        }

        async fn plain_empty(&self) -> Plain<Connection<String, PublishedDecision>> {
            Plain(Connection::new(true, false))
        }
    }

    /// Every field, aliases, fragments (spread, inline, with and without a type), a key
    /// given twice with different sub-selections, `__typename` at each level.
    const EVERY_FIELD: &str = "
        fragment R on PublishedRegister { register dataControllerNames { fi } }
        fragment D on PublishedDecision {
            __typename diaryNumber decisionNumber decidedOn kind outcome purpose title
            publicSummary holder dataControllers
            registers { ...R __typename dataController dataControllerCode
                dataControllerNames { sv en __typename } registerNames { fi sv en } }
            processingEnvironment validFrom validUntil permitStatus amendsDiaryNumber
            amendments { __typename diaryNumber decisionNumber decidedOn outcome }
            combinedIntoDiaryNumber documentUrl revocationDocumentUrl
            highlights { __typename title { text hit } publicSummary { hit text } }
        }
        fragment P on PageInfo { hasPreviousPage hasNextPage startCursor endCursor }
        query {
            LIST {
                __typename
                pageInfo { ...P }
                nodes { diaryNumber }
                edges {
                    __typename cursor
                    node {
                        heading: title
                        ... on PublishedDecision { holder k: kind }
                        ... { registers { code: dataControllerCode } }
                        ...D
                        registers { registerNames { __typename } }
                    }
                }
                edges { node { title } }
            }
        }";

    #[tokio::test]
    async fn plain_objects_answer_as_their_derived_resolvers_do() {
        let schema = async_graphql::Schema::new(
            Both,
            async_graphql::EmptyMutation,
            async_graphql::EmptySubscription,
        );
        let answer = |list: &'static str| {
            let schema = schema.clone();
            let query = EVERY_FIELD.replace("LIST", list);
            async move {
                let response = schema.execute(query).await;
                assert!(response.errors.is_empty(), "{:?}", response.errors);
                let Value::Object(mut data) = response.data else {
                    panic!("no data");
                };
                data.shift_remove(list).expect("the list")
            }
        };
        // Compared as JSON text, so that the order of the keys counts too.
        let derived = serde_json::to_string(&answer("derived").await).unwrap();
        let plain = serde_json::to_string(&answer("plain").await).unwrap();
        assert!(derived.contains(r#""hit":true"#), "{derived}");
        assert!(derived.contains(r#""heading":"#), "{derived}");
        assert!(derived.contains(r#""endCursor":"b""#), "{derived}");
        assert_eq!(plain, derived);
        let derived = serde_json::to_string(&answer("derivedEmpty").await).unwrap();
        let plain = serde_json::to_string(&answer("plainEmpty").await).unwrap();
        assert!(derived.contains(r#""startCursor":null"#), "{derived}");
        assert_eq!(plain, derived);
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
