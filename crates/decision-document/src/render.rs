//! typst as a library: a `World` holding only the template, the view and the embedded fonts
//! (no file system, no network, no clock), and the PDF/A-2b export.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use sha2::{Digest, Sha256};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::RenderError;
use crate::sanitize::Sanitizer;
use crate::view::View;

const TEMPLATE: &str = include_str!("decision.typ");

/// Only the Libertinus Serif faces of typst-assets: one family keeps the font book small and
/// every text in the same face; the math and monospace fonts are never used.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .filter(|font| font.info().family == "Libertinus Serif")
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static SANITIZER: LazyLock<Sanitizer> = LazyLock::new(|| {
    let covered: BTreeSet<u32> = FONTS
        .fonts
        .iter()
        .filter(|f| f.info().variant == Default::default())
        .flat_map(|f| f.info().coverage.iter())
        .collect();
    Sanitizer::new(covered)
});

pub(crate) fn sanitizer() -> &'static Sanitizer {
    &SANITIZER
}

struct DecisionWorld {
    library: LazyHash<Library>,
    main: Source,
}

impl World for DecisionWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.text().to_owned()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    /// No clock: the document's only date is the decision date, given as data.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// One interned id for every render: typst has room for 2^16 file ids per process, so a
/// fresh (detached) id per document would run out.
fn main_id() -> FileId {
    static ID: LazyLock<FileId> = LazyLock::new(|| {
        let path = VirtualPath::new("/decision.typ").expect("a constant, valid path");
        RootedPath::new(VirtualRoot::Project, path).intern()
    });
    *ID
}

fn messages(diagnostics: &EcoVec<SourceDiagnostic>) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn render(view: &View) -> Result<Vec<u8>, RenderError> {
    let json = serde_json::to_string(view).map_err(RenderError::View)?;
    // The identifier is derived from everything shown, so the full and the public version
    // of one decision differ, and the same input always gets the same identifier.
    let ident = hex(&Sha256::digest(json.as_bytes()));

    let mut inputs = Dict::new();
    inputs.insert("view".into(), json.into_value());
    let world = DecisionWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        main: Source::new(main_id(), TEMPLATE.to_owned()),
    };

    let compiled = typst::compile::<PagedDocument>(&world).output;
    // typst memoises across compilations; documents are rendered one at a time, so keep the
    // caches from growing with every decision.
    let result = compiled
        .map_err(|errors| RenderError::Typeset(messages(&errors)))
        .and_then(|document| {
            let date = Datetime::from_ymd(view.meta.year, view.meta.month, view.meta.day)
                .ok_or(RenderError::Date)?;
            let standards = PdfStandards::new(&[PdfStandard::A_2b])
                .map_err(|e| RenderError::Export(e.message().to_string()))?;
            let options = PdfOptions {
                ident: Smart::Custom(ident),
                creator: Smart::Custom(Some("Tietolupa".to_owned())),
                timestamp: Some(Timestamp::new_utc(date)),
                standards,
                ..PdfOptions::default()
            };
            typst_pdf::pdf(&document, &options)
                .map_err(|errors| RenderError::Export(messages(&errors)))
        });
    typst::comemo::evict(0);
    result
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
