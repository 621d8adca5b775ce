//! Renders every kind of decision in every language and reads the PDFs back with poppler's
//! `pdftotext` and `pdffonts` (Debian poppler-utils; .ci/run installs it).

use std::io::Write;
use std::process::Command;

use tietolupa_decision_document::{
    DataSource, DecisionDocument, DecisionKind, Language, Outcome, RenderError, Variant,
};

const LANGUAGES: [Language; 3] = [Language::Fi, Language::Sv, Language::En];

/// Every kind of decision: the three applications with each outcome that applies, the
/// rejection, and the revocation.
const CASES: [(DecisionKind, Option<Outcome>); 7] = [
    (DecisionKind::DataPermit, Some(Outcome::Granted)),
    (DecisionKind::DataPermit, Some(Outcome::PartiallyGranted)),
    (DecisionKind::DataPermit, Some(Outcome::Rejected)),
    (DecisionKind::DataRequest, Some(Outcome::Granted)),
    (DecisionKind::Amendment, Some(Outcome::Granted)),
    (DecisionKind::Amendment, Some(Outcome::Rejected)),
    (DecisionKind::Revocation, None),
];

fn poppler(tool: &str, pdf: &[u8], args: &[&str]) -> String {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    file.write_all(pdf).expect("write the PDF");
    let mut command = Command::new(tool);
    command.args(args).arg(file.path());
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian poppler-utils) must be installed: {e}"));
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The text in reading order with all whitespace runs as one space (table cells wrap lines
/// anywhere) and the break opportunities of long words removed.
fn text(pdf: &[u8], args: &[&str]) -> String {
    let mut all = vec!["-raw", "-enc", "UTF-8"];
    all.extend_from_slice(args);
    poppler("pdftotext", pdf, &all)
        .replace(['\u{200b}', '\u{ad}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn render(doc: &DecisionDocument, variant: Variant) -> Vec<u8> {
    doc.render(variant)
        .unwrap_or_else(|e| panic!("{:?} {variant:?}: {e}", doc.content.kind))
}

/// The appeal instruction's court and period, and the fee's legal basis, in each language.
fn fixed(language: Language) -> [&'static str; 4] {
    match language {
        Language::Fi => [
            "Helsingin hallinto-oikeuteen",
            "30 päivän kuluessa",
            "Valitusosoitus",
            "(552/2019)",
        ],
        Language::Sv => [
            "Helsingfors förvaltningsdomstol",
            "inom 30 dagar",
            "Besvärsanvisning",
            "(552/2019)",
        ],
        Language::En => [
            "Helsinki Administrative Court",
            "within 30 days",
            "Instructions for appeal",
            "Act on the Secondary Use of Health and Social Data (552/2019)",
        ],
    }
}

fn fee_text(language: Language, kind: DecisionKind) -> &'static str {
    match (language, kind) {
        (Language::En, DecisionKind::Amendment) => "€350.00",
        (Language::En, _) => "€1,000.00",
        (_, DecisionKind::Amendment) => "350,00 €",
        (_, _) => "1 000,00 €",
    }
}

#[test]
fn every_kind_in_every_language_holds_its_key_fields() {
    for language in LANGUAGES {
        for (kind, outcome) in CASES {
            let doc = DecisionDocument::example(language, kind, outcome);
            let c = &doc.content;
            for variant in [Variant::Full, Variant::Public] {
                let pdf = render(&doc, variant);
                let text = text(&pdf, &[]).replace('\u{a0}', " ");
                let case = format!("{language:?} {kind:?} {outcome:?} {variant:?}");
                let mut expected = vec![
                    c.diary_number.as_str(),
                    c.decision_number.as_str(),
                    c.presenter.name.as_str(),
                    c.decider.name.as_str(),
                ];
                expected.extend(c.data_sources.iter().map(|s| s.name.as_str()));
                // A revocation has no fee, so no fee basis.
                let fixed_texts = if kind == DecisionKind::Revocation {
                    3
                } else {
                    4
                };
                expected.extend(fixed(language).into_iter().take(fixed_texts));
                if kind != DecisionKind::Revocation {
                    expected.push(fee_text(language, kind));
                }
                expected.extend(c.refused.iter().map(|r| r.reason.as_str()));
                for needle in expected {
                    assert!(text.contains(needle), "{case}: no {needle:?} in\n{text}");
                }
                let confidential = &doc.confidential;
                let applicant = confidential.applicant.as_ref().expect("an applicant");
                let private = [
                    applicant.email.as_deref().expect("an e-mail"),
                    applicant.phone.as_deref().expect("a phone"),
                    applicant.postal_address.as_deref().expect("an address"),
                    confidential
                        .billing_reference
                        .as_deref()
                        .expect("a reference"),
                    confidential.plans[0].as_str(),
                ];
                let processors = confidential.processors.iter().map(|p| p.name.as_str());
                match variant {
                    Variant::Full => {
                        for needle in private.into_iter().chain(processors) {
                            assert!(text.contains(needle), "{case}: no {needle:?} in\n{text}");
                        }
                    }
                    Variant::Public => {
                        for needle in private.into_iter().chain(processors) {
                            assert!(!text.contains(needle), "{case}: {needle:?} in\n{text}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_public_version_holds_no_processor_and_no_contact_data() {
    let doc = DecisionDocument::example(
        Language::Fi,
        DecisionKind::DataPermit,
        Some(Outcome::Granted),
    );
    let public = text(&render(&doc, Variant::Public), &[]);
    let full = text(&render(&doc, Variant::Full), &[]);
    // "Laura Korhonen" is both the applicant's contact and a processor.
    for needle in [
        "Korhonen",
        "Salminen",
        "laura.korhonen@uef.example",
        "+358",
        "Kuopio",
        "Research plan",
    ] {
        assert!(full.contains(needle), "full version lacks {needle:?}");
        assert!(!public.contains(needle), "public version shows {needle:?}");
    }
    assert!(public.contains("JULKINEN VERSIO"));
    // Its only e-mail address is the administrative court's, from the appeal instructions.
    let addresses: Vec<&str> = public.split(' ').filter(|w| w.contains('@')).collect();
    assert!(
        addresses.iter().all(|a| a.contains("hao@oikeus.fi")),
        "{addresses:?}"
    );
}

#[test]
fn a_hundred_data_sources_span_pages_with_the_table_header_on_each() {
    let mut doc = DecisionDocument::example(
        Language::En,
        DecisionKind::DataPermit,
        Some(Outcome::Granted),
    );
    doc.content.data_sources = (1..=100)
        .map(|i| DataSource {
            name: format!("Register number {i}"),
            controller: "Finnish Institute for Health and Welfare (THL)".to_owned(),
            variables: "Diagnoses, admission and discharge dates, year of birth, sex".to_owned(),
            period_from: None,
            period_to: None,
        })
        .collect();
    let pdf = render(&doc, Variant::Full);
    let info = poppler("pdfinfo", &pdf, &[]);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!(pages >= 4, "{pages} pages");
    let mut table_pages = 0;
    for page in 1..=pages {
        let n = page.to_string();
        let text = text(&pdf, &["-f", &n, "-l", &n]);
        if text.contains("Register number") {
            table_pages += 1;
            assert!(
                text.contains("Register or dataset Data controller Variables Time span"),
                "page {page} lacks the table header:\n{text}"
            );
        }
    }
    assert!(table_pages >= 2, "the table spans {table_pages} pages");
    let all = text(&pdf, &[]);
    for i in [1, 50, 100] {
        assert!(all.contains(&format!("Register number {i} ")));
    }
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for variant in [Variant::Full, Variant::Public] {
        let doc = DecisionDocument::example(
            Language::Sv,
            DecisionKind::DataPermit,
            Some(Outcome::PartiallyGranted),
        );
        assert_eq!(render(&doc, variant), render(&doc, variant));
    }
    let fi = DecisionDocument::example(
        Language::Fi,
        DecisionKind::DataPermit,
        Some(Outcome::Granted),
    );
    assert_ne!(render(&fi, Variant::Full), render(&fi, Variant::Public));
}

#[test]
fn the_document_declares_pdf_a_2b_and_embeds_every_font() {
    let doc = DecisionDocument::example(
        Language::Fi,
        DecisionKind::DataPermit,
        Some(Outcome::Granted),
    );
    let pdf = render(&doc, Variant::Full);
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>"),
        "no PDF/A part"
    );
    assert!(
        raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "no PDF/A conformance"
    );
    let fonts = poppler("pdffonts", &pdf, &[]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts:\n{fonts}");
    for row in rows {
        // name type encoding emb sub uni object: "emb" is the fourth column from the end.
        let columns: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(columns[columns.len() - 5], "yes", "not embedded: {row}");
    }
    // The decision date is the document's date; nothing comes from a clock.
    assert!(
        raw.contains("2026-12-07"),
        "no creation date from the decision date"
    );
}

#[test]
fn user_text_prints_literally() {
    let mut doc = DecisionDocument::example(
        Language::En,
        DecisionKind::DataPermit,
        Some(Outcome::Granted),
    );
    let tricky = r#"Markup stays text: #set page(width: 1cm) *bold* _em_ ] [ $x^2$ \ `raw` <label> @ref // not a comment /* nor this */ = heading"#;
    doc.content.reasoning = tricky.to_owned();
    doc.content.title = "#panic(\"no\") ]] }".to_owned();
    let text = text(&render(&doc, Variant::Full), &[]);
    assert!(text.contains(tricky), "reasoning altered:\n{text}");
    assert!(
        text.contains("#panic(\"no\") ]] }"),
        "title altered:\n{text}"
    );
}

#[test]
fn odd_input_renders_without_failing() {
    let long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(8);
    let mut doc = DecisionDocument::example(
        Language::Fi,
        DecisionKind::DataPermit,
        Some(Outcome::Granted),
    );
    doc.content.title = format!("Ünïcödé: 漢字 😀 עברית العربية \u{0}\u{7}\u{202e} {long_word}");
    doc.content.reasoning = format!("\r\n\t{long_word}\n\n\n");
    doc.content.data_sources[0].variables = long_word.clone();
    doc.content.conditions = vec![String::new(), "   ".to_owned()];
    let pdf = render(&doc, Variant::Full);
    let text = text(&pdf, &[]);
    // Wrapped across lines, but every character is there in order.
    assert!(
        text.replace(' ', "").contains(&long_word),
        "the long word is not whole:\n{text}"
    );
    assert!(text.contains("Ünïcödé"));

    let mut empty = DecisionDocument::example(
        Language::Sv,
        DecisionKind::DataRequest,
        Some(Outcome::Rejected),
    );
    empty.content.data_sources.clear();
    empty.content.refused.clear();
    empty.content.reasoning.clear();
    empty.content.title.clear();
    empty.content.public_summary = None;
    empty.content.fee = None;
    empty.confidential = Default::default();
    render(&empty, Variant::Full);
    render(&empty, Variant::Public);
}

#[test]
fn a_revocation_has_no_outcome_and_an_application_needs_one() {
    let mut revocation = DecisionDocument::example(Language::En, DecisionKind::Revocation, None);
    revocation.content.outcome = Some(Outcome::Granted);
    assert!(matches!(
        revocation.render(Variant::Full),
        Err(RenderError::Inconsistent(_))
    ));
    let mut permit = DecisionDocument::example(
        Language::En,
        DecisionKind::DataPermit,
        Some(Outcome::Granted),
    );
    permit.content.outcome = None;
    assert!(matches!(
        permit.render(Variant::Public),
        Err(RenderError::Inconsistent(_))
    ));
}
