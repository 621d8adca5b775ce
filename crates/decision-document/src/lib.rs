//! The decision as an official archival document: a PDF/A-2b in the applicant's language
//! (fi, sv or en), typeset with typst used as a library, fonts embedded, no external process,
//! no network and no clock. See docs/decision-document.md.
//!
//! ```text
//! DecisionDocument (content + confidential) --view::build--> View (blocks) --typst--> PDF/A-2b
//! ```
//!
//! The public version is built from [`DecisionContent`] alone; [`Confidential`] (processors,
//! plans, personal names and contact data) reaches only the full version.

mod example;
mod model;
mod render;
mod sanitize;
mod texts;
mod view;

pub use model::{
    AmendmentChange, Confidential, DataSource, DecisionContent, DecisionDocument, DecisionKind,
    Fee, FeeCategory, Language, Official, Organisation, Outcome, Party, Person, Processor, Purpose,
    RefusedItem, Variant,
};

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The input contradicts itself, e.g. an outcome on a revocation.
    #[error("inconsistent decision document input: {0}")]
    Inconsistent(&'static str),
    /// The decision date is outside what the PDF metadata can hold.
    #[error("the decision date cannot be written into the document")]
    Date,
    /// The view could not be handed to the template (a bug, not bad input).
    #[error("could not serialise the document view: {0}")]
    View(#[source] serde_json::Error),
    /// typst reported errors while typesetting (a template bug or a typst limit).
    #[error("typesetting failed: {0}")]
    Typeset(String),
    /// The PDF export refused the document, e.g. a PDF/A rule.
    #[error("PDF export failed: {0}")]
    Export(String),
}

impl DecisionDocument {
    /// Renders the full or the public version as PDF/A-2b. The same input gives the same
    /// bytes: the identifier derives from the content and the only date is the decision's.
    pub fn render(&self, variant: Variant) -> Result<Vec<u8>, RenderError> {
        self.check()?;
        let confidential = match variant {
            Variant::Full => Some(&self.confidential),
            Variant::Public => None,
        };
        let view = view::build(
            self.language,
            &self.content,
            confidential,
            render::sanitizer(),
        );
        render::render(&view)
    }

    fn check(&self) -> Result<(), RenderError> {
        let c = &self.content;
        match (c.kind, c.outcome) {
            (DecisionKind::Revocation, Some(_)) => {
                Err(RenderError::Inconsistent("a revocation has no outcome"))
            }
            (DecisionKind::Revocation, None) => Ok(()),
            (_, None) => Err(RenderError::Inconsistent(
                "a decision on an application needs its outcome",
            )),
            (_, Some(_)) => Ok(()),
        }
    }
}
