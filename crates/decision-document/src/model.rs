//! What a decision document says: plain data that the store fills from a decision, its
//! application (or amendment) and its permit. No database types, no presentation.
//!
//! The input is split in two on purpose. [`DecisionContent`] is everything the public version
//! may show; [`Confidential`] is what the public register leaves out (named processors, plans,
//! personal names and contact data). The public version is rendered from the content alone, so
//! nothing confidential can reach it by a forgotten condition.

use serde::{Deserialize, Serialize};
use time::Date;

/// One decision document's input: the content, the confidential part and the language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionDocument {
    /// The applicant's language (the application's), in which every fixed text is written.
    pub language: Language,
    pub content: DecisionContent,
    pub confidential: Confidential,
}

/// The languages a decision is written in: Finnish and Swedish are the authority's official
/// languages; English is offered to applicants who use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Fi,
    Sv,
    En,
}

impl Language {
    /// The ISO 639-1 code, as PDF and typst want it.
    pub fn code(self) -> &'static str {
        match self {
            Language::Fi => "fi",
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

/// Which version of the document to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Variant {
    /// For the holder, the applicant and staff: everything.
    Full,
    /// For everyone: what the public register shows, with the decision's text.
    Public,
}

/// What was decided on. A rejection is any of the first three with the outcome `REJECTED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DecisionKind {
    DataPermit,
    DataRequest,
    Amendment,
    /// The director revokes a permit: there is no application and no outcome.
    Revocation,
}

/// Same names as the domain's `DecisionOutcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    Granted,
    PartiallyGranted,
    Rejected,
}

/// Same names as the domain's `Purpose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Purpose {
    ScientificResearch,
    Statistics,
    AuthorityPlanningAndReporting,
    Education,
    DevelopmentAndInnovation,
    KnowledgeManagement,
    SteeringAndSupervision,
}

/// Same names as the domain's `AmendmentChange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AmendmentChange {
    ExtendValidity,
    AddProcessors,
    RemoveProcessors,
    ChangeEnvironment,
    CombinePermits,
}

/// Same names as the domain's `FeeCategory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeeCategory {
    Permit,
    ExtensivePermit,
    ThesisPermit,
    Amendment,
    DataRequest,
}

/// Everything the public version shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionContent {
    /// The permit authority's name in the document's language.
    pub authority: String,
    pub diary_number: String,
    pub decision_number: String,
    pub decision_date: Date,
    pub kind: DecisionKind,
    /// `None` exactly for a revocation.
    pub outcome: Option<Outcome>,
    pub applicant: Party,
    /// The permit holder, when a permit exists (granted permits, amendments, revocations).
    pub holder: Option<Party>,
    /// The application's title (public once decided).
    pub title: String,
    pub public_summary: Option<String>,
    pub purpose: Option<Purpose>,
    /// For an amendment or a revocation: the diary number of the permit it concerns.
    pub permit_diary_number: Option<String>,
    /// For an amendment: what it changes.
    pub amendment_changes: Vec<AmendmentChange>,
    /// What was decided on: the granted data sources (for a rejection, those applied for).
    pub data_sources: Vec<DataSource>,
    /// The processing environment's name, for data permits.
    pub processing_environment: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    /// Each condition is one numbered item.
    pub conditions: Vec<String>,
    pub fee: Option<Fee>,
    /// The reasoning (for a revocation, its reason). Blank lines separate paragraphs.
    pub reasoning: String,
    /// For a rejection or a partial grant: what was refused and why.
    pub refused: Vec<RefusedItem>,
    pub presenter: Official,
    pub decider: Official,
}

/// What only the full version shows: what the public register leaves out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Confidential {
    /// The person who applied, with their contact data.
    pub applicant: Option<Person>,
    /// The person holding the permit (the holder organisation's contact, or the private
    /// person who holds it).
    pub holder: Option<Person>,
    pub billing_reference: Option<String>,
    /// Named processors (for data permits and amendments).
    pub processors: Vec<Processor>,
    /// The plans and other confidential documents the decision rests on, by their names
    /// (e.g. "Research plan, version 2, 3 November 2026").
    pub plans: Vec<String>,
}

/// Who applied or holds the permit, as far as the public may know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Party {
    Organisation(Organisation),
    /// The register shows "private person" and no name.
    PrivatePerson,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub name: String,
    /// The business ID (Y-tunnus) as registered.
    pub business_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Processor {
    pub name: String,
    pub organisation: String,
}

/// One decided register or dataset, named in the document's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSource {
    pub name: String,
    pub controller: String,
    pub variables: String,
    pub period_from: Option<Date>,
    pub period_to: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fee {
    pub amount_cents: i64,
    pub category: FeeCategory,
    /// The fee decree in force on the decision date (its number, e.g. "1234/2026"): the
    /// ministry issues a new one from time to time, so the document names the one applied.
    pub decree: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefusedItem {
    /// What was refused (a data source, a variable, a change), in words.
    pub item: String,
    pub reason: String,
}

/// A presenter or decider: officials are named in a decision, also in the public version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Official {
    pub name: String,
    /// Their title in the document's language, e.g. "ylitarkastaja".
    pub title: Option<String>,
}
